// The simulator against its pre-rewrite version (test/reference-sim/, kept
// verbatim): the rewrite for speed (issue 8) must not change a single bit of
// any result — times, per-link bytes and busy seconds, per-step and
// per-message times — on every algorithm, topology kind, size and pipeline
// depth, with injection limits, heterogeneous links and rerouted pairs.
import { describe, expect, it } from 'vitest';
import { LinkState, Topology, algorithmsFor } from '../src/index.js';
import { Router } from '../src/network/routing.js';
import type { Network } from '../src/network/network.js';
import { COLLECTIVES } from '../src/schedule/schedule.js';
import { simulate } from '../src/sim/simulate.js';
import { simulate as referenceSimulate } from './reference-sim/simulate.js';

function sameBits(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined, what: string): void {
  expect(a === undefined, what).toBe(b === undefined);
  if (a === undefined || b === undefined) return;
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect(a[i], `${what}[${i}]`).toBe(b[i]);
}

async function networks(): Promise<{ name: string; network: Network }[]> {
  const list: { name: string; network: Network }[] = [];
  const add = (name: string, topo: Topology) => list.push({ name, network: topo.network });
  add('mesh 5', await Topology.mock(5));
  add('ring 6', await Topology.ring(6));
  add('bidirectional ring 7', await Topology.ring(7, { bidirectional: true }));
  add('bidirectional ring 8, 2→3 down', (await Topology.ring(8, { bidirectional: true })).withLink(2, 3, { state: LinkState.Down }));
  add('torus 3×4', await Topology.torus2d(3, 4));
  // The reference simulator knows only store-and-forward: switches are set to it (cut-through has its own tests).
  const stored = { forwarding: 'store-and-forward' } as const;
  add('switch 6 with injection limit', await Topology.switch(6, { card: { injectionBandwidth: 3e8 }, switch: stored }));
  add('multiDim 4×2', await Topology.multiDim([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2, link: { bandwidth: 2e9, latency: 3e-6 } }], { switch: stored }));
  add('mesh 4, slow link 1→2', (await Topology.mock(4)).withLink(1, 2, { bandwidth: 1e8, latency: 5e-6 }));
  return list;
}

describe('simulate is bit-identical to the pre-rewrite simulator', () => {
  it('every collective × algorithm × topology × size × pipeline', async () => {
    let cases = 0;
    for (const { name, network } of await networks()) {
      const router = new Router(network);
      const routeOf = (src: number, dst: number) => router.route(src, dst)!;
      const n = network.nSails;
      for (const collective of COLLECTIVES) {
        for (const info of algorithmsFor(collective)) {
          for (const count of [0, 1, 7, 64, 1000]) {
            for (const pipeline of [1, 3]) {
              const schedule = info.build({ nSails: n, count, root: n - 1, pipeline });
              for (const bytesPerElement of [4, 8]) {
                const where = `${name}: ${collective}/${info.name} count ${count} pipeline ${pipeline} ×${bytesPerElement}`;
                const a = simulate(schedule, network, { bytesPerElement, routeOf });
                const b = referenceSimulate(schedule, network, { bytesPerElement, routeOf });
                expect(Object.is(a.seconds, b.seconds), where).toBe(true);
                sameBits(a.linkBytes, b.linkBytes, `${where} linkBytes`);
                sameBits(a.linkBusySeconds, b.linkBusySeconds, `${where} linkBusySeconds`);
                sameBits(a.cardReduceSeconds, b.cardReduceSeconds, `${where} cardReduceSeconds`);
                sameBits(a.stepStart, b.stepStart, `${where} stepStart`);
                sameBits(a.stepEnd, b.stepEnd, `${where} stepEnd`);
                sameBits(a.transferStart, b.transferStart, `${where} transferStart`);
                sameBits(a.transferArrive, b.transferArrive, `${where} transferArrive`);
                sameBits(a.transferReduceStart, b.transferReduceStart, `${where} transferReduceStart`);
                sameBits(a.transferDone, b.transferDone, `${where} transferDone`);
                sameBits(a.hops!.start, b.hops!.map((h) => h.start), `${where} hop starts`);
                sameBits(a.hops!.link, b.hops!.map((h) => h.link), `${where} hop links`);
                cases++;
              }
            }
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(1000);
  });
});
