// A ring or chain whose rings run on dedicated direct links sees exactly the
// links of a ring network, whatever network holds them: on a torus (whose
// rings are Hamiltonian cycles of its links, src/network/ring-orders.ts) the
// closed form must equal the event simulation, as it does on a ring. Square
// tori split into two edge-disjoint Hamiltonian cycles (the helix), so up to
// four one-way rings are dedicated.
import { describe, expect, it } from 'vitest';
import { Topology, type CollectiveKind } from '../src/index.js';

const CASES: readonly { collective: CollectiveKind; algorithm: string }[] = [
  { collective: 'allReduce', algorithm: 'ring' },
  { collective: 'allGather', algorithm: 'ring' },
  { collective: 'reduceScatter', algorithm: 'ring' },
  { collective: 'broadcast', algorithm: 'chain' },
];

describe('closed forms of ring algorithms on dedicated torus rings', () => {
  for (const [rows, cols] of [[4, 4], [5, 5], [6, 6]] as const) {
    for (const { collective, algorithm } of CASES) {
      it(`${rows}×${cols} torus, ${collective}/${algorithm}: analytic equals simulated for 1, 2 and 4 channels`, async () => {
        const topo = await Topology.torus2d(rows, cols);
        const p = rows * cols;
        for (const channels of [1, 2, 4]) {
          for (const pipeline of [1, 4]) {
            // Every block, channel part and sub-chunk the same size: the closed form's exact case.
            const bytes = 4 * p * channels * pipeline * 2 * 1024;
            const options = { bytes, algorithm: algorithm as never, pipeline, channels, timeline: false as const, ...(collective === 'broadcast' ? { root: 1 } : {}) };
            const simulated = topo.estimate(collective, { ...options, method: 'simulate' });
            const analytic = topo.estimate(collective, { ...options, method: 'analytic' });
            expect(analytic.seconds, `${channels} channels, pipeline ${pipeline}`).toBeCloseTo(simulated.seconds, 12);
            expect(Math.abs(analytic.seconds / simulated.seconds - 1)).toBeLessThan(1e-9);
          }
        }
      });
    }
  }
});
