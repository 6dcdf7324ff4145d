// TensorParallel on real data: column-parallel, row-parallel and the
// Megatron pair, f32 and Q4_K, over random shapes and 1–8 cards, in both
// kernel builds and with both input kinds, against the single-card
// references of test/sharding-reference.ts; uneven whole-block shards; the
// reports' compute model and collective times.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  REV_A_MATMUL_MODEL, TensorParallel, Topology, type CardBuffers, type LinearWeights, type ShardedLinear,
} from '../src/index.js';
import { QK_K, quantizeQ4K, referenceMatmul } from './matmul-reference.js';
import { mismatches } from './reference.js';
import { columns, expectedBounds, plainLayer, splitErrorBound, splitKLayer, weightValues } from './sharding-reference.js';

type Format = 'f32' | 'q4_k';

/** Deterministic pseudo-random values in [−1, 1). */
function randoms(length: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.fround((s / 2 ** 32) * 2 - 1);
  });
}

function weightsOf(format: Format, n: number, k: number, seed: number): LinearWeights {
  const values = randoms(n * k, seed);
  return format === 'f32' ? { format, n, k, data: values } : { format, n, k, data: quantizeQ4K(values) };
}

/** Every card of `output` holds `expected` bit for bit. */
function expectOnEveryCard(output: CardBuffers<'f32'>, expected: Float32Array): void {
  for (let c = 0; c < output.nCards; c++) expect(mismatches('f32', output.card(c), expected)).toEqual([]);
}

/** The input for `layer` as one Float32Array per card, or as CardBuffers via splitActivations. */
function inputFor(tp: TensorParallel, x: Float32Array, layer: ShardedLinear, kind: 'cards' | 'arrays', m: number) {
  if (kind === 'cards') return tp.splitActivations(x, layer);
  return layer.shards.map((s) => (layer.parallel === 'column' ? x.slice() : columns(x, m, layer.k, s.start, s.end)));
}

const common = {
  cards: fc.integer({ min: 1, max: 8 }),
  m: fc.integer({ min: 0, max: 4 }),
  kernels: fc.constantFrom('simd' as const, 'scalar' as const),
  input: fc.constantFrom('cards' as const, 'arrays' as const),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
};

describe('TensorParallel: column-parallel', () => {
  it('equals the single-card layer bit for bit on every card (f32 and Q4_K, 1–8 cards, random shapes)', async () => {
    const arb = fc.record({
      ...common,
      format: fc.constantFrom<Format>('f32', 'q4_k'),
      k: fc.integer({ min: 1, max: 40 }),
      blocks: fc.integer({ min: 1, max: 2 }),
      nExtra: fc.integer({ min: 0, max: 13 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const topo = await Topology.mock(c.cards, { kernels: c.kernels });
        const tp = new TensorParallel(topo);
        const k = c.format === 'f32' ? c.k : c.blocks * QK_K;
        // f32 may leave cards without columns; Q4_K needs a row on every card.
        const n = c.format === 'f32' ? 1 + c.nExtra : c.cards + c.nExtra;
        const w = weightsOf(c.format, n, k, c.seed);
        const x = randoms(c.m * k, c.seed + 1);
        const layer = tp.shardColumns(w);
        const input = inputFor(tp, x, layer, c.input, c.m);
        const { output, report } = tp.columnParallel(input, layer);
        expectOnEveryCard(output, plainLayer(x, w, c.m));
        expect(report.collective.collective).toBe('allGather');
        expect(report.staged).toBe(c.input === 'arrays');
        output.free();
        layer.free();
        if (!Array.isArray(input)) (input as CardBuffers<'f32'>).free();
      }),
      { numRuns: 120 },
    );
  });
});

describe('TensorParallel: row-parallel', () => {
  it('equals the same-k-split reference bit for bit, and the plain layer within the documented bound', async () => {
    const arb = fc.record({
      ...common,
      format: fc.constantFrom<Format>('f32', 'q4_k'),
      k: fc.integer({ min: 1, max: 60 }),
      blocksExtra: fc.integer({ min: 0, max: 2 }),
      n: fc.integer({ min: 1, max: 9 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const topo = await Topology.mock(c.cards, { kernels: c.kernels });
        const tp = new TensorParallel(topo);
        const k = c.format === 'f32' ? c.k : (c.cards + c.blocksExtra) * QK_K;
        const w = weightsOf(c.format, c.n, k, c.seed);
        const x = randoms(c.m * k, c.seed + 1);
        const layer = tp.shardRows(w);
        const unit = c.format === 'f32' ? 1 : QK_K;
        const bounds = expectedBounds(k / unit, c.cards, unit);
        expect(layer.shards.map((s) => [s.start, s.end])).toEqual(bounds);
        const input = inputFor(tp, x, layer, c.input, c.m);
        const { output, report } = tp.rowParallel(input, layer);
        expectOnEveryCard(output, splitKLayer(x, w, c.m, bounds));
        const plain = plainLayer(x, w, c.m);
        const bound = splitErrorBound(x, w, c.m, c.cards);
        const got = output.card(c.cards - 1);
        for (let i = 0; i < plain.length; i++) expect(Math.abs(got[i]! - plain[i]!)).toBeLessThanOrEqual(bound[i]!);
        expect(report.collective).toMatchObject({ collective: 'allReduce', op: 'sum', count: c.m * c.n });
        output.free();
        layer.free();
        if (!Array.isArray(input)) (input as CardBuffers<'f32'>).free();
      }),
      { numRuns: 120 },
    );
  });

  it('the bound is not vacuous: a wide layer split over 3 cards really differs from the plain layer in some elements', async () => {
    const topo = await Topology.mock(3);
    const tp = new TensorParallel(topo);
    const m = 2, k = 999, n = 40;
    const w = weightsOf('f32', n, k, 5);
    const x = randoms(m * k, 6);
    const layer = tp.shardRows(w);
    const input = tp.splitActivations(x, layer);
    const { output } = tp.rowParallel(input, layer);
    const plain = plainLayer(x, w, m);
    const bound = splitErrorBound(x, w, m, 3);
    const got = output.card(0);
    let differing = 0;
    for (let i = 0; i < plain.length; i++) {
      if (got[i] !== plain[i]) differing++;
      expect(Math.abs(got[i]! - plain[i]!)).toBeLessThanOrEqual(bound[i]!);
    }
    expect(differing).toBeGreaterThan(0);
    [output, layer, input].forEach((b) => b.free());
  });
});

describe('TensorParallel: the Megatron pair', () => {
  it('column-parallel up, activation, row-parallel down, one AllReduce: bit-exact against the split reference, within the bound of the plain pair', async () => {
    const arb = fc.record({
      ...common,
      upFormat: fc.constantFrom<Format>('f32', 'q4_k'),
      downFormat: fc.constantFrom<Format>('f32', 'q4_k'),
      kF32: fc.integer({ min: 1, max: 24 }),
      hiddenExtra: fc.integer({ min: 0, max: 9 }),
      n2: fc.integer({ min: 1, max: 7 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const topo = await Topology.mock(c.cards, { kernels: c.kernels });
        const tp = new TensorParallel(topo);
        const k = c.upFormat === 'f32' ? c.kF32 : QK_K;
        // Q4_K down: the hidden width is whole blocks, at least one per card.
        const n1 = c.downFormat === 'q4_k' ? (c.cards + (c.hiddenExtra % 2)) * QK_K : c.cards + c.hiddenExtra;
        const up = weightsOf(c.upFormat, n1, k, c.seed);
        const down = weightsOf(c.downFormat, c.n2, n1, c.seed + 2);
        const x = randoms(c.m * k, c.seed + 1);
        const relu = (v: Float32Array) => { for (let i = 0; i < v.length; i++) if (v[i]! < 0) v[i] = 0; };
        const pair = tp.shardPair(up, down);
        const input = inputFor(tp, x, pair.up, c.input, c.m);
        const { output, report } = tp.megatron(input, pair.up, pair.down, { activation: relu });

        const hidden = plainLayer(x, up, c.m); // column-parallel = the plain layer, bit for bit
        relu(hidden);
        const unit = c.downFormat === 'q4_k' ? QK_K : 1;
        const bounds = expectedBounds(n1 / unit, c.cards, unit);
        expectOnEveryCard(output, splitKLayer(hidden, down, c.m, bounds));
        const plain = plainLayer(hidden, down, c.m);
        const bound = splitErrorBound(hidden, down, c.m, c.cards);
        const got = output.card(0);
        for (let i = 0; i < plain.length; i++) expect(Math.abs(got[i]! - plain[i]!)).toBeLessThanOrEqual(bound[i]!);
        expect(report.strategy).toBe('megatron');
        expect(report.collective.collective).toBe('allReduce');
        expect(report.compute.every((cc) => cc.matmuls.length === 2)).toBe(true);
        output.free();
        pair.up.free();
        pair.down.free();
        if (!Array.isArray(input)) (input as CardBuffers<'f32'>).free();
      }),
      { numRuns: 80 },
    );
  });

  it('SIMD and scalar kernels give the same bits through a whole Q4_K pair on 3 cards', async () => {
    const outputs: Float32Array[] = [];
    for (const kernels of ['simd', 'scalar'] as const) {
      const tp = new TensorParallel(await Topology.ring(3, { bidirectional: true, kernels }));
      const up = weightsOf('q4_k', 3 * QK_K, 2 * QK_K, 21);
      const down = weightsOf('q4_k', 10, 3 * QK_K, 22);
      const pair = tp.shardPair(up, down);
      const x = tp.splitActivations(randoms(2 * 2 * QK_K, 23), pair.up);
      const { output } = tp.megatron(x, pair.up, pair.down);
      outputs.push(output.card(1).slice());
      [output, x, pair.up, pair.down].forEach((b) => b.free());
    }
    expect(mismatches('f32', outputs[0]!, outputs[1]!)).toEqual([]);
  });
});

describe('TensorParallel: uneven whole-block shards and the report', () => {
  it("Llama-2-7B's FFN width 11008 = 43·256 over 4 cards: 11, 11, 11, 10 blocks, card 0 sets the time", async () => {
    const topo = await Topology.ring(4, { bidirectional: true });
    const tp = new TensorParallel(topo);
    const w = weightsOf('q4_k', 6, 11008, 31);
    const layer = tp.shardRows(w);
    expect(layer.shards.map((s) => (s.end - s.start) / QK_K)).toEqual([11, 11, 11, 10]);
    expect([0, 1, 2, 3].map((c) => layer.weightBytes(c))).toEqual([11, 11, 11, 10].map((b) => 6 * b * 144));
    const x = randoms(11008, 32);
    const input = tp.splitActivations(x, layer);
    const { output, report } = tp.rowParallel(input, layer);
    expectOnEveryCard(output, splitKLayer(x, w, 1, expectedBounds(43, 4, QK_K)));

    // The card model, computed here from its definition: max(bytes / 2e9, flops / 51.2e9).
    for (const [c, blocks] of [11, 11, 11, 10].entries()) {
      const k = blocks * QK_K;
      const bytes = 6 * blocks * 144 + 4 * k + 4 * 6;
      const cost = report.compute[c]!.matmuls[0]!;
      expect(cost).toMatchObject({ m: 1, k, n: 6, weightBytes: 6 * blocks * 144, bytes, flops: 2 * k * 6, bound: 'memory' });
      expect(cost.seconds).toBeCloseTo(bytes / 2e9, 15);
    }
    expect(report.slowestCard).toBe(0);
    expect(report.computeSeconds).toBe(report.compute[0]!.seconds);
    expect(report.computeSeconds).toBeGreaterThan(report.compute[3]!.seconds);
    // The collective is the topology's own AllReduce of the m × n output.
    const alone = topo.estimate('allReduce', { bytes: 6 * 4 });
    expect(report.collectiveSeconds).toBe(alone.seconds);
    expect(report.seconds).toBe(report.computeSeconds + report.collectiveSeconds);
    expect(report.model).toEqual(REV_A_MATMUL_MODEL);
    [output, input, layer].forEach((b) => b.free());
  });

  it('column-parallel: the AllGather moves each card block at the largest shard (padding included), and prefill turns compute-bound', async () => {
    const topo = await Topology.mock(3);
    const tp = new TensorParallel(topo, { card: { matmulFlopsPerSecond: 1e9 } });
    const m = 8, k = 64, n = 10; // shards 4, 3, 3 columns
    const w = weightsOf('f32', n, k, 41);
    const layer = tp.shardColumns(w);
    expect(layer.shards.map((s) => s.end - s.start)).toEqual([4, 3, 3]);
    const x = randoms(m * k, 42);
    const { output, report } = tp.columnParallel(layer.shards.map(() => x.slice()), layer);
    expectOnEveryCard(output, referenceMatmul(x, w.data, m, k, n));
    expect(report.collective).toMatchObject({ collective: 'allGather', count: m * 4, bytes: 3 * m * 4 * 4 });
    const cost = report.compute[0]!.matmuls[0]!;
    expect(cost.bound).toBe('compute');
    expect(cost.seconds).toBeCloseTo((2 * m * k * 4) / 1e9, 15);
    expect(report.model).toEqual({ ddrBandwidth: 2e9, matmulFlopsPerSecond: 1e9 });
    [output, layer].forEach((b) => b.free());
  });

  it('a zero rate prices as infinity, not a division fault', async () => {
    const tp = new TensorParallel(await Topology.mock(2), { card: { ddrBandwidth: 0 } });
    const layer = tp.shardColumns(weightsOf('f32', 4, 8, 51));
    const { output, report } = tp.columnParallel([randoms(8, 1), randoms(8, 1)], layer);
    expect(report.computeSeconds).toBe(Infinity);
    expect(report.seconds).toBe(Infinity);
    [output, layer].forEach((b) => b.free());
  });

  it('splitActivations and joinActivations are inverses; cardWeights shows each card its shard', async () => {
    const tp = new TensorParallel(await Topology.mock(3));
    const w = weightsOf('f32', 5, 7, 61);
    const rows = tp.shardRows(w);
    const cols = tp.shardColumns(w);
    const x = randoms(4 * 7, 62);
    const split = tp.splitActivations(x, rows);
    expect([...tp.joinActivations(split, rows)]).toEqual([...x]);
    expect([...split.card(1).subarray(0, 4 * 2)]).toEqual([...columns(x, 4, 7, 3, 5)]);
    expect([...rows.cardWeights(2)]).toEqual([...columns(weightValues(w), 5, 7, 5, 7)]);
    expect([...cols.cardWeights(0)]).toEqual([...w.data.subarray(0, 2 * 7)]);
    expect(tp.shardCount()).toBe(3);
    [split, rows, cols].forEach((b) => b.free());
  });
});
