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
 * first, an f16 scalar to f16, …), and each product is rounded to the dtype
 * before it is added (no fused multiply-add).
 * For integer dtypes the scalars must be integers the dtype holds (a u8
 * scalar 0..255, an i64 one a safe integer), and the products wrap like the
 * dtype's typed array (`Math.imul` for i32).
 */
import { isIntegerDType, isNarrowFloat, type DType } from './dtype.js';
import { bitsToFloat, floatToBits } from './narrow-float.js';
import { didYouMean } from './did-you-mean.js';
import { argumentThrewError, describeKind, invalidArgumentError, type SpankerError } from './errors.js';

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
  /**
   * PreMulSum's scalars as the dtype's `scale_<dtype>` kernel takes them
   * (set by `checkReduction`): rounded to the dtype for the narrow floats, a
   * bigint for i64 and u64.
   */
  readonly kernelScalars?: readonly (number | bigint)[];
}

const NAMED: ReadonlyMap<string, ResolvedReduction> = new Map(REDUCE_OPS.map((op) => [op, Object.freeze({ name: op, kernelOp: op })]));

function unknownOp(op: unknown): SpankerError {
  const given = typeof op === 'string' ? `unknown reduction op '${op}'${didYouMean(op, REDUCE_OPS)}` : `expected an op name or preMulSum(scalar), got ${describeKind(op)}`;
  return invalidArgumentError('op', `${given} (supported: ${REDUCE_OPS.join(', ')}, or preMulSum(scalar))`, op);
}

/** Throws INVALID_ARGUMENT unless `op` is one of REDUCE_OPS. */
export function assertReduceOp(op: unknown): asserts op is ReduceOp {
  if (typeof op !== 'string' || !NAMED.has(op)) throw unknownOp(op);
}

/**
 * Read a Reduction from the user exactly once, into plain data: a built-in
 * op's name, or PreMulSum's scalars — `op.op` and `op.scalar` read once each,
 * a scalar array by index (its `length` once, then each index once: no
 * iterator, no array method of the user's runs), holes and non-numbers
 * rejected. The dtype-dependent check is `resolveReduction`'s.
 */
export function readReduction(op: unknown, nSails: number): ResolvedReduction {
  if (typeof op === 'string') {
    const named = NAMED.get(op);
    if (named === undefined) throw unknownOp(op);
    return named;
  }
  if (typeof op !== 'object' || op === null) throw unknownOp(op);
  const kind = readProperty(op, 'op', 'op.op');
  if (kind !== 'premulsum') {
    throw invalidArgumentError('op', `an op object must be preMulSum(scalar) ({ op: 'premulsum', scalar }), got op.op = ${describeKind(kind)}`, kind);
  }
  const scalar = readProperty(op, 'scalar', 'op.scalar');
  let scalars: number[];
  if (typeof scalar === 'number') {
    scalars = new Array<number>(nSails).fill(scalar);
  } else if (isArray(scalar)) {
    const length = readProperty(scalar, 'length', 'op.scalar.length');
    if (length !== nSails) {
      throw invalidArgumentError('op.scalar', `expected ${nSails} scalars (one per card), got ${typeof length === 'number' ? length : describeKind(length)}`, length);
    }
    scalars = new Array<number>(nSails);
    for (let c = 0; c < nSails; c++) scalars[c] = readProperty(scalar, c, `op.scalar[${c}]`) as number;
  } else {
    throw invalidArgumentError('op.scalar', `expected a number or an array of numbers (one per card), got ${describeKind(scalar)}`, scalar);
  }
  for (let c = 0; c < nSails; c++) {
    const s: unknown = scalars[c];
    if (typeof s !== 'number' || !Number.isFinite(s)) {
      throw invalidArgumentError(`op.scalar[${c}]`, `expected a finite number, got ${describeKind(s)}${s === undefined ? ' (a hole?)' : ''}`, s);
    }
  }
  return { name: 'premulsum', kernelOp: 'sum', scalars };
}

/** The range of scalars each integer dtype holds. */
const INTEGER_RANGE: Partial<Record<DType, readonly [number, number]>> = {
  i8: [-128, 127], u8: [0, 255], i32: [-(2 ** 31), 2 ** 31 - 1], u32: [0, 2 ** 32 - 1],
  i64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], u64: [0, Number.MAX_SAFE_INTEGER],
};

/** PreMulSum's scalar `s` as the `scale_<dtype>` kernel takes it. */
function kernelScalar(dtype: DType, s: number): number | bigint {
  if (dtype === 'i64' || dtype === 'u64') return BigInt(s);
  if (isNarrowFloat(dtype)) return bitsToFloat(dtype, floatToBits(dtype, s));
  return s; // f32 is rounded by the call into wasm; integers are in range
}

/**
 * Check a reduction read by `readReduction` against the buffers' dtype
 * (integer dtypes need integer scalars they can hold) and return it, with
 * the scalars in the form the kernels take.
 */
export function checkReduction(reduction: ResolvedReduction, dtype: DType): ResolvedReduction {
  if (reduction.scalars === undefined) return reduction;
  const range = INTEGER_RANGE[dtype];
  if (isIntegerDType(dtype) && range !== undefined) {
    reduction.scalars.forEach((s, c) => {
      if (!Number.isInteger(s) || s < range[0] || s > range[1]) {
        throw invalidArgumentError(`op.scalar[${c}]`, `${dtype} PreMulSum needs integer scalars ${range[0]}..${range[1]} (the dtype's range), got ${s}`, s);
      }
    });
  }
  return { ...reduction, kernelScalars: reduction.scalars.map((s) => kernelScalar(dtype, s)) };
}

/** Validate a Reduction for `nSails` cards of `dtype` (readReduction, then checkReduction). */
export function resolveReduction(op: unknown, nSails: number, dtype: DType): ResolvedReduction {
  return checkReduction(readReduction(op, nSails), dtype);
}

function readProperty(object: object, key: PropertyKey, argument: string): unknown {
  try {
    return (object as Record<PropertyKey, unknown>)[key];
  } catch (cause) {
    throw argumentThrewError(argument, cause);
  }
}

function isArray(value: unknown): value is object {
  try {
    return Array.isArray(value);
  } catch (cause) {
    throw argumentThrewError('op.scalar', cause);
  }
}
