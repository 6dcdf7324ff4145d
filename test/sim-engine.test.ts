// The event-driven simulator on hand-built schedules and networks, checked
// against times worked out by hand: FIFO links, store-and-forward hops,
// injection limits, serialized reductions, dependencies across steps.
import { describe, expect, it } from 'vitest';
import { ScheduleBuilder, chunkBounds } from '../src/schedule/schedule.js';
import { simulate, type SimLinks } from '../src/sim/simulate.js';

/** A unidirectional ring: link c is c → c+1. */
function ring(n: number, bandwidth: number, latency: number, gamma = 0): SimLinks {
  return {
    nSails: n,
    links: Array.from({ length: n }, () => ({ bandwidth, latency })),
    cards: Array.from({ length: n }, () => ({ reduceSecondsPerByte: gamma })),
  };
}
const ringRoute = (n: number) => (src: number, dst: number) => {
  const route: number[] = [];
  for (let c = src; c !== dst; c = (c + 1) % n) route.push(c);
  return route;
};

/** Ring AllReduce written out here (independently of the algorithm library). */
function ringAllReduce(n: number, count: number) {
  const b = new ScheduleBuilder('allReduce', 'ring', n, count);
  for (let k = 0; k < n - 1; k++) {
    b.step();
    for (let c = 0; c < n; c++) b.send(c, (c + 1) % n, [chunkBounds(count, n, (c - k + n) % n)], true);
  }
  for (let k = 0; k < n - 1; k++) {
    b.step();
    for (let c = 0; c < n; c++) b.send(c, (c + 1) % n, [chunkBounds(count, n, (c + 1 - k + n) % n)], false);
  }
  return b.build();
}

describe('simulate', () => {
  it('ring AllReduce on a ring equals 2(p−1)α + 2(p−1)(S/p)β + (p−1)(S/p)γ', () => {
    for (const p of [2, 3, 4, 8, 16]) {
      const alpha = 1e-6, bandwidth = 5e8, gamma = 1.5e-9;
      const count = p * 1000;
      const S = count * 4;
      const result = simulate(ringAllReduce(p, count), ring(p, bandwidth, alpha, gamma), { bytesPerElement: 4, routeOf: ringRoute(p) });
      const expected = 2 * (p - 1) * alpha + 2 * (p - 1) * (S / p) / bandwidth + (p - 1) * (S / p) * gamma;
      expect(Math.abs(result.seconds - expected) / expected).toBeLessThan(1e-12);
      // Every link carries 2(p−1) chunks of S/p bytes.
      for (const b of result.linkBytes) expect(b).toBe(2 * (p - 1) * (S / p));
      expect(result.stepStart).toHaveLength(2 * (p - 1));
    }
  });

  it('messages sharing a link serialize FIFO; disjoint links run in parallel', () => {
    const net = ring(3, 1000, 0.5);
    const b = new ScheduleBuilder('allGather', 'test', 3, 300);
    b.step();
    b.send(0, 1, [[0, 100]], false); // link 0, 100 B → 0.1 s + 0.5
    b.send(0, 2, [[100, 200]], false); // links 0 then 1: waits for link 0 (free at 0.1), ends 0.2, arrives 0.7; hop 2 at 0.7..0.8, arrives 1.3
    b.send(1, 2, [[200, 300]], false); // link 1 at 0..0.1, arrives 0.6
    const r = simulate(b.build(), net, { bytesPerElement: 1, routeOf: ringRoute(3) });
    expect(r.transferDone![0]).toBeCloseTo(0.6, 12);
    expect(r.transferDone![2]).toBeCloseTo(0.6, 12);
    expect(r.transferStart![1]).toBeCloseTo(0.1, 12);
    expect(r.transferDone![1]).toBeCloseTo(1.3, 12);
    expect(r.seconds).toBeCloseTo(1.3, 12);
    expect(Array.from(r.linkBytes)).toEqual([200, 200, 0]);
    expect(r.hops!.link).toHaveLength(4);
  });

  it('an injection limit serializes a card\'s sends across links', () => {
    const net: SimLinks = {
      nSails: 3,
      links: [{ bandwidth: 1000, latency: 0 }, { bandwidth: 1000, latency: 0 }],
      cards: [{ reduceSecondsPerByte: 0, injectionBandwidth: 500 }, { reduceSecondsPerByte: 0 }, { reduceSecondsPerByte: 0 }],
    };
    const b = new ScheduleBuilder('broadcast', 'test', 3, 100);
    b.step();
    b.send(0, 1, [[0, 100]], false);
    b.send(0, 2, [[0, 100]], false);
    const r = simulate(b.build(), net, { bytesPerElement: 1, routeOf: (_s, d) => [d - 1] });
    expect(r.transferDone![0]).toBeCloseTo(0.2, 12); // 100 B at 500 B/s
    expect(r.transferDone![1]).toBeCloseTo(0.4, 12); // waits for the injection FIFO
  });

  it('reductions on one card serialize, and a dependent send waits for the reduction', () => {
    const net: SimLinks = {
      nSails: 3,
      links: [{ bandwidth: 100, latency: 0 }, { bandwidth: 100, latency: 0 }, { bandwidth: 100, latency: 0 }],
      cards: Array.from({ length: 3 }, () => ({ reduceSecondsPerByte: 0.01 })),
    };
    const b = new ScheduleBuilder('reduce', 'test', 3, 10);
    b.step();
    b.send(1, 0, [[0, 10]], true); // link 0: arrives 0.1, reduce 0.1..0.2
    b.send(2, 0, [[0, 10]], true); // link 1: arrives 0.1, reduce 0.2..0.3
    b.step();
    b.send(0, 1, [[0, 10]], false); // link 2: needs both reductions: 0.3..0.4
    const routes: Record<string, number[]> = { '1>0': [0], '2>0': [1], '0>1': [2] };
    const r = simulate(b.build(), net, { bytesPerElement: 1, routeOf: (s, d) => routes[`${s}>${d}`]! });
    expect(r.transferReduceStart![0]).toBeCloseTo(0.1, 12);
    expect(r.transferDone![1]).toBeCloseTo(0.3, 12);
    expect(r.transferStart![2]).toBeCloseTo(0.3, 12);
    expect(r.seconds).toBeCloseTo(0.4, 12);
    expect(Array.from(r.cardReduceSeconds)).toEqual([0.2, 0, 0]);
  });

  it('steps are not barriers: an independent later transfer goes as soon as its data is ready', () => {
    const net = ring(4, 100, 0);
    const b = new ScheduleBuilder('allGather', 'test', 4, 400);
    b.step();
    b.send(0, 1, [[0, 100]], false); // 0..1
    b.step();
    b.send(2, 3, [[200, 300]], false); // independent of step 0: 0..1
    const r = simulate(b.build(), net, { bytesPerElement: 1, routeOf: ringRoute(4) });
    expect(r.transferStart![1]).toBe(0);
    expect(r.seconds).toBeCloseTo(1, 12);
  });
});

describe('cut-through switches', () => {
  // Card 0 → switch (node 2) → card 1; a switch of a cut-through network forwards once the first packet is in.
  const network = (up: number, down: number, packetBytes: number) => ({
    nSails: 2,
    links: [
      { bandwidth: up, latency: 0.5, remoteSail: 2 },
      { bandwidth: down, latency: 0.25, remoteSail: 1 },
    ],
    cards: [{ reduceSecondsPerByte: 0 }, { reduceSecondsPerByte: 0 }],
    switch: { forwarding: 'cut-through' as const, packetBytes },
  });
  const route = () => [0, 1];
  const oneMessage = (bytes: number) => {
    const b = new ScheduleBuilder('broadcast', 'test', 2, bytes);
    b.step();
    b.send(0, 1, [[0, bytes]], false);
    return b.build();
  };

  it('one message: the second hop starts after the first packet, and takes (b + q)·β + 2α on equal links', () => {
    const r = simulate(oneMessage(1000), network(100, 100, 100), { bytesPerElement: 1, routeOf: route });
    // Hop 1: 0 … 10 s; hop 2 may start at 1 + 0.5 = 1.5 and runs 10 s; its end also ≥ 10 + 0.5 + 1 = 11.5.
    expect(r.seconds).toBeCloseTo(1.5 + 10 + 0.25, 12);
    expect(r.hops!.start[1]).toBeCloseTo(1.5, 12);
  });

  it('a slower first link throttles the second: it cannot end before the last byte is in plus one packet', () => {
    const r = simulate(oneMessage(1000), network(50, 100, 100), { bytesPerElement: 1, routeOf: route });
    // Hop 1: 0 … 20 s (last byte in at 20.5); hop 2 starts at 2 + 0.5 = 2.5 but ends at 20.5 + 1 = 21.5.
    expect(r.hops!.end[1]).toBeCloseTo(21.5, 12);
    expect(r.seconds).toBeCloseTo(21.75, 12);
  });

  it('a message smaller than a packet is forwarded whole, as store-and-forward would', () => {
    const cut = simulate(oneMessage(40), network(100, 100, 100), { bytesPerElement: 1, routeOf: route });
    const stored = simulate(oneMessage(40), { ...network(100, 100, 100), switch: { forwarding: 'store-and-forward', packetBytes: 100 } }, { bytesPerElement: 1, routeOf: route });
    expect(cut.seconds).toBeCloseTo(stored.seconds, 12);
    expect(stored.seconds).toBeCloseTo(0.4 + 0.5 + 0.4 + 0.25, 12);
  });
});
