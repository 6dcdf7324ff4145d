/**
 * Activations of a sharded layer on the cards: checking a layer's input,
 * bringing plain arrays into kernel memory, and the helpers that split an
 * m × k matrix across cards by columns and join it back.
 *
 * Layout: a card's activations are m rows of its own width w_c, dense and
 * row-major (m·w_c floats) at the start of its slice — all k columns for a
 * column-parallel layer's input, its k-range for a row-parallel layer's. In
 * CardBuffers every card has the same length, the widest card's m·max(w_c);
 * narrower cards leave the rest unused. Plain arrays hold exactly m·w_c each.
 */
import { CardBuffers } from '../card-buffers.js';
import { describeValue } from '../dtype.js';
import { invalidArgumentError, shapeMismatchError, topologyMismatchError, typeMismatchError } from '../errors.js';
import type { KernelRuntime } from '../kernel-runtime.js';
import type { Topology } from '../topology.js';
import type { Shard } from './shard-bounds.js';

/** A layer's input: CardBuffers in kernel memory (zero-copy) or one Float32Array per card. */
export type ActivationInput = CardBuffers<'f32'> | readonly Float32Array[];

/** A checked input whose data is in kernel memory. */
export interface PlacedActivations {
  /** Rows of activations. */
  readonly m: number;
  readonly buffers: CardBuffers<'f32'>;
  /** Whether plain arrays were copied in (the report says so). */
  readonly staged: boolean;
  /** Free the staging copy (nothing for CardBuffers). */
  release(): void;
}

/** A checked input, not yet touched. */
export interface CheckedActivations {
  readonly m: number;
  /** Allocate (for plain arrays) and copy in. May throw OUT_OF_MEMORY; writes nothing of the caller's. */
  place(topology: Topology): PlacedActivations;
}

/**
 * Check a layer's input against the width each card's activations must have
 * (`widths[c]`; card 0's is the largest and at least 1) and infer m from card
 * 0. Throws, before anything is allocated or written: TOPOLOGY_MISMATCH (card
 * count), TYPE_MISMATCH (not f32, naming the card), SHAPE_MISMATCH (a card's
 * length is not m·widths[c], naming the card), INVALID_ARGUMENT (foreign or
 * kernel-memory-view input), INVALID_USAGE (freed CardBuffers).
 */
export function checkActivations(input: unknown, widths: readonly number[], runtime: KernelRuntime, argument: string): CheckedActivations {
  const p = widths.length;
  const widest = widths[0]!;
  const inferM = (length: number): number => {
    if (length % widest !== 0) throw shapeMismatchError(0, Math.ceil(length / widest) * widest, length);
    return length / widest;
  };
  if (input instanceof CardBuffers) {
    if (input.runtime !== runtime) throw invalidArgumentError(argument, 'these CardBuffers were allocated by a topology using another kernel runtime');
    input.assertLive();
    if (input.nCards !== p) throw topologyMismatchError(p, input.nCards);
    if (input.dtype !== 'f32') throw typeMismatchError(0, 'Float32Array', describeValue(input.card(0)));
    const m = inferM(input.length);
    const buffers = input as CardBuffers<'f32'>;
    return { m, place: () => ({ m, buffers, staged: false, release() {} }) };
  }
  if (!Array.isArray(input)) {
    throw invalidArgumentError(argument, `expected CardBuffers or an array of Float32Array (one per card), got ${describeValue(input)}`);
  }
  const arrays = input as unknown[];
  if (arrays.length !== p) throw topologyMismatchError(p, arrays.length);
  arrays.forEach((array, card) => {
    if (!(array instanceof Float32Array)) throw typeMismatchError(card, 'Float32Array', describeValue(array));
    if (array.buffer === runtime.memory.buffer) {
      throw invalidArgumentError(argument, `card ${card}'s array is a view into kernel memory; pass the CardBuffers it came from`);
    }
  });
  const typed = arrays as Float32Array[];
  const m = inferM(typed[0]!.length);
  typed.forEach((array, card) => {
    if (array.length !== m * widths[card]!) throw shapeMismatchError(card, m * widths[card]!, array.length);
  });
  return {
    m,
    place(topology) {
      const staging = topology.alloc('f32', m * widest, { init: 'zero' });
      typed.forEach((array, card) => staging.card(card).set(array));
      return { m, buffers: staging, staged: true, release: () => staging.free() };
    },
  };
}

/**
 * Split an m × k matrix by columns: card c of the result holds columns
 * [shards[c].start, shards[c].end) as an m × (end − start) row-major matrix.
 * The CardBuffers have m · (widest shard) floats per card; call `free()`.
 */
export function splitColumns(topology: Topology, x: Float32Array, m: number, k: number, shards: readonly Shard[]): CardBuffers<'f32'> {
  const widest = Math.max(0, ...shards.map((s) => s.end - s.start));
  const cards = topology.alloc('f32', m * widest);
  for (const s of shards) {
    const card = cards.card(s.card);
    const width = s.end - s.start;
    for (let i = 0; i < m; i++) card.set(x.subarray(i * k + s.start, i * k + s.end), i * width);
  }
  return cards;
}

/** The inverse of splitColumns: the m × k matrix whose column ranges the cards hold. */
export function joinColumns(cards: CardBuffers<'f32'> | readonly Float32Array[], m: number, k: number, shards: readonly Shard[]): Float32Array {
  const out = new Float32Array(m * k);
  for (const s of shards) {
    const card = cards instanceof CardBuffers ? cards.card(s.card) : cards[s.card]!;
    const width = s.end - s.start;
    for (let i = 0; i < m; i++) out.set(card.subarray(i * width, (i + 1) * width), i * k + s.start);
  }
  return out;
}

/**
 * After an AllGather of column shards: every card of `gathered` holds p
 * blocks of `blockLength` floats, block s being card s's m × (its width)
 * columns. Write them, on every card, into `out` as the m × n matrix, in
 * kernel memory (the local copy each card makes after the gather).
 */
export function assembleGathered(gathered: CardBuffers<'f32'>, blockLength: number, out: CardBuffers<'f32'>, m: number, n: number, shards: readonly Shard[]): void {
  const memory = new Float32Array(out.runtime.memory.buffer);
  for (let c = 0; c < out.nCards; c++) {
    const from = (gathered.byteOffset + c * gathered.strideBytes) / 4;
    const to = (out.byteOffset + c * out.strideBytes) / 4;
    for (const s of shards) {
      const width = s.end - s.start;
      const block = from + s.card * blockLength;
      for (let i = 0; i < m; i++) memory.copyWithin(to + i * n + s.start, block + i * width, block + (i + 1) * width);
    }
  }
}
