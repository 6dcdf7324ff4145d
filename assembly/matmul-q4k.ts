// Matmul kernel family, Q4_K weights: out[m×n] = a[m×k] · w[n×k]ᵀ with `w`
// in GGML's `block_q4_K` format, dequantized on the fly, accumulated in f32.
//
// block_q4_K (ggml/src/ggml-common.h; read from ggml-org/ggml's
// ggml-quants.c, dequantize_row_q4_K and get_scale_min_k4): 256 weights in
// 144 bytes, little-endian —
//   bytes   0–1    d     f16, super-block scale of the 6-bit scales
//   bytes   2–3    dmin  f16, super-block scale of the 6-bit mins
//   bytes   4–15   scales[12]: eight 6-bit scales sc_j and eight 6-bit mins
//                  m_j, one pair per sub-block j of 32 weights:
//                  j < 4: sc_j = scales[j] & 63, m_j = scales[j+4] & 63;
//                  j ≥ 4: sc_j = (scales[j+4] & 15) | (scales[j−4] >> 6) << 4,
//                         m_j  = (scales[j+4] >> 4) | (scales[j]   >> 6) << 4
//   bytes  16–143  qs[128]: 4-bit quants. Weights 64c … 64c+31 are the low
//                  nibbles of qs[32c … 32c+31] (sub-block 2c), weights
//                  64c+32 … 64c+63 the high nibbles of the same bytes
//                  (sub-block 2c+1), for c = 0 … 3.
// Weight t of sub-block j: y_t = fl(fl(d·sc_j)·q_t) − fl(dmin·m_j), each
// operation rounded to f32 (d and dmin widened exactly from f16). The
// products d·sc_j, dmin·m_j and (d·sc_j)·q_t are exact in f32 (at most
// 11 + 6 + 4 = 21 significant bits), so only the subtraction rounds, and a
// compiler that fuses GGML's `d1 * q - m1` into an FMA gets the same value.
//
// Layout: row j of `w` is k/256 consecutive blocks (k a multiple of 256),
// rows consecutive; `a` and `out` are dense row-major f32 as in matmul-f32.ts.
// `scratch` is 4·k f32 of kernel memory the kernel may overwrite.
//
// Accumulation order: exactly dot-f32.ts's contract over the dequantized
// row: the kernel dequantizes four weight rows into `scratch` (one row for a
// last group of fewer than four columns), then runs dot-f32.ts's dot
// products of every row of `a` against them. So the result equals
// matmul_f32 on the dequantized weights bit for bit, in both builds.

import { dotRow, dotRows4 } from "./dot-f32";

/** Weights per block (GGML's QK_K). */
const QK_K: usize = 256;
/** Bytes per block_q4_K. */
const BLOCK_BYTES: usize = 144;

/** IEEE binary16 bits → f32, exactly (every f16 value is an f32 value). */
@inline
function f16ToF32(h: u32): f32 {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent == 0) {
    // ±0 and subnormals: mantissa · 2⁻²⁴, exact in f32.
    const magnitude = <f32>mantissa * <f32>5.9604644775390625e-8;
    return sign != 0 ? -magnitude : magnitude;
  }
  if (exponent == 31) return reinterpret<f32>(sign | 0x7f800000 | (mantissa << 13)); // ±Inf, NaN
  // Rebias the exponent from 15 to 127.
  return reinterpret<f32>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

/** 6-bit scale of sub-block j (0 … 7) from the 12 packed bytes at `s`. */
@inline
function scaleOf(s: usize, j: usize): u32 {
  if (j < 4) return <u32>load<u8>(s + j) & 63;
  return (<u32>load<u8>(s + j + 4) & 15) | ((<u32>load<u8>(s + j - 4) >> 6) << 4);
}

/** 6-bit min of sub-block j (0 … 7) from the 12 packed bytes at `s`. */
@inline
function minOf(s: usize, j: usize): u32 {
  if (j < 4) return <u32>load<u8>(s + j + 4) & 63;
  return (<u32>load<u8>(s + j + 4) >> 4) | ((<u32>load<u8>(s + j) >> 6) << 4);
}

/** 16 nibbles (one per byte lane of `q`, values 0 … 15) → 16 f32 y = fl(d1·q) − m1 at `out`. */
@inline
function storeNibbles(out: usize, q: v128, d1: v128, m1: v128): void {
  const low8 = i16x8.extend_low_i8x16_u(q);
  const high8 = i16x8.extend_high_i8x16_u(q);
  const q0 = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(low8));
  const q1 = f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(low8));
  const q2 = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(high8));
  const q3 = f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(high8));
  v128.store(out, f32x4.sub(f32x4.mul(d1, q0), m1), 0);
  v128.store(out, f32x4.sub(f32x4.mul(d1, q1), m1), 16);
  v128.store(out, f32x4.sub(f32x4.mul(d1, q2), m1), 32);
  v128.store(out, f32x4.sub(f32x4.mul(d1, q3), m1), 48);
}

/** Dequantize the block at `block` into 256 f32 at `out`. */
function dequantizeBlock(out: usize, block: usize): void {
  const d = f16ToF32(<u32>load<u16>(block, 0));
  const dmin = f16ToF32(<u32>load<u16>(block, 2));
  const scales = block + 4;
  const qs = block + 16;
  for (let c: usize = 0; c < 4; c++) {
    const j = c * 2;
    const d1 = d * <f32>scaleOf(scales, j);
    const m1 = dmin * <f32>minOf(scales, j);
    const d2 = d * <f32>scaleOf(scales, j + 1);
    const m2 = dmin * <f32>minOf(scales, j + 1);
    const q = qs + c * 32;
    const y = out + c * 64 * 4; // weights 64c … 64c+63
    if (ASC_FEATURE_SIMD) {
      const d1v = f32x4.splat(d1), m1v = f32x4.splat(m1);
      const d2v = f32x4.splat(d2), m2v = f32x4.splat(m2);
      const nibble = i8x16.splat(15);
      const bytes0 = v128.load(q, 0);
      const bytes1 = v128.load(q, 16);
      storeNibbles(y, v128.and(bytes0, nibble), d1v, m1v);
      storeNibbles(y + 64, v128.and(bytes1, nibble), d1v, m1v);
      storeNibbles(y + 128, i8x16.shr_u(bytes0, 4), d2v, m2v);
      storeNibbles(y + 192, i8x16.shr_u(bytes1, 4), d2v, m2v);
    } else {
      for (let l: usize = 0; l < 32; l++) {
        const byte = <u32>load<u8>(q + l);
        store<f32>(y + l * 4, d1 * <f32>(byte & 15) - m1);
        store<f32>(y + (l + 32) * 4, d2 * <f32>(byte >> 4) - m2);
      }
    }
  }
}

/** Dequantize `rowBlocks` consecutive blocks at `w` into 256·rowBlocks f32 at `out`. */
function dequantizeRow(out: usize, w: usize, rowBlocks: usize): void {
  for (let b: usize = 0; b < rowBlocks; b++) dequantizeBlock(out + b * QK_K * 4, w + b * BLOCK_BYTES);
}

/**
 * Dequantize `blocks` consecutive block_q4_K at `w` into 256·blocks f32 at
 * `out`, as GGML's dequantize_row_q4_K defines the values (module comment).
 */
export function dequantize_q4k(out: usize, w: usize, blocks: usize): void {
  dequantizeRow(out, w, blocks);
}

/**
 * out[m×n] = a[m×k] · w[n×k]ᵀ with `w` as n rows of k/256 block_q4_K; k a
 * multiple of 256; `scratch` 4·k f32. Results equal matmul_f32 over the
 * dequantized weights bit for bit (module comment).
 */
export function matmul_q4k(out: usize, a: usize, w: usize, m: usize, k: usize, n: usize, scratch: usize): void {
  const rowBlocks = k / QK_K;
  const qRowBytes = rowBlocks * BLOCK_BYTES;
  const rowBytes = k * 4;
  const outRowBytes = n * 4;
  const n4 = n & ~(<usize>3);
  for (let j: usize = 0; j < n4; j += 4) {
    const wj = w + j * qRowBytes;
    dequantizeRow(scratch, wj, rowBlocks);
    dequantizeRow(scratch + rowBytes, wj + qRowBytes, rowBlocks);
    dequantizeRow(scratch + 2 * rowBytes, wj + 2 * qRowBytes, rowBlocks);
    dequantizeRow(scratch + 3 * rowBytes, wj + 3 * qRowBytes, rowBlocks);
    for (let i: usize = 0; i < m; i++) dotRows4(out + i * outRowBytes + j * 4, a + i * rowBytes, scratch, rowBytes, k);
  }
  for (let j = n4; j < n; j++) {
    dequantizeRow(scratch, w + j * qRowBytes, rowBlocks);
    for (let i: usize = 0; i < m; i++) store<f32>(out + i * outRowBytes + j * 4, dotRow(a + i * rowBytes, scratch, k));
  }
}
