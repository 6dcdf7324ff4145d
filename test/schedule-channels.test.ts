// Channels (AlgorithmInput.rings) and dimensions (AlgorithmInput.dims):
// the schedules pass the symbolic verifier for any ring orders and any
// factorisation of the cards; one ring in card order builds exactly today's
// schedules; and on their natural topologies — rings on disjoint links from
// network/ring-orders.ts, tori and multi-dimensional networks with their
// own dims — the event simulation takes exactly the closed form (1e-9)
// where the closed form says it is exact, and stays within its documented
// bounds elsewhere.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Network } from '../src/network/network.js';
import { ringOrders } from '../src/network/ring-orders.js';
import { Router } from '../src/network/routing.js';
import { meshNetwork } from '../src/network/shapes/mesh.js';
import { multiDimNetwork } from '../src/network/shapes/multi-dim.js';
import { ringNetwork } from '../src/network/shapes/ring.js';
import { torus2dNetwork } from '../src/network/shapes/torus2d.js';
import type { AlgorithmInput, CostShape } from '../src/schedule/algorithm.js';
import { ALGORITHMS, findAlgorithm, type AlgorithmInfo } from '../src/schedule/registry.js';
import type { CollectiveKind, Schedule } from '../src/schedule/schedule.js';
import { verifySchedule } from '../src/schedule/verify.js';
import { simulate } from '../src/sim/simulate.js';

const RING_TYPE: [CollectiveKind, string][] = [['allReduce', 'ring'], ['allGather', 'ring'], ['reduceScatter', 'ring'], ['broadcast', 'chain'], ['reduce', 'ring']];
const DIMENSIONAL: [CollectiveKind, string][] = [['allReduce', 'hierarchical'], ['allGather', 'hierarchical'], ['reduceScatter', 'hierarchical'], ['allReduce', 'torus2d']];
const info = (collective: CollectiveKind, name: string): AlgorithmInfo => findAlgorithm(collective, name)!;
const LINK = { bandwidth: 5e8, latency: 1e-6 };

/** A seeded shuffle of 0 … n − 1. */
function permutation(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Every ordered factorisation of n into factors ≥ 2 (with [n] itself; [1] for n = 1). */
function factorisations(n: number): number[][] {
  if (n === 1) return [[1]];
  const out: number[][] = [[n]];
  for (let f = 2; f < n; f++) if (n % f === 0) for (const rest of factorisations(n / f)) out.push([f, ...rest]);
  return out;
}

function seconds(schedule: Schedule, net: Network, bytesPerElement: number): number {
  const router = new Router(net);
  return simulate(schedule, net, { bytesPerElement, routeOf: (a, b) => router.route(a, b)!, timeline: false }).seconds;
}

function params(net: Network) {
  return { alpha: net.links[0]!.latency, beta: 1 / net.links[0]!.bandwidth, gamma: net.cards[0]!.reduceSecondsPerByte };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('schedules with channels and dimensions pass the verifier', () => {
  it('ring-type algorithms over random ring orders: k = 1 … 4, n = 1 … 12, pipelines and roots', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RING_TYPE), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 4 }), fc.nat(), fc.nat(),
        ([collective, name], n, k, count, pipeline, seed, rootSeed) => {
          const rings = Array.from({ length: k }, (_, c) => permutation(n, seed + c));
          const s = info(collective, name).build({ nSails: n, count, root: rootSeed % n, pipeline, rings });
          verifySchedule(s);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('hierarchical and torus algorithms over every factorisation of n = 1 … 24, k = 1 … 3, pipelines', () => {
    let checked = 0;
    for (let n = 1; n <= 24; n++) {
      for (const dims of factorisations(n)) {
        for (const [collective, name] of DIMENSIONAL) {
          for (const k of [1, 2, 3]) {
            for (const [count, pipeline] of [[1, 1], [2 * n + 1, 2], [60, 3], [0, 1]] as const) {
              const rings = Array.from({ length: k }, () => Array.from({ length: n }, (_, i) => i));
              verifySchedule(info(collective, name).build({ nSails: n, count, root: 0, pipeline, rings, dims }));
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('one ring in card order is today\'s schedule', () => {
  const same = (a: Schedule, b: Schedule) => {
    expect(a.transfers()).toEqual(b.transfers());
    expect(a.stepCount).toBe(b.stepCount);
  };

  it('rings: [[0, 1, …, n − 1]] builds the same transfers as no rings', () => {
    for (const [collective, name] of RING_TYPE) {
      for (const n of [2, 5, 8]) {
        for (const pipeline of [1, 3]) {
          const input: AlgorithmInput = { nSails: n, count: 7 * n + 2, root: n - 1, pipeline };
          const identity = Array.from({ length: n }, (_, i) => i);
          same(info(collective, name).build({ ...input, rings: [identity] }), info(collective, name).build(input));
        }
      }
    }
  });

  it('hierarchical algorithms with one dimension and pipeline 1 send the ring\'s transfers', () => {
    for (const [collective] of DIMENSIONAL.slice(0, 3)) {
      const ring = info(collective, 'ring').build({ nSails: 6, count: 20, root: 0, pipeline: 1 });
      const hierarchical = info(collective, 'hierarchical').build({ nSails: 6, count: 20, root: 0, pipeline: 1, dims: [6] });
      expect(hierarchical.transfers()).toEqual(ring.transfers());
    }
  });
});

describe('hand-checked schedules', () => {
  const listing = (s: Schedule) => s.transfers().map((t) => `${t.step}:${t.src}>${t.dst} ${t.reduce ? 'r' : 'c'} ${t.segments.map(([a, b]) => `[${a},${b})`).join('')}`);

  it('two counter-rotating ring AllGathers on 3 cards: block c split in halves, one per direction', () => {
    // count 2: block c = [2c, 2c + 2); channel 0 (0 → 1 → 2) carries the first element, channel 1 (0 → 2 → 1) the second.
    const s = info('allGather', 'ring').build({ nSails: 3, count: 2, root: 0, pipeline: 1, rings: [[0, 1, 2], [0, 2, 1]] });
    expect(listing(s)).toEqual([
      '0:0>1 c [0,1)', '0:1>2 c [2,3)', '0:2>0 c [4,5)', '0:0>2 c [1,2)', '0:2>1 c [5,6)', '0:1>0 c [3,4)',
      '1:0>1 c [4,5)', '1:1>2 c [0,1)', '1:2>0 c [2,3)', '1:0>2 c [3,4)', '1:2>1 c [1,2)', '1:1>0 c [5,6)',
    ]);
  });

  it('hierarchical ReduceScatter on a 2 × 2 grid: rows reduce the blocks of both columns, then columns', () => {
    // Cards 0..3, dims [2, 2]: card = x + 2y. count 1: block b = [b, b + 1).
    const s = info('reduceScatter', 'hierarchical').build({ nSails: 4, count: 1, root: 0, pipeline: 1, dims: [2, 2] });
    expect(listing(s)).toEqual([
      // Phase 0 (dimension 0, groups {0, 1} and {2, 3}): card x sends the blocks of the cards with the other x.
      '0:0>1 r [1,2)[3,4)', '0:1>0 r [0,1)[2,3)', '0:2>3 r [1,2)[3,4)', '0:3>2 r [0,1)[2,3)',
      // Phase 1 (dimension 1, groups {0, 2} and {1, 3}): one block each.
      '1:0>2 r [2,3)', '1:2>0 r [0,1)', '1:1>3 r [3,4)', '1:3>1 r [1,2)',
    ]);
  });
});

describe('simulated time equals the closed form on natural topologies with channels and dimensions', () => {
  const cards = (gamma: number) => ({ link: LINK, card: { reduceSecondsPerByte: gamma } });

  it('ring-type algorithms, two counter-rotating rings on a bidirectional ring (p ≥ 3)', () => {
    let exact = 0;
    for (let p = 3; p <= 9; p++) {
      for (const gamma of [0, 1.5e-9, 6e-9]) {
        const net = ringNetwork(p, { bidirectional: true, ...cards(gamma) });
        const rings = ringOrders(net, 2);
        for (const [collective, name] of RING_TYPE.filter(([c]) => c !== 'reduce')) {
          for (const pipeline of [1, 2, 5]) {
            for (const count of [2 * p * 96, 2 * p * 96 + 3, 5]) {
              for (const root of collective === 'broadcast' ? [0, p - 1] : [0]) {
                const s = info(collective, name).build({ nSails: p, count, root, pipeline, rings });
                const simulated = seconds(s, net, 4);
                const closed = info(collective, name).cost(p, count, 4, params(net), pipeline, { channels: 2 });
                const where = `${collective} ${name} p=${p} γ=${gamma} count=${count} P=${pipeline}`;
                if (collective !== 'allReduce' || count % (2 * p) === 0) {
                  expect(relative(closed, simulated), `${where}: simulated ${simulated}, closed ${closed}`).toBeLessThan(1e-9);
                  exact++;
                } else if (count >= 16 * p) {
                  expect(relative(closed, simulated), where).toBeLessThan(0.15);
                }
              }
            }
          }
        }
      }
    }
    expect(exact).toBeGreaterThan(400);
  });

  it('ring-type algorithms, 4 helix rings on a square torus and 3 stride rings on a full mesh', () => {
    for (const [net, k] of [[torus2dNetwork(3, 3, cards(1.5e-9)), 4], [torus2dNetwork(4, 4, cards(1.5e-9)), 4], [meshNetwork(7, cards(1.5e-9)), 3]] as const) {
      const p = net.nSails;
      const rings = ringOrders(net, k);
      for (const [collective, name] of RING_TYPE.filter(([c]) => c !== 'reduce')) {
        for (const pipeline of [1, 3]) {
          const count = k * p * 40;
          const s = info(collective, name).build({ nSails: p, count, root: 1, pipeline, rings });
          const closed = info(collective, name).cost(p, count, 4, params(net), pipeline, { channels: k });
          expect(relative(closed, seconds(s, net, 4)), `${collective} ${name} p=${p} k=${k} P=${pipeline}`).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('ring Reduce with two channels on a full mesh: within 15% (the copies to the root share links)', () => {
    for (let p = 3; p <= 8; p++) {
      const net = meshNetwork(p, cards(1.5e-9));
      const rings = ringOrders(net, 2);
      for (const pipeline of [1, 3]) {
        for (const root of [0, p - 1]) {
          const count = 2 * p * 64;
          const s = info('reduce', 'ring').build({ nSails: p, count, root, pipeline, rings });
          const closed = info('reduce', 'ring').cost(p, count, 4, params(net), pipeline, { channels: 2 });
          expect(relative(closed, seconds(s, net, 4)), `p=${p} P=${pipeline} root=${root}`).toBeLessThan(0.15);
        }
      }
    }
  });

  const grids: [string, () => Network, number[]][] = [
    ['torus 3×3', () => torus2dNetwork(3, 3, cards(1.5e-9)), [3, 3]],
    ['torus 4×4', () => torus2dNetwork(4, 4, cards(1.5e-9)), [4, 4]],
    ['torus 2×4', () => torus2dNetwork(2, 4, cards(1.5e-9)), [4, 2]],
    ['torus 3×5', () => torus2dNetwork(3, 5, cards(6e-9)), [5, 3]],
    ['torus 4×2', () => torus2dNetwork(4, 2, cards(6e-9)), [2, 4]],
    ['rings 4 × rings 3', () => multiDimNetwork([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'bidirectionalRing', size: 3 }], cards(1.5e-9)), [4, 3]],
    ['mesh 3 × ring 4 × ring 2', () => multiDimNetwork([{ kind: 'mesh', size: 3 }, { kind: 'bidirectionalRing', size: 4 }, { kind: 'bidirectionalRing', size: 2 }], cards(1.5e-9)), [3, 4, 2]],
  ];

  for (const [where, make, dims] of grids) {
    it(`hierarchical and torus algorithms on ${where}`, () => {
      const net = make();
      const p = net.nSails;
      let exact = 0;
      for (const [collective, name] of DIMENSIONAL) {
        for (const k of name === 'torus2d' ? [1] : [1, 2, 3]) {
          for (const pipeline of [1, 2, 3]) {
            const channels = name === 'torus2d' ? 2 * dims.filter((d) => d > 1).length : k;
            for (const count of [channels * pipeline * p * 12, channels * pipeline * p * 12 + 7]) {
              const rings = Array.from({ length: k }, () => Array.from({ length: p }, (_, i) => i));
              const s = info(collective, name).build({ nSails: p, count, root: 0, pipeline, rings, dims });
              const shape: CostShape = { channels: k, dims };
              const closed = info(collective, name).cost(p, count, 4, params(net), pipeline, shape);
              const simulated = seconds(s, net, 4);
              const label = `${collective} ${name} k=${k} P=${pipeline} count=${count}: simulated ${simulated}, closed ${closed}`;
              if (collective !== 'allReduce' || count % (channels * pipeline * p) === 0) {
                expect(relative(closed, simulated), label).toBeLessThan(1e-9);
                exact++;
              } else {
                expect(relative(closed, simulated), label).toBeLessThan(0.25); // ≥ 8 elements per piece
              }
            }
          }
        }
      }
      expect(exact).toBeGreaterThan(30);
    });
  }

  it('the torus AllReduce keeps every link of a square torus equally busy: half the link time of two-channel hierarchical', () => {
    const net = torus2dNetwork(4, 4, cards(0));
    const count = 16 * 4 * 1024;
    const shape = { dims: [4, 4] };
    const torus = seconds(info('allReduce', 'torus2d').build({ nSails: 16, count, root: 0, pipeline: 1, dims: [4, 4] }), net, 4);
    const rings = [0, 1].map(() => Array.from({ length: 16 }, (_, i) => i));
    const hierarchical = seconds(info('allReduce', 'hierarchical').build({ nSails: 16, count, root: 0, pipeline: 1, rings, dims: [4, 4] }), net, 4);
    // Bandwidth terms: hierarchical with 2 channels moves 2·(15/16)·S per card over 2 links, the torus scheme over 4.
    const S = count * 4;
    const alphaTerms = 2 * (3 + 3) * LINK.latency;
    expect(relative(hierarchical, alphaTerms + (2 * (15 / 16) * S) / 2 / LINK.bandwidth)).toBeLessThan(1e-9);
    expect(relative(torus, alphaTerms + (2 * (15 / 16) * S) / 4 / LINK.bandwidth)).toBeLessThan(1e-9);
    expect(info('allReduce', 'torus2d').cost(16, count, 4, params(net), 1, shape)).toBeCloseTo(torus, 12);
  });

  it('the double binary tree on a full mesh, p = 2 … 20, pipelines and reductions slower than links', () => {
    const tree = info('allReduce', 'doubleBinaryTree');
    for (let p = 2; p <= 20; p++) {
      for (const gamma of [0, 8e-9]) {
        const net = meshNetwork(p, cards(gamma));
        for (const pipeline of [1, 4]) {
          for (const count of [3, p * 1000 + 7]) {
            const closed = tree.cost(p, count, 4, params(net), pipeline);
            const simulated = seconds(tree.build({ nSails: p, count, root: 0, pipeline }), net, 4);
            expect(relative(closed, simulated), `p=${p} γ=${gamma} P=${pipeline} count=${count}`).toBeLessThan(1e-9);
          }
        }
      }
    }
  });
});

describe('input checking', () => {
  const ring = info('allReduce', 'ring');
  const hierarchical = info('allReduce', 'hierarchical');

  it('rings must be permutations of the cards, named by channel and position', () => {
    const base = { nSails: 3, count: 6, root: 0, pipeline: 1 };
    expect(() => ring.build({ ...base, rings: [] })).toThrow(/allReduce\/ring: rings must be a non-empty array/);
    expect(() => ring.build({ ...base, rings: [[0, 1]] })).toThrow(/rings\[0\] must list all 3 cards once, got 2 entries/);
    expect(() => ring.build({ ...base, rings: [[0, 1, 2], [0, 1, 1]] })).toThrow(/rings\[1\] lists card 1 twice/);
    expect(() => ring.build({ ...base, rings: [[0, 1, 3]] })).toThrow(/rings\[0\]\[2\] must be a card in \[0, 3\), got 3/);
    expect(() => ring.build({ ...base, rings: [[0, 1.5, 2]] })).toThrow(RangeError);
  });

  it('dims must be integers ≥ 1 multiplying to nSails', () => {
    const base = { nSails: 6, count: 6, root: 0, pipeline: 1 };
    expect(() => hierarchical.build({ ...base, dims: [] })).toThrow(/allReduce\/hierarchical: dims must be a non-empty array/);
    expect(() => hierarchical.build({ ...base, dims: [2, 2] })).toThrow(/dims \[2, 2\] multiply to 4, not nSails = 6/);
    expect(() => hierarchical.build({ ...base, dims: [3, 0, 2] })).toThrow(/dims\[1\] must be an integer ≥ 1, got 0/);
    expect(() => hierarchical.cost(6, 6, 4, { alpha: 0, beta: 1, gamma: 0 }, 1, { dims: [4] })).toThrow(/cost: dims \[4\] multiply to 4, not nSails = 6/);
    expect(() => ring.cost(6, 6, 4, { alpha: 0, beta: 1, gamma: 0 }, 1, { channels: 0 })).toThrow(/cost: channels must be an integer ≥ 1, got 0/);
  });

  it('every algorithm accepts rings and dims (those that do not use them ignore them)', () => {
    for (const a of ALGORITHMS) {
      const s = a.build({ nSails: 6, count: 12, root: 2, pipeline: 1, rings: [[0, 1, 2, 3, 4, 5], [0, 5, 4, 3, 2, 1]], dims: [3, 2] });
      verifySchedule(s);
    }
  });
});
