// Reduce kernel family: element-wise reduction of `nIn` card slices, written to
// `nOut` output slices.
//
// Layout (card-contiguous, the original crate's buffer contract): input card c
// starts at `src + c·srcStride`, output slot k at `out + k·outStride`; strides
// are in bytes and non-zero multiples of 16 (also when nOut or nIn is 1: the
// loops are bounded by n·stride), so every card slice starts on the same
// 16-byte phase. nIn ≥ 1 and nOut ≥ 1. `count` is in elements. In-place all-reduce is
// `out = src, outStride = srcStride, nOut = nIn`; a rooted reduce is `nOut = 1`.
// Each block of inputs is read completely before any output is stored, so
// outputs may alias inputs at the same offsets.
//
// Reduction order contract: for every element, card 0, then 1, …, then nIn−1
// — exactly the crate's card-outer loop — so results are bit-identical to a
// scalar reference of that order (f32/f64 NaN payloads aside; the narrow
// floats store one quiet NaN per format, narrow-float.ts). Narrow floats
// (f16, bf16, e4m3, e5m2) accumulate in f32 lanes rounded to the format after
// every step, so each step is one correctly rounded operation of the format.
//
// Loop structure: the pass is element-outer, card-inner in blocks of four
// accumulator vectors (64 bytes of a native type: one cache line per card per
// step; 32 bytes of f16/bf16, 16 of fp8, widened to four f32x4), so every
// byte is loaded once and every output stored once: the same memory traffic
// as a single streaming copy. Then single vectors, then a scalar tail for
// lengths that are not a multiple of the vector width. A build without SIMD
// (ASC_FEATURE_SIMD false) compiles only the scalar loop, with identical
// results.
//
// Kernels trust their arguments: the TypeScript shell validates bounds,
// alignment and sizes before any call and never calls with nIn < 1.

import { OP_SUM, OP_PROD, OP_MAX, OP_MIN, OP_AVG, enterV, combineV, leaveV, combineS, finishS } from "./ops";
import { NATIVE, F16, BF16, E4M3, E5M2 } from "./narrow-float";
import { blockBytes, blockVectors, loadV, packV, storePackedV, storeV, loadS, packS } from "./element-io";

/**
 * The reduce kernel for elements stored as T in format `fmt`, accumulated as
 * A (T itself, or f32 for a narrow float) in the scalar tail.
 */
@inline
function reduceInto<T, A>(
  fmt: i32, op: i32,
  out: usize, outStride: usize, nOut: i32,
  src: usize, srcStride: usize, nIn: i32,
  count: usize,
): void {
  const bytes = count * sizeof<T>();
  // Byte spans of all inputs and all outputs. The card loops below run a
  // pointer to an end bound instead of counting cards: that drops a counter
  // and a compare from the hottest loop, worth ~30% when the data is in cache.
  //
  // The bound is tested with `!=`, never `<`: `p + span` is one stride past
  // the last card and is computed in 32 bits, so for slices that end at (or,
  // for a reduce-scatter block, within `bytes` of) the top of the 4 GiB
  // memory it wraps to a small number, and `p < pEnd` would be false before
  // the first card (issue 9: elements silently left unreduced). A pointer
  // stepped by `stride` from `p` meets `p + n·stride` after exactly n steps
  // in wrapping u32 arithmetic too, and every address actually loaded or
  // stored (p + k·stride for k < n) is a real, unwrapped address below 2³².
  const srcSpan = <usize>nIn * srcStride;
  const outSpan = <usize>nOut * outStride;
  let off: usize = 0;

  if (ASC_FEATURE_SIMD) {
    // Blocks (element-io.ts): four accumulators of a native type, two of a narrow float.
    const wide = blockVectors(fmt) == 4;
    const block = blockBytes<T>(fmt);
    const blockEnd = bytes & ~(block - 1);
    const unused = i32x4.splat(0);
    for (; off < blockEnd; off += block) {
      let p = src + off;
      const pEnd = p + srcSpan;
      let a0 = enterV<T>(fmt, op, loadV<T>(fmt, p, 0));
      let a1 = enterV<T>(fmt, op, loadV<T>(fmt, p, 1));
      let a2 = wide ? enterV<T>(fmt, op, loadV<T>(fmt, p, 2)) : unused;
      let a3 = wide ? enterV<T>(fmt, op, loadV<T>(fmt, p, 3)) : unused;
      for (p += srcStride; p != pEnd; p += srcStride) {
        a0 = combineV<T>(fmt, op, a0, enterV<T>(fmt, op, loadV<T>(fmt, p, 0)));
        a1 = combineV<T>(fmt, op, a1, enterV<T>(fmt, op, loadV<T>(fmt, p, 1)));
        if (wide) {
          a2 = combineV<T>(fmt, op, a2, enterV<T>(fmt, op, loadV<T>(fmt, p, 2)));
          a3 = combineV<T>(fmt, op, a3, enterV<T>(fmt, op, loadV<T>(fmt, p, 3)));
        }
      }
      a0 = leaveV<T>(fmt, op, a0, nIn);
      a1 = leaveV<T>(fmt, op, a1, nIn);
      if (wide) {
        a2 = leaveV<T>(fmt, op, a2, nIn);
        a3 = leaveV<T>(fmt, op, a3, nIn);
        for (let q = out + off, qEnd = q + outSpan; q != qEnd; q += outStride) {
          storeV(q, 0, a0);
          storeV(q, 1, a1);
          storeV(q, 2, a2);
          storeV(q, 3, a3);
        }
      } else {
        const packed = packV(fmt, a0, a1);
        for (let q = out + off, qEnd = q + outSpan; q != qEnd; q += outStride) storePackedV(fmt, q, packed);
      }
    }

    if (fmt == NATIVE) {
      // Single vectors; a narrow float's block is already small (8 elements), so its rest goes to the scalar tail.
      const vecEnd = bytes & ~15;
      for (; off < vecEnd; off += 16) {
        let p = src + off;
        const pEnd = p + srcSpan;
        let a = enterV<T>(fmt, op, v128.load(p));
        for (p += srcStride; p != pEnd; p += srcStride) a = combineV<T>(fmt, op, a, enterV<T>(fmt, op, v128.load(p)));
        a = leaveV<T>(fmt, op, a, nIn);
        for (let q = out + off, qEnd = q + outSpan; q != qEnd; q += outStride) v128.store(q, a);
      }
    }
  }

  for (; off < bytes; off += sizeof<T>()) {
    let p = src + off;
    const pEnd = p + srcSpan;
    let a = loadS<T, A>(fmt, p);
    for (p += srcStride; p != pEnd; p += srcStride) a = combineS<A>(fmt, op, a, loadS<T, A>(fmt, p));
    const element = packS<T, A>(fmt, finishS<A>(fmt, op, a, nIn));
    for (let q = out + off, qEnd = q + outSpan; q != qEnd; q += outStride) store<T>(q, element);
  }
}

// Concrete exports, one per (op, dtype): `reduce_<op>_<dtype>`.
// Signature: (out, outStride, nOut, src, srcStride, nIn, count) → void.

export function reduce_sum_f32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f32, f32>(NATIVE, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_f32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f32, f32>(NATIVE, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_f32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f32, f32>(NATIVE, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_f32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f32, f32>(NATIVE, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_f32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f32, f32>(NATIVE, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_f64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f64, f64>(NATIVE, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_f64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f64, f64>(NATIVE, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_f64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f64, f64>(NATIVE, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_f64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f64, f64>(NATIVE, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_f64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f64, f64>(NATIVE, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_i32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i32, i32>(NATIVE, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_i32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i32, i32>(NATIVE, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_i32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i32, i32>(NATIVE, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_i32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i32, i32>(NATIVE, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_i32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i32, i32>(NATIVE, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_u32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u32, u32>(NATIVE, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_u32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u32, u32>(NATIVE, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_u32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u32, u32>(NATIVE, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_u32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u32, u32>(NATIVE, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_u32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u32, u32>(NATIVE, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_i8(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i8, i8>(NATIVE, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_i8(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i8, i8>(NATIVE, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_i8(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i8, i8>(NATIVE, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_i8(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i8, i8>(NATIVE, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_i8(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i8, i8>(NATIVE, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_u8(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, u8>(NATIVE, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_u8(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, u8>(NATIVE, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_u8(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, u8>(NATIVE, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_u8(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, u8>(NATIVE, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_u8(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, u8>(NATIVE, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_i64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i64, i64>(NATIVE, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_i64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i64, i64>(NATIVE, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_i64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i64, i64>(NATIVE, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_i64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i64, i64>(NATIVE, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_i64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i64, i64>(NATIVE, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_u64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u64, u64>(NATIVE, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_u64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u64, u64>(NATIVE, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_u64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u64, u64>(NATIVE, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_u64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u64, u64>(NATIVE, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_u64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u64, u64>(NATIVE, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_f16(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u16, f32>(F16, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_f16(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u16, f32>(F16, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_f16(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u16, f32>(F16, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_f16(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u16, f32>(F16, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_f16(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u16, f32>(F16, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_bf16(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u16, f32>(BF16, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_bf16(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u16, f32>(BF16, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_bf16(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u16, f32>(BF16, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_bf16(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u16, f32>(BF16, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_bf16(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u16, f32>(BF16, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_f8e4m3(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, f32>(E4M3, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_f8e4m3(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, f32>(E4M3, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_f8e4m3(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, f32>(E4M3, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_f8e4m3(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, f32>(E4M3, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_f8e4m3(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, f32>(E4M3, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_f8e5m2(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, f32>(E5M2, OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_f8e5m2(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, f32>(E5M2, OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_f8e5m2(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, f32>(E5M2, OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_f8e5m2(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, f32>(E5M2, OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_f8e5m2(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<u8, f32>(E5M2, OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }
