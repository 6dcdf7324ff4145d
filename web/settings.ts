/**
 * What the user asked for — one plain object the controls produce and the
 * simulation consumes — and the Topology it describes.
 */
import {
  DEFAULT_PRESET, LinkState, Topology, type CollectiveName, type DType, type EstimateRequest, type PresetName, type ReduceOp, type TopologyOptions,
} from 'spanker-scheduler';

/** The shapes the page offers (the builders of the same names; `bidirectionalRing` is `ring(n, { bidirectional: true })`). */
export type TopologyChoice = 'mesh' | 'ring' | 'bidirectionalRing' | 'torus2d' | 'switch';

/** A preset by name, or a link given directly. */
export type LinkChoice =
  | { readonly preset: PresetName }
  | { readonly bandwidth: number; readonly latency: number };

export interface Settings {
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
  /** Root card of broadcast and reduce. */
  readonly root: number;
  /** Link id taken Down, or undefined for none. */
  readonly downLink: number | undefined;
}

/** Most cards the page accepts: enough to see the shapes, few enough to draw every link. */
export const MAX_PAGE_CARDS = 64;

/** What the page shows when it opens (the spanker-perf default, on a bidirectional ring of 8). */
export const DEFAULT_SETTINGS: Settings = {
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
  root: 0,
  downLink: undefined,
};

/** Bytes per element of each dtype. */
export const ELEMENT_BYTES: { readonly [D in DType]: number } = { f32: 4, f64: 8, i32: 4 };

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

/**
 * The timing request for `s` at `bytes`, with the keys this collective declares: `op` only for
 * reducing collectives, `root` only for rooted ones (the library rejects any other key).
 * `algorithm` is a name the page offers for the collective; the library checks it at run time.
 */
export function timingRequest(s: Settings, bytes: number, algorithm?: string): EstimateRequest {
  return {
    bytes,
    dtype: s.dtype,
    ...(algorithm === undefined ? {} : { algorithm: algorithm as never }),
    ...(isReducing(s.collective) ? { op: s.op } : {}),
    ...(isRooted(s.collective) ? { root: s.root } : {}),
  };
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
