/**
 * Network: the immutable graph the simulation engine prices collectives on —
 * cards and switches (nodes), directed links with their models and states,
 * and one card model per card.
 *
 * Node ids: `0 … nSails−1` are cards, `nSails … nSails+nSwitches−1` are
 * switches; a Link's `localSail`/`remoteSail` are node ids. Link ids are
 * indices into `links`. A Network never changes: `withLink`/`withCard`
 * return a new one (so a schedule priced on one network stays valid).
 *
 * Networks are made by the shape builders (src/network/shapes/) or by
 * `networkFromJSON`, which validate their inputs; the constructor trusts its
 * arguments and only freezes them.
 */
import { invalidArgumentError } from '../errors.js';
import { LinkState, type Link } from '../link.js';
import type { TopologyLinkSpec, TopologySpec } from './from-json.js';
import { resolveCard, type CardModel, type LinkInput } from './link-model.js';
import type { Preset, PresetName } from './presets.js';
import { DEFAULT_SWITCH, type SwitchModel } from './switch-model.js';
import { bandwidthValue, expectRecord, integerInRange, nonNegativeFinite, rejectUnknownKeys, show } from './validate.js';

/** Node pairs up to which a dense graph's link lookup is a flat table (32 MiB of Int32). */
const DENSE_PAIR_LIMIT = 1 << 23;

/**
 * Most cards a network may have, and most switches. Equal to Topology's
 * MAX_SAILS (65536, which keeps the i32 `avg` kernel exact); repeated here so
 * the network model does not import the Topology shell.
 */
export const MAX_CARDS = 65536;

/**
 * Most directed links a network may have: 2^22 (4 194 304). Each link is a
 * small frozen object (tens of bytes), so this keeps a network under a few
 * hundred MB. It admits every ring, switch and torus of MAX_CARDS cards and a
 * full mesh of up to 2048 cards (2048 · 2047 links); a mesh of 65536 cards
 * (4.3e9 links) could not be held in memory anyway.
 */
export const MAX_LINKS = 2 ** 22;

/** How a network was built. `custom` = from JSON (or anything not a regular shape). */
export type TopologyKind = 'mesh' | 'ring' | 'torus2d' | 'switch' | 'multiDim' | 'custom';

/**
 * Shape of one dimension, after ASTRA-sim's analytical network: `ring` is
 * unidirectional, `bidirectionalRing` is ASTRA-sim's Ring (both directions,
 * the shorter way round), `mesh` is its FullyConnected, `switch` its Switch.
 */
export type DimensionKind = 'ring' | 'bidirectionalRing' | 'mesh' | 'switch';

/** Every DimensionKind, in a stable order. */
export const DIMENSION_KINDS: readonly DimensionKind[] = Object.freeze(['ring', 'bidirectionalRing', 'mesh', 'switch']);

/** One dimension of a regular network: its shape and how many cards it spans. */
export interface Dimension {
  /** The shape along this dimension. */
  readonly kind: DimensionKind;
  /** Cards along it. */
  readonly size: number;
}

/** Options every shape builder takes. */
export interface NetworkOptions {
  /** Hardware preset; default DEFAULT_PRESET ('spanker-rev-a'). */
  readonly preset?: PresetName;
  /** Overrides the preset's link model (partial model or lane description). */
  readonly link?: LinkInput;
  /** Overrides the preset's card model. */
  readonly card?: Partial<CardModel>;
  /** How the switch nodes forward (default: cut-through, 256-byte packets; switch-model.ts). */
  readonly switch?: Partial<SwitchModel>;
}

/** Changes to one link; absent fields keep their values. */
export interface LinkPatch {
  /** The link's new state (only Up links carry data). */
  readonly state?: LinkState;
  /** Bytes per second, finite > 0. */
  readonly bandwidth?: number;
  /** Seconds per hop, finite ≥ 0. */
  readonly latency?: number;
}

/** Everything a Network is made of (the constructor's argument). */
export interface NetworkInit {
  /** How it was built (`'custom'` for anything else). */
  readonly kind: TopologyKind;
  /** Number of cards (node ids 0 … nSails−1). */
  readonly nSails: number;
  /** Number of switches (node ids nSails … nSails+nSwitches−1). */
  readonly nSwitches: number;
  /** Every directed link; index = link id. */
  readonly links: readonly Link[];
  /** One model per card; index = card. */
  readonly cards: readonly CardModel[];
  /** The dimensions of a multi-dimensional shape (empty for others). */
  readonly dims: readonly Dimension[];
  /** The preset its models started from. */
  readonly preset: Preset;
  /** How the switch nodes forward (default DEFAULT_SWITCH: cut-through). */
  readonly switch?: SwitchModel;
}

const LINK_STATES: readonly string[] = Object.values(LinkState);
const PATCH_KEYS = ['state', 'bandwidth', 'latency'] as const;

/** An immutable network of cards, switches and directed links. */
export class Network {
  /** How it was built. */
  readonly kind: TopologyKind;
  /** Number of cards (node ids 0 … nSails−1). */
  readonly nSails: number;
  /** Number of switches (node ids nSails … nNodes−1). */
  readonly nSwitches: number;
  /** Every directed link; index = link id. Frozen. */
  readonly links: readonly Link[];
  /** One card model per card. Frozen. */
  readonly cards: readonly CardModel[];
  /**
   * The regular structure, when there is one: mesh `[{mesh, n}]`, ring
   * `[{ring | bidirectionalRing, n}]`, torus2d `[{bidirectionalRing, cols},
   * {bidirectionalRing, rows}]`, switch `[{switch, n}]`, multiDim as given,
   * custom `[]`.
   */
  readonly dims: readonly Dimension[];
  /** The preset the models started from. */
  readonly preset: Preset;
  /** How the switch nodes forward messages (switch-model.ts; cards relay store-and-forward). */
  readonly switch: SwitchModel;

  // Built on first use: outgoing link ids per node, and (from·nNodes + to) → link id.
  private adjacency: (readonly number[])[] | undefined;
  private pairIndex: { get(key: number): number | undefined } | undefined;

  /** Trusts `init` (builders and networkFromJSON validate); copies and freezes it. */
  constructor(init: NetworkInit) {
    if (init.cards.length !== init.nSails) {
      throw invalidArgumentError('cards', `expected one card model per card (${init.nSails}), got ${init.cards.length}`, init.cards.length);
    }
    this.kind = init.kind;
    this.nSails = init.nSails;
    this.nSwitches = init.nSwitches;
    this.links = Object.freeze(init.links.map(freezeLink));
    this.cards = Object.freeze(init.cards.map((card) => (Object.isFrozen(card) ? card : Object.freeze({ ...card }))));
    this.dims = Object.freeze(init.dims.map((d) => Object.freeze({ kind: d.kind, size: d.size })));
    this.preset = init.preset;
    this.switch = init.switch ?? DEFAULT_SWITCH;
  }

  /** Cards plus switches. */
  get nNodes(): number {
    return this.nSails + this.nSwitches;
  }

  /** Ids of the links leaving `node`, ascending (whatever their state). */
  outLinks(node: number): readonly number[] {
    integerInRange(node, 0, this.nNodes - 1, 'node', 'a node id');
    if (this.adjacency === undefined) {
      const adjacency: number[][] = Array.from({ length: this.nNodes }, () => []);
      this.links.forEach((link, id) => adjacency[link.localSail]?.push(id));
      this.adjacency = adjacency.map((ids) => Object.freeze(ids));
    }
    return this.adjacency[node] ?? [];
  }

  /** Id of the link `from → to` (the first one, were there several), or undefined. */
  linkIndex(from: number, to: number): number | undefined {
    const n = this.nNodes;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < 0 || from >= n || to >= n) return undefined;
    if (this.pairIndex === undefined) {
      // A dense graph (a full mesh: n(n − 1) links) gets a dense table — a Map of 4 M entries took seconds to fill on
      // 2,048 cards; sparse graphs (rings, tori, switches of any size) keep the Map, sized by their links.
      if (n * n <= DENSE_PAIR_LIMIT && this.links.length * 8 >= n * n) {
        const table = new Int32Array(n * n).fill(-1);
        for (let id = this.links.length - 1; id >= 0; id--) {
          const link = this.links[id]!;
          table[link.localSail * n + link.remoteSail] = id; // backwards: the first link of a pair wins
        }
        this.pairIndex = { get: (key: number) => (table[key]! >= 0 ? table[key] : undefined) };
      } else {
        const index = new Map<number, number>();
        this.links.forEach((link, id) => {
          const key = link.localSail * n + link.remoteSail;
          if (!index.has(key)) index.set(key, id);
        });
        this.pairIndex = index;
      }
    }
    return this.pairIndex.get(from * n + to);
  }

  /**
   * A new Network with link `from → to` changed by `patch` (this one is
   * unchanged). INVALID_ARGUMENT: argument `link` when there is no such link
   * (the message names "from→to"); `patch.state`, `patch.bandwidth`,
   * `patch.latency` for a bad value or `patch.<key>` for an unknown key.
   */
  withLink(from: number, to: number, patch: LinkPatch): Network {
    const id = this.linkIndex(from, to);
    if (id === undefined) {
      throw invalidArgumentError('link', `no link ${show(from)}→${show(to)} in this ${this.kind} network of ${this.nSails} cards and ${this.nSwitches} switches`, `${show(from)}→${show(to)}`);
    }
    const record = expectRecord(patch, 'patch', 'a link patch ({ state, bandwidth, latency })');
    rejectUnknownKeys(record, PATCH_KEYS, 'patch');
    const old = this.links[id] as Link;
    const state = record['state'] === undefined ? old.state : linkState(record['state'], 'patch.state');
    const bandwidth = record['bandwidth'] === undefined ? old.bandwidth : bandwidthValue(record['bandwidth'], 'patch.bandwidth');
    const latency = record['latency'] === undefined ? old.latency : nonNegativeFinite(record['latency'], 'patch.latency', 'seconds per hop');
    const links = this.links.slice();
    links[id] = { localSail: old.localSail, remoteSail: old.remoteSail, state, bandwidth, latency };
    return this.copyWith({ links });
  }

  /**
   * A new Network with card `card`'s model changed by `patch` (see
   * resolveCard). INVALID_ARGUMENT `card` for an id outside 0 … nSails−1,
   * `patch.<field>` for a bad value.
   */
  withCard(card: number, patch: Partial<CardModel>): Network {
    integerInRange(card, 0, this.nSails - 1, 'card', 'a card id');
    const cards = this.cards.slice();
    cards[card] = resolveCard(patch, this.cards[card] as CardModel, 'patch');
    return this.copyWith({ cards });
  }

  /**
   * The network as a TopologySpec (the JSON topology format). The most common
   * link model becomes `link`, the most common card model `card`; only links
   * and cards that differ carry their own values, and only non-Up states are
   * written. `networkFromJSON(JSON.parse(JSON.stringify(net)))` gives the same
   * links (same ids, ends, states and models), cards and preset, with kind
   * 'custom' and no dims.
   */
  toJSON(): TopologySpec {
    const spec: TopologySpec = { cards: this.nSails, preset: this.preset.name, links: [] };
    if (this.switch.forwarding !== DEFAULT_SWITCH.forwarding || this.switch.packetBytes !== DEFAULT_SWITCH.packetBytes) {
      spec.switch = { forwarding: this.switch.forwarding, packetBytes: this.switch.packetBytes };
    }
    if (this.nSwitches > 0) spec.switches = this.nSwitches;

    const common = mostCommon(this.links, (l) => `${l.bandwidth} ${l.latency}`);
    const base = common === undefined ? this.preset.link : { bandwidth: common.bandwidth, latency: common.latency };
    if (base.bandwidth !== this.preset.link.bandwidth || base.latency !== this.preset.link.latency) {
      spec.link = { bandwidth: base.bandwidth, latency: base.latency };
    }
    for (const l of this.links) {
      const entry: TopologyLinkSpec = { from: l.localSail, to: l.remoteSail };
      if (l.bandwidth !== base.bandwidth) entry.bandwidth = l.bandwidth;
      if (l.latency !== base.latency) entry.latency = l.latency;
      if (l.state !== LinkState.Up) entry.state = l.state;
      spec.links.push(entry);
    }

    // The spec-level card model: the most common γ, and an injection limit
    // only when every card has the same one (JSON cannot say "unlimited" to
    // undo a limit; no built-in preset has one).
    const gamma = mostCommon(this.cards, (c) => String(c.reduceSecondsPerByte))?.reduceSecondsPerByte ?? this.preset.card.reduceSecondsPerByte;
    const firstInjection = this.cards[0]?.injectionBandwidth;
    const injection = this.cards.every((c) => c.injectionBandwidth === firstInjection) ? firstInjection : this.preset.card.injectionBandwidth;
    const card: { reduceSecondsPerByte?: number; injectionBandwidth?: number } = {};
    if (gamma !== this.preset.card.reduceSecondsPerByte) card.reduceSecondsPerByte = gamma;
    if (injection !== undefined && injection !== this.preset.card.injectionBandwidth) card.injectionBandwidth = injection;
    if (Object.keys(card).length > 0) spec.card = card;
    const overrides: NonNullable<TopologySpec['cardOverrides']> = [];
    this.cards.forEach((c, id) => {
      const entry: NonNullable<TopologySpec['cardOverrides']>[number] = { card: id };
      if (c.reduceSecondsPerByte !== gamma) entry.reduceSecondsPerByte = c.reduceSecondsPerByte;
      if (c.injectionBandwidth !== injection && c.injectionBandwidth !== undefined) entry.injectionBandwidth = c.injectionBandwidth;
      if (Object.keys(entry).length > 1) overrides.push(entry);
    });
    if (overrides.length > 0) spec.cardOverrides = overrides;
    return spec;
  }

  private copyWith(change: { links?: readonly Link[]; cards?: readonly CardModel[] }): Network {
    return new Network({
      kind: this.kind,
      nSails: this.nSails,
      nSwitches: this.nSwitches,
      links: change.links ?? this.links,
      cards: change.cards ?? this.cards,
      dims: this.dims,
      preset: this.preset,
      switch: this.switch,
    });
  }
}

/** Throws INVALID_ARGUMENT unless `value` is a LinkState. */
export function linkState(value: unknown, argument: string): LinkState {
  if (typeof value !== 'string' || !LINK_STATES.includes(value)) {
    throw invalidArgumentError(argument, `expected a link state (${LINK_STATES.join(', ')}), got ${show(value)}`, show(value));
  }
  return value as LinkState;
}

function freezeLink(link: Link): Link {
  if (Object.isFrozen(link)) return link;
  return Object.freeze({ localSail: link.localSail, remoteSail: link.remoteSail, state: link.state, bandwidth: link.bandwidth, latency: link.latency });
}

// The item whose key occurs most often; of tied keys, the one that reached that count first.
function mostCommon<T>(items: readonly T[], key: (item: T) => string): T | undefined {
  const counts = new Map<string, { item: T; count: number }>();
  let best: { item: T; count: number } | undefined;
  for (const item of items) {
    const k = key(item);
    const entry = counts.get(k) ?? { item, count: 0 };
    entry.count++;
    counts.set(k, entry);
    if (best === undefined || entry.count > best.count) best = entry;
  }
  return best?.item;
}
