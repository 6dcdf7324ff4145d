/**
 * A decoder-only transformer as the planner sees it: the Llama architecture
 * (Touvron et al. 2023; Hugging Face `LlamaForCausalLM`) — per layer, RMSNorm,
 * attention with grouped-query heads (q, k, v, o projections, no biases),
 * RMSNorm, and a gated SiLU MLP (gate, up, down); a token embedding, a final
 * RMSNorm and an output head (untied from the embedding unless
 * `tiedEmbeddings`).
 *
 * Shapes (weights stored as GGML does, one row per output feature, a row
 * running along the input features k):
 *   q: hidden → heads·headDim        k, v: hidden → kvHeads·headDim
 *   o: heads·headDim → hidden        gate, up: hidden → ffn      down: ffn → hidden
 *   embedding and head: vocab rows of hidden        norms: 2·hidden per layer + hidden (f32)
 * KV cache per token per layer: 2 (K and V) × kvHeads × headDim elements.
 */
import { F32_BYTES, matrixBytes, type WeightFormat } from './weight-format.js';

/** A Llama-architecture model (see the module comment for the shapes). */
export interface ModelDescription {
  /** Display name, e.g. "Llama-2-7B". */
  readonly name: string;
  /** Transformer layers (config.json `num_hidden_layers`). */
  readonly layers: number;
  /** Model width (`hidden_size`). */
  readonly hidden: number;
  /** MLP width (`intermediate_size`). */
  readonly ffn: number;
  /** Attention (query) heads (`num_attention_heads`). */
  readonly heads: number;
  /** Key/value heads (`num_key_value_heads`; fewer than `heads` is grouped-query attention). */
  readonly kvHeads: number;
  /** Width of one head (hidden / heads in Llama). */
  readonly headDim: number;
  /** Vocabulary (`vocab_size`). */
  readonly vocab: number;
  /** Whether the output head shares the embedding's weights (`tie_word_embeddings`). */
  readonly tiedEmbeddings: boolean;
  /** The published parameter count, when known (checked against the shapes). */
  readonly parameters?: number;
  /** Where each number comes from. */
  readonly sources: readonly string[];
}

/** One weight matrix of a layer: `rows` output features, each a row of `rowLength` input features. */
export interface WeightMatrix {
  readonly name: 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down';
  readonly rowLength: number;
  readonly rows: number;
}

/** The seven weight matrices of one layer, unsharded. */
export function layerMatrices(model: ModelDescription): readonly WeightMatrix[] {
  const { hidden, ffn, heads, kvHeads, headDim } = model;
  return [
    { name: 'q', rowLength: hidden, rows: heads * headDim },
    { name: 'k', rowLength: hidden, rows: kvHeads * headDim },
    { name: 'v', rowLength: hidden, rows: kvHeads * headDim },
    { name: 'o', rowLength: heads * headDim, rows: hidden },
    { name: 'gate', rowLength: hidden, rows: ffn },
    { name: 'up', rowLength: hidden, rows: ffn },
    { name: 'down', rowLength: ffn, rows: hidden },
  ];
}

/** Parameters of one layer: its seven matrices and its two RMSNorm vectors. */
export function layerParameters(model: ModelDescription): number {
  return layerMatrices(model).reduce((sum, w) => sum + w.rowLength * w.rows, 0) + 2 * model.hidden;
}

/** Parameters of the whole model, as `sum(p.numel() for p in model.parameters())` counts them. */
export function parameterCount(model: ModelDescription): number {
  const table = model.vocab * model.hidden;
  return table * (model.tiedEmbeddings ? 1 : 2) + model.layers * layerParameters(model) + model.hidden;
}

/** Bytes of one layer's weights in `format` (matrices in the format, norms in f32). */
export function layerWeightBytes(model: ModelDescription, format: WeightFormat): number {
  return layerMatrices(model).reduce((sum, w) => sum + matrixBytes(format, w.rowLength, w.rows), 0) + 2 * model.hidden * F32_BYTES;
}

/** Bytes of every weight of the model in `format`: what one card would hold for all of it. */
export function modelWeightBytes(model: ModelDescription, format: WeightFormat): number {
  const table = matrixBytes(format, model.hidden, model.vocab);
  return table * (model.tiedEmbeddings ? 1 : 2) + model.layers * layerWeightBytes(model, format) + model.hidden * F32_BYTES;
}

/** KV-cache bytes of one stream at `context` tokens: layers × 2 × kvHeads × headDim × context × bytes. */
export function kvCacheBytes(model: ModelDescription, context: number, bytesPerElement: number): number {
  return model.layers * 2 * model.kvHeads * model.headDim * context * bytesPerElement;
}
