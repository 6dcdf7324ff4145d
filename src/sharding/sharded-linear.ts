/**
 * ShardedLinear: one linear layer's weights split across the cards of a
 * topology, in kernel memory — the operand of TensorParallel's layers.
 *
 * Column-parallel (Megatron-LM's term; `parallel: 'column'`): the n output
 * columns are split, so card c holds rows [start, end) of w — an
 * (end − start) × k matrix — and computes those output columns. Row-parallel
 * (`'row'`): the reduction dimension k is split, so card c holds columns
 * [start, end) of every row — an n × (end − start) matrix — and computes a
 * partial sum of every output. Q4_K rows are cut only between 256-weight
 * blocks. Shards follow shardBounds: ⌈·⌉ or ⌊·⌋ units per card, larger first.
 */
import type { CardBuffers } from '../card-buffers.js';
import { invalidArgumentError, invalidUsageError } from '../errors.js';
import type { Topology } from '../topology.js';
import { allocWeightStore, bytesOf, storeAddress, storeBytes } from './card-weight-store.js';
import { Q4K_BLOCK_WEIGHTS, checkLinearWeights, rowBytes, type LinearWeights, type WeightFormat } from './linear-weights.js';
import { shardBounds, type Shard } from './shard-bounds.js';

/** Which dimension a layer is split along: output columns (`'column'`) or the reduction dimension (`'row'`). */
export type ParallelSplit = 'column' | 'row';

/** One linear layer's weights split across the cards (column- or row-parallel), in kernel memory. Make it with TensorParallel.shardColumns / shardRows / shardPair. */
export class ShardedLinear {
  private constructor(
    /** The dimension split across cards. */
    readonly parallel: ParallelSplit,
    readonly format: WeightFormat,
    /** Output columns of the whole layer. */
    readonly n: number,
    /** Reduction dimension of the whole layer. */
    readonly k: number,
    /** Card c's range of n (column-parallel) or of k (row-parallel), in elements. */
    readonly shards: readonly Shard[],
    /** @internal The weights, card-contiguous. */
    readonly store: CardBuffers<'i32'>,
  ) {}

  /**
   * @internal Use TensorParallel.shardColumns / shardRows. Splits `weights`
   * along `parallel` in units of `unit` elements and copies each card's
   * shard into kernel memory. Throws before allocating anything:
   * INVALID_ARGUMENT for malformed weights, a `unit` that does not divide the
   * split dimension, or a card that would get no Q4_K block.
   */
  static create(topology: Topology, weights: LinearWeights, parallel: ParallelSplit, unit: number, argument: string): ShardedLinear {
    checkLinearWeights(weights, argument);
    const { format, n, k } = weights;
    const p = topology.nSails;
    const length = parallel === 'column' ? n : k;
    if (!Number.isSafeInteger(unit) || unit < 1 || length % unit !== 0) {
      throw invalidArgumentError('unit', `expected a positive integer dividing ${parallel === 'column' ? 'n' : 'k'} = ${length}, got ${String(unit)}`, String(unit));
    }
    const units = length / unit;
    if (format === 'q4_k' && units < p) {
      const what = parallel === 'column'
        ? `${n} output column${n === 1 ? '' : 's'} (rows of Q4_K blocks)${unit > 1 ? ` in units of ${unit}` : ''}`
        : `k = ${k}: ${k / Q4K_BLOCK_WEIGHTS} Q4_K block${k === Q4K_BLOCK_WEIGHTS ? '' : 's'} per row`;
      throw invalidArgumentError(argument, `${what} cannot give each of ${p} cards a Q4_K block: card ${units} would get none`, units);
    }
    const shards = shardBounds(units, p, unit);
    const sourceRow = rowBytes(format, k);
    const shardBytes = shards.map((s) => (parallel === 'column' ? (s.end - s.start) * sourceRow : n * rowBytes(format, s.end - s.start)));
    // Weights that are themselves a view into kernel memory would be detached if the allocation grows it: copy them out first.
    const data = weights.data.buffer === topology.kernelRuntime.memory.buffer ? weights.data.slice() : weights.data;
    const store = allocWeightStore(topology, shardBytes);
    const source = bytesOf(data);
    for (const s of shards) {
      const dest = storeBytes(store, s.card);
      if (parallel === 'column') {
        dest.set(source.subarray(s.start * sourceRow, s.end * sourceRow));
      } else {
        // Row j of the shard: bytes of columns [start, end) of row j (whole blocks for Q4_K: bytes scale linearly with k).
        const from = rowBytes(format, s.start);
        const width = rowBytes(format, s.end - s.start);
        for (let j = 0; j < n; j++) dest.set(source.subarray(j * sourceRow + from, j * sourceRow + from + width), j * width);
      }
    }
    return new ShardedLinear(parallel, format, n, k, Object.freeze(shards), store);
  }

  /** Number of cards the layer is split over. */
  get nCards(): number {
    return this.shards.length;
  }

  /** Whether `free()` has been called. */
  get freed(): boolean {
    return this.store.freed;
  }

  /** The shape of card `card`'s matrix: `n` rows of `k` weights. */
  shardShape(card: number): { readonly n: number; readonly k: number } {
    const s = this.shard(card);
    return this.parallel === 'column' ? { n: s.end - s.start, k: this.k } : { n: this.n, k: s.end - s.start };
  }

  /** Bytes of card `card`'s weights. */
  weightBytes(card: number): number {
    const { n, k } = this.shardShape(card);
    return n * rowBytes(this.format, k);
  }

  /**
   * Card `card`'s weights, zero-copy over kernel memory: a Float32Array of
   * n·k values (f32) or a Uint8Array of n·(k/256)·144 bytes (Q4_K), rows of
   * `shardShape(card)`. Like CardBuffers views, it detaches when kernel
   * memory grows: take it again after allocating.
   */
  cardWeights(card: number): Float32Array | Uint8Array {
    this.assertLive();
    const bytes = storeBytes(this.store, this.shard(card).card).subarray(0, this.weightBytes(card));
    return this.format === 'f32' ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) : bytes;
  }

  /** @internal Kernel-memory address of card `card`'s weights. */
  address(card: number): number {
    return storeAddress(this.store, card);
  }

  /** Give the kernel memory back. Calling it again does nothing. */
  free(): void {
    this.store.free();
  }

  /** Throws INVALID_USAGE if the weights were freed. */
  assertLive(): void {
    if (this.store.freed) throw invalidUsageError(`ShardedLinear (${this.n} × ${this.k} ${this.format}, ${this.parallel}-parallel) used after free()`);
  }

  private shard(card: number): Shard {
    const s = this.shards[card];
    if (!Number.isInteger(card) || s === undefined) throw invalidArgumentError('card', `card index ${card} is outside 0..${this.nCards - 1}`, card);
    return s;
  }
}
