/**
 * What a collective call returns: what ran, on how much data, and how.
 * The simulation engine adds simulated timing and per-link traffic here.
 */
import type { DType } from './dtype.js';
import type { KernelVariant } from './kernel-runtime.js';
import type { ReduceOp } from './reduce-op.js';

export type CollectiveName = 'allReduce' | 'allGather';

export interface CollectiveReport {
  readonly collective: CollectiveName;
  /** The reduction op (reducing collectives only). */
  readonly op?: ReduceOp;
  readonly dtype: DType;
  /** Cards taking part. */
  readonly nSails: number;
  /** Elements each card sends. */
  readonly count: number;
  /** Bytes each card sends (count × element size). */
  readonly bytesPerCard: number;
  /** The kernel build that computed the result. */
  readonly kernels: KernelVariant;
  /** True when plain typed arrays were copied into kernel memory and back (see Topology.alloc for zero-copy). */
  readonly staged: boolean;
}
