/**
 * What one card of a pipeline stage holds and does: its memory (weights, KV
 * cache, activations) and, for a decode step or a prefill chunk, the bytes it
 * reads from DDR and the FLOPs its matmul engine runs. Pure arithmetic over
 * the model's shapes (src/plan/model.ts) and the card's tensor-parallel shard
 * (src/plan/layer-shard.ts); the planner turns these into seconds.
 *
 * Layout: p stages of t cards; stage s runs a contiguous run of layers (the
 * first L mod p stages one more than the others) on cards s·t … s·t + t − 1.
 * The first stage also holds the token embedding (replicated on its cards:
 * a decode step looks up one row per stream, so it is never worth
 * splitting); the last stage holds the final norm and its slice of the
 * output head. With tied embeddings and one stage the head is the table.
 *
 * FLOPs: 2 per weight per row (a multiply-add); attention per layer per row
 * at position `pos` (0-based), over pos + 1 keys: 4 · queryHeads · headDim ·
 * (pos + 1) (QKᵀ and the weighted sum of V).
 */
import type { ModelDescription } from './model.js';
import type { LayerShard } from './layer-shard.js';
import { F32_BYTES, matrixBytes, type WeightFormat } from './weight-format.js';

/** Positions of one stream's prompt processed together in prefill (llama.cpp's default micro-batch, n_ubatch = 512). */
export const PREFILL_CHUNK_POSITIONS = 512;

/** Bytes per token of the best-candidate exchange that picks the next token: an f32 value and an i32 index. */
export const TOKEN_CANDIDATE_BYTES = 8;

/** Bytes of a token id sent back from the last stage to the first. */
export const TOKEN_ID_BYTES = 4;

/** Everything the per-stage arithmetic needs. */
export interface StageContext {
  readonly model: ModelDescription;
  readonly format: WeightFormat;
  readonly shard: LayerShard;
  /** Streams decoded together. */
  readonly batch: number;
  /** Tokens the KV cache holds per stream; decode is priced at the last of them. */
  readonly context: number;
  /** Prompt tokens per stream (prefill). */
  readonly prompt: number;
  /** Bytes per KV-cache element. */
  readonly kvBytes: number;
}

/** One pipeline stage. */
export interface PipelineStage {
  readonly index: number;
  /** Layers it runs. */
  readonly layers: number;
  /** Its cards, in order (the tensor-parallel group). */
  readonly cards: readonly number[];
  readonly first: boolean;
  readonly last: boolean;
}

/** Bytes one card holds. */
export interface CardMemory {
  /** Weights in the format (norms in f32). */
  readonly weightBytes: number;
  /** KV cache of every stream at the full context. */
  readonly kvCacheBytes: number;
  /** f32 working buffers (an estimate: see `stageMemory`). */
  readonly activationBytes: number;
  /** weightBytes + kvCacheBytes + activationBytes: what the card must hold, compared with its memoryBytes. */
  readonly totalBytes: number;
}

/** DDR traffic and arithmetic of one card for one pass (a decode step or a prefill chunk). */
export interface StageWork {
  /** Weight bytes read. */
  readonly weightBytes: number;
  /** KV-cache bytes read and written. */
  readonly kvBytes: number;
  /** Matmul and attention FLOPs. */
  readonly flops: number;
  /** Rows that need the output head (and the next-token exchange). */
  readonly headRows: number;
}

/** The p stages of t cards each over `layers` layers (see the module comment). */
export function pipelineStages(layers: number, t: number, p: number): PipelineStage[] {
  const base = Math.floor(layers / p);
  const extra = layers % p;
  return Array.from({ length: p }, (_, s) => ({
    index: s,
    layers: base + (s < extra ? 1 : 0),
    cards: Array.from({ length: t }, (_, i) => s * t + i),
    first: s === 0,
    last: s === p - 1,
  }));
}

/** Prefill chunks per stream: ⌈prompt / 512⌉, of ⌈prompt / chunks⌉ positions (the last may be shorter). */
export function prefillChunks(prompt: number): { readonly chunks: number; readonly positions: number } {
  const chunks = Math.ceil(prompt / PREFILL_CHUNK_POSITIONS);
  return { chunks, positions: chunks === 0 ? 0 : Math.ceil(prompt / chunks) };
}

/** Bytes of the output head one card of the last stage reads per pass. */
function headBytes(ctx: StageContext): number {
  return matrixBytes(ctx.format, ctx.model.hidden, ctx.shard.headRows) + ctx.model.hidden * F32_BYTES;
}

/** KV-cache elements per position per layer on one card: K and V of its KV heads. */
function kvElementsPerPosition(ctx: StageContext): number {
  return 2 * ctx.shard.kvHeads * ctx.model.headDim;
}

/**
 * The memory of one card of `stage`. Activations (f32): for the largest pass
 * — a decode step of every stream or a prefill chunk of every stream — the
 * residual and normed input (2 × hidden per row), the card's gate and up
 * outputs (2 × ffn slice per row), the attention scores of its query heads
 * over the keys so far, and on the last stage its logits.
 */
export function stageMemory(ctx: StageContext, stage: PipelineStage): CardMemory {
  const { model, format, shard, batch, context, prompt } = ctx;
  const table = matrixBytes(format, model.hidden, model.vocab);
  const sharesTable = model.tiedEmbeddings && stage.first && stage.last;
  const weightBytes = stage.layers * shard.weightBytes
    + (stage.first ? table : 0)
    + (stage.last ? (sharesTable ? model.hidden * F32_BYTES : headBytes(ctx)) : 0);
  const kvCacheBytes = stage.layers * batch * context * kvElementsPerPosition(ctx) * ctx.kvBytes;
  const { positions } = prefillChunks(prompt);
  const rows = Math.max(batch, batch * positions);
  const scores = Math.max(batch * shard.queryHeads * context, batch * positions * shard.queryHeads * prompt);
  const activationBytes = F32_BYTES * (rows * (2 * model.hidden + 2 * shard.ffnSlice) + scores + (stage.last ? batch * shard.headRows : 0));
  return { weightBytes, kvCacheBytes, activationBytes, totalBytes: weightBytes + kvCacheBytes + activationBytes };
}

/** One decode step of `rows` streams at the last position of the context, on one card of `stage`. */
export function decodeWork(ctx: StageContext, stage: PipelineStage, rows: number): StageWork {
  const { model, format, shard, context } = ctx;
  const weightBytes = stage.layers * shard.weightBytes
    + (stage.first ? matrixBytes(format, model.hidden, rows) : 0)
    + (stage.last ? headBytes(ctx) : 0);
  const kvBytes = stage.layers * rows * context * kvElementsPerPosition(ctx) * ctx.kvBytes;
  const attention = stage.layers * rows * 4 * shard.queryHeads * model.headDim * context;
  const flops = 2 * rows * (stage.layers * shard.matmulWeights + (stage.last ? shard.headRows * model.hidden : 0)) + attention;
  return { weightBytes, kvBytes, flops, headRows: stage.last ? rows : 0 };
}

/**
 * Prefill chunk `chunk` (0-based) of every stream on one card of `stage`:
 * positions [chunk · positions, min(prompt, (chunk + 1) · positions)). It
 * reads the weights once, reads the KV cache of the earlier positions and
 * writes its own; only the last chunk runs the output head, for the last
 * position of each stream.
 */
export function prefillWork(ctx: StageContext, stage: PipelineStage, chunk: number): StageWork {
  const { model, format, shard, batch, prompt } = ctx;
  const { chunks, positions } = prefillChunks(prompt);
  const start = chunk * positions;
  const end = Math.min(prompt, start + positions);
  const rows = batch * (end - start);
  const lastChunk = chunk === chunks - 1;
  const headRows = stage.last && lastChunk ? batch : 0;
  const weightBytes = stage.layers * shard.weightBytes
    + (stage.first ? matrixBytes(format, model.hidden, rows) : 0)
    + (headRows > 0 ? headBytes(ctx) : 0);
  // Earlier positions read, this chunk's written.
  const kvBytes = stage.layers * batch * (start + (end - start)) * kvElementsPerPosition(ctx) * ctx.kvBytes;
  // Σ over positions pos in [start, end) of (pos + 1) keys.
  const keys = (end * (end + 1) - start * (start + 1)) / 2;
  const attention = stage.layers * batch * 4 * shard.queryHeads * model.headDim * keys;
  const flops = 2 * (rows * stage.layers * shard.matmulWeights + headRows * shard.headRows * model.hidden) + attention;
  return { weightBytes, kvBytes, flops, headRows };
}
