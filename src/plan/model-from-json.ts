/**
 * The JSON model format: any Llama-architecture model (src/plan/model.ts),
 * checked completely before the planner uses it.
 *
 * Schema (every key not listed is rejected, so a typo is an error, not a default):
 *
 * | key | type | meaning |
 * |---|---|---|
 * | `name` | non-empty string, required | display name |
 * | `layers` | integer 1 … 4096, required | transformer layers (`num_hidden_layers`) |
 * | `hidden` | integer 1 … 2^20, required | model width (`hidden_size`) |
 * | `ffn` | integer 1 … 2^22, required | MLP width (`intermediate_size`) |
 * | `heads` | integer 1 … 4096, required | attention heads (`num_attention_heads`) |
 * | `kvHeads` | integer, divides `heads`, default `heads` | key/value heads (`num_key_value_heads`) |
 * | `headDim` | integer 1 … 2^16, default hidden / heads | width of one head (must then divide evenly) |
 * | `vocab` | integer 1 … 2^22, required | vocabulary (`vocab_size`) |
 * | `tiedEmbeddings` | boolean, default false | output head shares the embedding (`tie_word_embeddings`) |
 * | `parameters` | integer, optional | published parameter count: must equal the count the shapes give |
 * | `sources` | array of strings, optional | where the numbers come from |
 *
 * Example — TinyLlama-1.1B:
 *
 * ```json
 * {
 *   "name": "TinyLlama-1.1B",
 *   "layers": 22, "hidden": 2048, "ffn": 5632, "heads": 32, "kvHeads": 4, "vocab": 32000,
 *   "parameters": 1100048384,
 *   "sources": ["https://huggingface.co/TinyLlama/TinyLlama-1.1B-Chat-v1.0/blob/main/config.json"]
 * }
 * ```
 *
 * Every error is INVALID_ARGUMENT whose `argument` is the JSON path of the
 * offending value (`spec.kvHeads`, `spec.sources[2]`, `spec.frobnicate` for an
 * unknown key) and whose message says what is wrong and what is allowed.
 */
import { invalidArgumentError } from '../errors.js';
import { expectRecord, integerInRange, rejectUnknownKeys, show } from '../network/validate.js';
import { parameterCount, type ModelDescription } from './model.js';

const KEYS = ['name', 'layers', 'hidden', 'ffn', 'heads', 'kvHeads', 'headDim', 'vocab', 'tiedEmbeddings', 'parameters', 'sources'] as const;

/**
 * A frozen ModelDescription from a model spec (typically `JSON.parse` output).
 * `argument` is the root of the JSON paths in errors (default `spec`).
 */
export function modelFromJSON(spec: unknown, argument = 'spec'): ModelDescription {
  const root = expectRecord(spec, argument, 'a model description ({ name, layers, hidden, ffn, heads, kvHeads, vocab, … })');
  rejectUnknownKeys(root, KEYS, argument);
  const path = (key: string) => `${argument}.${key}`;
  const required = (key: string, min: number, max: number, what: string): number => {
    if (root[key] === undefined) throw invalidArgumentError(path(key), `missing: ${what}, an integer in ${min}..${max}`);
    return integerInRange(root[key], min, max, path(key), what);
  };

  const name = root['name'];
  if (typeof name !== 'string' || name.trim() === '') throw invalidArgumentError(path('name'), `expected a non-empty string, got ${show(name)}`, show(name));
  const layers = required('layers', 1, 4096, 'the number of layers');
  const hidden = required('hidden', 1, 2 ** 20, 'the model width');
  const ffn = required('ffn', 1, 2 ** 22, 'the MLP width');
  const heads = required('heads', 1, 4096, 'the number of attention heads');
  const vocab = required('vocab', 1, 2 ** 22, 'the vocabulary size');

  const kvHeads = root['kvHeads'] === undefined ? heads : integerInRange(root['kvHeads'], 1, heads, path('kvHeads'), `a KV head count (1..heads = ${heads})`);
  if (heads % kvHeads !== 0) {
    throw invalidArgumentError(path('kvHeads'), `${kvHeads} KV heads do not divide the ${heads} attention heads into equal groups`, kvHeads);
  }
  let headDim: number;
  if (root['headDim'] === undefined) {
    if (hidden % heads !== 0) {
      throw invalidArgumentError(path('headDim'), `missing, and hidden ${hidden} is not a multiple of heads ${heads}: give the head width`);
    }
    headDim = hidden / heads;
  } else {
    headDim = integerInRange(root['headDim'], 1, 2 ** 16, path('headDim'), 'the width of one head');
  }

  const tied = root['tiedEmbeddings'] === undefined ? false : root['tiedEmbeddings'];
  if (typeof tied !== 'boolean') throw invalidArgumentError(path('tiedEmbeddings'), `expected true or false, got ${show(tied)}`, show(tied));

  const sources: string[] = [];
  if (root['sources'] !== undefined) {
    if (!Array.isArray(root['sources'])) throw invalidArgumentError(path('sources'), `expected an array of strings, got ${show(root['sources'])}`, show(root['sources']));
    // Array.from: holes of a sparse array are visited (as undefined) and rejected.
    Array.from(root['sources'] as unknown[]).forEach((source, i) => {
      if (typeof source !== 'string') throw invalidArgumentError(`${path('sources')}[${i}]`, `expected a string, got ${show(source)}`, show(source));
      sources.push(source);
    });
  }

  const description: ModelDescription = { name, layers, hidden, ffn, heads, kvHeads, headDim, vocab, tiedEmbeddings: tied, sources: Object.freeze(sources) };
  const counted = parameterCount(description);
  if (root['parameters'] !== undefined) {
    const published = integerInRange(root['parameters'], 1, Number.MAX_SAFE_INTEGER, path('parameters'), 'a parameter count');
    if (published !== counted) {
      throw invalidArgumentError(
        path('parameters'),
        `the shapes give ${counted} parameters (Llama architecture: embeddings, ${layers} layers of q/k/v/o and gate/up/down with two RMSNorms, final norm), not ${published}: check the numbers`,
        published,
      );
    }
    return Object.freeze({ ...description, parameters: published });
  }
  return Object.freeze(description);
}
