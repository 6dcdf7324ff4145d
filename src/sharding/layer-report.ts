/**
 * What a sharded layer returns beside its data: the compute time on every
 * card (card-compute-model.ts), the collective's simulated time (its
 * CollectiveReport), and the total — like a collective's report, for a layer.
 */
import type { CollectiveReport } from '../report.js';
import type { MatmulCardModel, MatmulCost } from './card-compute-model.js';

/** Which tensor-parallel layer ran. */
export type TensorParallelStrategy = 'columnParallel' | 'rowParallel' | 'megatron';

/** One card's compute: its matmuls in order, and their summed time. */
export interface CardCompute {
  readonly card: number;
  readonly matmuls: readonly MatmulCost[];
  /** Σ matmul seconds on this card. */
  readonly seconds: number;
}

/** Report of a tensor-parallel layer. */
export interface ShardedLayerReport {
  readonly strategy: TensorParallelStrategy;
  /** Cards the layer ran on. */
  readonly cards: number;
  /** Rows of activations (tokens). */
  readonly m: number;
  /** Whole-layer shape: input width k, output width n (for the Megatron pair: k of the first layer, n of the second). */
  readonly k: number;
  readonly n: number;
  /** The card model the compute was priced with. */
  readonly model: MatmulCardModel;
  readonly compute: readonly CardCompute[];
  /** The slowest card's compute seconds: the cards work in parallel and the collective waits for the last. */
  readonly computeSeconds: number;
  /** The card that sets `computeSeconds` (the first of equals). */
  readonly slowestCard: number;
  /** The collective that assembles the result (AllGather, or AllReduce), run on the data and simulated on the links. */
  readonly collective: CollectiveReport;
  readonly collectiveSeconds: number;
  /** computeSeconds + collectiveSeconds. */
  readonly seconds: number;
  /** Whether plain-array input was copied into kernel memory first. */
  readonly staged: boolean;
}

/** Sum a card's matmuls. */
export function cardCompute(card: number, matmuls: readonly MatmulCost[]): CardCompute {
  return Object.freeze({ card, matmuls: Object.freeze([...matmuls]), seconds: matmuls.reduce((s, c) => s + c.seconds, 0) });
}

/** The slowest card (first of equals) of `compute`. */
export function slowest(compute: readonly CardCompute[]): CardCompute {
  return compute.reduce((a, b) => (b.seconds > a.seconds ? b : a));
}
