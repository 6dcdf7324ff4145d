// Plain-TypeScript references for the matmul kernels and GGML's Q4_K format,
// written from the published layout (ggml-org/ggml: ggml-common.h
// `block_q4_K`, ggml-quants.c `dequantize_row_q4_K`, `get_scale_min_k4`,
// `quantize_row_q4_K_ref`), independent of the kernels' code.
//
// f32 arithmetic is emulated with Math.fround after each f64 operation; for
// +, −, × that equals the correctly rounded f32 result (double rounding
// through f64 is innocuous: 53 ≥ 2·24 + 2, Figueroa 1995).

const fr = Math.fround;

/** Weights per Q4_K block (GGML's QK_K) and bytes per block_q4_K. */
export const QK_K = 256;
export const Q4K_BLOCK_BYTES = 144;

// ---------------------------------------------------------------- f32 matmul

/**
 * One dot product in the kernels' documented order (assembly/dot-f32.ts):
 * four partial sums over t mod 4 from +0, combined as (s0 + s1) + (s2 + s3),
 * then the tail in order; every product and sum rounded to f32.
 */
export function referenceDot(a: ArrayLike<number>, aOffset: number, w: ArrayLike<number>, wOffset: number, k: number): number {
  const k4 = k - (k % 4);
  const s = [0, 0, 0, 0];
  for (let t = 0; t < k4; t++) s[t % 4] = fr(s[t % 4]! + fr(a[aOffset + t]! * w[wOffset + t]!));
  let r = fr(fr(s[0]! + s[1]!) + fr(s[2]! + s[3]!));
  for (let t = k4; t < k; t++) r = fr(r + fr(a[aOffset + t]! * w[wOffset + t]!));
  return r;
}

/** out[m×n] = a[m×k] · w[n×k]ᵀ in the kernels' order. */
export function referenceMatmul(a: ArrayLike<number>, w: ArrayLike<number>, m: number, k: number, n: number): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] = referenceDot(a, i * k, w, j * k, k);
  return out;
}

/** The plain layer in f64, for error bounds: exact products and sums (to f64 precision). */
export function matmulF64(a: ArrayLike<number>, w: ArrayLike<number>, m: number, k: number, n: number): { value: Float64Array; magnitude: Float64Array } {
  const value = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      let g = 0;
      for (let t = 0; t < k; t++) {
        const p = a[i * k + t]! * w[j * k + t]!;
        v += p;
        g += Math.abs(p);
      }
      value[i * n + j] = v;
      magnitude[i * n + j] = g;
    }
  }
  return { value, magnitude };
}

// ------------------------------------------------------------- f16 ↔ number

/** IEEE binary16 bits → its value: (−1)^s · 2^(e−15) · (1 + f/1024), subnormals 2^−14 · f/1024. */
export function f16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const f = bits & 0x3ff;
  if (e === 0) return sign * 2 ** -14 * (f / 1024);
  if (e === 31) return f === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (e - 15) * (1 + f / 1024);
}

/** A finite number → the nearest binary16 bits (ties to even), saturating to ±Inf beyond 65504. */
export function numberToF16(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const x = Math.abs(value);
  if (x >= 65520) return sign | 0x7c00; // rounds past the largest f16, 65504
  if (x < 2 ** -14) {
    // Subnormal: a multiple of 2^−24, ties to even.
    return sign | roundHalfEven(x / 2 ** -24);
  }
  let e = Math.floor(Math.log2(x));
  if (2 ** e > x) e--;
  if (2 ** (e + 1) <= x) e++;
  const mantissa = roundHalfEven((x / 2 ** e - 1) * 1024);
  if (mantissa === 1024) return sign | ((e + 16) << 10);
  return sign | ((e + 15) << 10) | mantissa;
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

// ------------------------------------------------------------------ Q4_K

/** One block_q4_K, unpacked. */
export interface Q4KBlock {
  /** f16 bits of the super-block scale of the scales, and of the mins. */
  readonly d: number;
  readonly dmin: number;
  /** Eight 6-bit scales and eight 6-bit mins, one per sub-block of 32 weights. */
  readonly scales: readonly number[];
  readonly mins: readonly number[];
  /** 256 4-bit quants, in weight order. */
  readonly q: readonly number[];
}

/** Pack a block into its 144 bytes (GGML's layout, as quantize_row_q4_K_ref writes it). */
export function packQ4KBlock(block: Q4KBlock, out: Uint8Array, offset = 0): void {
  const b = out.subarray(offset, offset + Q4K_BLOCK_BYTES);
  b.fill(0);
  b[0] = block.d & 0xff;
  b[1] = block.d >> 8;
  b[2] = block.dmin & 0xff;
  b[3] = block.dmin >> 8;
  const s = b.subarray(4, 16);
  for (let j = 0; j < 8; j++) {
    const sc = block.scales[j]!;
    const m = block.mins[j]!;
    if (j < 4) {
      s[j] = sc;
      s[j + 4] = m;
    } else {
      // Low four bits of both in byte j+4; the top two bits of each ride in bits 6–7 of bytes j−4 and j.
      s[j + 4] = (sc & 0xf) | ((m & 0xf) << 4);
      s[j - 4]! |= (sc >> 4) << 6;
      s[j]! |= (m >> 4) << 6;
    }
  }
  const qs = b.subarray(16);
  for (let c = 0; c < 4; c++) {
    for (let l = 0; l < 32; l++) qs[32 * c + l] = block.q[64 * c + l]! | (block.q[64 * c + 32 + l]! << 4);
  }
}

/** Unpack the 144 bytes at `offset` (the inverse of packQ4KBlock; get_scale_min_k4 for the 6-bit fields). */
export function unpackQ4KBlock(bytes: Uint8Array, offset = 0): Q4KBlock {
  const b = bytes.subarray(offset, offset + Q4K_BLOCK_BYTES);
  const s = b.subarray(4, 16);
  const scales: number[] = [];
  const mins: number[] = [];
  for (let j = 0; j < 8; j++) {
    if (j < 4) {
      scales.push(s[j]! & 63);
      mins.push(s[j + 4]! & 63);
    } else {
      scales.push((s[j + 4]! & 0xf) | ((s[j - 4]! >> 6) << 4));
      mins.push((s[j + 4]! >> 4) | ((s[j]! >> 6) << 4));
    }
  }
  const q: number[] = new Array(QK_K);
  for (let c = 0; c < 4; c++) {
    for (let l = 0; l < 32; l++) {
      const byte = b[16 + 32 * c + l]!;
      q[64 * c + l] = byte & 0xf;
      q[64 * c + 32 + l] = byte >> 4;
    }
  }
  return { d: b[0]! | (b[1]! << 8), dmin: b[2]! | (b[3]! << 8), scales, mins, q };
}

/** Weight t of a block: fl(fl(d·sc_j)·q_t) − fl(dmin·m_j), j = ⌊t/32⌋ (dequantize_row_q4_K). */
export function dequantizeQ4KBlock(block: Q4KBlock): Float32Array {
  const d = f16ToNumber(block.d);
  const dmin = f16ToNumber(block.dmin);
  const out = new Float32Array(QK_K);
  for (let t = 0; t < QK_K; t++) {
    const j = Math.floor(t / 32);
    out[t] = fr(fr(fr(d * block.scales[j]!) * block.q[t]!) - fr(dmin * block.mins[j]!));
  }
  return out;
}

/** Dequantize `blocks` consecutive blocks. */
export function dequantizeQ4K(bytes: Uint8Array, blocks: number): Float32Array {
  const out = new Float32Array(blocks * QK_K);
  for (let b = 0; b < blocks; b++) out.set(dequantizeQ4KBlock(unpackQ4KBlock(bytes, b * Q4K_BLOCK_BYTES)), b * QK_K);
  return out;
}

/**
 * Quantize f32 values (a multiple of 256) to Q4_K in GGML's layout. The scale
 * search is simpler than GGML's make_qkx2_quants (per sub-block: scale =
 * (max − min)/15 and min = −min(x, 0), no refinement), then the same steps as
 * quantize_row_q4_K_ref: 6-bit scales and mins relative to the block's
 * largest (d = max scale/63, dmin = max min/63, as f16), and each weight's
 * quant recomputed from the rounded scales: q = round((x + dmin·m)/(d·sc)),
 * clamped to 0 … 15. What the kernel must read — the layout — is GGML's.
 */
export function quantizeQ4K(x: ArrayLike<number>): Uint8Array {
  const blocks = x.length / QK_K;
  if (!Number.isInteger(blocks)) throw new Error(`quantizeQ4K: ${x.length} is not a multiple of ${QK_K}`);
  const out = new Uint8Array(blocks * Q4K_BLOCK_BYTES);
  for (let b = 0; b < blocks; b++) {
    const base = b * QK_K;
    const subScale: number[] = [];
    const subMin: number[] = [];
    for (let j = 0; j < 8; j++) {
      let lo = 0;
      let hi = -Infinity;
      for (let l = 0; l < 32; l++) {
        const v = x[base + 32 * j + l]!;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      subScale.push(Math.max(hi - lo, 0) / 15);
      subMin.push(-lo);
    }
    const maxScale = Math.max(...subScale);
    const maxMin = Math.max(...subMin);
    const d = numberToF16(maxScale / 63);
    const dmin = numberToF16(maxMin / 63);
    const scales = subScale.map((s) => (maxScale > 0 ? Math.min(63, Math.round((63 * s) / maxScale)) : 0));
    const mins = subMin.map((m) => (maxMin > 0 ? Math.min(63, Math.round((63 * m) / maxMin)) : 0));
    const q: number[] = [];
    for (let t = 0; t < QK_K; t++) {
      const j = Math.floor(t / 32);
      const step = f16ToNumber(d) * scales[j]!;
      const offset = f16ToNumber(dmin) * mins[j]!;
      q.push(step === 0 ? 0 : Math.max(0, Math.min(15, Math.round((x[base + t]! + offset) / step))));
    }
    packQ4KBlock({ d, dmin, scales, mins, q }, out, b * Q4K_BLOCK_BYTES);
  }
  return out;
}

/** out[m×n] = a[m×k] · w[n×k]ᵀ with `w` in Q4_K: the f32 reference over the dequantized weights. */
export function referenceMatmulQ4K(a: ArrayLike<number>, w: Uint8Array, m: number, k: number, n: number): Float32Array {
  return referenceMatmul(a, dequantizeQ4K(w, (n * k) / QK_K), m, k, n);
}
