// ModelParallel: layers in contiguous stages on the cards, run on real data
// (bit-exact against running the stack on one card), activations sent card
// to card and priced on the links with Topology.estimateSend; and
// estimateSend itself against the store-and-forward closed form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinkState, ModelParallel, Topology, type LinearWeights } from '../src/index.js';
import { catchError } from './expect-error.js';
import { QK_K, quantizeQ4K } from './matmul-reference.js';
import { mismatches } from './reference.js';
import { plainLayer } from './sharding-reference.js';

function randoms(length: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.fround((s / 2 ** 32) * 2 - 1);
  });
}

/** Layers of widths dims[0] → dims[1] → …, all f32 or all Q4_K. */
function stack(format: 'f32' | 'q4_k', dims: readonly number[], seed: number): LinearWeights[] {
  return dims.slice(1).map((n, i) => {
    const k = dims[i]!;
    const values = randoms(n * k, seed + i);
    return format === 'f32' ? { format, n, k, data: values } : { format, n, k, data: quantizeQ4K(values) };
  });
}

const relu = (v: Float32Array) => { for (let i = 0; i < v.length; i++) if (v[i]! < 0) v[i] = 0; };

describe('ModelParallel', () => {
  it('assigns layers in contiguous groups, the larger first, one stage per card', async () => {
    const mp = new ModelParallel(await Topology.ring(3));
    expect(mp.shardCount()).toBe(3);
    expect(mp.assignLayers(32).map((s) => [s.card, s.first, s.end])).toEqual([[0, 0, 11], [1, 11, 22], [2, 22, 32]]);
    expect(mp.assignLayers(2).map((s) => [s.card, s.first, s.end])).toEqual([[0, 0, 1], [1, 1, 2]]);
    expect(catchError(() => mp.assignLayers(0))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'layers' });
  });

  it('equals the stack run on one card bit for bit; the report adds stage compute and priced sends (1–8 cards, f32 and Q4_K)', async () => {
    const arb = fc.record({
      cards: fc.integer({ min: 1, max: 8 }),
      format: fc.constantFrom('f32' as const, 'q4_k' as const),
      layers: fc.integer({ min: 1, max: 6 }),
      m: fc.integer({ min: 0, max: 3 }),
      activation: fc.boolean(),
      kernels: fc.constantFrom('simd' as const, 'scalar' as const),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
    }).chain((c) => fc.record({
      c: fc.constant(c),
      dims: fc.array(c.format === 'f32' ? fc.integer({ min: 1, max: 20 }) : fc.constantFrom(QK_K, 2 * QK_K), { minLength: c.layers + 1, maxLength: c.layers + 1 }),
    }));
    await fc.assert(
      fc.asyncProperty(arb, async ({ c, dims }) => {
        const topo = await Topology.ring(c.cards, { bidirectional: true, kernels: c.kernels });
        const mp = new ModelParallel(topo);
        const layers = stack(c.format, dims, c.seed);
        const x = randoms(c.m * dims[0]!, c.seed + 99);
        const staged = mp.placeLayers(layers);
        const { output, report } = mp.forward(x, staged, c.activation ? { activation: relu } : {});

        let expected: Float32Array = x;
        for (const w of layers) {
          expected = plainLayer(expected, w, c.m);
          if (c.activation) relu(expected);
        }
        expect(mismatches('f32', output, expected)).toEqual([]);

        const stages = Math.min(c.layers, c.cards);
        expect(report.stages.map((s) => s.card)).toEqual(Array.from({ length: stages }, (_, i) => i));
        expect(report.sends).toHaveLength(stages - 1);
        report.sends.forEach((send, i) => {
          const n = layers[report.stages[i]!.end - 1]!.n;
          expect(send).toEqual(topo.estimateSend(i, i + 1, c.m * n * 4));
        });
        const compute = report.stages.reduce((s, st) => s + st.compute.seconds, 0);
        expect(report.computeSeconds).toBeCloseTo(compute, 18);
        expect(report.seconds).toBe(report.computeSeconds + report.sendSeconds);
        staged.layers.forEach((l, i) => expect(l.card).toBe(report.stages.find((s) => s.first <= i && i < s.end)!.card));
        staged.free();
      }),
      { numRuns: 80 },
    );
  });

  it('a send whose route has no Up link is LINK_DOWN before any work, with nothing changed', async () => {
    const topo = (await Topology.ring(3)).withLink(1, 2, { state: LinkState.Down });
    const mp = new ModelParallel(topo);
    const layers = stack('f32', [4, 5, 6, 7], 3);
    const staged = mp.placeLayers(layers);
    const before = staged.layers.map((_, i) => staged.layerWeights(i).slice());
    const x = randoms(8, 4);
    const xBefore = x.slice();
    const error = catchError(() => mp.forward(x, staged));
    expect(error).toMatchObject({ code: 'LINK_DOWN', from: 1, to: 2 });
    expect([...x]).toEqual([...xBefore]);
    staged.layers.forEach((_, i) => expect([...staged.layerWeights(i)]).toEqual([...before[i]!]));
    staged.free();
  });

  it('rejects a broken chain, bad input and freed layers with typed errors', async () => {
    const mp = new ModelParallel(await Topology.mock(2));
    const broken = [...stack('f32', [4, 5], 1), ...stack('f32', [6, 3], 2)];
    expect(catchError(() => mp.placeLayers(broken))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'layers[1].k' });
    expect(catchError(() => mp.placeLayers([]))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'layers' });
    const staged = mp.placeLayers(stack('f32', [4, 5, 3], 3));
    expect(catchError(() => mp.forward(new Float32Array(6), staged))).toMatchObject({ code: 'SHAPE_MISMATCH', sail: 0, expected: 8, actual: 6 });
    expect(catchError(() => mp.forward(new Float64Array(8) as unknown as Float32Array, staged))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'x' });
    const other = new ModelParallel(await Topology.mock(3));
    expect(catchError(() => other.forward(new Float32Array(4), staged))).toMatchObject({ code: 'TOPOLOGY_MISMATCH', expected: 3, actual: 2 });
    staged.free();
    expect(catchError(() => mp.forward(new Float32Array(4), staged))).toMatchObject({ code: 'INVALID_USAGE' });
  });
});

describe('Topology.estimateSend', () => {
  it('is hops × (latency + bytes / bandwidth) on the shortest route of Up links', async () => {
    const ring = await Topology.ring(5); // one direction: 1 µs and 500 MB/s per hop
    const one = ring.estimateSend(1, 2, 1_000_000);
    expect(one.route).toEqual([1, 2]);
    expect(one.seconds).toBeCloseTo(1e-6 + 1e6 / 5e8, 15);
    const three = ring.estimateSend(3, 1, 4096);
    expect(three.route).toEqual([3, 4, 0, 1]);
    expect(three.seconds).toBeCloseTo(3 * (1e-6 + 4096 / 5e8), 15);
    expect(three.links.map((l) => [l.from, l.to, l.bytes])).toEqual([[3, 4, 4096], [4, 0, 4096], [0, 1, 4096]]);
    expect(ring.estimateSend(2, 2, 100)).toMatchObject({ seconds: 0, route: [2] });
    expect(ring.estimateSend(0, 1, 0).seconds).toBeCloseTo(1e-6, 18);
    // Bigger than the schedules' i32 element ranges: still priced exactly.
    expect(ring.estimateSend(0, 1, 2 ** 33).seconds).toBeCloseTo(1e-6 + 2 ** 33 / 5e8, 9);
  });

  it('routes around a Down link where it can, and is LINK_DOWN naming the link where it cannot', async () => {
    const both = (await Topology.ring(4, { bidirectional: true })).withLink(0, 1, { state: LinkState.Down });
    expect(both.estimateSend(0, 1, 8).route).toEqual([0, 3, 2, 1]);
    const one = (await Topology.ring(4)).withLink(0, 1, { state: LinkState.Down });
    expect(catchError(() => one.estimateSend(0, 2, 8))).toMatchObject({ code: 'LINK_DOWN', from: 0, to: 1, sail: 0 });
  });

  it('rejects bad cards and sizes', async () => {
    const topo = await Topology.mock(2);
    expect(catchError(() => topo.estimateSend(0, 2, 8))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'dst' });
    expect(catchError(() => topo.estimateSend(-1, 1, 8))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'src' });
    expect(catchError(() => topo.estimateSend(0, 1, 1.5))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'bytes' });
  });
});
