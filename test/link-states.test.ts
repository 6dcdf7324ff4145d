// Link states: a collective never sends over a link that is not Up. Where the
// topology has another path it routes around the link and the report says
// so; where it has none, the collective fails with LINK_DOWN naming the link,
// before any byte moves. Every topology kind.
import { describe, expect, it } from 'vitest';
import { LinkState, SpankerError, Topology } from '../src/index.js';
import { catchError } from './expect-error.js';

const UNUSABLE = [LinkState.Down, LinkState.Training, LinkState.Error];

function inputs(n: number) {
  return Array.from({ length: n }, (_, c) => Float32Array.from({ length: 64 }, (_, i) => c * 100 + i));
}

function linkId(topo: Topology, from: number, to: number): number {
  return topo.links.findIndex((l) => l.localSail === from && l.remoteSail === to);
}

const REROUTABLE: [string, () => Promise<Topology>, string][] = [
  ['mesh', () => Topology.mock(4), 'direct'],
  ['bidirectional ring', () => Topology.ring(5, { bidirectional: true }), 'direct'],
  ['torus', () => Topology.torus2d(3, 3), 'direct'],
  ['rings joined by a switch', () => Topology.multiDim([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2 }]), 'direct'],
  ['custom JSON', () => Topology.fromJSON({ cards: 3, links: [{ from: 0, to: 1, duplex: true }, { from: 1, to: 2, duplex: true }, { from: 2, to: 0, duplex: true }] }), 'direct'],
];

describe('routing around links that are not Up', () => {
  for (const [kind, make, algorithm] of REROUTABLE) {
    it(`${kind}: reroutes 0→1, reports it, sends nothing over it, and computes the right result`, async () => {
      for (const state of UNUSABLE) {
        const base = await make();
        const topo = base.withLink(0, 1, { state });
        expect(base.links[linkId(base, 0, 1)]!.state).toBe(LinkState.Up); // the original is unchanged
        const cards = inputs(topo.nSails);
        const expected = cards[0]!.map((_, i) => cards.reduce((sum, card) => sum + card[i]!, 0));
        const report = topo.allReduce(cards, 'sum', { algorithm: algorithm as never });
        expect(report.links[linkId(topo, 0, 1)]!.bytes).toBe(0);
        const reroute = report.reroutes.find((r) => r.src === 0 && r.dst === 1);
        expect(reroute, `${kind} ${state}`).toBeDefined();
        expect(reroute!.unusable).toEqual([`0→1 (${state})`]);
        expect(reroute!.actual[0]).toBe(0);
        expect(reroute!.actual.at(-1)).toBe(1);
        expect(reroute!.actual.length).toBeGreaterThan(2);
        for (const t of report.transfers!) {
          for (let h = 0; h + 1 < t.route.length; h++) expect(`${t.route[h]}→${t.route[h + 1]}`).not.toBe('0→1');
        }
        for (const card of cards) expect(Array.from(card)).toEqual(Array.from(expected));
      }
    });
  }
});

const DEAD_ENDS: [string, () => Promise<Topology>, number, number][] = [
  ['unidirectional ring', () => Topology.ring(4), 0, 1],
  ['switch (card 2 loses its uplink)', () => Topology.switch(4), 2, 4],
  ['two-card mesh', () => Topology.mock(2), 1, 0],
];

describe('LINK_DOWN when no route avoids the link', () => {
  for (const [kind, make, from, to] of DEAD_ENDS) {
    it(`${kind}: fails naming ${from}→${to}, with every buffer untouched`, async () => {
      const topo = (await make()).withLink(from, to, { state: LinkState.Down });
      const cards = inputs(topo.nSails);
      const before = cards.map((c) => c.slice());
      for (const run of [
        () => topo.allReduce(cards, 'sum'),
        () => topo.allGather(cards),
        () => topo.broadcast(cards, { root: from }),
        () => topo.estimate('allReduce', { bytes: 1024 }),
      ]) {
        const error = catchError(run);
        expect(error).toBeInstanceOf(SpankerError);
        expect(error).toMatchObject({ code: 'LINK_DOWN', from, to, actual: 'Down' });
        expect(error.message).toContain(`link ${from}→${to} is Down`);
      }
      cards.forEach((c, i) => expect(c).toEqual(before[i]));
      // The algorithm table shows why nothing can run.
      // (The multi-dimensional algorithms say they need more dimensions than these networks have.)
      const table = topo.algorithmTable('allReduce', { bytes: 1024 });
      expect(table.every((row) => !row.usable)).toBe(true);
      expect(table.filter((row) => !row.reason!.includes('dimensions')).every((row) => row.reason!.includes(`${from}→${to}`))).toBe(true);
    });
  }
});
