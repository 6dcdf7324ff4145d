/**
 * What the user asked for — one plain object the controls produce and the
 * worker consumes (it crosses to the worker by structured clone, so it holds
 * data only) — and the Topology it describes.
 */
import {
  MAX_CHANNELS, MAX_PIPELINE,
  DEFAULT_PRESET, LinkState, MAX_SAILS, Topology, type CollectiveName, type DType, type PresetName, type ReduceOp,
  type TopologyOptions,
} from 'spanker-scheduler';

/** The shapes the page offers (the builders of the same names; `bidirectionalRing` is `ring(n, { bidirectional: true })`). */
export type TopologyChoice = 'mesh' | 'ring' | 'bidirectionalRing' | 'torus2d' | 'switch';

/** A preset by name, or a link given directly. */
export type LinkChoice =
  | { readonly preset: PresetName }
  | { readonly bandwidth: number; readonly latency: number };

/**
 * 'data': the collective on real data with the wasm kernels, every element
 * checked, and its report; 'estimate': `topo.estimate` only (timing, no
 * data), for card counts and sizes beyond memory.
 */
export type RunMode = 'data' | 'estimate';

/** One run as the form describes it. */
export interface Settings {
  readonly mode: RunMode;
  /** Cards (for a torus: rows × cols). */
  readonly cards: number;
  readonly topology: TopologyChoice;
  readonly torusRows: number;
  readonly torusCols: number;
  readonly link: LinkChoice;
  readonly collective: CollectiveName;
  /** The reduction (reducing collectives; the others use 'sum'-style inputs). */
  readonly op: ReduceOp;
  readonly dtype: DType;
  /** nccl-tests' S in bytes. */
  readonly bytes: number;
  /** 'auto' or an algorithm the registry lists for the collective. */
  readonly algorithm: string;
  /**
   * Sub-chunks per message (the library's `pipeline` option, 1..4096), or
   * 'auto': the option is left out and the library tries 1, 4, 16 and 64 and
   * keeps the fastest.
   */
  readonly pipeline: number | 'auto';
  /**
   * Rings sharing the data (the library's `channels` option, 1..64), or
   * 'auto': left out, and the library tries 1, 2 and 4 where the links allow.
   */
  readonly channels: number | 'auto';
  /** Root card of broadcast and reduce (0 for the others). */
  readonly root: number;
  /** Link id taken Down, or undefined for none. */
  readonly downLink: number | undefined;
}

/** Most cards of a run on real data: every link is drawn, and buffers stay within MAX_DATA_BYTES. */
export const MAX_DATA_CARDS = 64;
/** Most cards of a timing-only run: the library's limit (a full mesh stops at 2048, and says so). */
export const MAX_ESTIMATE_CARDS = MAX_SAILS;
/** Most cards the topology drawing shows (beyond, the page lists the busiest links instead). */
export const MAX_DRAWN_CARDS = 64;
/** The library's limits on `pipeline` and `channels`. */
export { MAX_CHANNELS, MAX_PIPELINE };

/** What the page shows when it opens (the spanker-perf default, on a bidirectional ring of 8). */
export const DEFAULT_SETTINGS: Settings = {
  mode: 'data',
  cards: 8,
  topology: 'bidirectionalRing',
  torusRows: 2,
  torusCols: 4,
  link: { preset: DEFAULT_PRESET },
  collective: 'allReduce',
  op: 'sum',
  dtype: 'f32',
  bytes: 1 << 20,
  algorithm: 'auto',
  pipeline: 'auto',
  channels: 'auto',
  root: 0,
  downLink: undefined,
};

/** Bytes per element of each dtype. */
export const ELEMENT_BYTES: { readonly [D in DType]: number } = {
  f32: 4, f64: 8, i32: 4, f16: 2, bf16: 2, f8e4m3: 1, f8e5m2: 1, i8: 1, u8: 1, u32: 4, i64: 8, u64: 8,
};

/** Collectives whose inputs are reduced. */
export function isReducing(collective: CollectiveName): boolean {
  return collective === 'allReduce' || collective === 'reduce' || collective === 'reduceScatter';
}

/** Sizes must be a multiple of this many bytes: one element, or one per card where S is split into n blocks. */
export function sizeUnit(collective: CollectiveName, n: number, dtype: DType): number {
  const blocked = collective === 'allGather' || collective === 'reduceScatter' || collective === 'allToAll';
  return (blocked ? n : 1) * ELEMENT_BYTES[dtype];
}

/** Collectives with a root card. */
export function isRooted(collective: CollectiveName): boolean {
  return collective === 'broadcast' || collective === 'reduce';
}

/** `op` and `root` for an estimate of `s`, each only for the collectives that declare it (the library rejects others). */
export function requestKeys(s: Settings): { readonly op?: ReduceOp; readonly root?: number } {
  return { ...(isReducing(s.collective) ? { op: s.op } : {}), ...(isRooted(s.collective) ? { root: s.root } : {}) };
}

/** `pipeline` and `channels` as the library takes them: each only when pinned; left out, the library chooses. */
export function chunking(s: Settings): { readonly pipeline?: number; readonly channels?: number } {
  return { ...(s.pipeline !== 'auto' ? { pipeline: s.pipeline } : {}), ...(s.channels !== 'auto' ? { channels: s.channels } : {}) };
}

/**
 * The options every library call of a run takes — the data run, the
 * estimate, the algorithm table and the sweep — in one place, so a new
 * option reaches all of them at once.
 */
export function collectiveOptions(s: Settings, algorithm = s.algorithm): { readonly algorithm: never; readonly pipeline?: number; readonly channels?: number } {
  // The page offers the registry's names for the collective; the library checks the name at run time.
  return { algorithm: algorithm as never, ...chunking(s) };
}

/** The topology as asked, before any link is taken down. */
export async function buildTopology(s: Settings): Promise<Topology> {
  const options: TopologyOptions = 'preset' in s.link
    ? { preset: s.link.preset }
    : { link: { bandwidth: s.link.bandwidth, latency: s.link.latency } };
  switch (s.topology) {
    case 'mesh': return Topology.mock(s.cards, options);
    case 'ring': return Topology.ring(s.cards, options);
    case 'bidirectionalRing': return Topology.ring(s.cards, { ...options, bidirectional: true });
    case 'torus2d': return Topology.torus2d(s.torusRows, s.torusCols, options);
    case 'switch': return Topology.switch(s.cards, options);
  }
}

/** The topology with the chosen link Down. */
export function withDownLink(topo: Topology, downLink: number | undefined): Topology {
  if (downLink === undefined) return topo;
  const link = topo.links[downLink];
  if (link === undefined) throw new RangeError(`link ${downLink} does not exist: this topology has links 0..${topo.links.length - 1}`);
  return topo.withLink(link.localSail, link.remoteSail, { state: LinkState.Down });
}
