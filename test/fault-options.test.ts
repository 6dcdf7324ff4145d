// The fault options (faults, onFault, timeout): every mistake is an
// INVALID_ARGUMENT naming its path, before any work; faults are part of the
// plan cache's key; a request with faults is always simulated; and faults
// work with every entry point (the six collectives, the crate-form
// AllGather, estimate) and with schedule numerics.
import { describe, expect, it } from 'vitest';
import { Topology, randomFaults, type AllGatherResult } from '../src/index.js';
import { catchError } from './expect-error.js';

const BAD: [string, Record<string, unknown>, string][] = [
  ['faults not an array', { faults: 'x' }, 'faults'],
  ['a fault not an object', { faults: [5] }, 'faults[0]'],
  ['an unknown key', { faults: [{ at: 0, link: [0, 1], when: 3 }] }, 'faults[0].when'],
  ['a negative time', { faults: [{ at: -1, link: [0, 1] }] }, 'faults[0].at'],
  ['NaN', { faults: [{ at: NaN, link: [0, 1] }] }, 'faults[0].at'],
  ['a time as text', { faults: [{ at: '1ms', link: [0, 1] }] }, 'faults[0].at'],
  ['a negative step', { faults: [{ at: { step: -1 }, link: [0, 1] }] }, 'faults[0].at.step'],
  ['a misspelt step', { faults: [{ at: { stpe: 1 }, link: [0, 1] }] }, 'faults[0].at.stpe'],
  ['neither link nor card', { faults: [{ at: 0 }] }, 'faults[0]'],
  ['link and card', { faults: [{ at: 0, link: [0, 1], card: 1 }] }, 'faults[0]'],
  ['a link of one end', { faults: [{ at: 0, link: [0] }] }, 'faults[0].link'],
  ['a node that is not there', { faults: [{ at: 0, link: [0, 9] }] }, 'faults[0].link[1]'],
  ['no such link', { faults: [{ at: 0, link: [0, 2] }] }, 'faults[0].link'],
  ['a card that is not there', { faults: [{ at: 0, card: 4 }] }, 'faults[0].card'],
  ['becomes Up', { faults: [{ at: 0, link: [0, 1], becomes: 'Up' }] }, 'faults[0].becomes'],
  ['a zero duration', { faults: [{ at: 0, link: [0, 1], for: 0 }] }, 'faults[0].for'],
  ['a factor of 1', { faults: [{ at: 0, link: [0, 1], bandwidthFactor: 1 }] }, 'faults[0].bandwidthFactor'],
  ['a factor of 0', { faults: [{ at: 0, link: [0, 1], bandwidthFactor: 0 }] }, 'faults[0].bandwidthFactor'],
  ['a degraded link with a state', { faults: [{ at: 0, link: [0, 1], bandwidthFactor: 0.5, becomes: 'Down' }] }, 'faults[0].becomes'],
  ['a card fault for a while', { faults: [{ at: 0, card: 1, for: 1 }] }, 'faults[0].for'],
  ['the third fault wrong', { faults: [{ at: 0, link: [0, 1] }, { at: 1, card: 2 }, { at: 2, link: [3, 1] }] }, 'faults[2].link'],
  ['an unknown onFault', { onFault: 'retry' }, 'onFault'],
  ['a zero timeout', { timeout: 0 }, 'timeout'],
  ['an infinite timeout', { timeout: Infinity }, 'timeout'],
];

describe('bad fault options: INVALID_ARGUMENT naming the path, buffers untouched', () => {
  for (const [what, options, argument] of BAD) {
    it(what, async () => {
      const topo = await Topology.ring(4); // links c → c+1 only
      const cards = [0, 1, 2, 3].map((c) => Float32Array.of(c, c + 10));
      const error = catchError(() => topo.allReduce(cards, 'sum', options as never));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.argument).toBe(argument);
      expect(error.message.startsWith(`invalid ${argument}: `)).toBe(true);
      expect(cards.map((c) => Array.from(c))).toEqual([[0, 10], [1, 11], [2, 12], [3, 13]]);
      expect(catchError(() => topo.estimate('allGather', { bytes: 64, ...options })).argument).toBe(argument);
    });
  }

  it("faults with method 'analytic': INVALID_ARGUMENT method", async () => {
    const topo = await Topology.ring(4);
    const error = catchError(() => topo.estimate('allReduce', { bytes: 1024, method: 'analytic', faults: [{ at: 0, link: [0, 1] }] }));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'method' });
    expect(catchError(() => topo.estimate('allReduce', { bytes: 1024, method: 'analytic', timeout: 1 })).argument).toBe('method');
  });

  it('a faulted run too large to simulate: INVALID_USAGE, not minutes of work', async () => {
    const topo = await Topology.ring(4096, { bidirectional: true });
    const error = catchError(() => topo.estimate('allReduce', { bytes: 4096 * 64, algorithm: 'ring', pipeline: 64, faults: [{ at: 0, link: [0, 1] }] }));
    expect(error.code).toBe('INVALID_USAGE');
    expect(error.message).toMatch(/faults and timeouts need the event simulation/);
  });
});

describe('faults force the simulation and are part of the plan', () => {
  it('an estimate the planner would price analytically is simulated with faults', async () => {
    const topo = await Topology.ring(1024, { bidirectional: true });
    const plain = topo.estimate('allGather', { bytes: 1024 * 1024, algorithm: 'ring' });
    expect(plain.method).toBe('analytic');
    const faulted = topo.estimate('allGather', { bytes: 1024 * 1024, algorithm: 'ring', faults: [{ at: 1e-3, link: [10, 11] }] });
    expect(faulted.method).toBe('simulate');
    expect(faulted.faults!.faults[0]!.struck).toBe(true);
    // The added time is measured against the same schedule simulated without the fault.
    expect(faulted.faults!.faultFreeSeconds).toBe(topo.estimate('allGather', { bytes: 1024 * 1024, algorithm: 'ring', method: 'simulate' }).seconds);
  });

  it('with algorithm auto, the algorithm chosen without the faults runs into them', async () => {
    const topo = await Topology.ring(8, { bidirectional: true });
    const chosen = topo.estimate('allReduce', { bytes: 4 << 20 }).algorithm;
    const report = topo.estimate('allReduce', { bytes: 4 << 20, faults: [{ at: 1e-3, link: [2, 3] }] });
    expect(report.algorithm).toBe(chosen);
  });

  it('the cache tells fault plans apart, and gives the same plan for the same faults', async () => {
    const topo = await Topology.ring(6, { bidirectional: true });
    const at = (t: number) => ({ bytes: 6 * 4096, algorithm: 'ring' as const, faults: [{ at: t, link: [2, 3] as [number, number] }] });
    const a = topo.estimate('allReduce', at(20e-6));
    const b = topo.estimate('allReduce', at(40e-6));
    const plain = topo.estimate('allReduce', { bytes: 6 * 4096, algorithm: 'ring' });
    expect(a.seconds).not.toBe(b.seconds);
    expect(a.faults!.faults[0]!.at).toBe(20e-6);
    expect(b.faults!.faults[0]!.at).toBe(40e-6);
    expect(plain.faults).toBeUndefined();
    // The same faults again (a new array): the same answer; onFault and timeout are part of the key too.
    expect(topo.estimate('allReduce', at(20e-6)).seconds).toBe(a.seconds);
    expect(topo.estimate('allReduce', { ...at(20e-6), onFault: 'reroute' }).seconds).toBe(a.seconds);
    expect(catchError(() => topo.estimate('allReduce', { ...at(20e-6), onFault: 'abort' })).code).toBe('LINK_DOWN');
    expect(catchError(() => topo.estimate('allReduce', { ...at(20e-6), timeout: a.seconds / 2 })).code).toBe('TIMEOUT');
    expect(topo.estimate('allReduce', at(20e-6)).seconds).toBe(a.seconds);
  });

  it('an empty fault list is a fault-free run; a timeout alone is a faulted one', async () => {
    const topo = await Topology.ring(4, { bidirectional: true });
    expect(topo.estimate('allReduce', { bytes: 4096, faults: [] }).faults).toBeUndefined();
    const timed = topo.estimate('allReduce', { bytes: 4096, timeout: 1 });
    expect(timed.faults).toMatchObject({ timeout: 1, addedSeconds: 0, faults: [], resent: [], rerouted: [] });
    expect(timed.toJSON()['faults']).toEqual(timed.faults);
  });
});

describe('every entry point takes faults', () => {
  it('the crate-form AllGather, schedule numerics, reports as JSON', async () => {
    const topo = await Topology.ring(4, { bidirectional: true });
    const cards = [0, 1, 2, 3].map((c) => Float32Array.from({ length: 1000 }, (_, e) => c * 1000 + e));
    const { data, report } = topo.allGather(cards);
    // The crate form takes the options after an undefined recv.
    const crate = (topo.allGather as unknown as (b: unknown, r: undefined, o: unknown) => AllGatherResult)(cards, undefined, { faults: [{ at: report.seconds / 2, link: [1, 2] }] });
    expect(Array.from(crate.data as Float32Array)).toEqual(Array.from(data as Float32Array));
    expect(crate.report.faults!.faults[0]!.struck).toBe(true);
    expect(crate.report.seconds).toBeGreaterThan(report.seconds);
    // Schedule numerics replay the faulted plan's own schedule: the results are those of the fault-free run.
    const a = cards.map((c) => c.slice());
    const b = cards.map((c) => c.slice());
    const healthy = topo.allReduce(a, 'sum', { numerics: 'schedule', algorithm: 'ring' });
    const hit = topo.allReduce(b, 'sum', { numerics: 'schedule', algorithm: 'ring', faults: [{ at: healthy.seconds / 2, link: [1, 2] }] });
    expect(hit.faults!.resentMessages + hit.faults!.reroutedMessages).toBeGreaterThan(0);
    expect(b.map((c) => Array.from(c))).toEqual(a.map((c) => Array.from(c)));
    const json = JSON.parse(JSON.stringify(hit));
    expect(json.faults.faults[0].link).toEqual({ link: topo.network.linkIndex(1, 2), from: 1, to: 2 });
  });

  it('random fault plans run on every topology kind', async () => {
    for (const topo of [await Topology.mock(4), await Topology.torus2d(2, 3), await Topology.switch(5), await Topology.ring(5)]) {
      const seconds = topo.estimate('allReduce', { bytes: topo.nSails * 4000, algorithm: 'ring' }).seconds;
      // About 20 faults expected over the run: none at all has odds of e⁻²⁰.
      const faults = randomFaults(topo, { seed: 11, ratePerLinkHour: 20 * 3600 / (seconds * topo.links.length), seconds });
      expect(faults.length).toBeGreaterThan(0);
      try {
        const report = topo.estimate('allReduce', { bytes: topo.nSails * 4000, algorithm: 'ring', faults });
        expect(report.faults!.faults).toHaveLength(faults.length);
      } catch (error) {
        expect(['LINK_DOWN', 'CARD_FAILED', 'TIMEOUT']).toContain((error as { code: string }).code);
      }
    }
  });
});
