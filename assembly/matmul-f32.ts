// Matmul kernel family, f32: out[m×n] = a[m×k] · w[n×k]ᵀ.
//
// Layout: every matrix is row-major and dense. `a` holds m rows of k
// activations; `w` holds n rows of k weights — one row per output column, as
// GGML stores a linear layer's weights; `out` receives m rows of n results.
// Pointers are byte offsets into kernel memory; m, k, n are element counts.
// Rows need not be 16-byte aligned (V8 ignores alignment hints; an unaligned
// v128 load only costs a little).
//
// Accumulation order: every out[i][j] is the dot product of row i of `a`
// and row j of `w` in dot-f32.ts's fixed order — four f32 partial sums over
// t mod 4, a fixed combining tree, then the tail — identical in the SIMD and
// the scalar build, bit for bit. The Q4_K kernel runs the same dot products
// over dequantized rows.
//
// Loop structure: four output columns at a time (w rows j … j+3) share each
// load of `a`, and give four independent accumulator chains, so the adds do
// not wait on each other; a last group of fewer than four columns runs one
// column at a time. Column groups are the outer loop, rows of `a` the inner
// one: four weight rows stay in cache while every row of `a` passes over them.
//
// Kernels trust their arguments: the TypeScript shell (src/sharding/) checks
// shapes and bounds before any call.

import { dotRow, dotRows4 } from "./dot-f32";

/** Bytes per f32. */
const F32: usize = 4;

/**
 * out[m×n] = a[m×k] · w[n×k]ᵀ in f32, in the module's accumulation order.
 * `out` must not overlap `a` or `w`.
 */
export function matmul_f32(out: usize, a: usize, w: usize, m: usize, k: usize, n: usize): void {
  const rowBytes = k * F32;
  const outRowBytes = n * F32;
  const n4 = n & ~(<usize>3);
  for (let j: usize = 0; j < n4; j += 4) {
    const wj = w + j * rowBytes;
    for (let i: usize = 0; i < m; i++) dotRows4(out + i * outRowBytes + j * F32, a + i * rowBytes, wj, rowBytes, k);
  }
  for (let j = n4; j < n; j++) {
    const wj = w + j * rowBytes;
    for (let i: usize = 0; i < m; i++) store<f32>(out + i * outRowBytes + j * F32, dotRow(a + i * rowBytes, wj, k));
  }
}
