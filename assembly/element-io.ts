// Loading elements into accumulator vectors and storing them back, for every
// element format (narrow-float.ts).
//
// A block is what one step of a kernel's block loop holds per card:
//   NATIVE types: 64 bytes, four accumulator vectors of the type's own lanes;
//   narrow floats: 8 elements (16 bytes of f16/bf16, 8 of fp8), two f32x4
//   accumulators, widened from one load and narrowed into one store.
// Two accumulators suffice for the narrow floats: their steps are long (widen,
// combine, round), so a block is already dozens of independent instructions.
//
// `k` picks an accumulator of the block; offsets are spelt out per k because
// a load's offset must be a literal to be folded into the instruction. Every
// helper is `@inline` with constant fmt and k.

import { NATIVE, isByteFormat, narrowS, narrowV, widenS, widenV } from "./narrow-float";

/** Accumulator vectors in a block. */
@inline
export function blockVectors(fmt: i32): i32 {
  return fmt == NATIVE ? 4 : 2;
}

/** Bytes of a block. */
@inline
export function blockBytes<T>(fmt: i32): usize {
  return fmt == NATIVE ? 64 : <usize>sizeof<T>() * 8;
}

/** Accumulator vector `k` of the block at `p`. */
@inline
export function loadV<T>(fmt: i32, p: usize, k: i32): v128 {
  if (fmt == NATIVE) {
    if (k == 0) return v128.load(p, 0);
    if (k == 1) return v128.load(p, 16);
    if (k == 2) return v128.load(p, 32);
    return v128.load(p, 48);
  }
  // Eight codes in 16-bit lanes (fp8 codes << 8: interleaved with zero bytes).
  // Both halves of a block read the same load; V8 and Binaryen share it.
  const codes = isByteFormat(fmt)
    ? i8x16.shuffle(i32x4.splat(0), v128.load64_zero(p), 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23)
    : v128.load(p);
  return widenV(fmt, codes, k);
}

/**
 * A narrow float block's two accumulators as it will be stored: eight codes
 * packed into 16-bit lanes (f16, bf16) or into the low 8 bytes (fp8). The
 * saturating narrowings never saturate: every code fits.
 */
@inline
export function packV(fmt: i32, a0: v128, a1: v128): v128 {
  const codes = i16x8.narrow_i32x4_u(narrowV(fmt, a0), narrowV(fmt, a1));
  return isByteFormat(fmt) ? i8x16.narrow_i16x8_u(codes, codes) : codes;
}

/** Store a narrow float block packed by `packV` at `q`. */
@inline
export function storePackedV(fmt: i32, q: usize, packed: v128): void {
  if (isByteFormat(fmt)) v128.store64_lane(q, packed, 0);
  else v128.store(q, packed);
}

/** Store native accumulator vector `k` of a block at `q`. */
@inline
export function storeV(q: usize, k: i32, acc: v128): void {
  if (k == 0) v128.store(q, acc, 0);
  else if (k == 1) v128.store(q, acc, 16);
  else if (k == 2) v128.store(q, acc, 32);
  else v128.store(q, acc, 48);
}

/** One element at `p` as a scalar accumulator of type A (T itself, or f32 for a narrow float). */
@inline
export function loadS<T, A>(fmt: i32, p: usize): A {
  if (fmt == NATIVE) return <A>load<T>(p);
  return <A>widenS(fmt, <u32>load<T>(p));
}

/** A scalar accumulator as the element it stores. */
@inline
export function packS<T, A>(fmt: i32, a: A): T {
  if (fmt == NATIVE) return <T>a;
  return <T>narrowS(fmt, <f32>a);
}
