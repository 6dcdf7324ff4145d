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
// scalar reference of that order (NaN payloads aside).
//
// Loop structure: the pass is element-outer, card-inner in 64-byte blocks (one
// cache line per card per step, four independent accumulators), so every byte
// is loaded once and every output stored once: the same memory traffic as a
// single streaming copy. Then single vectors, then a scalar tail for lengths
// that are not a multiple of the vector width. A build without SIMD
// (ASC_FEATURE_SIMD false) compiles only the scalar loop, with identical
// results.
//
// Kernels trust their arguments: the TypeScript shell validates bounds,
// alignment and sizes before any call and never calls with nIn < 1.

import {
  OP_SUM, OP_PROD, OP_MAX, OP_MIN, OP_AVG,
  enterV, combineV, leaveV, combineS, finishS,
} from "./ops";

/** Bytes per vector and per unrolled block. */
const VEC: usize = 16;
const BLOCK: usize = 64;

@inline
function reduceInto<T>(
  op: i32,
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
    const blockEnd = bytes & ~(BLOCK - 1);
    for (; off < blockEnd; off += BLOCK) {
      let p = src + off;
      const pEnd = p + srcSpan;
      let a0 = enterV<T>(op, v128.load(p, 0));
      let a1 = enterV<T>(op, v128.load(p, 16));
      let a2 = enterV<T>(op, v128.load(p, 32));
      let a3 = enterV<T>(op, v128.load(p, 48));
      for (p += srcStride; p != pEnd; p += srcStride) {
        a0 = combineV<T>(op, a0, enterV<T>(op, v128.load(p, 0)));
        a1 = combineV<T>(op, a1, enterV<T>(op, v128.load(p, 16)));
        a2 = combineV<T>(op, a2, enterV<T>(op, v128.load(p, 32)));
        a3 = combineV<T>(op, a3, enterV<T>(op, v128.load(p, 48)));
      }
      a0 = leaveV<T>(op, a0, nIn);
      a1 = leaveV<T>(op, a1, nIn);
      a2 = leaveV<T>(op, a2, nIn);
      a3 = leaveV<T>(op, a3, nIn);
      for (let q = out + off, qEnd = q + outSpan; q != qEnd; q += outStride) {
        v128.store(q, a0, 0);
        v128.store(q, a1, 16);
        v128.store(q, a2, 32);
        v128.store(q, a3, 48);
      }
    }

    const vecEnd = bytes & ~(VEC - 1);
    for (; off < vecEnd; off += VEC) {
      let p = src + off;
      const pEnd = p + srcSpan;
      let a = enterV<T>(op, v128.load(p));
      for (p += srcStride; p != pEnd; p += srcStride) a = combineV<T>(op, a, enterV<T>(op, v128.load(p)));
      a = leaveV<T>(op, a, nIn);
      for (let q = out + off, qEnd = q + outSpan; q != qEnd; q += outStride) v128.store(q, a);
    }
  }

  for (; off < bytes; off += sizeof<T>()) {
    let p = src + off;
    const pEnd = p + srcSpan;
    let a = load<T>(p);
    for (p += srcStride; p != pEnd; p += srcStride) a = combineS<T>(op, a, load<T>(p));
    a = finishS<T>(op, a, nIn);
    for (let q = out + off, qEnd = q + outSpan; q != qEnd; q += outStride) store<T>(q, a);
  }
}

// Concrete exports, one per (op, dtype): `reduce_<op>_<dtype>`.
// Signature: (out, outStride, nOut, src, srcStride, nIn, count) → void.

export function reduce_sum_f32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f32>(OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_f32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f32>(OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_f32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f32>(OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_f32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f32>(OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_f32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f32>(OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_f64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f64>(OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_f64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f64>(OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_f64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f64>(OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_f64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f64>(OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_f64(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<f64>(OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }

export function reduce_sum_i32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i32>(OP_SUM, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_prod_i32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i32>(OP_PROD, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_max_i32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i32>(OP_MAX, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_min_i32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i32>(OP_MIN, out, outStride, nOut, src, srcStride, nIn, count); }
export function reduce_avg_i32(out: usize, outStride: usize, nOut: i32, src: usize, srcStride: usize, nIn: i32, count: usize): void { reduceInto<i32>(OP_AVG, out, outStride, nOut, src, srcStride, nIn, count); }
