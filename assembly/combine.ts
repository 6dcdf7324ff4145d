// Pairwise kernels for executing a schedule on real data ("schedule
// numerics"): combine one incoming slice into a card's slice, scale a slice
// (PreMulSum), and finish an average. Same lane steps as the reduce kernel
// (ops.ts) and the same loads and stores (element-io.ts), so a pairwise
// combine rounds exactly like one step of it.
// Signature shape: (out, in, count[, scalar]); count in elements; slices may
// start anywhere (V8 ignores alignment; unaligned v128 access is just slower).

import { OP_SUM, OP_PROD, OP_MAX, OP_MIN, OP_AVG, enterV, combineV, leaveV, combineS, finishS, mulV } from "./ops";
import { NATIVE, F16, BF16, E4M3, E5M2, roundS, roundV } from "./narrow-float";
import { blockBytes, loadV, packV, storePackedV, loadS, packS } from "./element-io";

// Each kernel's SIMD loop takes one 16-byte vector of a native type, or one
// block of 8 elements of a narrow float (two f32x4, element-io.ts), at a time.

/** dst[i] ← dst[i] ∘ src[i] for i < count. */
@inline
function combineInto<T, A>(fmt: i32, op: i32, dst: usize, src: usize, count: usize): void {
  const bytes = count * sizeof<T>();
  let off: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const step: usize = fmt == NATIVE ? 16 : blockBytes<T>(fmt);
    const end = bytes & ~(step - 1);
    for (; off < end; off += step) {
      // leaveV with n = 1 only undoes the max negation (no op here is avg).
      const a0 = leaveV<T>(fmt, op, combineV<T>(fmt, op, enterV<T>(fmt, op, loadV<T>(fmt, dst + off, 0)), enterV<T>(fmt, op, loadV<T>(fmt, src + off, 0))), 1);
      if (fmt == NATIVE) {
        v128.store(dst + off, a0);
      } else {
        const a1 = leaveV<T>(fmt, op, combineV<T>(fmt, op, enterV<T>(fmt, op, loadV<T>(fmt, dst + off, 1)), enterV<T>(fmt, op, loadV<T>(fmt, src + off, 1))), 1);
        storePackedV(fmt, dst + off, packV(fmt, a0, a1));
      }
    }
  }
  for (; off < bytes; off += sizeof<T>()) {
    store<T>(dst + off, packS<T, A>(fmt, combineS<A>(fmt, op, loadS<T, A>(fmt, dst + off), loadS<T, A>(fmt, src + off))));
  }
}

/**
 * dst[i] ← src[i] · factor (PreMulSum's pre-multiplication; integers wrap).
 * A narrow float's factor arrives already rounded to the format, and each
 * product is rounded once.
 */
@inline
function scaleInto<T, A>(fmt: i32, dst: usize, src: usize, count: usize, factor: A): void {
  const bytes = count * sizeof<T>();
  let off: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const f = v128.splat<A>(factor);
    const step: usize = fmt == NATIVE ? 16 : blockBytes<T>(fmt);
    const end = bytes & ~(step - 1);
    for (; off < end; off += step) {
      if (fmt == NATIVE) {
        v128.store(dst + off, mulV<T>(v128.load(src + off), f));
      } else {
        const p0 = roundV(fmt, f32x4.mul(loadV<T>(fmt, src + off, 0), f));
        const p1 = roundV(fmt, f32x4.mul(loadV<T>(fmt, src + off, 1), f));
        storePackedV(fmt, dst + off, packV(fmt, p0, p1));
      }
    }
  }
  for (; off < bytes; off += sizeof<T>()) {
    const product: A = loadS<T, A>(fmt, src + off) * factor;
    store<T>(dst + off, packS<T, A>(fmt, fmt == NATIVE ? product : <A>roundS(fmt, <f32>product)));
  }
}

/** dst[i] ← dst[i] / n, as the reduce kernel's avg does (integers truncate toward zero). */
@inline
function divideBy<T, A>(fmt: i32, dst: usize, count: usize, n: i32): void {
  const bytes = count * sizeof<T>();
  let off: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const step: usize = fmt == NATIVE ? 16 : blockBytes<T>(fmt);
    const end = bytes & ~(step - 1);
    for (; off < end; off += step) {
      if (fmt == NATIVE) {
        v128.store(dst + off, leaveV<T>(fmt, OP_AVG, v128.load(dst + off), n));
      } else {
        const q0 = leaveV<T>(fmt, OP_AVG, loadV<T>(fmt, dst + off, 0), n);
        const q1 = leaveV<T>(fmt, OP_AVG, loadV<T>(fmt, dst + off, 1), n);
        storePackedV(fmt, dst + off, packV(fmt, q0, q1));
      }
    }
  }
  for (; off < bytes; off += sizeof<T>()) store<T>(dst + off, packS<T, A>(fmt, finishS<A>(fmt, OP_AVG, loadS<T, A>(fmt, dst + off), n)));
}

// Concrete exports per dtype: combine_<op>_<dtype>(dst, src, count),
// scale_<dtype>(dst, src, count, factor), divide_<dtype>(dst, count, n).

export function combine_sum_f32(dst: usize, src: usize, count: usize): void { combineInto<f32, f32>(NATIVE, OP_SUM, dst, src, count); }
export function combine_prod_f32(dst: usize, src: usize, count: usize): void { combineInto<f32, f32>(NATIVE, OP_PROD, dst, src, count); }
export function combine_max_f32(dst: usize, src: usize, count: usize): void { combineInto<f32, f32>(NATIVE, OP_MAX, dst, src, count); }
export function combine_min_f32(dst: usize, src: usize, count: usize): void { combineInto<f32, f32>(NATIVE, OP_MIN, dst, src, count); }
export function combine_sum_f64(dst: usize, src: usize, count: usize): void { combineInto<f64, f64>(NATIVE, OP_SUM, dst, src, count); }
export function combine_prod_f64(dst: usize, src: usize, count: usize): void { combineInto<f64, f64>(NATIVE, OP_PROD, dst, src, count); }
export function combine_max_f64(dst: usize, src: usize, count: usize): void { combineInto<f64, f64>(NATIVE, OP_MAX, dst, src, count); }
export function combine_min_f64(dst: usize, src: usize, count: usize): void { combineInto<f64, f64>(NATIVE, OP_MIN, dst, src, count); }
export function combine_sum_i32(dst: usize, src: usize, count: usize): void { combineInto<i32, i32>(NATIVE, OP_SUM, dst, src, count); }
export function combine_prod_i32(dst: usize, src: usize, count: usize): void { combineInto<i32, i32>(NATIVE, OP_PROD, dst, src, count); }
export function combine_max_i32(dst: usize, src: usize, count: usize): void { combineInto<i32, i32>(NATIVE, OP_MAX, dst, src, count); }
export function combine_min_i32(dst: usize, src: usize, count: usize): void { combineInto<i32, i32>(NATIVE, OP_MIN, dst, src, count); }
export function combine_sum_u32(dst: usize, src: usize, count: usize): void { combineInto<u32, u32>(NATIVE, OP_SUM, dst, src, count); }
export function combine_prod_u32(dst: usize, src: usize, count: usize): void { combineInto<u32, u32>(NATIVE, OP_PROD, dst, src, count); }
export function combine_max_u32(dst: usize, src: usize, count: usize): void { combineInto<u32, u32>(NATIVE, OP_MAX, dst, src, count); }
export function combine_min_u32(dst: usize, src: usize, count: usize): void { combineInto<u32, u32>(NATIVE, OP_MIN, dst, src, count); }
export function combine_sum_i8(dst: usize, src: usize, count: usize): void { combineInto<i8, i8>(NATIVE, OP_SUM, dst, src, count); }
export function combine_prod_i8(dst: usize, src: usize, count: usize): void { combineInto<i8, i8>(NATIVE, OP_PROD, dst, src, count); }
export function combine_max_i8(dst: usize, src: usize, count: usize): void { combineInto<i8, i8>(NATIVE, OP_MAX, dst, src, count); }
export function combine_min_i8(dst: usize, src: usize, count: usize): void { combineInto<i8, i8>(NATIVE, OP_MIN, dst, src, count); }
export function combine_sum_u8(dst: usize, src: usize, count: usize): void { combineInto<u8, u8>(NATIVE, OP_SUM, dst, src, count); }
export function combine_prod_u8(dst: usize, src: usize, count: usize): void { combineInto<u8, u8>(NATIVE, OP_PROD, dst, src, count); }
export function combine_max_u8(dst: usize, src: usize, count: usize): void { combineInto<u8, u8>(NATIVE, OP_MAX, dst, src, count); }
export function combine_min_u8(dst: usize, src: usize, count: usize): void { combineInto<u8, u8>(NATIVE, OP_MIN, dst, src, count); }
export function combine_sum_i64(dst: usize, src: usize, count: usize): void { combineInto<i64, i64>(NATIVE, OP_SUM, dst, src, count); }
export function combine_prod_i64(dst: usize, src: usize, count: usize): void { combineInto<i64, i64>(NATIVE, OP_PROD, dst, src, count); }
export function combine_max_i64(dst: usize, src: usize, count: usize): void { combineInto<i64, i64>(NATIVE, OP_MAX, dst, src, count); }
export function combine_min_i64(dst: usize, src: usize, count: usize): void { combineInto<i64, i64>(NATIVE, OP_MIN, dst, src, count); }
export function combine_sum_u64(dst: usize, src: usize, count: usize): void { combineInto<u64, u64>(NATIVE, OP_SUM, dst, src, count); }
export function combine_prod_u64(dst: usize, src: usize, count: usize): void { combineInto<u64, u64>(NATIVE, OP_PROD, dst, src, count); }
export function combine_max_u64(dst: usize, src: usize, count: usize): void { combineInto<u64, u64>(NATIVE, OP_MAX, dst, src, count); }
export function combine_min_u64(dst: usize, src: usize, count: usize): void { combineInto<u64, u64>(NATIVE, OP_MIN, dst, src, count); }
export function combine_sum_f16(dst: usize, src: usize, count: usize): void { combineInto<u16, f32>(F16, OP_SUM, dst, src, count); }
export function combine_prod_f16(dst: usize, src: usize, count: usize): void { combineInto<u16, f32>(F16, OP_PROD, dst, src, count); }
export function combine_max_f16(dst: usize, src: usize, count: usize): void { combineInto<u16, f32>(F16, OP_MAX, dst, src, count); }
export function combine_min_f16(dst: usize, src: usize, count: usize): void { combineInto<u16, f32>(F16, OP_MIN, dst, src, count); }
export function combine_sum_bf16(dst: usize, src: usize, count: usize): void { combineInto<u16, f32>(BF16, OP_SUM, dst, src, count); }
export function combine_prod_bf16(dst: usize, src: usize, count: usize): void { combineInto<u16, f32>(BF16, OP_PROD, dst, src, count); }
export function combine_max_bf16(dst: usize, src: usize, count: usize): void { combineInto<u16, f32>(BF16, OP_MAX, dst, src, count); }
export function combine_min_bf16(dst: usize, src: usize, count: usize): void { combineInto<u16, f32>(BF16, OP_MIN, dst, src, count); }
export function combine_sum_f8e4m3(dst: usize, src: usize, count: usize): void { combineInto<u8, f32>(E4M3, OP_SUM, dst, src, count); }
export function combine_prod_f8e4m3(dst: usize, src: usize, count: usize): void { combineInto<u8, f32>(E4M3, OP_PROD, dst, src, count); }
export function combine_max_f8e4m3(dst: usize, src: usize, count: usize): void { combineInto<u8, f32>(E4M3, OP_MAX, dst, src, count); }
export function combine_min_f8e4m3(dst: usize, src: usize, count: usize): void { combineInto<u8, f32>(E4M3, OP_MIN, dst, src, count); }
export function combine_sum_f8e5m2(dst: usize, src: usize, count: usize): void { combineInto<u8, f32>(E5M2, OP_SUM, dst, src, count); }
export function combine_prod_f8e5m2(dst: usize, src: usize, count: usize): void { combineInto<u8, f32>(E5M2, OP_PROD, dst, src, count); }
export function combine_max_f8e5m2(dst: usize, src: usize, count: usize): void { combineInto<u8, f32>(E5M2, OP_MAX, dst, src, count); }
export function combine_min_f8e5m2(dst: usize, src: usize, count: usize): void { combineInto<u8, f32>(E5M2, OP_MIN, dst, src, count); }

export function scale_f32(dst: usize, src: usize, count: usize, factor: f32): void { scaleInto<f32, f32>(NATIVE, dst, src, count, factor); }
export function scale_f64(dst: usize, src: usize, count: usize, factor: f64): void { scaleInto<f64, f64>(NATIVE, dst, src, count, factor); }
export function scale_i32(dst: usize, src: usize, count: usize, factor: i32): void { scaleInto<i32, i32>(NATIVE, dst, src, count, factor); }
export function scale_u32(dst: usize, src: usize, count: usize, factor: u32): void { scaleInto<u32, u32>(NATIVE, dst, src, count, factor); }
export function scale_i8(dst: usize, src: usize, count: usize, factor: i8): void { scaleInto<i8, i8>(NATIVE, dst, src, count, factor); }
export function scale_u8(dst: usize, src: usize, count: usize, factor: u8): void { scaleInto<u8, u8>(NATIVE, dst, src, count, factor); }
export function scale_i64(dst: usize, src: usize, count: usize, factor: i64): void { scaleInto<i64, i64>(NATIVE, dst, src, count, factor); }
export function scale_u64(dst: usize, src: usize, count: usize, factor: u64): void { scaleInto<u64, u64>(NATIVE, dst, src, count, factor); }
export function scale_f16(dst: usize, src: usize, count: usize, factor: f32): void { scaleInto<u16, f32>(F16, dst, src, count, factor); }
export function scale_bf16(dst: usize, src: usize, count: usize, factor: f32): void { scaleInto<u16, f32>(BF16, dst, src, count, factor); }
export function scale_f8e4m3(dst: usize, src: usize, count: usize, factor: f32): void { scaleInto<u8, f32>(E4M3, dst, src, count, factor); }
export function scale_f8e5m2(dst: usize, src: usize, count: usize, factor: f32): void { scaleInto<u8, f32>(E5M2, dst, src, count, factor); }

export function divide_f32(dst: usize, count: usize, n: i32): void { divideBy<f32, f32>(NATIVE, dst, count, n); }
export function divide_f64(dst: usize, count: usize, n: i32): void { divideBy<f64, f64>(NATIVE, dst, count, n); }
export function divide_i32(dst: usize, count: usize, n: i32): void { divideBy<i32, i32>(NATIVE, dst, count, n); }
export function divide_u32(dst: usize, count: usize, n: i32): void { divideBy<u32, u32>(NATIVE, dst, count, n); }
export function divide_i8(dst: usize, count: usize, n: i32): void { divideBy<i8, i8>(NATIVE, dst, count, n); }
export function divide_u8(dst: usize, count: usize, n: i32): void { divideBy<u8, u8>(NATIVE, dst, count, n); }
export function divide_i64(dst: usize, count: usize, n: i32): void { divideBy<i64, i64>(NATIVE, dst, count, n); }
export function divide_u64(dst: usize, count: usize, n: i32): void { divideBy<u64, u64>(NATIVE, dst, count, n); }
export function divide_f16(dst: usize, count: usize, n: i32): void { divideBy<u16, f32>(F16, dst, count, n); }
export function divide_bf16(dst: usize, count: usize, n: i32): void { divideBy<u16, f32>(BF16, dst, count, n); }
export function divide_f8e4m3(dst: usize, count: usize, n: i32): void { divideBy<u8, f32>(E4M3, dst, count, n); }
export function divide_f8e5m2(dst: usize, count: usize, n: i32): void { divideBy<u8, f32>(E5M2, dst, count, n); }
