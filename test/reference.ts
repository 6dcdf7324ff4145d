// An independent scalar reference for the reduce kernels, in plain JS, in the
// canonical order (card 0, then 1, …, n−1 per element: the crate's card-outer
// loop), for every dtype, plus the comparison the tests use.
//
// Elements are handled as stored: numbers for f32, f64 and the 32- and 8-bit
// integers, bigints for i64 and u64, and the codes (bits) for the narrow
// floats, whose arithmetic decodes, computes in f32 and rounds once with
// test/narrow-float-reference.ts.
//
// f32 arithmetic is emulated with Math.fround after each f64 operation. For
// +, ×, ÷ this equals the correctly rounded f32 result: double rounding
// through f64 is innocuous because 53 ≥ 2·24 + 2 (Figueroa, "When is double
// rounding innocuous?", 1995).
import type { DType, ReduceOp, TypedArrayFor } from '../src/index.js';
import type { NarrowFloat } from '../src/dtype.js';
import { decode, encode, encodeF32 } from './narrow-float-reference.js';

/** One element as stored: a number, a bigint (i64, u64) or a code (narrow floats). */
export type Element = number | bigint;

type Step = (acc: Element, x: Element) => Element;

const NARROW: ReadonlySet<DType> = new Set(['f16', 'bf16', 'f8e4m3', 'f8e5m2']);
const BIG: ReadonlySet<DType> = new Set(['i64', 'u64']);

/** Whether a dtype is stored as codes of a narrow float. */
export function isNarrow(dtype: DType): dtype is NarrowFloat {
  return NARROW.has(dtype);
}

/** Whether a dtype's elements are bigints. */
export function isBig(dtype: DType): boolean {
  return BIG.has(dtype);
}

/** Wrap an integer value (a number, exact) as the 32- or 8-bit integer dtype stores it. */
function wrap(dtype: DType, v: number): number {
  switch (dtype) {
    case 'i32': return v | 0;
    case 'u32': return v >>> 0;
    case 'i8': return (v << 24) >> 24;
    case 'u8': return v & 0xff;
    default: return v;
  }
}

function wrapBig(dtype: DType, v: bigint): bigint {
  return dtype === 'i64' ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v);
}

/**
 * A number as `dtype` stores it: rounded (f32, narrow floats: to nearest,
 * once, from the double), wrapped (integers, after truncating a fraction),
 * or a bigint (i64, u64).
 */
export function storeAs(dtype: DType, v: number): Element {
  if (dtype === 'f32') return Math.fround(v);
  if (dtype === 'f64') return v;
  if (isNarrow(dtype)) return encode(dtype, v);
  if (isBig(dtype)) return wrapBig(dtype, BigInt(Math.trunc(v)));
  return wrap(dtype, Math.trunc(v));
}

/** The number an element stands for (bigints converted, codes decoded). */
export function valueOf(dtype: DType, e: Element): number {
  if (typeof e === 'bigint') return Number(e);
  return isNarrow(dtype) ? decode(dtype, e) : e;
}

/** One step `acc ∘ x` of `op` on stored elements. */
export function stepFor(op: ReduceOp, dtype: DType): Step {
  if (isNarrow(dtype)) {
    const f = dtype;
    // Compute in f32 (Math.fround of the exact f64 result; Figueroa above), round once to the format.
    const value = (e: Element) => decode(f, e as number);
    switch (op) {
      case 'sum': case 'avg': return (a, x) => encodeF32(f, value(a) + value(x));
      case 'prod': return (a, x) => encodeF32(f, value(a) * value(x));
      case 'max': return (a, x) => encodeF32(f, Math.max(value(a), value(x)));
      case 'min': return (a, x) => encodeF32(f, Math.min(value(a), value(x)));
    }
  }
  if (isBig(dtype)) {
    const w = (v: bigint) => wrapBig(dtype, v);
    switch (op) {
      case 'sum': case 'avg': return (a, x) => w((a as bigint) + (x as bigint));
      case 'prod': return (a, x) => w((a as bigint) * (x as bigint));
      case 'max': return (a, x) => ((a as bigint) >= (x as bigint) ? a : x);
      case 'min': return (a, x) => ((a as bigint) <= (x as bigint) ? a : x);
    }
  }
  const round = dtype === 'f32' ? Math.fround : dtype === 'f64' ? (v: number) => v : (v: number) => wrap(dtype, v);
  switch (op) {
    case 'sum':
    case 'avg':
      return (a, x) => round((a as number) + (x as number));
    case 'prod':
      // Integer products wrap modulo 2^32 (Math.imul), and modulo 2^8 by wrapping that.
      return dtype === 'f32' || dtype === 'f64' ? (a, x) => round((a as number) * (x as number)) : (a, x) => wrap(dtype, Math.imul(a as number, x as number));
    case 'max':
      return (a, x) => Math.max(a as number, x as number);
    case 'min':
      return (a, x) => Math.min(a as number, x as number);
  }
}

/** The last step of `op` over n cards: avg divides (integers truncate toward zero). Max/min of a narrow float also canonicalise a single card's NaN. */
export function finish(op: ReduceOp, dtype: DType, acc: Element, n: number): Element {
  if (isNarrow(dtype)) {
    // Every element a reduction stores is rounded once more (a no-op but for NaN codes, which become the quiet NaN).
    const v = decode(dtype, acc as number);
    return encodeF32(dtype, op === 'avg' ? v / n : v);
  }
  if (op !== 'avg') return acc;
  if (isBig(dtype)) return (acc as bigint) / BigInt(n);
  if (dtype === 'f32') return Math.fround((acc as number) / n);
  if (dtype === 'f64') return (acc as number) / n;
  return Math.trunc((acc as number) / n);
}

/** The reduction of `cards` element by element, in card order 0..n−1. */
export function referenceReduce(op: ReduceOp, dtype: DType, cards: ArrayLike<Element>[]): Element[] {
  const n = cards.length;
  const length = cards[0]?.length ?? 0;
  const step = stepFor(op, dtype);
  const out: Element[] = [];
  for (let i = 0; i < length; i++) {
    let acc = cards[0]![i]!;
    for (let c = 1; c < n; c++) acc = step(acc, cards[c]![i]!);
    out.push(finish(op, dtype, acc, n));
  }
  return out;
}

/** Bit patterns of elements stored as `dtype` (f32/f64 NaN collapsed to one key: their payloads are not part of the contract). */
export function bitKeys(dtype: DType, values: ArrayLike<Element>): string[] {
  const keys: string[] = [];
  const f32 = new Float32Array(1);
  const f32bits = new Uint32Array(f32.buffer);
  const f64 = new Float64Array(1);
  const f64bits = new BigUint64Array(f64.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v === 'bigint') keys.push(v.toString());
    else if (dtype !== 'f32' && dtype !== 'f64') keys.push(String(v));
    else if (Number.isNaN(v)) keys.push('NaN');
    else if (dtype === 'f32') { f32[0] = v; keys.push(f32bits[0]!.toString(16)); }
    else { f64[0] = v; keys.push(f64bits[0]!.toString(16)); }
  }
  return keys;
}

/** Indices where `actual` and `expected` differ bit for bit (f32/f64: NaN equals NaN). */
export function mismatches(dtype: DType, actual: ArrayLike<Element>, expected: ArrayLike<Element>): number[] {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  const a = bitKeys(dtype, actual);
  const e = bitKeys(dtype, expected);
  const wrong: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== e[i]) wrong.push(i);
  return wrong;
}

/** The typed array each dtype is stored in. */
export const ARRAY_OF = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
  f16: Uint16Array,
  bf16: Uint16Array,
  f8e4m3: Uint8Array,
  f8e5m2: Uint8Array,
  i8: Int8Array,
  u8: Uint8Array,
  u32: Uint32Array,
  i64: BigInt64Array,
  u64: BigUint64Array,
} as const;

/** A typed array of `dtype` holding stored elements `values`. */
export function arrayOf<D extends DType>(dtype: D, values: ArrayLike<Element>): TypedArrayFor<D> {
  const array = new (ARRAY_OF[dtype] as unknown as new (n: number) => TypedArrayFor<D>)(values.length);
  const writable = array as unknown as Element[];
  for (let i = 0; i < values.length; i++) writable[i] = values[i]!;
  return array;
}

/** A typed array of `dtype` viewing `length` elements of `buffer` at `byteOffset` (no copy). */
export function viewElements(dtype: DType, buffer: ArrayBufferLike, byteOffset: number, length: number): ArrayLike<Element> {
  return new (ARRAY_OF[dtype] as unknown as new (b: ArrayBufferLike, o: number, n: number) => ArrayLike<Element>)(buffer, byteOffset, length);
}

/** The elements of a typed array (of any dtype) as a plain list. */
export function elementsOf(array: unknown): Element[] {
  return Array.from(array as ArrayLike<Element>);
}

/** `target.set(values)` for a typed array of any dtype (TypeScript cannot call `set` on the union). */
export function setElements(target: unknown, values: ArrayLike<Element> | ArrayBufferView, offset = 0): void {
  (target as { set(v: unknown, o?: number): void }).set(values, offset);
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
 * Stored elements that make reduction order visible: mixed signs and
 * magnitudes for floats (so a different summation order rounds differently;
 * narrow floats within their range), full-range integers (so sums and
 * products wrap).
 */
export function orderSensitiveValue(dtype: DType, random: () => number): Element {
  switch (dtype) {
    case 'i32': case 'u32': case 'i8': case 'u8': return wrap(dtype, (random() * 4294967296) | 0);
    case 'i64': case 'u64': return wrapBig(dtype, (BigInt((random() * 4294967296) >>> 0) << 32n) | BigInt((random() * 4294967296) >>> 0));
    default: break;
  }
  const span = dtype === 'f8e4m3' || dtype === 'f8e5m2' ? 8 : dtype === 'f16' ? 20 : 40;
  const magnitude = 2 ** Math.floor(random() * span - span / 2);
  return storeAs(dtype, (random() - 0.5) * magnitude);
}
