/**
 * Hierarchical (multi-dimensional) collectives, after ASTRA-sim's
 * hierarchical collectives: on cards laid out on a grid of dimensions,
 * reduce-scatter along one dimension at a time, then all-gather back along
 * the same dimensions in reverse order. Each phase is a ring (ring-phases.ts)
 * inside every group of cards that differ only in that phase's coordinate.
 *
 * Grid. `sizes` = [d_0, d_1, …], dimension 0 fastest: card id =
 * Σ coord_e · stride_e with stride_e = Π_{j<e} d_j (network/shapes/layout.ts
 * numbers cards the same way). The group of dimension e through card x is
 * {x + (i − coord_e(x))·stride_e : i = 0 … d_e − 1}.
 *
 * Pieces. A channel's `pieceOf(card, dims)` is the set of element ranges
 * that `card` is responsible for once the dimensions `dims` have been
 * reduced: after reduce-scatter along dims e_0 … e_j a card holds its piece
 * for [e_0 … e_j] reduced over the cards that differ from it only along
 * those dimensions. The pieces of the cards of one group of e_j partition
 * the piece for [e_0 … e_{j−1}] of any of them, so the ring reduce-scatter
 * of phase j over that group, where position i's block is the piece of the
 * card at position i for [e_0 … e_j], ends with each card holding its new
 * piece (ring-phases.ts). The all-gather runs the same phases backwards:
 * its phase over e_j starts with each card holding its piece for
 * [e_0 … e_j] and ends with the piece for [e_0 … e_{j−1}] (everything, for
 * j = 0).
 *
 * Channels. Each channel has its own part of the data (inside its pieces),
 * its own dimension order and a direction: position i of a group ring is
 * coordinate i (direction +1) or coordinate −i mod d (direction −1), so two
 * channels of opposite directions use the two directions of a
 * bidirectional ring. Phase j of every channel shares the schedule's steps
 * (as many as the largest group of that phase needs); a channel whose
 * group is smaller sends nothing in the last of them.
 *
 * Pipelining by slices: with `pipeline` = P, every block transfer is cut
 * into P sub-chunks, and sub-chunk q of every phase lies in *slice* q of
 * the data — chunk q of P of a contiguous part (the part is cut into
 * slices first, then each slice into pieces), or chunk q of P of each
 * block of a blocked buffer. The slices never mix, so the scheme runs as P
 * interleaved copies of itself, and sub-chunk q of a phase's first step
 * needs exactly sub-chunk q of the previous phase's last step — on every
 * card alike, which keeps the closed form exact (ring-phases-seconds.ts).
 */
import type { ScheduleBuilder } from '../schedule.js';
import { chunkBounds } from '../schedule.js';
import type { RingPhase } from './ring-phases-seconds.js';

/** Element ranges [start, end). */
export type Segments = readonly (readonly [number, number])[];

/** One channel of a hierarchical collective. */
export interface HierarchicalChannel {
  /** Ring direction in every group: +1 (coordinate i → i + 1) or −1. */
  readonly direction: 1 | -1;
  /** The dimensions in reduce-scatter order (a permutation of 0 … m − 1). */
  readonly order: readonly number[];
  /**
   * The ranges of slice q (of `pipeline`) that `card` is responsible for
   * once dimensions `reduced` are reduced.
   */
  readonly pieceOf: (card: number, reduced: readonly number[], q: number, pipeline: number) => Segments;
}

/** A grid of cards, dimension 0 fastest. */
export class CardGrid {
  readonly strides: readonly number[];
  readonly nSails: number;

  constructor(readonly sizes: readonly number[]) {
    const strides: number[] = [];
    let stride = 1;
    for (const size of sizes) {
      strides.push(stride);
      stride *= size;
    }
    this.strides = strides;
    this.nSails = stride;
  }

  /** Coordinate of `card` along dimension `e`. */
  coord(card: number, e: number): number {
    return Math.floor(card / this.strides[e]!) % this.sizes[e]!;
  }

  /** The first card of every group of dimension `e` (coordinate e = 0), ascending. */
  groupBases(e: number): number[] {
    const bases: number[] = [];
    for (let card = 0; card < this.nSails; card++) if (this.coord(card, e) === 0) bases.push(card);
    return bases;
  }

  /**
   * The cards that agree with `card` on every dimension of `fixed`,
   * ascending (all cards for fixed = []).
   */
  matching(card: number, fixed: readonly number[]): number[] {
    let cards = [0];
    for (let e = this.sizes.length - 1; e >= 0; e--) {
      const choices = fixed.includes(e) ? [this.coord(card, e)] : Array.from({ length: this.sizes[e]! }, (_, i) => i);
      const next: number[] = [];
      for (const base of cards) for (const x of choices) next.push(base + x * this.strides[e]!);
      cards = next;
    }
    return cards.sort((a, b) => a - b);
  }
}

/** Card at ring position `i` of the group of dimension `e` starting at `base`, in `direction`. */
function cardAt(grid: CardGrid, e: number, base: number, direction: 1 | -1, i: number): number {
  const d = grid.sizes[e]!;
  const x = direction === 1 ? i : (d - i) % d;
  return base + x * grid.strides[e]!;
}

/**
 * Emit the reduce-scatter phases: phase j reduces every channel along its
 * dimension order[j]. Each card ends holding its piece for every dimension.
 */
export function hierarchicalReduceScatter(b: ScheduleBuilder, grid: CardGrid, channels: readonly HierarchicalChannel[], pipeline: number): void {
  const m = grid.sizes.length;
  for (let j = 0; j < m; j++) {
    const steps = Math.max(...channels.map((ch) => grid.sizes[ch.order[j]!]! - 1));
    for (let k = 0; k < steps; k++) {
      b.step();
      for (const ch of channels) {
        const e = ch.order[j]!;
        const d = grid.sizes[e]!;
        if (k > d - 2) continue;
        const reduced = ch.order.slice(0, j + 1);
        for (const base of grid.groupBases(e)) {
          for (let i = 0; i < d; i++) {
            // Ring reduce-scatter step k: position i sends block (i − k − 1) mod d to position i + 1 (ring-phases.ts).
            const owner = cardAt(grid, e, base, ch.direction, (((i - k - 1) % d) + d) % d);
            const src = cardAt(grid, e, base, ch.direction, i);
            const dst = cardAt(grid, e, base, ch.direction, (i + 1) % d);
            for (let q = 0; q < pipeline; q++) b.send(src, dst, ch.pieceOf(owner, reduced, q, pipeline), true);
          }
        }
      }
    }
  }
}

/**
 * Emit the all-gather phases: phase j (j = m − 1 … 0) gathers every channel
 * along its dimension order[j]. Each card starts holding its piece for
 * every dimension and ends holding every channel's whole part.
 */
export function hierarchicalAllGather(b: ScheduleBuilder, grid: CardGrid, channels: readonly HierarchicalChannel[], pipeline: number): void {
  const m = grid.sizes.length;
  for (let j = m - 1; j >= 0; j--) {
    const steps = Math.max(...channels.map((ch) => grid.sizes[ch.order[j]!]! - 1));
    for (let k = 0; k < steps; k++) {
      b.step();
      for (const ch of channels) {
        const e = ch.order[j]!;
        const d = grid.sizes[e]!;
        if (k > d - 2) continue;
        const reduced = ch.order.slice(0, j + 1);
        for (const base of grid.groupBases(e)) {
          for (let i = 0; i < d; i++) {
            // Ring all-gather step k: position i sends block (i − k) mod d to position i + 1 (ring-phases.ts).
            const owner = cardAt(grid, e, base, ch.direction, (((i - k) % d) + d) % d);
            const src = cardAt(grid, e, base, ch.direction, i);
            const dst = cardAt(grid, e, base, ch.direction, (i + 1) % d);
            for (let q = 0; q < pipeline; q++) b.send(src, dst, ch.pieceOf(owner, reduced, q, pipeline), false);
          }
        }
      }
    }
  }
}

/**
 * Pieces of an in-place buffer (allReduce): slice q of the channel part
 * [start, end) (chunk q of P), cut by each reduced dimension in turn — the
 * card with coordinate x along e keeps chunk x of d_e. One contiguous range.
 */
export function nestedPiece(grid: CardGrid, start: number, end: number): HierarchicalChannel['pieceOf'] {
  return (card, reduced, q, pipeline) => {
    const [sa, sz] = chunkBounds(end - start, pipeline, q);
    let a = start + sa;
    let z = start + sz;
    for (const e of reduced) {
      const [x, y] = chunkBounds(z - a, grid.sizes[e]!, grid.coord(card, e));
      z = a + y;
      a += x;
    }
    return [[a, z]];
  };
}

/**
 * Pieces of a blocked buffer (allGather, reduceScatter: block b =
 * [b·count, (b+1)·count)): slice q (chunk q of P) of the channel's part
 * [start, end) of the block of every card that agrees with `card` on the
 * reduced dimensions.
 */
export function blockPiece(grid: CardGrid, count: number, start: number, end: number): HierarchicalChannel['pieceOf'] {
  return (card, reduced, q, pipeline) => {
    const [a, z] = chunkBounds(end - start, pipeline, q);
    return grid.matching(card, reduced).map((block) => [block * count + start + a, block * count + start + z] as const);
  };
}

/** How a channel's blocks shrink phase by phase, for the closed forms. */
export interface ChannelShape {
  readonly direction: 1 | -1;
  readonly order: readonly number[];
  /** Elements of sub-chunk q of the block sent in phase j (0 when empty). */
  readonly subChunk: (j: number, q: number) => number;
}

/**
 * The phases of channel `ch` for ringPhasesSeconds (ring-phases-seconds.ts):
 * reduce-scatter phases (if `reduce`), then all-gather phases (if
 * `gather`). Every phase continues the one before (slices never mix, see
 * the module comment). A card's link along dimension e in direction ±1 is
 * key 2e (+1) or 2e + 1 (−1); a group of 2 cards has one link each way, so
 * both directions are key 2e there.
 */
export function channelPhases(sizes: readonly number[], ch: ChannelShape, pipeline: number, reduce: boolean, gather: boolean): RingPhase[] {
  const m = sizes.length;
  const phase = (j: number, isReduce: boolean): RingPhase => {
    const e = ch.order[j]!;
    const d = sizes[e]!;
    const subChunks: number[] = [];
    for (let q = 0; q < pipeline; q++) {
      const elements = ch.subChunk(j, q);
      if (elements > 0) subChunks.push(elements);
    }
    return { steps: d - 1, reduce: isReduce, link: 2 * e + (d > 2 && ch.direction === -1 ? 1 : 0), subChunks, continues: true };
  };
  const phases: RingPhase[] = [];
  if (reduce) for (let j = 0; j < m; j++) phases.push(phase(j, true));
  if (gather) for (let j = m - 1; j >= 0; j--) phases.push(phase(j, false));
  return phases;
}

/** Elements of the largest nested piece of slice q after phase j: ⌈…⌈slice/d_{order[0]}⌉…/d_{order[j]}⌉. */
export function nestedSubChunk(sizes: readonly number[], order: readonly number[], part: number, pipeline: number, j: number, q: number): number {
  const [a, z] = chunkBounds(part, pipeline, q);
  let elements = z - a;
  for (let i = 0; i <= j; i++) elements = Math.ceil(elements / sizes[order[i]!]!);
  return elements;
}

/** Elements of slice q of a blocked piece in phase j: one slice of `part` per card agreeing on dimensions order[0 … j]. */
export function blockSubChunk(sizes: readonly number[], order: readonly number[], part: number, pipeline: number, j: number, q: number): number {
  let cards = sizes.reduce((a, b) => a * b, 1);
  for (let i = 0; i <= j; i++) cards /= sizes[order[i]!]!;
  const [a, z] = chunkBounds(part, pipeline, q);
  return cards * (z - a);
}
