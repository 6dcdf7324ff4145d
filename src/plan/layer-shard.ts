/**
 * One transformer layer split over a tensor-parallel group of t cards, the
 * Megatron way (Shoeybi et al. 2019): attention by heads — q, k, v
 * column-parallel (each card computes its heads), o row-parallel (each card
 * multiplies its heads' outputs, an AllReduce adds the partial sums) — and
 * the MLP by features — gate and up column-parallel, down row-parallel, one
 * more AllReduce. So two AllReduces of the layer's output per layer.
 *
 * What a card holds (the most any card holds; the slowest card sets the time):
 * - query heads: heads / t (t must divide the heads);
 * - KV heads: every KV head its query heads use — heads / t query heads
 *   cover ⌈…⌉ KV groups of heads / kvHeads; when t does not divide the KV
 *   heads, a KV head is replicated on every card that uses it, and counted
 *   there (in weights and in the KV cache);
 * - o: the rows of its heads' inputs, in whole blocks (Q4_K: a block of 256
 *   inputs straddling two cards' heads is held by both);
 * - MLP: ⌈blocks / t⌉ whole blocks of the ffn features (gate and up rows,
 *   down inputs), as issue 11's uneven sharding does;
 * - output head: ⌈vocab / t⌉ rows (vocabulary-parallel);
 * - the two RMSNorm vectors of the layer, replicated (f32).
 */
import { invalidArgumentError } from '../errors.js';
import type { ModelDescription, WeightMatrix } from './model.js';
import { mostSpannedUnits } from './spanned-units.js';
import { F32_BYTES, blocksCoveringShare, largestRowSlice, matrixBytes, WEIGHT_FORMAT_INFO, type WeightFormat } from './weight-format.js';

/** One card's part of a layer under tensor parallelism of degree t. */
export interface LayerShard {
  /** The tensor-parallel degree t. */
  readonly tensorParallel: number;
  /** Query heads per card: heads / t. */
  readonly queryHeads: number;
  /** KV heads one card holds (weights and cache). */
  readonly kvHeads: number;
  /** True when KV heads are replicated across cards (t does not divide them into whole heads per card). */
  readonly kvHeadsReplicated: boolean;
  /** MLP features one card holds. */
  readonly ffnSlice: number;
  /** The card's seven matrices. */
  readonly matrices: readonly WeightMatrix[];
  /** Bytes of the card's layer weights in the format, with the two norm vectors (f32). */
  readonly weightBytes: number;
  /** Weights the card multiplies per token per layer (2 FLOP each). */
  readonly matmulWeights: number;
  /** Output-head rows (vocabulary entries) one card holds: ⌈vocab / t⌉. */
  readonly headRows: number;
}

/** Why tensor parallelism of degree `t` cannot split `model`, or undefined when it can. */
export function tensorParallelObstacle(model: ModelDescription, t: number): string | undefined {
  if (model.heads % t !== 0) return `TP ${t} does not divide the ${model.heads} attention heads`;
  return undefined;
}

/**
 * Throws INVALID_ARGUMENT `format` when the model's rows are not whole blocks
 * of `format` (Q4_K: hidden, ffn and heads·headDim must be multiples of 256).
 */
export function checkFormatFits(model: ModelDescription, format: WeightFormat): void {
  const block = WEIGHT_FORMAT_INFO[format].blockWeights;
  const rows: [string, number][] = [['hidden', model.hidden], ['ffn', model.ffn], ['heads × headDim', model.heads * model.headDim]];
  for (const [what, length] of rows) {
    if (length % block !== 0) {
      throw invalidArgumentError(
        'format',
        `${model.name}: ${what} = ${length} is not a whole number of ${block}-weight ${format} blocks, so its rows cannot be stored in ${format} (use f16 or f32)`,
        format,
      );
    }
  }
}

/** One card's part of a layer of `model` in `format` under tensor parallelism of degree `t` (see the module comment). */
export function layerShard(model: ModelDescription, format: WeightFormat, t: number): LayerShard {
  const obstacle = tensorParallelObstacle(model, t);
  if (obstacle !== undefined) throw invalidArgumentError('tensorParallel', obstacle, t);
  const { hidden, ffn, heads, kvHeads, headDim, vocab } = model;
  const queryHeads = heads / t;
  const kvPerCard = mostSpannedUnits(queryHeads, heads / kvHeads, t);
  const oInputs = blocksCoveringShare(format, queryHeads * headDim, t) * WEIGHT_FORMAT_INFO[format].blockWeights;
  const ffnSlice = largestRowSlice(format, ffn, t);
  const matrices: WeightMatrix[] = [
    { name: 'q', rowLength: hidden, rows: queryHeads * headDim },
    { name: 'k', rowLength: hidden, rows: kvPerCard * headDim },
    { name: 'v', rowLength: hidden, rows: kvPerCard * headDim },
    { name: 'o', rowLength: oInputs, rows: hidden },
    { name: 'gate', rowLength: hidden, rows: ffnSlice },
    { name: 'up', rowLength: hidden, rows: ffnSlice },
    { name: 'down', rowLength: ffnSlice, rows: hidden },
  ];
  return Object.freeze({
    tensorParallel: t,
    queryHeads,
    kvHeads: kvPerCard,
    kvHeadsReplicated: kvPerCard * t > kvHeads,
    ffnSlice,
    matrices: Object.freeze(matrices.map((m) => Object.freeze(m))),
    weightBytes: matrices.reduce((sum, m) => sum + matrixBytes(format, m.rowLength, m.rows), 0) + 2 * hidden * F32_BYTES,
    matmulWeights: matrices.reduce((sum, m) => sum + m.rowLength * m.rows, 0),
    headRows: Math.ceil(vocab / t),
  });
}
