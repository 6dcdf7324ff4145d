// Model descriptions: golden parameter counts, weight bytes and KV-cache bytes against the numbers
// published for each model, the per-token collective count, and the JSON model format's validation.
import { describe, expect, it } from 'vitest';
import { kvCacheBytes, MODELS, modelFromJSON, modelWeightBytes, parameterCount, planInference, Topology, WEIGHT_FORMAT_INFO } from '../src/index.js';
import { catchError } from './expect-error.js';

// Published parameter counts (transformers' num_parameters() / llama.cpp's n_params for each model).
const PUBLISHED = {
  'tinyllama-1.1b': 1_100_048_384,
  'llama-2-7b': 6_738_415_616,
  'llama-2-13b': 13_015_864_320,
  'llama-2-70b': 68_976_648_192,
} as const;

// The published config.json shapes (num_hidden_layers, hidden_size, intermediate_size,
// num_attention_heads, num_key_value_heads, vocab_size), as PLANNER.md's table lists them.
const CONFIG = {
  'tinyllama-1.1b': [22, 2048, 5632, 32, 4, 32000],
  'llama-2-7b': [32, 4096, 11008, 32, 32, 32000],
  'llama-2-13b': [40, 5120, 13824, 40, 40, 32000],
  'llama-2-70b': [80, 8192, 28672, 64, 8, 32000],
} as const;

// KV cache of one stream at 2048 tokens in f16: layers × 2 × kvHeads × headDim × 2048 × 2 B.
// Llama-2-7B's is the well-known 0.5 MiB per token → exactly 1 GiB at 2048.
const KV_2048_F16 = {
  'tinyllama-1.1b': 46_137_344, // 22 · 2 · 4 · 64 · 2048 · 2
  'llama-2-7b': 1_073_741_824,
  'llama-2-13b': 1_677_721_600, // 40 · 2 · 40 · 128 · 2048 · 2
  'llama-2-70b': 671_088_640, // 80 · 2 · 8 · 128 · 2048 · 2: GQA keeps it small
} as const;

type Name = keyof typeof PUBLISHED;
const NAMES = Object.keys(PUBLISHED) as Name[];

describe('built-in models', () => {
  it.each(NAMES)('%s: the shapes are the published config and give the published parameter count', (name) => {
    const model = MODELS[name];
    const [layers, hidden, ffn, heads, kvHeads, vocab] = CONFIG[name];
    expect(model).toMatchObject({ layers, hidden, ffn, heads, kvHeads, vocab, headDim: hidden / heads, tiedEmbeddings: false });
    expect(parameterCount(model)).toBe(PUBLISHED[name]);
    expect(model.parameters).toBe(PUBLISHED[name]);
    expect(model.sources.length).toBeGreaterThan(0);
  });

  it.each(NAMES)('%s: weight bytes = matrix weights in the format + norm vectors in f32', (name) => {
    const model = MODELS[name];
    // Norm vectors: two per layer and the final one, hidden each; every other parameter is in a matrix.
    const norms = (2 * model.layers + 1) * model.hidden;
    const matrices = PUBLISHED[name] - norms;
    expect(modelWeightBytes(model, 'q4_k')).toBe(matrices * 144 / 256 + norms * 4);
    expect(modelWeightBytes(model, 'f16')).toBe(matrices * 2 + norms * 4);
    expect(modelWeightBytes(model, 'f32')).toBe(PUBLISHED[name] * 4);
    expect(WEIGHT_FORMAT_INFO.q4_k).toMatchObject({ blockWeights: 256, blockBytes: 144 });
  });

  it('weight bytes in Q4_K, for the record: 0.58 / 3.53 / 6.82 / 36.14 GiB', () => {
    const gib = (name: Name) => (modelWeightBytes(MODELS[name], 'q4_k') / 2 ** 30).toFixed(2);
    expect(NAMES.map(gib)).toEqual(['0.58', '3.53', '6.82', '36.14']);
  });

  it.each(NAMES)('%s: KV-cache bytes at 2048 tokens in f16', (name) => {
    expect(kvCacheBytes(MODELS[name], 2048, 2)).toBe(KV_2048_F16[name]);
    expect(kvCacheBytes(MODELS[name], 1, 4)).toBe(KV_2048_F16[name] / 1024); // per token, in f32
  });

  it.each(NAMES)('%s: per decode token, TP does 2 AllReduces per layer and one next-token AllGather; PP p sends', async (name) => {
    const model = MODELS[name];
    const topology = await Topology.ring(4);
    const plan = await planInference({
      model: name, topology, context: 256, prompt: 0,
      strategies: [{ tensorParallel: 4, pipelineParallel: 1 }, { tensorParallel: 1, pipelineParallel: 4 }, { tensorParallel: 2, pipelineParallel: 2 }],
    });
    const by = (n: string) => plan.strategies.find((s) => s.name === n)!;
    expect(by('TP 4').collectives).toMatchObject({ allReducesPerStep: 2 * model.layers, allGathersPerStep: 1, sendsPerStep: 0, allReduceBytes: model.hidden * 4 });
    expect(by('PP 4').collectives).toMatchObject({ allReducesPerStep: 0, allGathersPerStep: 0, sendsPerStep: 4 }); // 3 hand-offs + the token back
    expect(by('TP 2 × PP 2').collectives).toMatchObject({ allReducesPerStep: 2 * model.layers, allGathersPerStep: 1, sendsPerStep: 2 });
  });
});

describe('JSON models', () => {
  const tiny = {
    name: 'TinyLlama-1.1B', layers: 22, hidden: 2048, ffn: 5632, heads: 32, kvHeads: 4, vocab: 32000,
    parameters: 1_100_048_384, sources: ['https://huggingface.co/TinyLlama/TinyLlama-1.1B-Chat-v1.0/blob/main/config.json'],
  };

  it('reads a model: defaults (headDim = hidden / heads, kvHeads = heads, untied) and the parameter check', () => {
    const model = modelFromJSON(tiny);
    expect(model).toMatchObject({ ...tiny, headDim: 64, tiedEmbeddings: false });
    expect(Object.isFrozen(model)).toBe(true);
    const mha = modelFromJSON({ name: 'x', layers: 2, hidden: 512, ffn: 1024, heads: 8, vocab: 1000 });
    expect(mha).toMatchObject({ kvHeads: 8, headDim: 64, tiedEmbeddings: false, sources: [] });
    // Tied embeddings count the table once.
    const tied = modelFromJSON({ name: 'x', layers: 2, hidden: 512, ffn: 1024, heads: 8, vocab: 1000, tiedEmbeddings: true });
    expect(parameterCount(mha) - parameterCount(tied)).toBe(1000 * 512);
  });

  it('every built-in model is valid in the JSON format and reads back the same', () => {
    for (const name of NAMES) expect(modelFromJSON(JSON.parse(JSON.stringify(MODELS[name])))).toEqual(MODELS[name]);
  });

  it('every mistake is INVALID_ARGUMENT naming its JSON path', () => {
    const cases: [unknown, string][] = [
      [null, 'spec'],
      [[], 'spec'],
      [{ ...tiny, hiden: 1 }, 'spec.hiden'],
      [{ ...tiny, name: '' }, 'spec.name'],
      [{ ...tiny, name: 3 }, 'spec.name'],
      [{ ...tiny, layers: undefined }, 'spec.layers'],
      [{ ...tiny, layers: 0 }, 'spec.layers'],
      [{ ...tiny, hidden: 2048.5 }, 'spec.hidden'],
      [{ ...tiny, ffn: '5632' }, 'spec.ffn'],
      [{ ...tiny, heads: -1 }, 'spec.heads'],
      [{ ...tiny, kvHeads: 5 }, 'spec.kvHeads'], // 5 does not divide 32 heads
      [{ ...tiny, kvHeads: 64 }, 'spec.kvHeads'], // more KV heads than heads
      [{ ...tiny, vocab: 0 }, 'spec.vocab'],
      [{ name: 'x', layers: 2, hidden: 100, ffn: 256, heads: 3, vocab: 10 }, 'spec.headDim'], // 100 / 3
      [{ ...tiny, headDim: 0 }, 'spec.headDim'],
      [{ ...tiny, tiedEmbeddings: 'no' }, 'spec.tiedEmbeddings'],
      [{ ...tiny, parameters: 1_100_000_000 }, 'spec.parameters'],
      [{ ...tiny, sources: 'hf' }, 'spec.sources'],
      [{ ...tiny, sources: ['a', 2] }, 'spec.sources[1]'],
    ];
    for (const [spec, argument] of cases) {
      const error = catchError(() => modelFromJSON(spec));
      expect(error.code, argument).toBe('INVALID_ARGUMENT');
      expect(error.argument, JSON.stringify(spec)).toBe(argument);
    }
    expect(catchError(() => modelFromJSON({ ...tiny, parameters: 1_100_000_000 })).message).toContain('the shapes give 1100048384 parameters');
  });
});
