// Pairwise kernels for executing a schedule on real data ("schedule
// numerics"): combine one incoming slice into a card's slice, scale a slice
// (PreMulSum), and finish an average. Same lane steps as the reduce kernel
// (ops.ts), so a pairwise combine rounds exactly like one step of it.
// Signature shape: (out, in, count[, scalar]); count in elements; slices may
// start anywhere (V8 ignores alignment; unaligned v128 access is just slower).

import { OP_SUM, OP_PROD, OP_MAX, OP_MIN, OP_AVG, enterV, combineV, leaveV, combineS, finishS } from "./ops";

/** dst[i] ← dst[i] ∘ src[i] for i < count. */
@inline
function combineInto<T>(op: i32, dst: usize, src: usize, count: usize): void {
  const bytes = count * sizeof<T>();
  let off: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const vecEnd = bytes & ~15;
    for (; off < vecEnd; off += 16) {
      const a = enterV<T>(op, v128.load(dst + off));
      const x = enterV<T>(op, v128.load(src + off));
      // leaveV with n = 1 only undoes the max negation (no op here is avg).
      v128.store(dst + off, leaveV<T>(op, combineV<T>(op, a, x), 1));
    }
  }
  for (; off < bytes; off += sizeof<T>()) {
    store<T>(dst + off, combineS<T>(op, load<T>(dst + off), load<T>(src + off)));
  }
}

/** dst[i] ← src[i] · factor (PreMulSum's pre-multiplication; i32 wraps). */
@inline
function scaleInto<T>(dst: usize, src: usize, count: usize, factor: T): void {
  const bytes = count * sizeof<T>();
  let off: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const f = v128.splat<T>(factor);
    const vecEnd = bytes & ~15;
    for (; off < vecEnd; off += 16) v128.store(dst + off, v128.mul<T>(v128.load(src + off), f));
  }
  for (; off < bytes; off += sizeof<T>()) store<T>(dst + off, load<T>(src + off) * factor);
}

/** dst[i] ← dst[i] / n, as the reduce kernel's avg does (i32 truncates toward zero). */
@inline
function divideBy<T>(dst: usize, count: usize, n: i32): void {
  const bytes = count * sizeof<T>();
  let off: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const vecEnd = bytes & ~15;
    for (; off < vecEnd; off += 16) v128.store(dst + off, leaveV<T>(OP_AVG, v128.load(dst + off), n));
  }
  for (; off < bytes; off += sizeof<T>()) store<T>(dst + off, finishS<T>(OP_AVG, load<T>(dst + off), n));
}

export function combine_sum_f32(dst: usize, src: usize, count: usize): void { combineInto<f32>(OP_SUM, dst, src, count); }
export function combine_prod_f32(dst: usize, src: usize, count: usize): void { combineInto<f32>(OP_PROD, dst, src, count); }
export function combine_max_f32(dst: usize, src: usize, count: usize): void { combineInto<f32>(OP_MAX, dst, src, count); }
export function combine_min_f32(dst: usize, src: usize, count: usize): void { combineInto<f32>(OP_MIN, dst, src, count); }
export function combine_sum_f64(dst: usize, src: usize, count: usize): void { combineInto<f64>(OP_SUM, dst, src, count); }
export function combine_prod_f64(dst: usize, src: usize, count: usize): void { combineInto<f64>(OP_PROD, dst, src, count); }
export function combine_max_f64(dst: usize, src: usize, count: usize): void { combineInto<f64>(OP_MAX, dst, src, count); }
export function combine_min_f64(dst: usize, src: usize, count: usize): void { combineInto<f64>(OP_MIN, dst, src, count); }
export function combine_sum_i32(dst: usize, src: usize, count: usize): void { combineInto<i32>(OP_SUM, dst, src, count); }
export function combine_prod_i32(dst: usize, src: usize, count: usize): void { combineInto<i32>(OP_PROD, dst, src, count); }
export function combine_max_i32(dst: usize, src: usize, count: usize): void { combineInto<i32>(OP_MAX, dst, src, count); }
export function combine_min_i32(dst: usize, src: usize, count: usize): void { combineInto<i32>(OP_MIN, dst, src, count); }

export function scale_f32(dst: usize, src: usize, count: usize, factor: f32): void { scaleInto<f32>(dst, src, count, factor); }
export function scale_f64(dst: usize, src: usize, count: usize, factor: f64): void { scaleInto<f64>(dst, src, count, factor); }
export function scale_i32(dst: usize, src: usize, count: usize, factor: i32): void { scaleInto<i32>(dst, src, count, factor); }

export function divide_f32(dst: usize, count: usize, n: i32): void { divideBy<f32>(dst, count, n); }
export function divide_f64(dst: usize, count: usize, n: i32): void { divideBy<f64>(dst, count, n); }
export function divide_i32(dst: usize, count: usize, n: i32): void { divideBy<i32>(dst, count, n); }
