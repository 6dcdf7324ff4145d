// Analytic pricing against the event simulation (issue 8): a fixed-seed
// sample of about 2,000 cases — every topology kind (mesh, ring,
// bidirectional ring, torus, switch, multiDim, random JSON graphs) × 2–64
// cards × every algorithm of every collective × 8 B – 1 GiB per card × a
// Down link or not, with the link and card parameters drawn per case.
//
// The tiers, as measured on this sample and stated in the README
// ("How times are priced"):
//   - exact (≤ 1e-9) where the closed form holds: the algorithm on its
//     natural topology (every link Up and alike, counts divisible by p);
//   - exact to rounding wherever no two messages meet on a link — the
//     median case, and more than 4 in 5 cases overall (every case is priced
//     with one pipeline depth and channel count for both methods);
//   - within 5 % for 90 % of the cases of every topology kind;
//   - at most MAX_ERROR[kind] off: switch within 15 %, mesh 20 %,
//     multi-dimensional networks 25 %, tori and custom graphs 40 %, one-way
//     rings 60 %, bidirectional rings 3× (one case: a hierarchical
//     ReduceScatter of tiny blocks whose ring crosses a Down link, rerouted
//     the long way round). The worst cases are butterflies, binomial trees
//     and rerouted rings on rings, whose long routes overlap on every link:
//     the analytic model serves each link in an order it can only
//     approximate (src/sim/analytic/phase-model.ts), and auto pricing
//     simulates such cases whenever their size allows.
import { describe, expect, it } from 'vitest';
import { LinkState, Topology, algorithmsFor, type CollectiveKind } from '../src/index.js';
import { isNatural } from '../src/sim/analytic/price.js';
import { COLLECTIVES } from '../src/schedule/schedule.js';

/** A small deterministic generator (LCG), so the sample is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

const KINDS = ['mesh', 'ring', 'bidirectionalRing', 'torus', 'switch', 'multiDim', 'json'] as const;
type Kind = (typeof KINDS)[number];

/** The largest relative difference allowed per topology kind (see the module comment). */
const MAX_ERROR: Record<Kind, number> = {
  mesh: 0.2, switch: 0.15, torus: 0.4, multiDim: 0.25, json: 0.4, bidirectionalRing: 3, ring: 0.6,
};

interface Case {
  readonly kind: Kind;
  readonly topo: Topology;
  readonly collective: CollectiveKind;
  readonly algorithm: string;
  readonly bytes: number;
  readonly perCard: number;
  readonly root: number;
  readonly down: boolean;
  readonly pipeline: number;
  readonly channels: number;
}

async function buildCase(rnd: () => number): Promise<Case> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const kind = pick(KINDS);
  const n = 2 + Math.floor(rnd() * 63);
  const link = { bandwidth: pick([5e8, 1.25e9, 4e11]), latency: pick([0, 1e-6, 5e-6]) };
  const card = { reduceSecondsPerByte: pick([0, 1.5e-9]) };
  let topo: Topology;
  switch (kind) {
    case 'mesh': topo = await Topology.mock(n, { link, card }); break;
    case 'ring': topo = await Topology.ring(n, { link, card }); break;
    case 'bidirectionalRing': topo = await Topology.ring(n, { bidirectional: true, link, card }); break;
    case 'torus': topo = await Topology.torus2d(2 + Math.floor(rnd() * 6), 2 + Math.floor(rnd() * 6), { link, card }); break;
    case 'switch': topo = await Topology.switch(n, { link, card }); break;
    case 'multiDim':
      topo = await Topology.multiDim([
        { kind: pick(['ring', 'bidirectionalRing', 'mesh', 'switch'] as const), size: 2 + Math.floor(rnd() * 5) },
        { kind: pick(['bidirectionalRing', 'switch', 'mesh'] as const), size: 2 + Math.floor(rnd() * 4), link: { bandwidth: pick([5e8, 2e9]) } },
      ], { link, card });
      break;
    case 'json': {
      // A ring both ways plus random chords: connected, irregular.
      const links: { from: number; to: number; duplex?: boolean }[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        if (!seen.has(`${i},${j}`)) links.push({ from: i, to: j, duplex: n > 2 });
        seen.add(`${i},${j}`);
        seen.add(`${j},${i}`);
      }
      for (let k = 0; k < n; k++) {
        const a = Math.floor(rnd() * n);
        const b = Math.floor(rnd() * n);
        if (a !== b && !seen.has(`${a},${b}`)) {
          seen.add(`${a},${b}`);
          links.push({ from: a, to: b });
        }
      }
      topo = await Topology.fromJSON({ cards: n, link, card, links });
      break;
    }
  }
  let down = false;
  if (rnd() < 0.3) {
    const l = topo.links[Math.floor(rnd() * topo.links.length)]!;
    topo = topo.withLink(l.localSail, l.remoteSail, { state: LinkState.Down });
    down = true;
  }
  const p = topo.nSails;
  const collective = pick(COLLECTIVES);
  const algorithm = pick(algorithmsFor(collective)).name;
  const perCard = pick([8, 64, 1024, 65536, 1 << 20, 1 << 24, 1 << 30]);
  const blocks = collective === 'allGather' || collective === 'reduceScatter' || collective === 'allToAll' ? p : 1;
  // S for estimate(): whole blocks of 4-byte elements, about perCard per card.
  const perBlock = Math.max(1, Math.floor(perCard / 4 / (collective === 'allToAll' ? p : 1)));
  const bytes = collective === 'allToAll' ? p * perBlock * 4 : blocks * perBlock * 4;
  const pipeline = pick([1, 1, 4, 16]);
  const channels = pick([1, 1, 2, 4]);
  return { kind, topo, collective, algorithm, bytes, perCard, root: Math.floor(rnd() * p), down, pipeline, channels };
}

describe('analytic pricing against the event simulation', () => {
  it('agrees in the stated tiers on a fixed-seed sample of about 2,000 cases', async () => {
    const rnd = random(20261130);
    const errors = new Map<Kind, number[]>();
    const worst: string[] = [];
    let natural = 0;
    let priced = 0;
    let tooLarge = 0;
    for (let c = 0; c < 2000; c++) {
      const k = await buildCase(rnd);
      // One variant for both methods: pipeline and channels fixed (auto would pick each method's own best).
      const request = {
        bytes: k.bytes, algorithm: k.algorithm as never, pipeline: k.pipeline, channels: k.channels,
        ...(k.collective === 'broadcast' || k.collective === 'reduce' ? { root: k.root } : {}),
      };
      let sim;
      try {
        sim = k.topo.estimate(k.collective, { ...request, method: 'simulate', timeline: false });
      } catch (error) {
        // A Down link that cuts every route of a one-way ring: both methods must refuse it the same way.
        expect(() => k.topo.estimate(k.collective, { ...request, method: 'analytic' })).toThrow((error as Error).message);
        continue;
      }
      let analytic;
      try {
        analytic = k.topo.estimate(k.collective, { ...request, method: 'analytic' });
      } catch (error) {
        // A schedule too big to walk, of an algorithm without a family model: refused by name, never a wrong number.
        expect((error as Error).message).toMatch(/too large to price analytically/);
        tooLarge++;
        continue;
      }
      expect(analytic.method).toBe('analytic');
      expect(sim.method).toBe('simulate');
      const error = sim.seconds === 0 ? analytic.seconds : (analytic.seconds - sim.seconds) / sim.seconds;
      priced++;
      const info = algorithmsFor(k.collective).find((a) => a.name === k.algorithm)!;
      const divisible = (k.bytes / 4) % k.topo.nSails === 0 && k.bytes / 4 >= k.topo.nSails;
      if (isNatural(info, k.topo.network) && divisible && k.pipeline === 1 && k.channels === 1 && !['scatterAllGather'].includes(k.algorithm)) {
        natural++;
        expect(Math.abs(error), `${k.kind} ${k.collective}/${k.algorithm} on its natural topology`).toBeLessThanOrEqual(1e-9);
      }
      const where = `${k.kind} p=${k.topo.nSails} ${k.collective}/${k.algorithm} P=${k.pipeline} k=${k.channels} ${k.perCard} B/card${k.down ? ' (a link Down)' : ''}: simulated ${sim.seconds}, analytic ${analytic.seconds}`;
      expect(Math.abs(error), where).toBeLessThanOrEqual(MAX_ERROR[k.kind]);
      if (Math.abs(error) > 0.1) worst.push(where);
      if (!errors.has(k.kind)) errors.set(k.kind, []);
      errors.get(k.kind)!.push(Math.abs(error));
    }
    expect(priced).toBeGreaterThan(1800);
    expect(tooLarge).toBeLessThan(40);
    expect(natural).toBeGreaterThan(40);
    const all = [...errors.values()].flat().sort((a, b) => a - b);
    expect(all[Math.floor(all.length / 2)]).toBeLessThanOrEqual(1e-9);
    expect(all.filter((e) => e <= 1e-9).length / all.length).toBeGreaterThan(0.8);
    const summary: string[] = [];
    for (const kind of KINDS) {
      const e = errors.get(kind)!.sort((a, b) => a - b);
      summary.push(`${kind}: ${e.length} cases, exact ${e.filter((x) => x <= 1e-9).length}, p90 ${e[Math.floor(e.length * 0.9)]!.toExponential(2)}, max ${e[e.length - 1]!.toExponential(2)}`);
    }
    // The summary, and the cases beyond 10 % by name, for whoever improves the model.
    console.log(`${summary.join('\n')}\ncases beyond 10 %:\n${worst.join('\n')}`);
    for (const kind of KINDS) {
      const e = errors.get(kind)!.sort((a, b) => a - b);
      expect(e.length, kind).toBeGreaterThan(150);
      expect(e[Math.floor(e.length * 0.9)], `90th percentile on ${kind}`).toBeLessThanOrEqual(0.05);
    }
  });
});
