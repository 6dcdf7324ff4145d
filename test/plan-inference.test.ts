// planInference: memory fit, the roofline decode against arithmetic worked out here from the published
// parameter counts, TinyLlama on 4 cards agreeing with pickStrategy tile by tile, collectives and sends
// priced on the real links (sub-groups, point-to-point), link traffic, monotonicity properties, errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kvCacheBytes, MODELS, modelWeightBytes, pickStrategy, planInference, Topology, type InferencePlan } from '../src/index.js';
import { groupTopology } from '../src/plan/group-topology.js';
import { layerMatrices } from '../src/plan/model.js';
import { catchAsyncError } from './expect-error.js';

const REV_A = { memory: 4 * 2 ** 30, ddr: 2e9, matmul: 51.2e9 };
const by = (plan: InferencePlan, name: string) => {
  const s = plan.strategies.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no strategy ${name} in ${plan.strategies.map((x) => x.name).join(', ')}`);
  return s;
};

describe('planInference: memory', () => {
  it('Llama-2-7B in Q4_K at 2048 tokens does not fit one rev-A card, and says what overflows; TP 2 fits', async () => {
    const model = MODELS['llama-2-7b'];
    const one = await planInference({ model: 'llama-2-7b', topology: await Topology.ring(1) });
    const single = by(one, 'single card');
    expect(single.fits).toBe(false);
    expect(single.verdict).toBe('does not fit');
    expect(one.best).toBeUndefined();
    // One card holds every weight and the whole KV cache.
    expect(single.memory!.weightBytes).toBe(modelWeightBytes(model, 'q4_k'));
    expect(single.memory!.kvCacheBytes).toBe(kvCacheBytes(model, 2048, 2));
    expect(single.memory!.totalBytes).toBeGreaterThan(REV_A.memory);
    expect(single.memory!.overflowBytes).toBe(single.memory!.totalBytes - REV_A.memory);
    expect(single.overflow).toMatch(/needs 4\.\d\d GiB of 4\.00 GiB \(weights 3\.53 GiB, KV cache 1\.00 GiB, activations 0\.\d\d GiB\): 0\.\d\d GiB over/);

    const two = await planInference({ model: 'llama-2-7b', topology: await Topology.ring(2) });
    expect(two.best?.name).toBe('TP 2');
    expect(by(two, 'TP 2').fits).toBe(true);
    expect(by(two, 'PP 2').fits).toBe(true);
  });

  it('KV heads: split where the TP degree divides them, replicated and counted where it does not', async () => {
    const model = MODELS['tinyllama-1.1b']; // 4 KV heads
    const total = kvCacheBytes(model, 2048, 2);
    const plan = await planInference({
      model: 'tinyllama-1.1b', topology: await Topology.ring(8),
      strategies: [2, 4, 8].map((t) => ({ tensorParallel: t, pipelineParallel: 1 })),
    });
    expect(by(plan, 'TP 2').memory!.kvCacheBytes).toBe(total / 2); // 2 KV heads per card
    expect(by(plan, 'TP 4').memory!.kvCacheBytes).toBe(total / 4); // 1
    expect(by(plan, 'TP 8').memory!.kvCacheBytes).toBe(total / 4); // still 1: each KV head on 2 cards
  });

  it('a TP degree that does not divide the attention heads is listed as not possible, never dropped', async () => {
    const plan = await planInference({ model: 'tinyllama-1.1b', topology: await Topology.ring(3) });
    expect(plan.strategies.map((s) => s.name)).toEqual(['PP 3', 'TP 3']);
    const tp3 = by(plan, 'TP 3');
    expect(tp3).toMatchObject({ possible: false, fits: false, verdict: 'not possible', rank: 2 });
    expect(tp3.why).toBe('TP 3 does not divide the 32 attention heads');
    expect(plan.best?.name).toBe('PP 3');
  });

  it('more cards never need more memory per card (TP degrees, PP degrees)', async () => {
    for (const name of ['tinyllama-1.1b', 'llama-2-7b', 'llama-2-13b', 'llama-2-70b'] as const) {
      const heads = MODELS[name].heads;
      const degrees = [1, 2, 4, 5, 8, 10, 16, 20, 32].filter((d) => heads % d === 0);
      const plan = await planInference({
        model: name, topology: await Topology.ring(32), batch: 2, prompt: 64,
        strategies: [
          ...degrees.map((t) => ({ tensorParallel: t, pipelineParallel: 1 })),
          ...[1, 2, 3, 4, 7, 8, 16, 32].map((p) => ({ tensorParallel: 1, pipelineParallel: p })),
        ],
      });
      const totals = (pick: (s: { tensorParallel: number; pipelineParallel: number }) => boolean) =>
        plan.strategies.filter((s) => s.possible && pick(s)).sort((a, b) => a.cards - b.cards).map((s) => s.memory!.totalBytes);
      for (const list of [totals((s) => s.pipelineParallel === 1), totals((s) => s.tensorParallel === 1)]) {
        for (let i = 1; i < list.length; i++) expect(list[i], name).toBeLessThanOrEqual(list[i - 1]!);
      }
    }
  });
});

describe('planInference: time', () => {
  it('single card decode is the roofline of its weight and KV reads against its FLOPs, from the published counts', async () => {
    const model = MODELS['tinyllama-1.1b'];
    const params = 1_100_048_384;
    const context = 1024;
    for (const batch of [1, 16]) {
      const plan = await planInference({ model: 'tinyllama-1.1b', topology: await Topology.ring(1), batch, context, prompt: 0 });
      const decode = by(plan, 'single card').decode!;
      // Every weight but the embedding table is read once per step; the table gives one row per stream.
      const table = model.vocab * model.hidden;
      const weightBytes = modelWeightBytes(model, 'q4_k') - table * 144 / 256 + batch * model.hidden * 144 / 256;
      const kvBytes = batch * kvCacheBytes(model, context, 2);
      // 2 FLOP per multiplied weight (no norms, no embedding) per stream, plus attention over the context.
      const norms = (2 * model.layers + 1) * model.hidden;
      const flops = batch * (2 * (params - table - norms) + model.layers * 4 * model.heads * model.headDim * context);
      expect(decode.weightReadSeconds).toBeCloseTo(weightBytes / REV_A.ddr, 12);
      expect(decode.kvReadSeconds).toBeCloseTo(kvBytes / REV_A.ddr, 12);
      expect(decode.computeSeconds).toBeCloseTo(flops / REV_A.matmul, 12);
      expect(decode.secondsPerToken).toBeCloseTo(Math.max((weightBytes + kvBytes) / REV_A.ddr, flops / REV_A.matmul), 12);
      expect(decode.tokensPerSecond).toBeCloseTo(batch / decode.secondsPerToken, 9);
      expect(decode.collectiveSeconds + decode.transferSeconds).toBe(0);
      expect(decode.bound).toBe((weightBytes + kvBytes) / REV_A.ddr >= flops / REV_A.matmul ? 'ddr' : 'compute');
    }
  });

  it('TinyLlama decode on 4 cards reproduces pickStrategy at the layer level: tensor parallel, by about 4×', async () => {
    const model = MODELS['tinyllama-1.1b'];
    const topology = await Topology.ring(4);
    // f16 weights: bytesPerElement 2, as in the crate's tile; every shard is even on 4 cards.
    const plan = await planInference({ model: 'tinyllama-1.1b', topology, format: 'f16', context: 256, prompt: 0 });
    const tp = by(plan, 'TP 4');
    const pp = by(plan, 'PP 4');
    // Tile by tile, the fixed rule picks tensor parallelism for every matmul of a decode layer.
    const tiles = layerMatrices(model).map((w) => pickStrategy({
      m: 1, k: w.rowLength, n: w.rows, bytesPerElement: 2, cards: 4, ddrBandwidth: REV_A.ddr, linkBandwidth: 5e8, topology,
    }));
    expect(tiles.map((r) => r.strategy)).toEqual(Array(7).fill('tensorParallel'));
    // The planner's layer reads exactly the rule's weight terms: W / (4 · ddr) per card for TP, W / ddr for PP
    // (plus the two f32 norm vectors every card keeps).
    const norms = 2 * model.hidden * 4;
    const W = tiles.reduce((sum, r) => sum + r.weightBytes, 0);
    expect(tp.layer!.weightBytesPerCard - norms).toBe(W / 4);
    expect(pp.layer!.weightBytesPerCard - norms).toBe(W);
    expect(tp.layer!.weightReadSeconds - norms / REV_A.ddr).toBeCloseTo(tiles.reduce((s, r) => s + r.weightBytes / (4 * REV_A.ddr), 0), 15);
    expect(tp.layer!.allReducesPerLayer).toBe(2);
    // And the whole decode step agrees with the rule's verdict and its size.
    expect(plan.best?.name).toBe('TP 4');
    const ruleRatio = tiles.reduce((s, r) => s + r.modelParallelSeconds, 0) / tiles.reduce((s, r) => s + r.tensorParallelSeconds, 0);
    const planRatio = pp.decode!.secondsPerToken / tp.decode!.secondsPerToken;
    expect(ruleRatio).toBeGreaterThan(3.5);
    expect(planRatio).toBeGreaterThan(3.5);
    expect(planRatio).toBeLessThan(4);
    // The decode AllReduce is the topology's own estimate for the layer output (1 × hidden × f32).
    expect(tp.collectives!.allReduceSeconds).toBe(topology.estimate('allReduce', { bytes: model.hidden * 4 }).seconds);
  });

  it('pipeline micro-batches: a step is the longer of one round trip and m × the busiest stage', async () => {
    const topology = await Topology.ring(4);
    const strategies = [{ tensorParallel: 1, pipelineParallel: 4 }, { tensorParallel: 1, pipelineParallel: 4, microBatches: 1 }];
    const pair = async (batch: number) => {
      const plan = await planInference({ model: 'tinyllama-1.1b', topology, batch, prompt: 0, context: 512, strategies });
      const four = plan.strategies.find((s) => s.decode!.microBatches === 4)!;
      const one = plan.strategies.find((s) => s.decode!.microBatches === 1)!;
      return { four, one };
    };
    // Compute-bound (64 streams): 4 micro-batches of 16 keep the 4 stages busy at once — about 4× the tokens/s.
    const busy = await pair(64);
    expect(busy.four.decode!.bound).toBe('compute');
    expect(busy.four.decode!.limitedBy).toBe('busiestStage');
    expect(busy.one.decode!.limitedBy).toBe('roundTrip');
    expect(busy.four.decode!.tokensPerSecond / busy.one.decode!.tokensPerSecond).toBeGreaterThan(3);
    // DDR-bound (4 streams): every micro-batch re-reads its stage's weights, so pipelining gains nothing.
    const light = await pair(4);
    expect(light.one.decode!.bound).toBe('ddr');
    expect(light.four.decode!.tokensPerSecond).toBeLessThanOrEqual(light.one.decode!.tokensPerSecond);
    // The step: 4 micro-batches × the busiest stage, each stage reading a quarter of the layers per micro-batch.
    expect(light.four.decode!.weightReadSeconds).toBeGreaterThan(light.one.decode!.weightReadSeconds);
  });

  it('more link or DDR bandwidth is never slower (property)', async () => {
    const models = ['tinyllama-1.1b', 'llama-2-7b'] as const;
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...models), fc.constantFrom(2, 4, 8), fc.constantFrom('ring', 'bidirectional', 'mesh'),
      fc.double({ min: 1e7, max: 2e9, noNaN: true }), fc.double({ min: 1.01, max: 10, noNaN: true }), fc.constantFrom(1, 4),
      async (model, cards, shape, bandwidth, factor, batch) => {
        const build = (bw: number) => shape === 'mesh'
          ? Topology.mock(cards, { link: { bandwidth: bw } })
          : Topology.ring(cards, { bidirectional: shape === 'bidirectional', link: { bandwidth: bw } });
        const request = { model, batch, context: 512, prompt: 64 } as const;
        const slow = await planInference({ ...request, topology: await build(bandwidth) });
        const fast = await planInference({ ...request, topology: await build(bandwidth * factor) });
        const fasterDdr = await planInference({ ...request, topology: await build(bandwidth), card: { ddrBandwidth: 2e9 * factor } });
        for (const s of slow.strategies.filter((x) => x.possible)) {
          for (const other of [fast, fasterDdr]) {
            const o = other.strategies.find((x) => x.name === s.name)!;
            expect(o.decode!.secondsPerToken).toBeLessThanOrEqual(s.decode!.secondsPerToken * (1 + 1e-12));
            expect(o.prefill!.seconds).toBeLessThanOrEqual(s.prefill!.seconds * (1 + 1e-12));
          }
        }
      },
    ), { numRuns: 12 });
  });

  it('ranks by latency on request', async () => {
    const topology = await Topology.ring(8);
    const plan = await planInference({ model: 'llama-2-7b', topology, batch: 8, prompt: 0, rankBy: 'latency' });
    const latencies = plan.strategies.filter((s) => s.fits).map((s) => s.decode!.secondsPerToken);
    expect(latencies).toEqual([...latencies].sort((a, b) => a - b));
    const throughput = await planInference({ model: 'llama-2-7b', topology, batch: 8, prompt: 0 });
    const rates = throughput.strategies.filter((s) => s.fits).map((s) => s.decode!.tokensPerSecond);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    expect(throughput.strategies[1]!.why).toMatch(/^\d+\.\d\d× fewer tokens\/s than TP 8: (DDR|link|compute)-bound/);
  });
});

describe('planInference: links', () => {
  it('link traffic per token adds up the collectives priced on the topology', async () => {
    const model = MODELS['llama-2-7b'];
    const topology = await Topology.ring(8, { bidirectional: true });
    const plan = await planInference({ model: 'llama-2-7b', topology, activations: 'f16', prompt: 0, linkLoadTokensPerSecond: 30, strategies: [{ tensorParallel: 8, pipelineParallel: 1 }] });
    const load = plan.strategies[0]!.linkLoad!;
    const S = model.hidden * 2; // one token's layer output in f16
    const ar = topology.estimate('allReduce', { bytes: S });
    const ag = topology.estimate('allGather', { bytes: 8 * 8 });
    expect(load.payloadBytesPerToken).toBe(2 * model.layers * S + 8 * 8);
    expect(load.linkBytesPerToken).toBe(2 * model.layers * ar.totalLinkBytes + ag.totalLinkBytes);
    expect(load.payloadMBps).toBeCloseTo((2 * model.layers * S + 64) * 30 / 1e6, 9);
    expect(load.totalMBps).toBeCloseTo(load.linkBytesPerToken * 30 / 1e6, 9);
    expect(load.perCardMBps).toBeCloseTo(load.totalMBps / 8, 9);
    const busiest = Math.max(...topology.links.map((_, id) => 2 * model.layers * ar.links[id]!.bytes + ag.links[id]!.bytes));
    expect(load.busiestLinkBytesPerToken).toBe(busiest);
    expect(load.exact).toBe(true);
  });

  it("a hybrid's TP group is priced on the real links: on a one-way ring, cards 2 and 3 reach each other the long way", async () => {
    const ring = await Topology.ring(4); // 0→1→2→3→0, 500 MB/s, 1 µs per hop
    const group = await groupTopology(ring, [2, 3]);
    expect(group.nSails).toBe(2);
    expect(group.links.length).toBe(4);
    // One message 3 → 2 goes 3→0→1→2: three store-and-forward hops.
    const bytes = 4096;
    const hop = 1e-6 + bytes / 5e8;
    expect(group.estimate('broadcast', { bytes, root: 1, algorithm: 'direct' }).seconds).toBeCloseTo(3 * hop, 15);
    expect(group.estimate('broadcast', { bytes, root: 0, algorithm: 'direct' }).seconds).toBeCloseTo(hop, 15);
    // A send is one message over the route.
    expect(ring.estimateSend(1, 2, bytes).seconds).toBeCloseTo(hop, 15);
    expect(ring.estimateSend(2, 1, bytes).seconds).toBeCloseTo(3 * hop, 15);
    // And the plan uses exactly that group for TP 2 × PP 2's second stage.
    const plan = await planInference({ model: 'tinyllama-1.1b', topology: ring, prompt: 0, strategies: [{ tensorParallel: 2, pipelineParallel: 2 }] });
    expect(plan.strategies[0]!.collectives!.allReduceSeconds).toBe((await groupTopology(ring, [0, 1])).estimate('allReduce', { bytes: 2048 * 4 }).seconds);
  });

  it('a link that is down with no way round is LINK_DOWN', async () => {
    const ring = (await Topology.ring(4)).withLink(1, 2, { state: 'Down' });
    const error = await catchAsyncError(() => planInference({ model: 'tinyllama-1.1b', topology: ring, strategies: [{ tensorParallel: 4, pipelineParallel: 1 }] }));
    expect(error.code).toBe('LINK_DOWN');
  });
});

describe('planInference: bad requests', () => {
  it('are INVALID_ARGUMENT naming the argument, before anything is priced', async () => {
    const topology = await Topology.ring(4);
    const cases: [Record<string, unknown>, string][] = [
      [{ topology }, 'model'],
      [{ model: 'llama-3-8b', topology }, 'model'],
      [{ model: { name: 'x', layers: 1 }, topology }, 'model.hidden'],
      [{ model: 'llama-2-7b', topology: {} }, 'topology'],
      [{ model: 'llama-2-7b', topology, batch: 0 }, 'batch'],
      [{ model: 'llama-2-7b', topology, context: 1.5 }, 'context'],
      [{ model: 'llama-2-7b', topology, context: 100, prompt: 101 }, 'prompt'],
      [{ model: 'llama-2-7b', topology, format: 'q5_k' }, 'format'],
      [{ model: { name: 'odd', layers: 2, hidden: 640, ffn: 1024, heads: 10, vocab: 100 }, topology }, 'format'], // 640 is not whole Q4_K blocks
      [{ model: 'llama-2-7b', topology, card: 'rev-b' }, 'card'],
      [{ model: 'llama-2-7b', topology, card: { ddrBandwidth: 0 } }, 'card.ddrBandwidth'],
      [{ model: 'llama-2-7b', topology, activations: 'bf16' }, 'activations'],
      [{ model: 'llama-2-7b', topology, kvCache: 'q8_0' }, 'kvCache'],
      [{ model: 'llama-2-7b', topology, rankBy: 'price' }, 'rankBy'],
      [{ model: 'llama-2-7b', topology, strategies: [] }, 'strategies'],
      [{ model: 'llama-2-7b', topology, strategies: [{ tensorParallel: 4, pipelineParallel: 2 }] }, 'strategies[0]'],
      [{ model: 'llama-2-7b', topology, strategies: [{ tensorParallel: 1, pipelineParallel: 2, microBatches: 2 }] }, 'strategies[0].microBatches'],
      [{ model: 'llama-2-7b', topology, strategies: [{ tp: 2 }] }, 'strategies[0].tp'],
      [{ model: 'llama-2-7b', topology, linkLoadTokensPerSecond: -30 }, 'linkLoadTokensPerSecond'],
      [{ model: 'llama-2-7b', topology, colour: 'red' }, 'request.colour'],
    ];
    for (const [request, argument] of cases) {
      const error = await catchAsyncError(() => planInference(request as never));
      expect(error.code, argument).toBe('INVALID_ARGUMENT');
      expect(error.argument).toBe(argument);
    }
  });
});
