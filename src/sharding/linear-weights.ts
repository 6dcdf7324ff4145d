/**
 * A linear layer's weights as the user hands them over, before sharding:
 * `n` rows of `k` weights, one row per output column (`out = a · wᵀ`), the way
 * GGML stores a layer — in f32, or in GGML's Q4_K blocks (the Spanker card's
 * own matmul format).
 *
 * Q4_K (`block_q4_K`, ggml/src/ggml-common.h): 256 weights in 144 bytes — `d`
 * and `dmin` as f16, 12 bytes of packed 6-bit scales and mins, 128 bytes of
 * 4-bit quants (assembly/matmul-q4k.ts spells out the layout). A row of k
 * weights is k/256 consecutive blocks, so k must be a multiple of 256; the
 * bytes of a GGUF tensor of type Q4_K are exactly this layout.
 */
import { describeValue } from '../dtype.js';
import { invalidArgumentError } from '../errors.js';

/** Weights per Q4_K block (GGML's QK_K). */
export const Q4K_BLOCK_WEIGHTS = 256;
/** Bytes per Q4_K block: 2 + 2 (f16 d, dmin) + 12 (scales and mins) + 128 (quants). */
export const Q4K_BLOCK_BYTES = 144;

/** Storage formats of a layer's weights. */
export type WeightFormat = 'f32' | 'q4_k';

/** f32 weights: `data[j·k + t]` is weight t of output column j. */
export interface F32Weights {
  readonly format: 'f32';
  /** Output columns (rows of `data`). */
  readonly n: number;
  /** Reduction dimension (weights per row). */
  readonly k: number;
  readonly data: Float32Array;
}

/** Q4_K weights: row j is bytes [j·(k/256)·144, (j+1)·(k/256)·144) of `data`. */
export interface Q4KWeights {
  readonly format: 'q4_k';
  readonly n: number;
  /** A multiple of 256. */
  readonly k: number;
  readonly data: Uint8Array;
}

/** A linear layer's weights, n rows of k. */
export type LinearWeights = F32Weights | Q4KWeights;

/** Bytes of one row of `k` weights in `format`. */
export function rowBytes(format: WeightFormat, k: number): number {
  return format === 'f32' ? 4 * k : (k / Q4K_BLOCK_WEIGHTS) * Q4K_BLOCK_BYTES;
}

/** Elements of the reduction dimension a shard must hold whole: 1 for f32, a block of 256 for Q4_K. */
export function reductionUnit(format: WeightFormat): number {
  return format === 'f32' ? 1 : Q4K_BLOCK_WEIGHTS;
}

/**
 * Throws INVALID_ARGUMENT (naming `argument`'s field) unless `weights` is a
 * well-formed LinearWeights: a known format, n and k positive integers (k a
 * multiple of 256 for Q4_K), and `data` of the matching type and exact length.
 */
export function checkLinearWeights(weights: unknown, argument: string): asserts weights is LinearWeights {
  if (typeof weights !== 'object' || weights === null) {
    throw invalidArgumentError(argument, `expected { format, n, k, data }, got ${describeValue(weights)}`);
  }
  const { format, n, k, data } = weights as Record<string, unknown>;
  if (format !== 'f32' && format !== 'q4_k') {
    throw invalidArgumentError(`${argument}.format`, `expected 'f32' or 'q4_k', got ${JSON.stringify(format)}`, String(format));
  }
  for (const [name, value] of [['n', n], ['k', k]] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw invalidArgumentError(`${argument}.${name}`, `expected a positive integer, got ${String(value)}`, String(value));
    }
  }
  const kk = k as number;
  if (format === 'q4_k' && kk % Q4K_BLOCK_WEIGHTS !== 0) {
    throw invalidArgumentError(`${argument}.k`, `Q4_K rows are whole blocks of ${Q4K_BLOCK_WEIGHTS} weights: ${kk} is not a multiple of ${Q4K_BLOCK_WEIGHTS}`, kk);
  }
  const expectedType = format === 'f32' ? Float32Array : Uint8Array;
  if (!(data instanceof expectedType)) {
    throw invalidArgumentError(`${argument}.data`, `${format} weights are a ${expectedType.name}, got ${describeValue(data)}`);
  }
  const expectedLength = format === 'f32' ? (n as number) * kk : ((n as number) * kk / Q4K_BLOCK_WEIGHTS) * Q4K_BLOCK_BYTES;
  if ((data as Float32Array | Uint8Array).length !== expectedLength) {
    const unit = format === 'f32' ? 'f32 values' : 'bytes';
    throw invalidArgumentError(
      `${argument}.data`,
      `${n} × ${kk} ${format} weights are ${expectedLength} ${unit}, got ${(data as Float32Array | Uint8Array).length}`,
      (data as Float32Array | Uint8Array).length,
    );
  }
}
