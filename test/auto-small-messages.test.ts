// Issue 10's "no regression on small messages": at 8 B – 4 KiB, auto (which
// now also prices chunking and channels) is never slower than what auto chose
// before — the fastest algorithm unpipelined on one channel — on every
// topology kind and collective. Both sides are priced by the same method.
import { describe, expect, it } from 'vitest';
import { Topology, algorithmsFor, type CollectiveKind } from '../src/index.js';
import { COLLECTIVES } from '../src/schedule/schedule.js';

const TOPOLOGIES: [string, () => Promise<Topology>][] = [
  ['one-way ring of 8', () => Topology.ring(8)],
  ['bidirectional ring of 8', () => Topology.ring(8, { bidirectional: true })],
  ['mesh of 6', () => Topology.mock(6)],
  ['switch of 8 (hgx-h100)', () => Topology.switch(8, { preset: 'hgx-h100' })],
  ['torus 4×4', () => Topology.torus2d(4, 4)],
  ['multiDim ring 4 × switch 2', () => Topology.multiDim([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2 }])],
];
const SIZES = [8, 64, 512, 4096];

/** Bytes for estimate(): whole blocks of 4-byte elements, about `size` for the collective. */
function bytesFor(collective: CollectiveKind, p: number, size: number): number {
  const blocks = collective === 'allGather' || collective === 'reduceScatter' || collective === 'allToAll' ? p : 1;
  return Math.max(1, Math.round(size / 4 / blocks)) * 4 * blocks;
}

describe('auto on small messages', () => {
  for (const [name, make] of TOPOLOGIES) {
    it(`${name}: never slower than the best unpipelined single-channel algorithm`, async () => {
      const topo = await make();
      let compared = 0;
      for (const collective of COLLECTIVES) {
        for (const size of SIZES) {
          const bytes = bytesFor(collective, topo.nSails, size);
          const auto = topo.estimate(collective, { bytes });
          let before = Infinity;
          for (const info of algorithmsFor(collective)) {
            try {
              const r = topo.estimate(collective, { bytes, algorithm: info.name as never, pipeline: 1, channels: 1, method: auto.method });
              before = Math.min(before, r.seconds);
            } catch {
              // An algorithm the topology cannot run (e.g. hierarchical on one dimension) was never a choice.
            }
          }
          expect(before, `${collective} ${bytes} B`).toBeLessThan(Infinity);
          expect(auto.seconds, `${collective} ${bytes} B: auto ${auto.algorithm} P=${auto.pipeline} k=${auto.channels}`).toBeLessThanOrEqual(before * (1 + 1e-12));
          compared++;
        }
      }
      expect(compared).toBe(COLLECTIVES.length * SIZES.length);
    });
  }
});
