// The fault-aware simulator (src/sim/faults/fault-simulate.ts) against the
// fault-free one (src/sim/simulate.ts): with an empty fault plan, and with
// faults the run never reaches or that touch no message, every result is
// bit-identical — times, per-link bytes and busy seconds, per-step and
// per-message times, every hop — on every collective × algorithm ×
// topology kind × size × pipeline depth, with injection limits,
// heterogeneous links and pairs routed around a link that is Down.
import { describe, expect, it } from 'vitest';
import { LinkState, Topology, algorithmsFor } from '../src/index.js';
import { Router } from '../src/network/routing.js';
import type { Network } from '../src/network/network.js';
import { COLLECTIVES } from '../src/schedule/schedule.js';
import { simulate, type SimulationResult } from '../src/sim/simulate.js';
import { faultSimulate } from '../src/sim/faults/fault-simulate.js';
import type { FaultPlan } from '../src/sim/faults/fault-plan.js';
import { faultPlanOf } from './fault-run-check.js';

function sameBits(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined, what: string): void {
  expect(a === undefined, what).toBe(b === undefined);
  if (a === undefined || b === undefined) return;
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect(a[i], `${what}[${i}]`).toBe(b[i]);
}

function expectSame(a: SimulationResult, b: SimulationResult, where: string): void {
  expect(Object.is(a.seconds, b.seconds), `${where}: seconds ${a.seconds} vs ${b.seconds}`).toBe(true);
  expect(a.hopCount, where).toBe(b.hopCount);
  sameBits(a.linkBytes, b.linkBytes, `${where} linkBytes`);
  sameBits(a.linkBusySeconds, b.linkBusySeconds, `${where} linkBusySeconds`);
  sameBits(a.cardReduceSeconds, b.cardReduceSeconds, `${where} cardReduceSeconds`);
  sameBits(a.stepStart, b.stepStart, `${where} stepStart`);
  sameBits(a.stepEnd, b.stepEnd, `${where} stepEnd`);
  sameBits(a.transferStart, b.transferStart, `${where} transferStart`);
  sameBits(a.transferArrive, b.transferArrive, `${where} transferArrive`);
  sameBits(a.transferReduceStart, b.transferReduceStart, `${where} transferReduceStart`);
  sameBits(a.transferDone, b.transferDone, `${where} transferDone`);
  sameBits(a.hops?.link, b.hops?.link, `${where} hop links`);
  sameBits(a.hops?.transfer, b.hops?.transfer, `${where} hop transfers`);
  sameBits(a.hops?.start, b.hops?.start, `${where} hop starts`);
  sameBits(a.hops?.end, b.hops?.end, `${where} hop ends`);
}

async function networks(): Promise<{ name: string; network: Network }[]> {
  const list: { name: string; network: Network }[] = [];
  const add = (name: string, topo: Topology) => list.push({ name, network: topo.network });
  add('mesh 5', await Topology.mock(5));
  add('ring 6', await Topology.ring(6));
  add('bidirectional ring 7', await Topology.ring(7, { bidirectional: true }));
  add('bidirectional ring 8, 2→3 down', (await Topology.ring(8, { bidirectional: true })).withLink(2, 3, { state: LinkState.Down }));
  add('torus 3×4', await Topology.torus2d(3, 4));
  add('switch 6 with injection limit (cut-through)', await Topology.switch(6, { card: { injectionBandwidth: 3e8 } }));
  add('switch 5, store-and-forward', await Topology.switch(5, { switch: { forwarding: 'store-and-forward' } }));
  add('multiDim 4×2', await Topology.multiDim([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2, link: { bandwidth: 2e9, latency: 3e-6 } }]));
  add('mesh 4, slow link 1→2', (await Topology.mock(4)).withLink(1, 2, { bandwidth: 1e8, latency: 5e-6 }));
  return list;
}

/** A plan whose faults never strike: after the end of any of these runs (and a step no schedule has). */
function lateFaults(network: Network): FaultPlan {
  const l = network.links[0]!;
  return faultPlanOf({
    faults: [{ at: 1e6, link: [l.localSail, l.remoteSail] }, { at: 2e6, card: 0 }, { at: { step: 1 << 20 }, link: [l.localSail, l.remoteSail] }],
    timeout: 1e7,
  }, network);
}

describe('faultSimulate with no fault that strikes is bit-identical to simulate', () => {
  it('every collective × algorithm × topology × size × pipeline, empty plan and faults after the end', async () => {
    let cases = 0;
    const empty: FaultPlan = { faults: [], onFault: 'reroute', timeout: Infinity, key: '' };
    for (const { name, network } of await networks()) {
      const router = new Router(network);
      const routeOf = (src: number, dst: number) => router.route(src, dst)!;
      const n = network.nSails;
      const late = lateFaults(network);
      for (const collective of COLLECTIVES) {
        for (const info of algorithmsFor(collective)) {
          for (const count of [0, 1, 7, 64, 1000]) {
            for (const pipeline of [1, 3]) {
              const schedule = info.build({ nSails: n, count, root: n - 1, pipeline });
              for (const bytesPerElement of [4, 8]) {
                const where = `${name}: ${collective}/${info.name} count ${count} pipeline ${pipeline} ×${bytesPerElement}`;
                const reference = simulate(schedule, network, { bytesPerElement, routeOf });
                const plain = faultSimulate(schedule, network, { bytesPerElement, routeOf, plan: empty });
                expectSame(plain, reference, `${where} (empty plan)`);
                const unreached = faultSimulate(schedule, network, { bytesPerElement, routeOf, plan: late });
                expectSame(unreached, reference, `${where} (faults after the end)`);
                expect(unreached.faultLog.strikes.map((s) => s.struck)).toEqual([false, false, false]);
                expect(unreached.faultLog.resentMessages + unreached.faultLog.reroutedMessages).toBe(0);
                cases++;
              }
            }
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(1000);
  });

  it('without a timeline too (the totals alone)', async () => {
    const topo = await Topology.torus2d(3, 3);
    const router = new Router(topo.network);
    const routeOf = (src: number, dst: number) => router.route(src, dst)!;
    const empty: FaultPlan = { faults: [], onFault: 'reroute', timeout: Infinity, key: '' };
    for (const info of algorithmsFor('allReduce')) {
      const schedule = info.build({ nSails: 9, count: 999, root: 0, pipeline: 2 });
      const a = faultSimulate(schedule, topo.network, { bytesPerElement: 4, routeOf, plan: empty, timeline: false });
      const b = simulate(schedule, topo.network, { bytesPerElement: 4, routeOf, timeline: false });
      expectSame(a, b, info.name);
      expect(a.hops).toBeUndefined();
    }
  });

  it('a link that fails while no message needs it changes nothing', async () => {
    // A bidirectional ring on which ring allGather sends one way only: the other way's link 3→2 fails mid-run.
    const topo = await Topology.ring(6, { bidirectional: true });
    const network = topo.network;
    const router = new Router(network);
    const routeOf = (src: number, dst: number) => router.route(src, dst)!;
    const schedule = algorithmsFor('allGather').find((a) => a.name === 'ring')!.build({ nSails: 6, count: 500, root: 0, pipeline: 1 });
    const reference = simulate(schedule, network, { bytesPerElement: 4, routeOf });
    const unused = network.links.findIndex((l) => l.localSail === 3 && l.remoteSail === 2);
    expect(reference.linkBytes[unused]).toBe(0);
    const plan = faultPlanOf({ faults: [{ at: reference.seconds / 2, link: [3, 2] }] }, network);
    const faulted = faultSimulate(schedule, network, { bytesPerElement: 4, routeOf, plan });
    expect(faulted.faultLog.strikes[0]!.struck).toBe(true);
    expectSame(faulted, reference, 'unused link fails');
  });
});
