// Plain-TypeScript references for the sharded layers, built only on
// test/matmul-reference.ts: the single-card layer, the same layer computed
// with a given k-split (partials per card, then added in card order), and
// the error bound between the two that src/sharding/tensor-parallel.ts
// documents.
import type { LinearWeights } from '../src/index.js';
import { dequantizeQ4K, QK_K, referenceMatmul } from './matmul-reference.js';

/** The f32 values of a layer's weights (dequantized for Q4_K), n rows of k. */
export function weightValues(w: LinearWeights): Float32Array {
  return w.format === 'f32' ? w.data : dequantizeQ4K(w.data, (w.n * w.k) / QK_K);
}

/** Columns [start, end) of an m × k matrix, as an m × (end − start) matrix. */
export function columns(x: ArrayLike<number>, m: number, k: number, start: number, end: number): Float32Array {
  const out = new Float32Array(m * (end - start));
  for (let i = 0; i < m; i++) for (let t = start; t < end; t++) out[i * (end - start) + t - start] = x[i * k + t]!;
  return out;
}

/** The single-card layer: out[m×n] = x[m×k] · wᵀ in the kernels' order. */
export function plainLayer(x: ArrayLike<number>, w: LinearWeights, m: number): Float32Array {
  return referenceMatmul(x, weightValues(w), m, w.k, w.n);
}

/**
 * The layer with k split at `bounds` ([start, end) per card): each card's
 * partial over its range in the kernels' order, then the partials added in
 * card order 0, 1, … (card 0's partial first, no leading zero).
 */
export function splitKLayer(x: ArrayLike<number>, w: LinearWeights, m: number, bounds: readonly (readonly [number, number])[]): Float32Array {
  const values = weightValues(w);
  let sum: Float32Array | undefined;
  for (const [start, end] of bounds) {
    const partial = referenceMatmul(columns(x, m, w.k, start, end), columns(values, w.n, w.k, start, end), m, end - start, w.n);
    if (sum === undefined) sum = partial;
    else for (let i = 0; i < sum.length; i++) sum[i] = Math.fround(sum[i]! + partial[i]!);
  }
  return sum ?? new Float32Array(m * w.n);
}

/** γ(j) = j·u / (1 − j·u), u = 2⁻²⁴ (Higham §3.1). */
export function gamma(j: number): number {
  const u = 2 ** -24;
  return (j * u) / (1 - j * u);
}

/**
 * The documented bound on |split − plain| for every output element:
 * 2·γ(k + p)·Σ_t |fl(x_t · w_t)|.
 */
export function splitErrorBound(x: ArrayLike<number>, w: LinearWeights, m: number, cards: number): Float64Array {
  const values = weightValues(w);
  const bound = new Float64Array(m * w.n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < w.n; j++) {
      let magnitude = 0;
      for (let t = 0; t < w.k; t++) magnitude += Math.abs(Math.fround(x[i * w.k + t]! * values[j * w.k + t]!));
      // The f64 sum of magnitudes is itself rounded: widen by a relative 1e-12.
      bound[i * w.n + j] = 2 * gamma(w.k + cards) * magnitude * (1 + 1e-12);
    }
  }
  return bound;
}

/** Bounds [start, end) of `units` units of `unit` elements over `parts` cards, larger first (independent of src/). */
export function expectedBounds(units: number, parts: number, unit: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let c = 0; c < parts; c++) {
    const size = Math.ceil((units - c) / parts); // ⌈(units − c)/parts⌉: the larger shards first
    out.push([start * unit, (start + size) * unit]);
    start += size;
  }
  return out;
}
