// The lower bound (sim/lower-bound.ts): its terms on cases computed by
// hand, cases where an algorithm meets it, why a bandwidth term plus the
// diameter is not a bound, input checking — and the property that matters:
// no algorithm of the registry, on any kind of topology, with any sizes,
// pipelines, channels and dimensions, ever simulates faster than it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinkState } from '../src/link.js';
import { networkFromJSON } from '../src/network/from-json.js';
import type { Network } from '../src/network/network.js';
import { ringOrders } from '../src/network/ring-orders.js';
import { Router } from '../src/network/routing.js';
import { meshNetwork } from '../src/network/shapes/mesh.js';
import { multiDimNetwork } from '../src/network/shapes/multi-dim.js';
import { ringNetwork } from '../src/network/shapes/ring.js';
import { switchNetwork } from '../src/network/shapes/switch.js';
import { torus2dNetwork } from '../src/network/shapes/torus2d.js';
import { ALGORITHMS, findAlgorithm } from '../src/schedule/registry.js';
import type { CollectiveKind, Schedule } from '../src/schedule/schedule.js';
import { collectiveLowerBound, collectiveLowerBoundTerms } from '../src/sim/lower-bound.js';
import { simulate } from '../src/sim/simulate.js';
import { catchError } from './expect-error.js';

const LINK = { bandwidth: 5e8, latency: 1e-6 };
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Simulated seconds, or undefined when some pair has no route over Up links. */
function simulated(schedule: Schedule, net: Network, bytesPerElement = 4): number | undefined {
  const router = new Router(net);
  for (let i = 0; i < schedule.transferCount; i++) if (router.route(schedule.transferSrc[i]!, schedule.transferDst[i]!) === undefined) return undefined;
  return simulate(schedule, net, { bytesPerElement, routeOf: (a, b) => router.route(a, b)!, timeline: false }).seconds;
}

describe('the bound on cases computed by hand', () => {
  it('8-card bidirectional ring AllReduce: all cards\' links together, 2(n − 1)·S over 16 links, plus one latency', () => {
    const net = ringNetwork(8, { bidirectional: true, link: LINK });
    const count = 1 << 20;
    const S = count * 4;
    const bound = collectiveLowerBoundTerms(net, { collective: 'allReduce', count, bytesPerElement: 4 });
    expect(bound.limit.kind).toBe('all sends');
    expect(relative(bound.seconds, (2 * 7 * S) / (16 * LINK.bandwidth) + LINK.latency)).toBeLessThan(1e-12);
    // In nccl-tests' terms: busBw at the bound is the two directions' 2 × 500 MB/s.
    expect(relative(((2 * 7) / 8) * S / (bound.seconds - LINK.latency), 1e9)).toBeLessThan(1e-12);
    const reducing = bound.terms.find((t) => t.kind === 'reducing')!;
    expect(relative(reducing.seconds, LINK.latency + (7 * S * 1.5e-9) / 8)).toBeLessThan(1e-12);
  });

  it('4 × 4 torus AllReduce on rev-A cards is reducer-bound: (n − 1)/n · S · γ', () => {
    const net = torus2dNetwork(4, 4, { link: LINK });
    const S = 1e6 * 4;
    const bound = collectiveLowerBoundTerms(net, { collective: 'allReduce', count: 1e6, bytesPerElement: 4 });
    expect(bound.limit.kind).toBe('reducing');
    expect(relative(bound.seconds, LINK.latency + (15 / 16) * S * 1.5e-9)).toBeLessThan(1e-12);
  });

  it('broadcast on a one-way ring: the root sends S once, and the last byte still travels p − 1 hops', () => {
    const net = ringNetwork(6, { link: LINK, card: { reduceSecondsPerByte: 0 } });
    const S = 4000 * 4;
    const bound = collectiveLowerBoundTerms(net, { collective: 'broadcast', count: 4000, bytesPerElement: 4, root: 2 });
    expect(bound.limit).toEqual({ kind: 'card send', card: 2, seconds: expect.any(Number) });
    expect(relative(bound.seconds, S / LINK.bandwidth + 5 * LINK.latency)).toBeLessThan(1e-12);
  });

  it('a torus cut: AllToAll on 2 × 8 crosses the 8-column halves over 2 × 2 links each way', () => {
    const net = torus2dNetwork(2, 8, { link: LINK });
    const S = 1000 * 4;
    const bound = collectiveLowerBoundTerms(net, { collective: 'allToAll', count: 1000, bytesPerElement: 4 });
    // Halves of 8 cards: 8 · 8 blocks cross over the 2 rows × 2 ring links each way.
    const cut = bound.terms.find((t) => t.kind === 'cut')!;
    expect(relative(cut.seconds, (8 * 8 * S) / (4 * LINK.bandwidth) + LINK.latency)).toBeLessThan(1e-12);
    expect(bound.limit.kind).toBe('cut');
  });

  it('a switch counts its links once per side: 8 cards, AllGather, halves cross over 4 switch links', () => {
    const net = switchNetwork(8, { link: LINK });
    const S = 1000 * 4;
    const cut = collectiveLowerBoundTerms(net, { collective: 'allGather', count: 1000, bytesPerElement: 4 }).terms.find((t) => t.kind === 'cut')!;
    expect(relative(cut.seconds, (4 * S) / (4 * LINK.bandwidth) + LINK.latency)).toBeLessThan(1e-12);
  });

  it('an injection limit lowers what a card can send', () => {
    const free = collectiveLowerBound(meshNetwork(4, { link: LINK }), { collective: 'allToAll', count: 1000, bytesPerElement: 4 });
    const limited = collectiveLowerBound(meshNetwork(4, { link: LINK, card: { injectionBandwidth: 5e8 } }), { collective: 'allToAll', count: 1000, bytesPerElement: 4 });
    expect(relative(free, 4000 / 5e8 + 1e-6)).toBeLessThan(1e-12); // 3 blocks over 3 links
    expect(relative(limited, (3 * 4000) / 5e8 + 1e-6)).toBeLessThan(1e-12); // 3 blocks through one 500 MB/s port
  });

  it('a card without Up links, or one card cut off, cannot finish: Infinity', () => {
    const net = ringNetwork(4, { link: LINK }).withLink(1, 2, { state: LinkState.Down });
    expect(collectiveLowerBound(net, { collective: 'allReduce', count: 10, bytesPerElement: 4 })).toBe(Infinity);
  });

  it('is 0 for one card or no data', () => {
    expect(collectiveLowerBound(meshNetwork(1), { collective: 'allReduce', count: 100, bytesPerElement: 4 })).toBe(0);
    expect(collectiveLowerBound(meshNetwork(5), { collective: 'allGather', count: 0, bytesPerElement: 4 })).toBe(0);
  });
});

describe('algorithms that meet the bound', () => {
  it('direct AllToAll on a full mesh: exactly α + S·β', () => {
    for (const n of [2, 5, 9]) {
      const net = meshNetwork(n, { link: LINK });
      const time = simulated(findAlgorithm('allToAll', 'direct')!.build({ nSails: n, count: 1000, root: 0, pipeline: 1 }), net)!;
      expect(relative(time, collectiveLowerBound(net, { collective: 'allToAll', count: 1000, bytesPerElement: 4 }))).toBeLessThan(1e-12);
    }
  });

  it('a deeply pipelined chain Broadcast approaches it: within 1% at 400 sub-chunks', () => {
    const net = ringNetwork(5, { link: LINK });
    const time = simulated(findAlgorithm('broadcast', 'chain')!.build({ nSails: 5, count: 400_000, root: 0, pipeline: 400 }), net)!;
    const bound = collectiveLowerBound(net, { collective: 'broadcast', count: 400_000, bytesPerElement: 4 });
    expect(time).toBeGreaterThanOrEqual(bound);
    expect(bound / time).toBeGreaterThan(0.99);
  });

  it('a bandwidth term plus the diameter would not be a bound: a pipelined ring AllGather beats it', () => {
    // One-way ring of 3, S large: every card receives 2S over one link and the diameter is 2 hops.
    const net = ringNetwork(3, { link: LINK });
    const count = 1_000_000;
    const S = count * 4;
    const time = simulated(findAlgorithm('allGather', 'ring')!.build({ nSails: 3, count, root: 0, pipeline: 64 }), net)!;
    expect(time).toBeLessThan((2 * S) / LINK.bandwidth + 2 * LINK.latency);
    expect(time).toBeGreaterThanOrEqual(collectiveLowerBound(net, { collective: 'allGather', count, bytesPerElement: 4 }));
  });
});

describe('input checking', () => {
  it('names the argument', () => {
    const net = meshNetwork(3);
    const cases: [unknown, string][] = [
      [{ collective: 'allreduce', count: 1, bytesPerElement: 4 }, 'collective'],
      [{ collective: 'allReduce', count: -1, bytesPerElement: 4 }, 'count'],
      [{ collective: 'allReduce', count: 1.5, bytesPerElement: 4 }, 'count'],
      [{ collective: 'allReduce', count: 1, bytesPerElement: 0 }, 'bytesPerElement'],
      [{ collective: 'broadcast', count: 1, bytesPerElement: 4, root: 3 }, 'root'],
    ];
    for (const [request, argument] of cases) {
      const error = catchError(() => collectiveLowerBound(net, request as never));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.argument).toBe(argument);
    }
    expect(catchError(() => collectiveLowerBound({} as Network, { collective: 'allReduce', count: 1, bytesPerElement: 4 })).argument).toBe('network');
  });
});

/** A random strongly connected JSON network: a two-way cycle through the cards, extra links, maybe a switch, uneven links. */
function randomGraph(n: number, extra: readonly [number, number][], seed: number, withSwitch: boolean): Network {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pairs = new Map<string, { from: number; to: number; bandwidth: number; latency: number }>();
  const add = (from: number, to: number) => {
    if (from === to || pairs.has(`${from}>${to}`)) return;
    pairs.set(`${from}>${to}`, { from, to, bandwidth: 1e8 * (1 + Math.floor(next() * 8)), latency: 1e-7 * (1 + Math.floor(next() * 20)) });
  };
  for (let c = 0; c < n; c++) { add(c, (c + 1) % n); add((c + 1) % n, c); }
  for (const [a, b] of extra) add(a % n, b % n);
  if (withSwitch) for (let c = 0; c < n; c += 2) { add(c, n); add(n, c); }
  return networkFromJSON({
    cards: n, switches: withSwitch ? 1 : 0, links: [...pairs.values()],
    card: { reduceSecondsPerByte: next() < 0.3 ? 0 : 1e-9 * (1 + Math.floor(next() * 4)) },
    ...(next() < 0.3 ? { cardOverrides: [{ card: 0, injectionBandwidth: 3e8 }] } : {}),
  });
}

const SHAPES: [string, (n: number) => Network][] = [
  ['mesh', (n) => meshNetwork(n, { link: LINK })],
  ['ring', (n) => ringNetwork(n, { link: LINK })],
  ['bidirectional ring', (n) => ringNetwork(n, { bidirectional: true, link: LINK })],
  ['torus', (n) => (n % 2 === 0 && n >= 4 ? torus2dNetwork(2, n / 2, { link: LINK }) : torus2dNetwork(1, n, { link: LINK }))],
  ['switch', (n) => switchNetwork(n, { link: LINK })],
  ['multiDim', (n) => (n % 2 === 0 ? multiDimNetwork([{ kind: 'bidirectionalRing', size: n / 2 }, { kind: 'switch', size: 2 }], { link: LINK }) : multiDimNetwork([{ kind: 'mesh', size: n }], { link: LINK }))],
  ['hgx-h100 switch', (n) => switchNetwork(n, { preset: 'hgx-h100' })],
  ['mesh with injection limit', (n) => meshNetwork(n, { link: LINK, card: { injectionBandwidth: 7e8 } })],
];

describe('no algorithm beats the bound', () => {
  it('property: every registry entry × topology kind (regular and random JSON, with and without a Down link) × sizes × pipelines × channels × dims', () => {
    let checked = 0;
    let closest = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 0, max: SHAPES.length }), // SHAPES.length = a random JSON graph
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }),
        fc.nat(), fc.boolean(), fc.boolean(),
        fc.integer({ min: 0, max: ALGORITHMS.length - 1 }),
        fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.nat(),
        (n, shape, extra, seed, withSwitch, downLink, which, count, pipeline, channels, rootSeed) => {
          let net = shape === SHAPES.length ? randomGraph(n, extra, seed, withSwitch) : SHAPES[shape]![1](n);
          if (downLink) {
            const link = net.links[seed % net.links.length]!;
            net = net.withLink(link.localSail, link.remoteSail, { state: LinkState.Down });
          }
          const info = ALGORITHMS[which]!;
          const root = info.collective === 'broadcast' || info.collective === 'reduce' ? rootSeed % n : 0;
          const dims = net.dims.length > 0 ? net.dims.map((d) => d.size) : undefined;
          const rings = ringOrders(net, channels);
          const schedule = info.build({ nSails: n, count, root, pipeline, rings, ...(dims ? { dims } : {}) });
          const time = simulated(schedule, net);
          if (time === undefined) return; // a pair the Down link cut off: no algorithm can run
          const bound = collectiveLowerBound(net, { collective: info.collective, count, bytesPerElement: 4, root });
          expect(time, `${info.collective} ${info.name} on ${shape === SHAPES.length ? 'JSON graph' : SHAPES[shape]![0]} n=${n} count=${count} P=${pipeline} k=${channels}${downLink ? ' (a link Down)' : ''}`)
            .toBeGreaterThanOrEqual(bound * (1 - 1e-12));
          closest = Math.max(closest, bound / time);
          checked++;
        },
      ),
      { numRuns: 2500 },
    );
    expect(checked).toBeGreaterThan(1800);
    // The bound is not vacuous: some plans come within 10% of it.
    expect(closest).toBeGreaterThan(0.9);
  });

  it('every algorithm on every shape at 8 cards, default options, large and small sizes', () => {
    for (const [name, make] of SHAPES) {
      const net = make(8);
      for (const info of ALGORITHMS) {
        for (const count of [1, 64, 8 * 4096]) {
          const collective: CollectiveKind = info.collective;
          const root = collective === 'broadcast' || collective === 'reduce' ? 3 : 0;
          const time = simulated(info.build({ nSails: 8, count, root, pipeline: 1 }), net)!;
          expect(time, `${collective} ${info.name} on ${name}, count ${count}`).toBeGreaterThanOrEqual(collectiveLowerBound(net, { collective, count, bytesPerElement: 4, root }) * (1 - 1e-12));
        }
      }
    }
  });
});
