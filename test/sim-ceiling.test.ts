// Simulated bus bandwidth never exceeds what the links can physically carry:
// for every collective, algorithm and topology, nccl-tests' busbw stays at or
// below the largest egress capacity of any card (the sum of its Up outgoing
// links, capped by its injection limit), and no link is busy for longer than
// the collective lasts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLLECTIVES, LinkState, Topology, type CollectiveKind } from '../src/index.js';
import { algorithmsFor } from '../src/schedule/registry.js';

function egressCeilingGBs(topo: Topology): number {
  let best = 0;
  for (let c = 0; c < topo.nSails; c++) {
    let sum = 0;
    for (const link of topo.links) if (link.localSail === c && link.state === LinkState.Up) sum += link.bandwidth;
    const injection = topo.network.cards[c]!.injectionBandwidth;
    best = Math.max(best, injection === undefined ? sum : Math.min(sum, injection));
  }
  return best / 1e9;
}

const TOPOLOGIES: [string, () => Promise<Topology>][] = [
  ['mesh 5', () => Topology.mock(5)],
  ['ring 6', () => Topology.ring(6)],
  ['bidirectional ring 6', () => Topology.ring(6, { bidirectional: true })],
  ['torus 3×4', () => Topology.torus2d(3, 4)],
  ['switch 6', () => Topology.switch(6)],
  ['rings of 4 joined by a switch', () => Topology.multiDim([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2 }])],
  ['mesh 4 with injection limit', () => Topology.mock(4, { card: { injectionBandwidth: 6e8 } })],
  ['hgx-h100 switch 8', () => Topology.switch(8, { preset: 'hgx-h100' })],
];

describe('bus bandwidth ceiling', () => {
  it('holds for every collective × algorithm × topology over random sizes', async () => {
    const topologies = await Promise.all(TOPOLOGIES.map(async ([name, make]) => [name, await make()] as const));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...topologies),
        fc.constantFrom(...COLLECTIVES),
        fc.integer({ min: 1, max: 1 << 22 }),
        fc.integer({ min: 1, max: 4 }),
        async ([name, topo], collective: CollectiveKind, elements, pipeline) => {
          const n = topo.nSails;
          const blocks = collective === 'allGather' || collective === 'reduceScatter' || collective === 'allToAll' ? n : 1;
          const ceiling = egressCeilingGBs(topo);
          for (const info of algorithmsFor(collective)) {
            const report = topo.estimate(collective, { bytes: elements * 4 * blocks, algorithm: info.name, pipeline, method: 'simulate', timeline: false });
            expect(report.busBw, `${name} ${collective} ${info.name}`).toBeLessThanOrEqual(ceiling * (1 + 1e-12));
            for (const link of report.links) expect(link.busySeconds).toBeLessThanOrEqual(report.seconds * (1 + 1e-12));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
