// Reduce kernel family: element-wise reduction of `nIn` card slices, written to
// `nOut` output slices.
//
// Layout (card-contiguous, the original crate's buffer contract): input card c
// starts at `src + c·srcStride`, output slot k at `out + k·outStride`; strides
// are in bytes and multiples of 16, so every card slice starts on the same
// 16-byte phase. `count` is in elements. In-place all-reduce is
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
  combineV, tracksNaN, nanMaskV, quietNaNV, finishV, combineS, finishS,
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
  let off: usize = 0;

  if (ASC_FEATURE_SIMD) {
    const nan = quietNaNV<T>();
    const blockEnd = bytes & ~(BLOCK - 1);
    for (; off < blockEnd; off += BLOCK) {
      let p = src + off;
      let a0 = v128.load(p, 0);
      let a1 = v128.load(p, 16);
      let a2 = v128.load(p, 32);
      let a3 = v128.load(p, 48);
      let m0 = v128.splat<i32>(0), m1 = m0, m2 = m0, m3 = m0;
      if (tracksNaN<T>(op)) {
        m0 = nanMaskV<T>(a0); m1 = nanMaskV<T>(a1);
        m2 = nanMaskV<T>(a2); m3 = nanMaskV<T>(a3);
      }
      for (let c = 1; c < nIn; c++) {
        p += srcStride;
        const x0 = v128.load(p, 0);
        const x1 = v128.load(p, 16);
        const x2 = v128.load(p, 32);
        const x3 = v128.load(p, 48);
        a0 = combineV<T>(op, a0, x0);
        a1 = combineV<T>(op, a1, x1);
        a2 = combineV<T>(op, a2, x2);
        a3 = combineV<T>(op, a3, x3);
        if (tracksNaN<T>(op)) {
          m0 = v128.or(m0, nanMaskV<T>(x0)); m1 = v128.or(m1, nanMaskV<T>(x1));
          m2 = v128.or(m2, nanMaskV<T>(x2)); m3 = v128.or(m3, nanMaskV<T>(x3));
        }
      }
      if (tracksNaN<T>(op)) {
        a0 = v128.bitselect(nan, a0, m0); a1 = v128.bitselect(nan, a1, m1);
        a2 = v128.bitselect(nan, a2, m2); a3 = v128.bitselect(nan, a3, m3);
      }
      a0 = finishV<T>(op, a0, nIn);
      a1 = finishV<T>(op, a1, nIn);
      a2 = finishV<T>(op, a2, nIn);
      a3 = finishV<T>(op, a3, nIn);
      let q = out + off;
      for (let k = 0; k < nOut; k++) {
        v128.store(q, a0, 0);
        v128.store(q, a1, 16);
        v128.store(q, a2, 32);
        v128.store(q, a3, 48);
        q += outStride;
      }
    }

    const vecEnd = bytes & ~(VEC - 1);
    for (; off < vecEnd; off += VEC) {
      let p = src + off;
      let a = v128.load(p);
      let m = tracksNaN<T>(op) ? nanMaskV<T>(a) : v128.splat<i32>(0);
      for (let c = 1; c < nIn; c++) {
        p += srcStride;
        const x = v128.load(p);
        a = combineV<T>(op, a, x);
        if (tracksNaN<T>(op)) m = v128.or(m, nanMaskV<T>(x));
      }
      if (tracksNaN<T>(op)) a = v128.bitselect(nan, a, m);
      a = finishV<T>(op, a, nIn);
      let q = out + off;
      for (let k = 0; k < nOut; k++) {
        v128.store(q, a);
        q += outStride;
      }
    }
  }

  for (; off < bytes; off += sizeof<T>()) {
    let p = src + off;
    let a = load<T>(p);
    for (let c = 1; c < nIn; c++) {
      p += srcStride;
      a = combineS<T>(op, a, load<T>(p));
    }
    a = finishS<T>(op, a, nIn);
    let q = out + off;
    for (let k = 0; k < nOut; k++) {
      store<T>(q, a);
      q += outStride;
    }
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
