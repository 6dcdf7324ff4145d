/**
 * One card's matmul through the wasm kernels (assembly/matmul-f32.ts,
 * matmul-q4k.ts), on slices of CardBuffers. The callers have checked every
 * shape and bound: kernels trust their arguments.
 */
import type { CardBuffers } from '../card-buffers.js';
import type { KernelRuntime } from '../kernel-runtime.js';
import type { WeightFormat } from './linear-weights.js';

/** Kernel-memory address of card `card`'s slice of `buffers`. */
export function sliceAddress(buffers: CardBuffers, card: number): number {
  return buffers.byteOffset + card * buffers.strideBytes;
}

/** f32 elements of scratch a card's Q4_K matmul with reduction length `k` needs (four dequantized rows); none for f32. */
export function scratchElements(format: WeightFormat, k: number): number {
  return format === 'q4_k' ? 4 * k : 0;
}

/**
 * out[m×n] = a[m×k] · w[n×k]ᵀ at kernel-memory addresses, `w` in `format`;
 * `scratch` (Q4_K only) holds scratchElements(format, k) floats.
 */
export function runMatmul(runtime: KernelRuntime, format: WeightFormat, out: number, a: number, w: number, m: number, k: number, n: number, scratch: number): void {
  if (format === 'f32') runtime.kernels.matmul_f32(out, a, w, m, k, n);
  else runtime.kernels.matmul_q4k(out, a, w, m, k, n, scratch);
}
