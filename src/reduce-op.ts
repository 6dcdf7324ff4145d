/**
 * Reduction operators, as NCCL names them (ncclSum, ncclProd, ncclMax,
 * ncclMin, ncclAvg). `avg` is `sum / nSails` (the crate's ReduceOp::Avg).
 *
 * `max`/`min` follow `Math.max`/`Math.min` element by element exactly: a NaN
 * on any card makes the result NaN, and −0 < +0.
 */
import { invalidArgumentError } from './errors.js';

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'avg';

/** Every supported op, in a stable order. */
export const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min', 'avg'];

/** Throws INVALID_ARGUMENT unless `op` is one of REDUCE_OPS. */
export function assertReduceOp(op: unknown): asserts op is ReduceOp {
  if (typeof op !== 'string' || !(REDUCE_OPS as readonly string[]).includes(op)) {
    throw invalidArgumentError('op', `unknown reduction op ${JSON.stringify(op)} (supported: ${REDUCE_OPS.join(', ')})`, String(op));
  }
}
