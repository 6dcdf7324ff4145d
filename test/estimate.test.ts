// Timing-only mode and algorithm choice: estimates price collectives without
// data (for card counts far beyond memory), agree with the data path, and
// `auto` takes the minimum of a table users can print.
import { describe, expect, it } from 'vitest';
import { COLLECTIVES, PRESETS, Topology } from '../src/index.js';
import { algorithmsFor, findAlgorithm } from '../src/schedule/registry.js';
import { catchError } from './expect-error.js';

describe('estimate', () => {
  it('prices exactly what the data path reports, for every collective and algorithm', async () => {
    const topo = await Topology.torus2d(2, 3);
    for (const collective of COLLECTIVES) {
      for (const info of algorithmsFor(collective)) {
        const count = 96;
        const blocks = collective === 'allGather' || collective === 'reduceScatter' || collective === 'allToAll' ? 6 : 1;
        const sendLength = collective === 'reduceScatter' || collective === 'allToAll' ? 6 * count : count;
        const cards = topo.alloc('f32', sendLength);
        const recvLength = collective === 'allGather' ? 6 * count : collective === 'reduceScatter' ? count : sendLength;
        const recv = topo.alloc('f32', recvLength);
        const options = { algorithm: info.name as never, recv }; // a registry name of this collective
        const data = collective === 'allReduce' ? topo.allReduce(cards, 'sum', options)
          : collective === 'reduce' ? topo.reduce(cards, 'sum', { ...options, root: 1 })
          : collective === 'reduceScatter' ? topo.reduceScatter(cards, 'sum', options)
          : collective === 'broadcast' ? topo.broadcast(cards, { ...options, root: 1 })
          : collective === 'allGather' ? topo.allGather(cards, recv, { algorithm: info.name as never })
          : topo.allToAll(cards, options);
        const rooted = collective === 'broadcast' || collective === 'reduce';
        const estimate = topo.estimate(collective, { bytes: count * 4 * blocks, algorithm: info.name as never, ...(rooted ? { root: 1 } : {}) });
        expect(estimate.seconds, `${collective} ${info.name}`).toBe(data.seconds);
        expect(estimate.bytes).toBe(data.bytes);
        expect(estimate.busBw).toBe(data.busBw);
        expect(estimate.numerics).toBeUndefined();
        cards.free();
        recv.free();
      }
    }
  });

  it('a 4096-card ring AllReduce uses the closed form, with the preset\'s α, β, γ', async () => {
    const topo = await Topology.ring(4096);
    const bytes = 4096 * 1024;
    const report = topo.estimate('allReduce', { bytes, algorithm: 'ring' });
    expect(report.method).toBe('analytic');
    const { link, card } = PRESETS['spanker-rev-a'];
    const closed = findAlgorithm('allReduce', 'ring')!.cost(4096, bytes / 4, 4, { alpha: link.latency, beta: 1 / link.bandwidth, gamma: card.reduceSecondsPerByte });
    expect(report.seconds).toBe(closed);
    expect(report.busBw).toBeLessThanOrEqual(link.bandwidth / 1e9);
  });

  it('the simulator and the closed form agree where both apply (64-card ring)', async () => {
    const topo = await Topology.ring(64);
    const simulated = topo.estimate('allReduce', { bytes: 64 * 4096, algorithm: 'ring', method: 'simulate', timeline: false });
    const analytic = topo.estimate('allReduce', { bytes: 64 * 4096, algorithm: 'ring', method: 'analytic' });
    expect(Math.abs(simulated.seconds - analytic.seconds) / analytic.seconds).toBeLessThan(1e-9);
  });

  it('auto picks the fastest row of the algorithm table, and the table prints it first', async () => {
    for (const topo of [await Topology.mock(8), await Topology.ring(8), await Topology.switch(8, { preset: 'hgx-h100' })]) {
      for (const bytes of [8 * 4, 8 * 4096, 8 * (1 << 20)]) {
        const table = topo.algorithmTable('allReduce', { bytes });
        const best = table.filter((r) => r.usable).sort((a, b) => a.seconds! - b.seconds!)[0]!;
        expect(topo.estimate('allReduce', { bytes }).algorithm).toBe(best.algorithm);
        const text = topo.formatAlgorithmTable('allReduce', { bytes });
        expect(text.split('\n')[1]).toMatch(new RegExp(`^→ ${best.algorithm}\\b`));
        for (const row of table) expect(text).toContain(row.algorithm);
      }
    }
  });

  it('rejects unknown collectives, bad sizes and unknown algorithms with typed errors', async () => {
    const topo = await Topology.mock(4);
    expect(catchError(() => topo.estimate('allreduce' as 'allReduce', { bytes: 16 }))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'collective' });
    expect(catchError(() => topo.estimate('allGather', { bytes: 20 }))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'bytes' });
    expect(catchError(() => topo.estimate('allReduce', { bytes: -4 }))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'bytes' });
    const unknown = catchError(() => topo.estimate('allReduce', { bytes: 16, algorithm: 'tree' as never }));
    expect(unknown).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'algorithm' });
    expect(unknown.message).toContain('ring');
    expect(catchError(() => topo.estimate('broadcast', { bytes: 16, root: 4 }))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'root' });
    expect(catchError(() => topo.allReduce([1, 2, 3, 4].map(() => new Float32Array(4)), 'sum', { numerics: 'fast' as never }))).toMatchObject({ argument: 'numerics' });
  });
});
