// What each kind of fault does, on runs small enough to work out by hand.
// Links of 1 GB/s and 1 µs: a 1000-byte message serializes for 1 µs and
// arrives 1 µs after its last byte left (store-and-forward, FIFO links).
import { describe, expect, it } from 'vitest';
import { LinkState, Topology, type FaultSpec } from '../src/index.js';
import { catchError } from './expect-error.js';

const us = 1e-6;
const LINK = { bandwidth: 1e9, latency: 1e-6 };
/** Two cards, one message: broadcast of 1000 bytes from card 0 (starts at 0, ends at 1 µs, arrives at 2 µs). */
const two = () => Topology.mock(2, { link: LINK });

function near(actual: number | undefined, expected: number, what: string): void {
  expect(actual, what).toBeDefined();
  expect(Math.abs(actual! - expected), `${what}: ${actual} instead of ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)) + 1e-18);
}

const estimate = (topo: Topology, faults: readonly FaultSpec[], more: Record<string, unknown> = {}) =>
  topo.estimate('broadcast', { bytes: 1000, algorithm: 'direct', faults, ...more });

describe('one message on two cards', () => {
  it('without faults: 2 µs, and a fault plan that never strikes changes nothing', async () => {
    const topo = await two();
    near(topo.estimate('broadcast', { bytes: 1000, algorithm: 'direct' }).seconds, 2 * us, 'fault-free');
    const late = estimate(topo, [{ at: 2 * us, link: [0, 1] }, { at: 5 * us, card: 1 }, { at: { step: 7 }, link: [0, 1] }]);
    near(late.seconds, 2 * us, 'faults at and after the end');
    expect(late.faults!.faults.map((f) => f.struck)).toEqual([false, false, false]);
    expect(late.faults!.addedSeconds).toBe(0);
  });

  it('a link down for good under the message: lost, and no other route: LINK_DOWN at that time and step', async () => {
    const topo = await two();
    const error = catchError(() => estimate(topo, [{ at: 0.5 * us, link: [0, 1] }]));
    expect(error).toMatchObject({ code: 'LINK_DOWN', from: 0, to: 1, actual: 'Down', time: 0.5 * us, step: 0, sail: 0 });
    expect(error.message).toBe('link 0→1 went Down at 500 ns (step 0): no route from card 0 to card 1 avoids it');
  });

  it('a retraining under the message: lost, resent when the link is back', async () => {
    // Lost at 0.5 µs with half its bytes sent; the link is back at 3.5 µs: resent 3.5 → 4.5, arrives 5.5 µs.
    const topo = await two();
    const report = estimate(topo, [{ at: 0.5 * us, link: [0, 1], becomes: 'Training', for: 3 * us }]);
    near(report.seconds, 5.5 * us, 'seconds');
    const f = report.faults!;
    near(f.addedSeconds, 3.5 * us, 'added');
    expect(f.faults[0]).toMatchObject({ struck: true, becomes: 'Training', lost: 1, rerouted: 0 });
    near(f.faults[0]!.until, 3.5 * us, 'until');
    expect(f.resent).toHaveLength(1);
    expect(f.resent[0]).toMatchObject({ src: 0, dst: 1, bytes: 1000, from: 0, route: [0, 1], lostRoute: [0, 1], lostOn: { from: 0, to: 1 } });
    near(f.resent[0]!.start, 3.5 * us, 'resend start');
    near(f.resent[0]!.arrive, 5.5 * us, 'resend arrival');
    const link = report.links.find((l) => l.from === 0 && l.to === 1)!;
    expect(link.bytes).toBe(1500); // half of the lost sending, then all of the resend
    near(link.busySeconds, 1.5 * us, 'busy');
    const t = report.transfers![0]!;
    expect(t.attempts).toBe(2);
    expect(t.start).toBe(0); // first byte of the first sending
    near(t.arrive, 5.5 * us, 'arrival');
    // The trace: the lost hop cut at the fault, the resend, and the fault's slice.
    const events = report.toChromeTrace().traceEvents;
    const lost = events.filter((e) => e['cat'] === 'lost');
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ ph: 'X', pid: 2, ts: 0, name: 'lost: step 0: 0→1', args: { lost: true, transfer: 0 } });
    near(lost[0]!['dur'] as number, 0.5, 'lost hop µs');
    const resend = events.filter((e) => e['cat'] === 'resend');
    expect(resend).toHaveLength(1);
    expect(resend[0]).toMatchObject({ name: 'resend: step 0: 0→1', args: { attempt: 1, transfer: 0 } });
    near(resend[0]!['ts'] as number, 3.5, 'resend µs');
    const slice = events.find((e) => e['cat'] === 'fault')!;
    expect(slice).toMatchObject({ pid: 3, tid: 0, name: 'link 0→1 Training' });
    near(slice['ts'] as number, 0.5, 'fault start µs');
    near(slice['dur'] as number, 3, 'fault µs');
  });

  it('a message on the wire after its last byte left is lost too', async () => {
    // Serialized 0 → 1 µs, propagating until 2 µs: a fault at 1.5 µs loses it; back at 2.5 µs → arrives 4.5 µs.
    const report = estimate(await two(), [{ at: 1.5 * us, link: [0, 1], becomes: 'Error', for: 1 * us }]);
    near(report.seconds, 4.5 * us, 'seconds');
    expect(report.links.find((l) => l.from === 0 && l.to === 1)!.bytes).toBe(2000);
  });

  it('a fault at the very moment of arrival finds the message arrived', async () => {
    const report = estimate(await two(), [{ at: 2 * us - 1e-18, link: [0, 1], becomes: 'Training', for: 1 * us }]);
    expect(report.faults!.faults[0]!.lost).toBe(1);
    const arrived = estimate(await two(), [{ at: 2 * us, link: [0, 1], becomes: 'Training', for: 1 * us }]);
    near(arrived.seconds, 2 * us, 'arrived at 2 µs');
    expect(arrived.faults!.faults[0]!.struck).toBe(false); // the run had finished
  });

  it('a degraded link: the rest of the message at the lower rate, and at full rate again when it ends', async () => {
    // ×0.5 at 0.5 µs: 500 bytes left at 0.5 GB/s → ends 1.5 µs, arrives 2.5 µs.
    near(estimate(await two(), [{ at: 0.5 * us, link: [0, 1], bandwidthFactor: 0.5 }]).seconds, 2.5 * us, 'degraded');
    // …for 0.25 µs: 125 bytes at half rate, then 375 at full rate → ends 1.125 µs, arrives 2.125 µs.
    const report = estimate(await two(), [{ at: 0.5 * us, link: [0, 1], bandwidthFactor: 0.5, for: 0.25 * us }]);
    near(report.seconds, 2.125 * us, 'degraded for a while');
    expect(report.faults!.faults[0]).toMatchObject({ becomes: 'Up', bandwidthFactor: 0.5, lost: 0, rerouted: 0 });
    near(report.faults!.faults[0]!.until, 0.75 * us, 'until');
    expect(report.faults!.resent).toHaveLength(0);
  });

  it('a degrade during a retraining: the link stays down until the retraining ends, then runs slower', async () => {
    // Lost at 0.5 µs; back at 3.5 µs; degraded ×0.5 from 1 µs: the resend serializes 3.5 → 5.5, arrives 6.5 µs.
    // (The soak found that a degrade used to free a retraining link early.)
    const report = estimate(await two(), [
      { at: 0.5 * us, link: [0, 1], becomes: 'Training', for: 3 * us },
      { at: 1 * us, link: [0, 1], bandwidthFactor: 0.5 },
    ]);
    near(report.seconds, 6.5 * us, 'seconds');
    near(report.faults!.resent[0]!.start, 3.5 * us, 'resend start');
  });

  it('a degrade from the start is the same as a slower link, to the bit', async () => {
    for (const [collective, algorithm] of [['allReduce', 'ring'], ['allToAll', 'pairwise'], ['broadcast', 'binomialTree']] as const) {
      const topo = await Topology.ring(5, { bidirectional: true });
      const degraded = topo.estimate(collective, { bytes: 5 * 4000, algorithm, faults: [{ at: 0, link: [2, 3], bandwidthFactor: 0.75 }] });
      const slower = topo.withLink(2, 3, { bandwidth: topo.links[topo.network.linkIndex(2, 3)!]!.bandwidth * 0.75 })
        .estimate(collective, { bytes: 5 * 4000, algorithm, method: 'simulate' });
      expect(degraded.seconds, `${collective}/${algorithm}`).toBe(slower.seconds);
      expect(degraded.links.map((l) => l.bytes)).toEqual(slower.links.map((l) => l.bytes));
    }
  });

  it('a step fault strikes when the step\'s first message is ready to leave: it waits, nothing is lost', async () => {
    // Step 0 begins at 0: the message finds the link retraining until 1 µs → 1 → 2, arrives 3 µs.
    const report = estimate(await two(), [{ at: { step: 0 }, link: [0, 1], becomes: 'Training', for: 1 * us }]);
    near(report.seconds, 3 * us, 'seconds');
    expect(report.faults!.faults[0]).toMatchObject({ step: 0, struck: true, at: 0, lost: 0, delayed: 1 });
    near(report.transfers![0]!.start, 1 * us, 'start');
  });

  it('a card that stops before the end: CARD_FAILED with the time and step; after the end: nothing', async () => {
    const topo = await two();
    const error = catchError(() => estimate(topo, [{ at: 1 * us, card: 1 }]));
    expect(error).toMatchObject({ code: 'CARD_FAILED', sail: 1, time: 1 * us, step: 0 });
    expect(error.message).toBe('card 1 failed at 1 µs (step 0): its data is lost and the collective cannot complete');
    expect(estimate(topo, [{ at: 3 * us, card: 1 }]).faults!.faults[0]!.struck).toBe(false);
  });

  it('a timeout: TIMEOUT naming the cards still waiting and on whom', async () => {
    const topo = await two();
    const error = catchError(() => estimate(topo, [], { timeout: 1.5 * us }));
    expect(error).toMatchObject({ code: 'TIMEOUT', time: 1.5 * us, step: 0, waiting: [{ card: 1, on: [0] }] });
    expect(error.message).toBe('timed out after 1.5 µs of simulated time in step 0: 1 card still waiting (card 1 on card 0)');
    near(estimate(topo, [], { timeout: 2 * us }).seconds, 2 * us, 'a run that ends on its timeout');
    // A retraining longer than the timeout allows.
    expect(catchError(() => estimate(topo, [{ at: 0.5 * us, link: [0, 1], becomes: 'Training', for: 10 * us }], { timeout: 8 * us })).code).toBe('TIMEOUT');
  });

  it("onFault: 'abort' stops at the first message a fault touches", async () => {
    const topo = await two();
    const error = catchError(() => estimate(topo, [{ at: 0.5 * us, link: [0, 1], becomes: 'Training', for: 1 * us }], { onFault: 'abort' }));
    expect(error).toMatchObject({ code: 'LINK_DOWN', from: 0, to: 1, actual: 'Training', time: 0.5 * us, step: 0 });
    expect(error.message).toBe("link 0→1 went Training at 500 ns (step 0): onFault is 'abort', so the collective stops (a message from card 0 to card 1 needed it)");
    // A degraded link is still Up: no abort.
    near(estimate(topo, [{ at: 0.5 * us, link: [0, 1], bandwidthFactor: 0.5 }], { onFault: 'abort' }).seconds, 2.5 * us, 'degraded');
    // A fault on a link no message needs: no abort.
    near(estimate(topo, [{ at: 0.5 * us, link: [1, 0] }], { onFault: 'abort' }).seconds, 2 * us, 'unused link');
  });
});

describe('through a cut-through switch (256-byte first packet)', () => {
  it('a fault on the link into the switch while the tail is still arriving loses the hop out too', async () => {
    // Two cards on a switch (node 2); broadcast 0→2→1 of 1000 B. Healthy: 0→2 serializes 0 → 1 µs (tail in at
    // 2 µs); the first 256 B are in at 1.256 µs, so 2→1 runs 1.256 → 2.256 µs (not before the tail + one packet)
    // and arrives at 3.256 µs.
    const topo = await Topology.switch(2, { link: LINK });
    near(estimate(topo, []).seconds, 3.256 * us, 'healthy');
    // 0→2 retrains 1.5 → 2.5 µs: the tail (on the wire until 2 µs) is lost, and 2→1 is cut at 1.5 µs.
    // The resend: 0→2 2.5 → 3.5 µs, 2→1 from 3.756 µs to the tail (4.5 µs) + 0.256 µs = 4.756, arrives 5.756 µs.
    const report = estimate(topo, [{ at: 1.5 * us, link: [0, 2], becomes: 'Training', for: 1 * us }]);
    near(report.seconds, 5.756 * us, 'seconds');
    expect(report.faults!.faults[0]).toMatchObject({ lost: 1 });
    const lost = report.toChromeTrace().traceEvents.filter((e) => e['cat'] === 'lost').map((e) => e['name']);
    expect(lost).toEqual(['lost: step 0: 0→1', 'lost: step 0: 0→1']); // both hops of the first sending
    const bytes = (from: number, to: number) => report.links.find((l) => l.from === from && l.to === to)!.bytes;
    expect(bytes(0, 2)).toBe(2000); // all of the lost sending (it had left), then the resend
    near(bytes(2, 1), 244 + 1000, 'bytes out of the switch'); // 0.244 µs of the cut hop, then the resend
  });
});

describe('rerouting', () => {
  it('a lost message is resent from its source over a surviving route, behind what that route carries', async () => {
    // Full mesh of 3: broadcast sends 0→1 and 0→2 at once. 0→1 fails at 0.5 µs: the resend goes 0→2→1, queued on 0→2
    // behind 0→2's own message (0 → 1 µs): 1 → 2, arrives at 2 at 3 µs, 2→1 3 → 4, arrives 5 µs.
    const topo = await Topology.mock(3, { link: LINK });
    const report = estimate(topo, [{ at: 0.5 * us, link: [0, 1] }]);
    near(report.seconds, 5 * us, 'seconds');
    expect(report.faults!.resent[0]).toMatchObject({ src: 0, dst: 1, route: [0, 2, 1], from: 0 });
    near(report.faults!.resent[0]!.start, 1 * us, 'resend start (queued behind 0→2)');
    expect(report.transfers!.find((t) => t.dst === 1)!.route).toEqual([0, 2, 1]);
  });

  it('a message whose route ahead crosses a failed link goes on from where it is', async () => {
    // Bidirectional ring of 5, broadcast from 0: 0→2 goes 0→1→2, behind 0→1's own message on link 0→1: 1 → 2 µs,
    // at card 1 at 3 µs. Link 1→2 fails at 2.5 µs, so at 3 µs it goes on 1→0→4→3→2: link 1→0 3 → 4, 0→4 5 → 6,
    // 4→3 7 → 8, 3→2 9 → 10, arrives 11 µs.
    const topo = await Topology.ring(5, { bidirectional: true, link: LINK });
    const report = estimate(topo, [{ at: 2.5 * us, link: [1, 2] }]);
    near(report.seconds, 11 * us, 'seconds');
    const f = report.faults!;
    expect(f.resent).toHaveLength(0);
    expect(f.rerouted).toHaveLength(1);
    expect(f.rerouted[0]).toMatchObject({ src: 0, dst: 2, fault: 0, route: [1, 0, 4, 3, 2] });
    near(f.rerouted[0]!.at, 3 * us, 'rerouted at');
    expect(f.faults[0]).toMatchObject({ lost: 0, rerouted: 1 });
    expect(report.transfers!.find((t) => t.dst === 2)!.route).toEqual([0, 1, 0, 4, 3, 2]);
    expect(report.links.find((l) => l.from === 1 && l.to === 2)!.bytes).toBe(0);
  });

  it('a link Down before the run is routed around as before; a fault on another link then still reroutes', async () => {
    const topo = (await Topology.ring(6, { bidirectional: true, link: LINK })).withLink(2, 3, { state: LinkState.Down });
    // Direct: every card sends to every other, so 2→3 needs its detour.
    const report = topo.estimate('allReduce', { bytes: 6 * 1000, algorithm: 'direct', faults: [{ at: 3 * us, link: [4, 5] }] });
    expect(report.reroutes.some((r) => r.src === 2 && r.dst === 3)).toBe(true);
    expect(report.faults!.faults[0]!.struck).toBe(true);
    expect(report.links.find((l) => l.from === 2 && l.to === 3)!.bytes).toBe(0);
  });
});
