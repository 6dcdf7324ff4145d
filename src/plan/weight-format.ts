/**
 * How model weights are stored on a card: bytes per block of weights along
 * a matrix row, and what splitting a row across cards must respect.
 *
 * - `q4_k`: GGML's `block_q4_K` (ggml-common.h, QK_K = 256): 256 weights in
 *   144 bytes — `d` and `dmin` as f16 (4 B), 12 bytes of packed 6-bit scales
 *   and mins, 128 bytes of 4-bit quants — 4.5 bits per weight. Blocks run
 *   along a row (the reduction dimension k), so k must be a multiple of 256
 *   and a row can only be split between cards at whole blocks. This is the
 *   format the card's matmul engine runs (shared/SPEC.md).
 * - `f16`, `f32`: one element per 2 or 4 bytes; rows split anywhere.
 *
 * Vectors (RMSNorm weights) are kept in f32 whatever the format, as llama.cpp
 * keeps 1-D tensors.
 */
import { invalidArgumentError } from '../errors.js';
import { mostSpannedUnits } from './spanned-units.js';

/** A weight storage format. */
export type WeightFormat = 'q4_k' | 'f16' | 'f32';

/** Every weight format, in a stable order. */
export const WEIGHT_FORMATS: readonly WeightFormat[] = Object.freeze(['q4_k', 'f16', 'f32']);

/** Layout of one format: `blockBytes` bytes per `blockWeights` consecutive weights of a row. */
export interface WeightFormatInfo {
  /** The format this layout is of (its key in WEIGHT_FORMAT_INFO). */
  readonly name: WeightFormat;
  /** Weights per block (a row's length must be a multiple of it). */
  readonly blockWeights: number;
  /** Bytes per block. */
  readonly blockBytes: number;
  /** What it is and where the layout comes from. */
  readonly source: string;
}

/** The layout of every format. */
export const WEIGHT_FORMAT_INFO: { readonly [F in WeightFormat]: WeightFormatInfo } = Object.freeze({
  q4_k: Object.freeze({ name: 'q4_k', blockWeights: 256, blockBytes: 144, source: "GGML block_q4_K (ggml-common.h): QK_K = 256 weights, 2 × f16 d/dmin + 12 B scales + 128 B quants = 144 B" }),
  f16: Object.freeze({ name: 'f16', blockWeights: 1, blockBytes: 2, source: 'IEEE 754 binary16' }),
  f32: Object.freeze({ name: 'f32', blockWeights: 1, blockBytes: 4, source: 'IEEE 754 binary32' }),
});

/** Bytes of an f32 vector element (norm weights, activations in f32). */
export const F32_BYTES = 4;

/** Throws INVALID_ARGUMENT (naming `argument`) unless `value` is a weight format; accepts any letter case (`Q4_K`). */
export function resolveWeightFormat(value: unknown, argument = 'format'): WeightFormat {
  const name = typeof value === 'string' ? value.toLowerCase() : value;
  if (typeof name === 'string' && (WEIGHT_FORMATS as readonly string[]).includes(name)) return name as WeightFormat;
  throw invalidArgumentError(argument, `unknown weight format ${JSON.stringify(value)} (expected one of ${WEIGHT_FORMATS.join(', ')})`, String(value));
}

/** Average bytes per weight (0.5625 for q4_k). */
export function bytesPerWeight(format: WeightFormat): number {
  const info = WEIGHT_FORMAT_INFO[format];
  return info.blockBytes / info.blockWeights;
}

/**
 * Bytes of a matrix of `rows` rows of `rowLength` weights each. The caller
 * has checked that `rowLength` is a whole number of blocks.
 */
export function matrixBytes(format: WeightFormat, rowLength: number, rows: number): number {
  const info = WEIGHT_FORMAT_INFO[format];
  return rows * (rowLength / info.blockWeights) * info.blockBytes;
}

/**
 * The longest slice of a row of `rowLength` weights that one of `ways` cards
 * holds when the row is split as evenly as whole blocks allow: ⌈blocks / ways⌉
 * blocks (the slowest card sets the time). With more cards than blocks, some
 * cards hold none of it and the others one block each.
 */
export function largestRowSlice(format: WeightFormat, rowLength: number, ways: number): number {
  const block = WEIGHT_FORMAT_INFO[format].blockWeights;
  return Math.ceil(rowLength / block / ways) * block;
}

/**
 * The most blocks any card must hold when card c owns the consecutive
 * weights [c·share, (c+1)·share) of a row and a block is indivisible: a block
 * that straddles two cards' shares is held by both (each multiplies the
 * other's inputs by zero), so it is replicated and counted on both.
 */
export function blocksCoveringShare(format: WeightFormat, share: number, ways: number): number {
  return mostSpannedUnits(share, WEIGHT_FORMAT_INFO[format].blockWeights, ways);
}
