/**
 * Built-in model descriptions, each number from the model's published
 * Hugging Face `config.json` (num_hidden_layers, hidden_size,
 * intermediate_size, num_attention_heads, num_key_value_heads, vocab_size,
 * tie_word_embeddings) and its published parameter count.
 *
 * The configs were read from the repositories cited below (the meta-llama
 * repositories are gated; their configs are reproduced verbatim by ungated
 * copies such as NousResearch/Llama-2-13b-chat-hf and TheBloke/Llama-2-70B-fp16,
 * which is where they were checked). Parameter counts are what
 * `model.num_parameters()` in transformers and `n_params` in llama.cpp report;
 * test/plan-models.test.ts checks that the shapes below give exactly these
 * counts.
 */
import { invalidArgumentError } from '../errors.js';
import type { ModelDescription } from './model.js';

/** Names of the built-in models (lower case; lookups ignore case). */
export type ModelName = 'tinyllama-1.1b' | 'llama-2-7b' | 'llama-2-13b' | 'llama-2-70b';

function model(description: ModelDescription): ModelDescription {
  Object.freeze(description.sources);
  return Object.freeze(description);
}

/** Every built-in model by name (frozen). */
export const MODELS: { readonly [N in ModelName]: ModelDescription } = Object.freeze({
  'tinyllama-1.1b': model({
    name: 'TinyLlama-1.1B',
    layers: 22, hidden: 2048, ffn: 5632, heads: 32, kvHeads: 4, headDim: 64, vocab: 32000, tiedEmbeddings: false,
    parameters: 1_100_048_384,
    sources: [
      'https://huggingface.co/TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T/blob/main/config.json (and TinyLlama-1.1B-Chat-v1.0): 22 layers, hidden 2048, intermediate 5632, 32 heads, 4 KV heads, vocab 32000, untied',
      'parameter count 1 100 048 384: transformers num_parameters() and llama.cpp n_params for TinyLlama-1.1B',
    ],
  }),
  'llama-2-7b': model({
    name: 'Llama-2-7B',
    layers: 32, hidden: 4096, ffn: 11008, heads: 32, kvHeads: 32, headDim: 128, vocab: 32000, tiedEmbeddings: false,
    parameters: 6_738_415_616,
    sources: [
      'https://huggingface.co/meta-llama/Llama-2-7b-hf/blob/main/config.json: 32 layers, hidden 4096, intermediate 11008, 32 heads, 32 KV heads, vocab 32000, untied',
      'parameter count 6 738 415 616: transformers num_parameters() and llama.cpp general.parameter_count for Llama-2-7B',
    ],
  }),
  'llama-2-13b': model({
    name: 'Llama-2-13B',
    layers: 40, hidden: 5120, ffn: 13824, heads: 40, kvHeads: 40, headDim: 128, vocab: 32000, tiedEmbeddings: false,
    parameters: 13_015_864_320,
    sources: [
      'https://huggingface.co/meta-llama/Llama-2-13b-hf/blob/main/config.json: 40 layers, hidden 5120, intermediate 13824, 40 heads, 40 KV heads, vocab 32000, untied',
      'parameter count 13 015 864 320: transformers num_parameters() for Llama-2-13B',
    ],
  }),
  'llama-2-70b': model({
    name: 'Llama-2-70B',
    layers: 80, hidden: 8192, ffn: 28672, heads: 64, kvHeads: 8, headDim: 128, vocab: 32000, tiedEmbeddings: false,
    parameters: 68_976_648_192,
    sources: [
      'https://huggingface.co/meta-llama/Llama-2-70b-hf/blob/main/config.json: 80 layers, hidden 8192, intermediate 28672, 64 heads, 8 KV heads (grouped-query attention), vocab 32000, untied',
      'parameter count 68 976 648 192: transformers num_parameters() for Llama-2-70B',
    ],
  }),
});

/** Built-in model names in a stable order. */
export const MODEL_NAMES: readonly ModelName[] = Object.freeze(Object.keys(MODELS) as ModelName[]);

/** The built-in model called `name` (any letter case); INVALID_ARGUMENT listing the names otherwise. */
export function builtInModel(name: unknown, argument = 'model'): ModelDescription {
  const key = typeof name === 'string' ? name.toLowerCase() : undefined;
  if (key !== undefined && Object.hasOwn(MODELS, key)) return MODELS[key as ModelName];
  throw invalidArgumentError(argument, `unknown model ${JSON.stringify(name)} (built-in models: ${MODEL_NAMES.join(', ')}; or a model description object)`, String(name));
}
