/**
 * TensorParallel: one linear layer split across every card of a topology
 * (Megatron-LM's tensor parallelism, Shoeybi et al. 2019), computed on real
 * data with the wasm matmul kernels and priced on a card model and the links.
 *
 * - Column-parallel: every card holds the whole input X (m × k) and n/p
 *   output columns of w; card c computes its m × n_c slice of Y = X·wᵀ and an
 *   AllGather gives every card all of Y. Each output element is one card's
 *   dot product over all of k, so Y equals the single-card layer bit for bit.
 * - Row-parallel: card c holds k-range c of X (m × k_c) and the same columns
 *   of every row of w (Q4_K: whole 256-weight blocks); it computes a partial
 *   m × n sum over its range, and an AllReduce (sum) adds the partials. The
 *   result is, per element, each card's partial in the kernels' order
 *   (assembly/dot-f32.ts) over its own k-range, then the partials added in
 *   card order 0, 1, …, p−1 (the canonical AllReduce) — bit-exact against a
 *   single-card computation with the same k-split. Against the plain
 *   single-card layer (one dot product over all of k) it differs only in the
 *   order the same f32 products are added, so for every element
 *       |rowParallel − plain| ≤ 2 · γ(k + p) · Σ_t |fl(x_t · w_t)|,
 *       γ(j) = j·u / (1 − j·u), u = 2⁻²⁴,
 *   because either sum is within γ(N−1) · Σ|terms| of the exact sum of its
 *   N terms whatever the order (Higham, Accuracy and Stability of Numerical
 *   Algorithms, 2nd ed., §4.2), and here fewer than k + p additions touch
 *   any product. test/tensor-parallel.test.ts checks the bound.
 * - Megatron pair (an MLP): column-parallel `up` (n1 × k) then, after an
 *   optional element-wise activation on each card's slice, row-parallel
 *   `down` (n2 × n1) whose k-split is up's n-split — so the hidden
 *   activations never leave their card and the pair needs one AllReduce.
 *
 * Shards are uneven where the dimension does not divide (shard-bounds.ts):
 * ⌈·⌉ or ⌊·⌋ units per card, the larger first; the slowest card sets the
 * compute time, and an AllGather moves every card's block at the largest
 * shard's size (padding included: the collectives take one count per card).
 *
 * Every call validates everything before it allocates, and writes only
 * buffers it allocated itself: after any error, the input, the weights and
 * every other buffer are exactly as they were, and nothing stays allocated.
 * The output is new CardBuffers (m × n floats on every card) the caller frees.
 */
import type { CardBuffers } from '../card-buffers.js';
import type { CollectiveOptions } from '../collectives/options.js';
import { describeValue } from '../dtype.js';
import { invalidArgumentError, shapeMismatchError, topologyMismatchError } from '../errors.js';
import type { KernelRuntime } from '../kernel-runtime.js';
import type { CollectiveReport } from '../report.js';
import type { Topology } from '../topology.js';
import { assembleGathered, checkActivations, joinColumns, splitColumns, type ActivationInput, type PlacedActivations } from './activations.js';
import { matmulCost, resolveCardModel, type MatmulCardModel, type MatmulCost } from './card-compute-model.js';
import { cardCompute, slowest, type CardCompute, type ShardedLayerReport, type TensorParallelStrategy } from './layer-report.js';
import { checkLinearWeights, reductionUnit, type LinearWeights } from './linear-weights.js';
import { runMatmul, scratchElements, sliceAddress } from './run-matmul.js';
import { largestShard } from './shard-bounds.js';
import { ShardedLinear, type ParallelSplit } from './sharded-linear.js';

/** Options of a TensorParallel. */
export interface TensorParallelOptions {
  /** The card's matmul model; missing fields come from REV_A_MATMUL_MODEL. */
  readonly card?: Partial<MatmulCardModel>;
}

/** Options of a tensor-parallel layer call; `C` is the collective it runs (AllGather column-parallel, AllReduce row-parallel). */
export interface ShardedLayerOptions<C extends 'allGather' | 'allReduce' = 'allGather' | 'allReduce'> {
  /** Passed to the AllGather / AllReduce (algorithm, pipeline, timeline; numerics other than canonical void the bit-exactness above). */
  readonly collective?: CollectiveOptions<C>;
}

/** Options of the Megatron pair. */
export interface MegatronOptions extends ShardedLayerOptions<'allReduce'> {
  /**
   * Applied in place to each card's hidden slice (m rows of that card's
   * n1-range, row-major) between the two matmuls, e.g. SiLU. The view is over
   * kernel memory: do not allocate kernel memory (Topology.alloc) inside it.
   */
  readonly activation?: (values: Float32Array, card: number) => void;
}

/** A tensor-parallel layer's result. */
export interface ShardedLayerResult {
  /** m × n floats, row-major, on every card. Call `free()` when done. */
  readonly output: CardBuffers<'f32'>;
  readonly report: ShardedLayerReport;
}

/** Buffers taken during one call: temporaries are freed at the end, results only on an error. */
class Allocations {
  private readonly temporaries: (() => void)[] = [];
  private readonly results: (() => void)[] = [];

  /** Freed when the call ends, however it ends. */
  temporary<T extends { free(): void } | PlacedActivations>(item: T): T {
    this.temporaries.push('release' in item ? () => item.release() : () => item.free());
    return item;
  }

  /** Handed to the caller on success; freed on an error. */
  result<T extends { free(): void }>(item: T): T {
    this.results.push(() => item.free());
    return item;
  }

  finish(failed: boolean): void {
    const releases = failed ? [...this.temporaries, ...this.results] : this.temporaries;
    for (const release of releases.reverse()) release();
  }
}

/** Tensor parallelism over every card of a topology: sharded linear layers on real data, with their simulated cost (module comment). */
export class TensorParallel {
  /** The card model compute is priced with. */
  readonly card: MatmulCardModel;

  /** Tensor parallelism over every card of `topology` (the crate's `TensorParallel::new`). */
  constructor(
    /** The cards and links the layers run on. */
    readonly topology: Topology,
    options: TensorParallelOptions = {},
  ) {
    this.card = resolveCardModel(options.card);
  }

  /** Shards a layer is split into: one per card (the crate's `shard_count`). */
  shardCount(): number {
    return this.topology.nSails;
  }

  /**
   * Split `weights` for a column-parallel layer: card c gets output columns
   * (rows of w) [start, end), in units of `unit` columns (default 1; use 256
   * when the layer feeds a Q4_K row-parallel layer, or see `shardPair`).
   * INVALID_ARGUMENT for malformed weights, a unit that does not divide n, or
   * Q4_K weights with a card left without a row. Call `free()` when done.
   */
  shardColumns(weights: LinearWeights, options: { readonly unit?: number } = {}): ShardedLinear {
    return ShardedLinear.create(this.topology, weights, 'column', options.unit ?? 1, 'weights');
  }

  /**
   * Split `weights` for a row-parallel layer: card c gets columns
   * [start, end) of the reduction dimension of every row — whole 256-weight
   * blocks for Q4_K (INVALID_ARGUMENT when k/256 < cards: a card would get no
   * block). Call `free()` when done.
   */
  shardRows(weights: LinearWeights): ShardedLinear {
    checkLinearWeights(weights, 'weights');
    return ShardedLinear.create(this.topology, weights, 'row', reductionUnit(weights.format), 'weights');
  }

  /**
   * Split an MLP's two layers for `megatron`: `up` (n1 × k) column-parallel
   * and `down` (n2 × n1) row-parallel with the same split of n1 (whole
   * 256-blocks when `down` is Q4_K). Both are checked before either is placed.
   */
  shardPair(up: LinearWeights, down: LinearWeights): { readonly up: ShardedLinear; readonly down: ShardedLinear } {
    checkLinearWeights(up, 'up');
    checkLinearWeights(down, 'down');
    if (down.k !== up.n) throw invalidArgumentError('down.k', `down's input width must be up's output width ${up.n}, got ${down.k}`, down.k);
    const unit = reductionUnit(down.format);
    const upSharded = ShardedLinear.create(this.topology, up, 'column', unit, 'up');
    try {
      return { up: upSharded, down: ShardedLinear.create(this.topology, down, 'row', unit, 'down') };
    } catch (error) {
      upSharded.free();
      throw error;
    }
  }

  /**
   * The input `layer` expects, from the whole m × k matrix `x` (m = x.length / k):
   * the same x on every card for a column-parallel layer, card c's k-range
   * (m × k_c, row-major) for a row-parallel one. Call `free()` when done.
   */
  splitActivations(x: Float32Array, layer: ShardedLinear): CardBuffers<'f32'> {
    this.checkLayer(layer, undefined, 'layer');
    const m = this.rowsOf(x, layer.k);
    // A view into kernel memory would be detached if the allocation grows it: copy it out first.
    const source = x.buffer === this.runtime.memory.buffer ? x.slice() : x;
    if (layer.parallel === 'column') {
      const cards = this.topology.alloc('f32', source.length);
      for (let c = 0; c < cards.nCards; c++) cards.card(c).set(source);
      return cards;
    }
    return splitColumns(this.topology, source, m, layer.k, layer.shards);
  }

  /** The inverse of `splitActivations`: the whole m × k matrix (card 0's copy for a column-parallel layer). */
  joinActivations(cards: CardBuffers<'f32'> | readonly Float32Array[], layer: ShardedLinear): Float32Array {
    this.checkLayer(layer, undefined, 'layer');
    const widths = layer.parallel === 'column' ? layer.shards.map(() => layer.k) : layer.shards.map((s) => s.end - s.start);
    const { m } = checkActivations(cards, widths, this.runtime, 'cards');
    if (layer.parallel === 'column') return (Array.isArray(cards) ? cards[0]! : (cards as CardBuffers<'f32'>).card(0)).slice(0, m * layer.k);
    return joinColumns(cards, m, layer.k, layer.shards);
  }

  /**
   * Column-parallel linear: Y = x · wᵀ with `layer` split by output columns.
   * `x`: the whole m × k input on every card (CardBuffers of m·k floats, or
   * one Float32Array of m·k per card). Every card ends with all of Y.
   */
  columnParallel(x: ActivationInput, layer: ShardedLinear, options: ShardedLayerOptions<'allGather'> = {}): ShardedLayerResult {
    this.checkLayer(layer, 'column', 'layer');
    const p = this.shardCount();
    const input = checkActivations(x, layer.shards.map(() => layer.k), this.runtime, 'x');
    const { m } = input;
    const nMax = largestShard(layer.shards);
    return this.run((take) => {
      const placed = take.temporary(input.place(this.topology));
      const partial = take.temporary(this.topology.alloc('f32', m * nMax));
      const gathered = take.temporary(this.topology.alloc('f32', p * m * nMax, { init: 'uninitialized' }));
      const scratch = take.temporary(this.topology.alloc('f32', scratchElements(layer.format, layer.k), { init: 'uninitialized' }));
      const output = take.result(this.topology.alloc('f32', m * layer.n, { init: 'uninitialized' }));
      const compute = layer.shards.map((s) => {
        const { n, k } = layer.shardShape(s.card);
        runMatmul(this.runtime, layer.format, sliceAddress(partial, s.card), sliceAddress(placed.buffers, s.card), layer.address(s.card), m, k, n, sliceAddress(scratch, s.card));
        return cardCompute(s.card, [matmulCost(this.card, layer.format, m, k, n)]);
      });
      const collective = this.topology.allGather(partial, gathered, options.collective);
      assembleGathered(gathered, m * nMax, output, m, layer.n, layer.shards);
      return { output, report: this.report('columnParallel', m, layer.k, layer.n, compute, collective, placed.staged) };
    });
  }

  /**
   * Row-parallel linear: Y = x · wᵀ with `layer` split along k. `x`: card c
   * holds its k-range of the input, m × k_c row-major (`splitActivations`
   * makes it; CardBuffers have m · k_0 floats per card, arrays exactly
   * m · k_c). Every card ends with all of Y, the partials summed in card order.
   */
  rowParallel(x: ActivationInput, layer: ShardedLinear, options: ShardedLayerOptions<'allReduce'> = {}): ShardedLayerResult {
    this.checkLayer(layer, 'row', 'layer');
    const input = checkActivations(x, layer.shards.map((s) => s.end - s.start), this.runtime, 'x');
    const { m } = input;
    return this.run((take) => {
      const placed = take.temporary(input.place(this.topology));
      const scratch = take.temporary(this.topology.alloc('f32', scratchElements(layer.format, largestShard(layer.shards)), { init: 'uninitialized' }));
      const output = take.result(this.topology.alloc('f32', m * layer.n, { init: 'uninitialized' }));
      const compute = layer.shards.map((s) => {
        const { n, k } = layer.shardShape(s.card);
        runMatmul(this.runtime, layer.format, sliceAddress(output, s.card), sliceAddress(placed.buffers, s.card), layer.address(s.card), m, k, n, sliceAddress(scratch, s.card));
        return cardCompute(s.card, [matmulCost(this.card, layer.format, m, k, n)]);
      });
      const collective = this.topology.allReduce(output, 'sum', options.collective);
      return { output, report: this.report('rowParallel', m, layer.k, layer.n, compute, collective, placed.staged) };
    });
  }

  /**
   * The Megatron pair: Y = act(x · upᵀ) · downᵀ with `up` column-parallel and
   * `down` row-parallel on the same split of up's outputs (`shardPair`), one
   * AllReduce in all. `x` as for `columnParallel` (m × k on every card).
   */
  megatron(x: ActivationInput, up: ShardedLinear, down: ShardedLinear, options: MegatronOptions = {}): ShardedLayerResult {
    this.checkLayer(up, 'column', 'up');
    this.checkLayer(down, 'row', 'down');
    if (down.k !== up.n) throw invalidArgumentError('down', `down's input width ${down.k} must equal up's output width ${up.n}`, down.k);
    up.shards.forEach((s, c) => {
      const d = down.shards[c]!;
      if (d.start !== s.start || d.end !== s.end) throw shapeMismatchError(c, d.end - d.start, s.end - s.start);
    });
    const activation = options.activation;
    if (activation !== undefined && typeof activation !== 'function') {
      throw invalidArgumentError('activation', `expected a function (values, card) => void, got ${describeValue(activation)}`);
    }
    const input = checkActivations(x, up.shards.map(() => up.k), this.runtime, 'x');
    const { m } = input;
    const hiddenMax = largestShard(up.shards);
    return this.run((take) => {
      const placed = take.temporary(input.place(this.topology));
      const hidden = take.temporary(this.topology.alloc('f32', m * hiddenMax, { init: 'uninitialized' }));
      const scratchLength = Math.max(scratchElements(up.format, up.k), scratchElements(down.format, hiddenMax));
      const scratch = take.temporary(this.topology.alloc('f32', scratchLength, { init: 'uninitialized' }));
      const output = take.result(this.topology.alloc('f32', m * down.n, { init: 'uninitialized' }));
      const compute = up.shards.map((s) => {
        const c = s.card;
        const width = s.end - s.start;
        runMatmul(this.runtime, up.format, sliceAddress(hidden, c), sliceAddress(placed.buffers, c), up.address(c), m, up.k, width, sliceAddress(scratch, c));
        activation?.(new Float32Array(this.runtime.memory.buffer, sliceAddress(hidden, c), m * width), c);
        runMatmul(this.runtime, down.format, sliceAddress(output, c), sliceAddress(hidden, c), down.address(c), m, width, down.n, sliceAddress(scratch, c));
        const costs: MatmulCost[] = [matmulCost(this.card, up.format, m, up.k, width), matmulCost(this.card, down.format, m, width, down.n)];
        return cardCompute(c, costs);
      });
      const collective = this.topology.allReduce(output, 'sum', options.collective);
      return { output, report: this.report('megatron', m, up.k, down.n, compute, collective, placed.staged) };
    });
  }

  private get runtime(): KernelRuntime {
    return this.topology.kernelRuntime;
  }

  /** Run `body` with an allocation tracker: temporaries go at the end; on an error, everything it took. */
  private run(body: (take: Allocations) => ShardedLayerResult): ShardedLayerResult {
    const take = new Allocations();
    let failed = true;
    try {
      const result = body(take);
      failed = false;
      return Object.freeze(result);
    } finally {
      take.finish(failed);
    }
  }

  /** Throws unless `layer` is live ShardedLinear weights of `parallel` (any when undefined) on this topology's cards. */
  private checkLayer(layer: unknown, parallel: ParallelSplit | undefined, argument: string): asserts layer is ShardedLinear {
    if (!(layer instanceof ShardedLinear)) {
      throw invalidArgumentError(argument, `expected ShardedLinear weights (TensorParallel.shardColumns / shardRows), got ${describeValue(layer)}`);
    }
    layer.assertLive();
    if (layer.nCards !== this.shardCount()) throw topologyMismatchError(this.shardCount(), layer.nCards);
    if (layer.store.runtime !== this.runtime) throw invalidArgumentError(argument, 'these weights were placed by a topology using another kernel runtime');
    if (parallel !== undefined && layer.parallel !== parallel) {
      throw invalidArgumentError(argument, `expected ${parallel}-parallel weights (${parallel === 'column' ? 'shardColumns' : 'shardRows'}), got ${layer.parallel}-parallel ones`, layer.parallel);
    }
  }

  /** m for a whole m × k matrix `x`. */
  private rowsOf(x: unknown, k: number): number {
    if (!(x instanceof Float32Array)) throw invalidArgumentError('x', `expected a Float32Array of m × ${k} values, got ${describeValue(x)}`);
    if (x.length % k !== 0) throw invalidArgumentError('x', `${x.length} values are not whole rows of k = ${k}`, x.length);
    return x.length / k;
  }

  private report(strategy: TensorParallelStrategy, m: number, k: number, n: number, compute: readonly CardCompute[], collective: CollectiveReport, staged: boolean): ShardedLayerReport {
    const slow = slowest(compute);
    return Object.freeze({
      strategy, cards: this.shardCount(), m, k, n, model: this.card,
      compute: Object.freeze([...compute]), computeSeconds: slow.seconds, slowestCard: slow.card,
      collective, collectiveSeconds: collective.seconds, seconds: slow.seconds + collective.seconds, staged,
    });
  }
}
