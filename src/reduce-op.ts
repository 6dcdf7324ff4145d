/**
 * Reduction operators, as NCCL names them (ncclSum, ncclProd, ncclMax,
 * ncclMin, ncclAvg, and ncclRedOpCreatePreMulSum). `avg` is `sum / nSails`
 * (the crate's ReduceOp::Avg).
 *
 * `max`/`min` follow `Math.max`/`Math.min` element by element exactly: a NaN
 * on any card makes the result NaN, and −0 < +0.
 *
 * PreMulSum multiplies each card's input by a scalar — one for all cards, or
 * one per card — and sums: Σ_c x_c·s_c, in the canonical card order. As in
 * NCCL the scalar has the buffer's type (an f32 scalar is rounded to f32
 * first), and each product is rounded to the dtype before it is added (no
 * fused multiply-add).
 * For `i32` the scalars must be integers and the products wrap like Math.imul.
 */
import type { DType } from './dtype.js';
import { invalidArgumentError } from './errors.js';

/** A built-in reduction: `avg` is the sum divided by the card count (truncating toward zero for i32). */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'avg';

/** Every built-in op, in a stable order. */
export const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min', 'avg'];

/** NCCL's PreMulSum: multiply card c's input by `scalar` (or `scalar[c]`), then sum. */
export interface PreMulSum {
  /** Tells it apart from the built-in ops. */
  readonly op: 'premulsum';
  /** One scalar for every card, or one per card (index = card). */
  readonly scalar: number | readonly number[];
}

/** What a reducing collective accepts as its op. */
export type Reduction = ReduceOp | PreMulSum;

/** The name reports use for an op. */
export type ReductionName = ReduceOp | 'premulsum';

/** Build a PreMulSum op (ncclRedOpCreatePreMulSum). */
export function preMulSum(scalar: number | readonly number[]): PreMulSum {
  return { op: 'premulsum', scalar };
}

/** A checked reduction: the op the kernels run, and per-card scalars for PreMulSum. */
export interface ResolvedReduction {
  readonly name: ReductionName;
  /** The kernel op: `sum` for PreMulSum. */
  readonly kernelOp: ReduceOp;
  /** PreMulSum's scalar for each card. */
  readonly scalars?: readonly number[];
}

/** Throws INVALID_ARGUMENT unless `op` is one of REDUCE_OPS. */
export function assertReduceOp(op: unknown): asserts op is ReduceOp {
  if (typeof op !== 'string' || !(REDUCE_OPS as readonly string[]).includes(op)) {
    throw invalidArgumentError('op', `unknown reduction op ${JSON.stringify(op)} (supported: ${REDUCE_OPS.join(', ')}, or preMulSum(scalar))`, String(op));
  }
}

/** Validate a Reduction for `nSails` cards of `dtype`. */
export function resolveReduction(op: unknown, nSails: number, dtype: DType): ResolvedReduction {
  if (typeof op === 'object' && op !== null && (op as { op?: unknown }).op === 'premulsum') {
    const { scalar } = op as PreMulSum;
    const scalars = typeof scalar === 'number' ? new Array<number>(nSails).fill(scalar) : Array.isArray(scalar) ? [...scalar] : undefined;
    if (scalars === undefined) throw invalidArgumentError('op.scalar', 'expected a number or an array of numbers, one per card');
    if (scalars.length !== nSails) throw invalidArgumentError('op.scalar', `expected ${nSails} scalars (one per card), got ${scalars.length}`, scalars.length);
    scalars.forEach((s, c) => {
      if (typeof s !== 'number' || !Number.isFinite(s)) throw invalidArgumentError(`op.scalar[${c}]`, `expected a finite number, got ${String(s)}`, String(s));
      if (dtype === 'i32' && !Number.isSafeInteger(s)) throw invalidArgumentError(`op.scalar[${c}]`, `i32 PreMulSum needs integer scalars, got ${s}`, s);
    });
    return { name: 'premulsum', kernelOp: 'sum', scalars };
  }
  assertReduceOp(op);
  return { name: op, kernelOp: op };
}
