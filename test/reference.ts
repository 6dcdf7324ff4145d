// An independent scalar reference for the reduce kernels, in plain JS, in the
// canonical order (card 0, then 1, …, n−1 per element: the crate's card-outer
// loop), plus the comparison the tests use.
//
// f32 arithmetic is emulated with Math.fround after each f64 operation. For
// +, ×, ÷ this equals the correctly rounded f32 result: double rounding
// through f64 is innocuous because 53 ≥ 2·24 + 2 (Figueroa, "When is double
// rounding innocuous?", 1995).
import type { DType, ReduceOp, TypedArrayFor } from '../src/index.js';

type Step = (acc: number, x: number) => number;

function stepFor(op: ReduceOp, dtype: DType): Step {
  const round = dtype === 'f32' ? Math.fround : dtype === 'i32' ? (v: number) => v | 0 : (v: number) => v;
  switch (op) {
    case 'sum':
    case 'avg':
      return (a, x) => round(a + x);
    case 'prod':
      return dtype === 'i32' ? (a, x) => Math.imul(a, x) : (a, x) => round(a * x);
    case 'max':
      return (a, x) => Math.max(a, x);
    case 'min':
      return (a, x) => Math.min(a, x);
  }
}

function finish(op: ReduceOp, dtype: DType, acc: number, n: number): number {
  if (op !== 'avg') return acc;
  if (dtype === 'i32') return Math.trunc(acc / n);
  return dtype === 'f32' ? Math.fround(acc / n) : acc / n;
}

/** The reduction of `cards` element by element, in card order 0..n−1. */
export function referenceReduce(op: ReduceOp, dtype: DType, cards: ArrayLike<number>[]): number[] {
  const n = cards.length;
  const length = cards[0]?.length ?? 0;
  const step = stepFor(op, dtype);
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    let acc = cards[0]![i]!;
    for (let c = 1; c < n; c++) acc = step(acc, cards[c]![i]!);
    out.push(finish(op, dtype, acc, n));
  }
  return out;
}

/** Bit patterns of values stored as `dtype` (NaN collapsed to one key: payloads are not part of the contract). */
export function bitKeys(dtype: DType, values: ArrayLike<number>): string[] {
  const keys: string[] = [];
  const f32 = new Float32Array(1);
  const f32bits = new Uint32Array(f32.buffer);
  const f64 = new Float64Array(1);
  const f64bits = new BigUint64Array(f64.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) keys.push('NaN');
    else if (dtype === 'f32') { f32[0] = v; keys.push(f32bits[0]!.toString(16)); }
    else if (dtype === 'f64') { f64[0] = v; keys.push(f64bits[0]!.toString(16)); }
    else keys.push(String(v | 0));
  }
  return keys;
}

/** Indices where `actual` and `expected` differ bit for bit (NaN equals NaN). */
export function mismatches(dtype: DType, actual: ArrayLike<number>, expected: ArrayLike<number>): number[] {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  const a = bitKeys(dtype, actual);
  const e = bitKeys(dtype, expected);
  const wrong: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== e[i]) wrong.push(i);
  return wrong;
}

export const ARRAY_OF = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
} as const;

/** A typed array of `dtype` holding `values` (rounded as the dtype stores them). */
export function arrayOf<D extends DType>(dtype: D, values: ArrayLike<number>): TypedArrayFor<D> {
  const array = new (ARRAY_OF[dtype])(values.length) as TypedArrayFor<D>;
  for (let i = 0; i < values.length; i++) array[i] = values[i]!;
  return array;
}

/** A deterministic pseudo-random generator (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Values that make reduction order visible: mixed signs and magnitudes for
 * floats (so a different summation order rounds differently), full-range
 * integers for i32 (so sums and products wrap).
 */
export function orderSensitiveValue(dtype: DType, random: () => number): number {
  if (dtype === 'i32') return (random() * 4294967296) | 0;
  const magnitude = 2 ** Math.floor(random() * 40 - 20);
  return (random() - 0.5) * magnitude;
}
