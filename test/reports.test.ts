// Reports: nccl-tests' algbw/busbw, bytes per link, the per-step and
// per-message timeline, and the Chrome/Perfetto trace.
import { describe, expect, it } from 'vitest';
import { Topology, busBandwidthFactor } from '../src/index.js';

describe('collective reports', () => {
  it('ring AllReduce on a spanker-rev-a ring: time, algbw, busbw and link bytes add up', async () => {
    const n = 4;
    const topo = await Topology.ring(n);
    const count = 1 << 16;
    const cards = topo.alloc('f32', count);
    const report = topo.allReduce(cards, 'sum', { algorithm: 'ring', pipeline: 1, channels: 1 });
    cards.free();
    const S = count * 4;
    expect(report).toMatchObject({ collective: 'allReduce', op: 'sum', algorithm: 'ring', method: 'simulate', numerics: 'canonical', bytes: S, nSails: n, count });
    // 500 MB/s links, 1 µs latency, γ = 1.5 ns/B (the preset's documented values).
    const expected = 2 * (n - 1) * 1e-6 + 2 * (n - 1) * (S / n) / 5e8 + (n - 1) * (S / n) * 1.5e-9;
    expect(report.seconds).toBeCloseTo(expected, 15);
    expect(report.algBw).toBeCloseTo(S / report.seconds / 1e9, 12);
    expect(report.busBw).toBeCloseTo(report.algBw * 2 * (n - 1) / n, 12);
    expect(report.busBw).toBeLessThan(0.5); // below one 500 MB/s link
    for (const link of report.links) expect(link.bytes).toBe(2 * (n - 1) * (S / n));
    expect(report.totalLinkBytes).toBe(n * 2 * (n - 1) * (S / n));
    expect(report.steps).toHaveLength(2 * (n - 1));
    expect(report.steps.reduce((sum, s) => sum + s.bytes, 0)).toBe(report.totalLinkBytes);
    expect(report.transfers).toHaveLength(2 * (n - 1) * n);
    for (const t of report.transfers!) {
      expect(t.route).toEqual([t.src, t.dst]);
      expect(t.arrive).toBeGreaterThan(t.start);
      expect(t.done).toBeGreaterThanOrEqual(t.arrive);
      expect(t.done).toBeLessThanOrEqual(report.seconds);
    }
    expect(report.reroutes).toEqual([]);
    // The ceiling: no algorithm can beat the bound, and this plan reaches the stated share of it.
    expect(report.pipeline).toBe(1);
    expect(report.channels).toBe(1);
    expect(report.bound).toBeGreaterThan(0);
    expect(report.bound).toBeLessThanOrEqual(report.seconds);
    expect(report.efficiency).toBeCloseTo(report.bound / report.seconds, 15);
    expect(Object.isFrozen(report)).toBe(true);
  });

  it('bus factors are nccl-tests\'', () => {
    expect(busBandwidthFactor('allReduce', 8)).toBe(14 / 8);
    for (const c of ['allGather', 'reduceScatter', 'allToAll'] as const) expect(busBandwidthFactor(c, 8)).toBe(7 / 8);
    for (const c of ['broadcast', 'reduce'] as const) expect(busBandwidthFactor(c, 8)).toBe(1);
  });

  it('S is the whole array for AllGather and ReduceScatter', async () => {
    const topo = await Topology.mock(4);
    const report = topo.allGather(topo.alloc('f64', 10), topo.alloc('f64', 40));
    expect(report.bytes).toBe(4 * 10 * 8);
    const rs = topo.reduceScatter(topo.alloc('f64', 40), 'sum', { recv: topo.alloc('f64', 10) });
    expect(rs.bytes).toBe(4 * 10 * 8);
  });

  it('a single card or zero bytes takes no link time and reports 0 GB/s', async () => {
    const one = await Topology.mock(1);
    const r1 = one.allReduce([new Float32Array(8)], 'sum');
    expect(r1).toMatchObject({ seconds: 0, algBw: 0, busBw: 0, totalLinkBytes: 0 });
    const r0 = (await Topology.mock(3)).estimate('allReduce', { bytes: 0 });
    expect(r0).toMatchObject({ seconds: 0, algBw: 0 });
  });

  it('toChromeTrace: Trace Event JSON with a track per card and per link', async () => {
    const topo = await Topology.mock(4);
    const report = topo.reduce([0, 1, 2, 3].map((c) => new Float32Array(256).fill(c)), 'sum', { root: 2, algorithm: 'binomialTree' });
    const trace = JSON.parse(JSON.stringify(report.toChromeTrace()));
    expect(trace.displayTimeUnit).toBe('ns');
    const slices = trace.traceEvents.filter((e: { ph: string }) => e.ph === 'X');
    const names = trace.traceEvents.filter((e: { ph: string; name: string }) => e.ph === 'M' && e.name === 'thread_name');
    expect(names.filter((e: { pid: number }) => e.pid === 1)).toHaveLength(4); // a track per card
    const linkTracks = new Set(slices.filter((e: { pid: number }) => e.pid === 2).map((e: { tid: number }) => e.tid));
    expect(names.filter((e: { pid: number }) => e.pid === 2)).toHaveLength(linkTracks.size);
    expect(slices.filter((e: { pid: number }) => e.pid === 2)).toHaveLength(report.transfers!.length);
    expect(slices.filter((e: { pid: number }) => e.pid === 1)).toHaveLength(report.transfers!.filter((t) => t.reduce).length);
    for (const e of slices) {
      expect(e.ts).toBeGreaterThanOrEqual(0);
      expect(e.dur).toBeGreaterThan(0);
      expect(e.ts + e.dur).toBeLessThanOrEqual(report.seconds * 1e6 * (1 + 1e-12));
    }
    expect(trace.metadata).toMatchObject({ collective: 'reduce', algorithm: 'binomialTree' });
  });

  it('JSON.stringify gives plain data', async () => {
    const topo = await Topology.ring(3);
    const report = topo.allReduce([1, 2, 3].map((c) => new Int32Array(9).fill(c)), 'max');
    const json = JSON.parse(JSON.stringify(report));
    expect(json).toMatchObject({ collective: 'allReduce', op: 'max', seconds: report.seconds });
    expect(json.hops).toBeUndefined();
  });
});
