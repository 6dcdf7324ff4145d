// Routing: closed-form hop counts on every regular shape, deterministic tie
// breaks, rerouting around Down links, unreachable pairs, and a property test
// against a brute-force reference (every shortest path enumerated, the best
// one picked by hops, then latency, then node sequence).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinkState, type Link } from '../src/link.js';
import { networkFromJSON } from '../src/network/from-json.js';
import { Network } from '../src/network/network.js';
import { PRESETS } from '../src/network/presets.js';
import { Router } from '../src/network/routing.js';
import { DimensionOrderRoutes } from '../src/network/dimension-order.js';
import { meshNetwork } from '../src/network/shapes/mesh.js';
import { multiDimNetwork } from '../src/network/shapes/multi-dim.js';
import { ringNetwork } from '../src/network/shapes/ring.js';
import { switchNetwork } from '../src/network/shapes/switch.js';
import { torus2dNetwork } from '../src/network/shapes/torus2d.js';
import { catchError } from './expect-error.js';


/** Node sequence of a route, after checking it is a chain of Up links from src to dst. */
function nodesOf(net: Network, src: number, dst: number, route: readonly number[]): number[] {
  const nodes = [src];
  for (const id of route) {
    const link = net.links[id]!;
    expect(link.localSail).toBe(nodes[nodes.length - 1]);
    expect(link.state).toBe(LinkState.Up);
    nodes.push(link.remoteSail);
  }
  expect(nodes[nodes.length - 1]).toBe(dst);
  return nodes;
}

/** The same check as nodesOf without expect (cheap enough for all pairs of 256 cards). */
function isChain(net: Network, src: number, dst: number, route: readonly number[]): boolean {
  let node = src;
  for (const id of route) {
    const link = net.links[id];
    if (link === undefined || link.localSail !== node || link.state !== LinkState.Up) return false;
    node = link.remoteSail;
  }
  return node === dst;
}

const ringDistance = (a: number, b: number, n: number) => Math.min((b - a + n) % n, (a - b + n) % n);

describe('Router on regular shapes', () => {
  it('unidirectional ring: (dst − src) mod n hops, n = 1..8 and 256', () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 256]) {
      const net = ringNetwork(n);
      const router = new Router(net);
      const wrong: string[] = [];
      for (let s = 0; s < n; s++) {
        for (let d = 0; d < n; d++) {
          const route = router.route(s, d)!;
          if (route.length !== (d - s + n) % n || !isChain(net, s, d, route)) wrong.push(`${s}→${d}`);
        }
      }
      expect(wrong, `n = ${n}`).toEqual([]);
    }
  });

  it('bidirectional ring: the shorter way; on a tie (exactly opposite) even cards go forward, odd cards backward', () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 256]) {
      const net = ringNetwork(n, { bidirectional: true });
      const router = new Router(net);
      const wrong: string[] = [];
      for (let s = 0; s < n; s++) {
        for (let d = 0; d < n; d++) {
          const route = router.route(s, d)!;
          if (route.length !== ringDistance(s, d, n) || !isChain(net, s, d, route)) wrong.push(`${s}→${d}`);
          const tie = n > 2 && (d - s + n) % n === n / 2;
          if (tie && net.links[route[0]!]!.remoteSail !== (s % 2 === 0 ? (s + 1) % n : (s - 1 + n) % n)) wrong.push(`tie ${s}→${d}`);
        }
      }
      expect(wrong, `n = ${n}`).toEqual([]);
    }
    // Example: in a ring of 6, 0 → 3 goes 0,1,2,3, 3 → 0 goes 3,2,1,0 and 1 → 4 goes 1,0,5,4.
    const net = ringNetwork(6, { bidirectional: true });
    const router = new Router(net);
    expect(nodesOf(net, 0, 3, router.route(0, 3)!)).toEqual([0, 1, 2, 3]);
    expect(nodesOf(net, 3, 0, router.route(3, 0)!)).toEqual([3, 2, 1, 0]);
    expect(nodesOf(net, 1, 4, router.route(1, 4)!)).toEqual([1, 0, 5, 4]);
    expect(new Router(net).route(3, 0)).toEqual(router.route(3, 0));
    // So the tie traffic of an all-to-all is split evenly: every link of an 8-card ring carries 1+2+3+2 = 8 messages.
    const ring8 = ringNetwork(8, { bidirectional: true });
    const router8 = new Router(ring8);
    const load = new Array<number>(ring8.links.length).fill(0);
    for (let s = 0; s < 8; s++) for (let d = 0; d < 8; d++) for (const l of router8.route(s, d)!) load[l]!++;
    expect(load).toEqual(new Array<number>(16).fill(8));
  });

  it('torus: Manhattan distance with wrap-around, including 64 × 64', () => {
    for (const [rows, cols] of [[1, 1], [1, 4], [2, 2], [3, 4], [5, 3], [64, 64]] as const) {
      const net = torus2dNetwork(rows, cols);
      const router = new Router(net);
      const n = rows * cols;
      const sources = n <= 20 ? Array.from({ length: n }, (_, i) => i) : [0, 65, 2047, n - 1];
      const wrong: string[] = [];
      for (const s of sources) {
        for (let d = 0; d < n; d++) {
          const route = router.route(s, d)!;
          const expected = ringDistance(Math.floor(s / cols), Math.floor(d / cols), rows) + ringDistance(s % cols, d % cols, cols);
          if (route.length !== expected || !isChain(net, s, d, route)) wrong.push(`${s}→${d}`);
        }
      }
      expect(wrong, `${rows} × ${cols}`).toEqual([]);
    }
  });

  it('torus and multiDim: dimension-order routes (dimension 0 first), the same wherever they start', () => {
    const net = torus2dNetwork(4, 5); // card = row·5 + col; dimension 0 is the row ring (cols), dimension 1 the column ring
    const router = new Router(net);
    // 0 = (0,0) → 13 = (2,3): along row 0 first (0,4,3: backward is shorter), then down column 3 (3,8,13).
    expect(nodesOf(net, 0, 13, router.route(0, 13)!)).toEqual([0, 4, 3, 8, 13]);
    // Translation invariance: shifting both ends by a torus vector shifts every node of the route.
    const shift = (c: number, dr: number, dc: number) => ((Math.floor(c / 5) + dr) % 4) * 5 + ((c % 5) + dc) % 5;
    for (let s = 0; s < 20; s++) {
      for (let d = 0; d < 20; d++) {
        const nodes = nodesOf(net, s, d, router.route(s, d)!);
        for (const [dr, dc] of [[0, 2], [2, 0], [2, 2], [1, 3]] as const) {
          // Ties in a ring of 4 depend on the parity of the coordinate: shift rows by even amounts only.
          if (dr % 2 !== 0) continue;
          expect(nodesOf(net, shift(s, dr, dc), shift(d, dr, dc), router.route(shift(s, dr, dc), shift(d, dr, dc))!)).toEqual(nodes.map((c) => shift(c, dr, dc)));
        }
      }
    }
    const md = multiDimNetwork([{ kind: 'ring', size: 3 }, { kind: 'mesh', size: 2 }, { kind: 'switch', size: 2 }]);
    const mdRouter = new Router(md);
    // 2 = (2,0,0) → 9 = (0,1,1): ring 2→0 (1 hop), mesh 0→3, switch 3→(switch of group 3)→9.
    expect(mdRouter.route(2, 9)!.length).toBe(4);
    expect(nodesOf(md, 2, 9, mdRouter.route(2, 9)!)).toEqual([2, 0, 3, 12 + 3, 9]);
  });

  it('endLinks: the first and last link of every dimension-order route, without building it', () => {
    const shapes = [
      ringNetwork(7), ringNetwork(8, { bidirectional: true }), torus2dNetwork(4, 5),
      meshNetwork(5), switchNetwork(6),
      multiDimNetwork([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'mesh', size: 3 }, { kind: 'switch', size: 2 }]),
      multiDimNetwork([{ kind: 'ring', size: 3 }, { kind: 'bidirectionalRing', size: 5 }]),
    ];
    let pairs = 0;
    for (const net of shapes) {
      const dor = DimensionOrderRoutes.of(net)!;
      expect(dor).toBeDefined();
      for (let s = 0; s < net.nSails; s++) {
        for (let d = 0; d < net.nSails; d++) {
          if (s === d) continue;
          const route = dor.route(s, d);
          expect(dor.endLinks(s, d), `${net.kind} ${s}→${d}`).toEqual({ first: route[0], last: route[route.length - 1] });
          pairs++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(500);
  });

  it('switch: exactly 2 hops between cards (through the switch), 1 to the switch', () => {
    for (let n = 1; n <= 8; n++) {
      const net = switchNetwork(n);
      const router = new Router(net);
      for (let s = 0; s < n; s++) {
        expect(router.route(s, n)).toEqual([2 * s]);
        expect(router.route(n, s)).toEqual([2 * s + 1]);
        for (let d = 0; d < n; d++) {
          if (d !== s) expect(nodesOf(net, s, d, router.route(s, d)!)).toEqual([s, n, d]);
        }
      }
    }
  });

  it('mesh: 1 hop, the direct link', () => {
    for (let n = 1; n <= 8; n++) {
      const net = meshNetwork(n);
      const router = new Router(net);
      for (let s = 0; s < n; s++) for (let d = 0; d < n; d++) expect(router.route(s, d)).toEqual(s === d ? [] : [net.linkIndex(s, d)]);
    }
  });

  it('multiDim example (rings of 4 joined by a switch): ring distance, plus 2 hops to change ring', () => {
    const net = multiDimNetwork([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2 }]);
    const router = new Router(net);
    for (let s = 0; s < 8; s++) {
      for (let d = 0; d < 8; d++) {
        const sameRing = Math.floor(s / 4) === Math.floor(d / 4);
        const route = router.route(s, d)!;
        nodesOf(net, s, d, route);
        expect(route.length).toBe(ringDistance(s % 4, d % 4, 4) + (sameRing ? 0 : 2));
      }
    }
    expect(nodesOf(net, 0, 4, router.route(0, 4)!)).toEqual([0, 8, 4]);
    // 0 → 5: 0,1,9,5 and 0,8,4,5 both take 3 hops; the node sequence decides.
    expect(nodesOf(net, 0, 5, router.route(0, 5)!)).toEqual([0, 1, 9, 5]);
  });
});

describe('Router around failures', () => {
  it('ring: the other way round a Down link, undefined when unidirectional', () => {
    const bi = ringNetwork(6, { bidirectional: true }).withLink(0, 1, { state: LinkState.Down });
    const router = new Router(bi);
    expect(nodesOf(bi, 0, 1, router.route(0, 1)!)).toEqual([0, 5, 4, 3, 2, 1]);
    expect(nodesOf(bi, 1, 0, router.route(1, 0)!)).toEqual([1, 0]);
    const uni = ringNetwork(6).withLink(2, 3, { state: LinkState.Error });
    const uniRouter = new Router(uni);
    expect(uniRouter.route(2, 3)).toBeUndefined();
    expect(uniRouter.route(0, 4)).toBeUndefined();
    expect(uniRouter.route(3, 2)!.length).toBe(5);
    expect(uniRouter.route(2, 2)).toEqual([]);
  });

  it('torus: around a Down link in 3 hops, deterministically', () => {
    const net = torus2dNetwork(4, 4).withLink(0, 1, { state: LinkState.Training });
    const router = new Router(net);
    // 0,3,2,1 (along the row the other way) and 0,4,5,1 (via the next row) both take 3 hops.
    expect(nodesOf(net, 0, 1, router.route(0, 1)!)).toEqual([0, 3, 2, 1]);
    for (let d = 0; d < 16; d++) {
      const route = router.route(0, d)!;
      expect(route).not.toContain(net.linkIndex(0, 1));
      nodesOf(net, 0, d, route);
    }
  });

  it('mesh: 2 hops through the lowest-numbered card', () => {
    const net = meshNetwork(5).withLink(3, 1, { state: LinkState.Down });
    expect(nodesOf(net, 3, 1, new Router(net).route(3, 1)!)).toEqual([3, 0, 1]);
  });

  it('two switches: the second switch carries the traffic when a link to the first is Down', () => {
    const spec = {
      cards: 4,
      switches: 2,
      links: [0, 1, 2, 3].flatMap((c) => [{ from: c, to: 4, duplex: true }, { from: c, to: 5, duplex: true }]),
    };
    const net = networkFromJSON(spec);
    const router = new Router(net);
    expect(nodesOf(net, 0, 1, router.route(0, 1)!)).toEqual([0, 4, 1]);
    const degraded = net.withLink(0, 4, { state: LinkState.Down });
    expect(nodesOf(degraded, 0, 1, new Router(degraded).route(0, 1)!)).toEqual([0, 5, 1]);
    const cut = degraded.withLink(0, 5, { state: LinkState.Down });
    const cutRouter = new Router(cut);
    for (const d of [1, 2, 3, 4, 5]) expect(cutRouter.route(0, d)).toBeUndefined();
    expect(nodesOf(cut, 1, 0, cutRouter.route(1, 0)!)).toEqual([1, 4, 0]);
  });

  it('undefined for an isolated card', () => {
    const net = networkFromJSON({ cards: 3, links: [{ from: 0, to: 1, duplex: true }] });
    const router = new Router(net);
    expect(router.route(0, 2)).toBeUndefined();
    expect(router.route(2, 0)).toBeUndefined();
    expect(router.route(2, 2)).toEqual([]);
    expect(router.hops(0, 1)).toBe(1);
    expect(router.hops(0, 2)).toBeUndefined();
  });
});

describe('Router tie breaks and arguments', () => {
  it('among equally short paths takes the smaller total latency, then the smaller node sequence', () => {
    // 0 → 3 via 1 or via 2, both 2 hops.
    const links = [
      { from: 0, to: 1, latency: 2e-6 },
      { from: 1, to: 3, latency: 2e-6 },
      { from: 0, to: 2, latency: 1e-6 },
      { from: 2, to: 3, latency: 1e-6 },
      { from: 0, to: 3, state: LinkState.Down },
    ];
    const net = networkFromJSON({ cards: 4, links });
    expect(nodesOf(net, 0, 3, new Router(net).route(0, 3)!)).toEqual([0, 2, 3]);
    const equal = networkFromJSON({ cards: 4, links: links.map(({ latency: _latency, ...l }) => l) });
    expect(nodesOf(equal, 0, 3, new Router(equal).route(0, 3)!)).toEqual([0, 1, 3]);
    // Fewer hops win over lower latency.
    const direct = networkFromJSON({ cards: 4, links: [...links.slice(0, 4), { from: 0, to: 3, latency: 1 }] });
    expect(new Router(direct).route(0, 3)).toEqual([4]);
  });

  it('rejects node ids outside the network and non-Networks', () => {
    const router = new Router(switchNetwork(3));
    expect(catchError(() => router.route(-1, 0))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'src' });
    expect(catchError(() => router.route(0, 4))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'dst' });
    expect(catchError(() => router.route(0.5, 1))).toMatchObject({ argument: 'src' });
    expect(router.route(3, 0)).toEqual([1]); // switches are valid endpoints
    expect(catchError(() => new Router({} as Network))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'network' });
  });
});

// --- Property: against a brute-force reference --------------------------------

interface Edge { from: number; to: number; latency: number; up: boolean }

/** Every best path by enumeration: BFS distances over Up edges, then all paths of that length, best by (latency, nodes, link ids). */
function referenceRoute(nNodes: number, edges: Edge[], src: number, dst: number): number[] | undefined {
  if (src === dst) return [];
  const dist = new Array<number>(nNodes).fill(Infinity);
  dist[src] = 0;
  const queue = [src];
  while (queue.length > 0) {
    const u = queue.shift()!;
    edges.forEach((e) => {
      if (e.up && e.from === u && dist[e.to] === Infinity) {
        dist[e.to] = dist[u]! + 1;
        queue.push(e.to);
      }
    });
  }
  if (dist[dst] === Infinity) return undefined;
  let best: { ids: number[]; nodes: number[]; latency: number } | undefined;
  const better = (a: { ids: number[]; nodes: number[]; latency: number }, b: typeof a): boolean => {
    if (a.latency !== b.latency) return a.latency < b.latency;
    for (let i = 0; i < a.nodes.length; i++) if (a.nodes[i] !== b.nodes[i]) return a.nodes[i]! < b.nodes[i]!;
    for (let i = 0; i < a.ids.length; i++) if (a.ids[i] !== b.ids[i]) return a.ids[i]! < b.ids[i]!;
    return false;
  };
  const walk = (node: number, ids: number[], nodes: number[], latency: number): void => {
    if (ids.length === dist[dst]) {
      if (node === dst) {
        const candidate = { ids: [...ids], nodes: [...nodes], latency };
        if (best === undefined || better(candidate, best)) best = candidate;
      }
      return;
    }
    edges.forEach((e, id) => {
      if (e.up && e.from === node) walk(e.to, [...ids, id], [...nodes, e.to], latency + e.latency);
    });
  };
  walk(src, [], [src], 0);
  return best!.ids;
}

// Up to 9 nodes and sparse edges, so paths of 3+ hops with equal-latency
// ties occur often (they exercise the lexicographic tie break).
const graphArb = fc.integer({ min: 1, max: 9 }).chain((nNodes) =>
  fc.record({
    nNodes: fc.constant(nNodes),
    nSwitches: fc.integer({ min: 0, max: nNodes - 1 }),
    edges: fc.array(
      fc.record({
        from: fc.integer({ min: 0, max: nNodes - 1 }),
        to: fc.integer({ min: 0, max: nNodes - 1 }),
        // Binary fractions, so equal-latency ties really occur.
        latency: fc.constantFrom(0, 0, 0.5, 1),
        up: fc.integer({ min: 0, max: 3 }).map((v) => v !== 0), // 3 in 4 links Up
      }),
      { maxLength: 2 * nNodes + 2 },
    ),
  }),
);

// Layered graphs: nodes in shuffled order split into layers of 1–3, links
// only from one layer to the next (and a few back). Many equally long paths
// of 3+ hops with equal latency: the case where the lexicographic tie break
// depends on the whole path, not just on node ids.
const layeredArb = fc.integer({ min: 4, max: 10 }).chain((nNodes) =>
  fc.record({
    nNodes: fc.constant(nNodes),
    nSwitches: fc.integer({ min: 0, max: 2 }),
    order: fc.shuffledSubarray(Array.from({ length: nNodes }, (_, i) => i), { minLength: nNodes, maxLength: nNodes }),
    width: fc.integer({ min: 1, max: 3 }),
    keep: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: nNodes * 3, maxLength: nNodes * 3 }),
    latencies: fc.array(fc.constantFrom(0, 0, 1), { minLength: nNodes * 3, maxLength: nNodes * 3 }),
  }).map(({ nNodes, nSwitches, order, width, keep, latencies }) => {
    const edges: Edge[] = [];
    let k = 0;
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        const forward = Math.floor(j / width) === Math.floor(i / width) + 1;
        if (!forward) continue;
        const pick = keep[k % keep.length]!;
        const latency = latencies[k % latencies.length]!;
        k++;
        if (pick === 0) continue; // 0: no link, 1: a Down link, 2–3: an Up link
        edges.push({ from: order[i]!, to: order[j]!, latency, up: pick !== 1 });
      }
    }
    return { nNodes, nSwitches, edges };
  }),
);

function checkAgainstReference({ nNodes, nSwitches, edges }: { nNodes: number; nSwitches: number; edges: Edge[] }): void {
  // Parallel links between the same nodes are allowed here (the constructor trusts its input).
  const kept = edges.filter((e) => e.from !== e.to);
  const links: Link[] = kept.map((e) => ({ localSail: e.from, remoteSail: e.to, state: e.up ? LinkState.Up : LinkState.Down, bandwidth: 1, latency: e.latency }));
  const nSails = nNodes - nSwitches;
  const card = PRESETS['spanker-rev-a'].card;
  const net = new Network({ kind: 'custom', nSails, nSwitches, links, cards: Array.from({ length: nSails }, () => card), dims: [], preset: PRESETS['spanker-rev-a'] });
  const router = new Router(net);
  for (let s = 0; s < nNodes; s++) {
    for (let d = 0; d < nNodes; d++) {
      const route = router.route(s, d);
      const expected = referenceRoute(nNodes, kept, s, d);
      if (expected === undefined) {
        expect(route).toBeUndefined();
      } else {
        expect(route).toBeDefined();
        nodesOf(net, s, d, route!);
        expect(route).toEqual(expected);
      }
    }
  }
}

describe('Router property', () => {
  it('random graphs: routes are valid chains of Up links, as short as BFS, and equal the brute-force best path', () => {
    fc.assert(fc.property(graphArb, checkAgainstReference), { numRuns: 500 });
  });

  it('layered graphs (long equal paths): the same', () => {
    fc.assert(fc.property(layeredArb, checkAgainstReference), { numRuns: 300 });
  });
});
