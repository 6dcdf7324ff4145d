// Ring orders for channels: every order is a permutation of the cards; on
// each kind of network the orders use direct Up links and disjoint directed
// links exactly where network/ring-orders.ts says they do — checked here
// against the network's link list, not against the module's own helpers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinkState } from '../src/link.js';
import { networkFromJSON } from '../src/network/from-json.js';
import type { Network } from '../src/network/network.js';
import { ringOrders } from '../src/network/ring-orders.js';
import { meshNetwork } from '../src/network/shapes/mesh.js';
import { multiDimNetwork } from '../src/network/shapes/multi-dim.js';
import { ringNetwork } from '../src/network/shapes/ring.js';
import { switchNetwork } from '../src/network/shapes/switch.js';
import { torus2dNetwork } from '../src/network/shapes/torus2d.js';
import { catchError } from './expect-error.js';

/** Directed card-to-card links that are Up, as "a>b". */
function upLinks(net: Network): Set<string> {
  return new Set(net.links.filter((l) => l.state === LinkState.Up).map((l) => `${l.localSail}>${l.remoteSail}`));
}

/** The directed steps of a cyclic order, closing step included. */
function steps(order: readonly number[]): string[] {
  return order.map((card, i) => `${card}>${order[(i + 1) % order.length]}`);
}

function expectPermutations(net: Network, orders: readonly (readonly number[])[], channels: number): void {
  expect(orders).toHaveLength(channels);
  const identity = Array.from({ length: net.nSails }, (_, i) => i);
  for (const order of orders) expect([...order].sort((a, b) => a - b)).toEqual(identity);
}

function expectDirect(net: Network, orders: readonly (readonly number[])[], where: string): void {
  const up = upLinks(net);
  for (const [c, order] of orders.entries()) {
    for (const step of steps(order)) expect(up.has(step), `${where}: channel ${c} step ${step}`).toBe(true);
  }
}

function expectDisjoint(orders: readonly (readonly number[])[], where: string): void {
  const owner = new Map<string, number>();
  for (const [c, order] of orders.entries()) {
    for (const step of steps(order)) {
      expect(owner.get(step), `${where}: ${step} used by channels ${owner.get(step)} and ${c}`).toBeUndefined();
      owner.set(step, c);
    }
  }
}

const totient = (p: number) => Array.from({ length: p }, (_, s) => s).filter((s) => {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return s > 0 && gcd(s, p) === 1;
}).length;

describe('ring orders', () => {
  it('bidirectional ring: forward and reverse, direct, disjoint for 2 channels; the list repeats beyond', () => {
    for (let p = 3; p <= 12; p++) {
      const net = ringNetwork(p, { bidirectional: true });
      const orders = ringOrders(net, 3);
      expectPermutations(net, orders, 3);
      expectDirect(net, orders, `p=${p}`);
      expectDisjoint(orders.slice(0, 2), `p=${p}`);
      expect(orders[0]).toEqual(Array.from({ length: p }, (_, i) => i));
      expect(orders[2]).toEqual(orders[0]);
    }
  });

  it('one-way ring: every channel forward (the only direct links there are)', () => {
    const net = ringNetwork(7);
    const orders = ringOrders(net, 2);
    expectDirect(net, orders, 'ring 7');
    expect(orders[1]).toEqual(orders[0]);
  });

  it('one or two cards: card order', () => {
    expect(ringOrders(ringNetwork(1), 2)).toEqual([[0], [0]]);
    expect(ringOrders(meshNetwork(2), 1)).toEqual([[0, 1]]);
  });

  it('torus: 1-hop Hamiltonian cycles on every size; 2 disjoint channels always; 4 that use every link once on square tori of side ≥ 3', () => {
    for (let rows = 1; rows <= 6; rows++) {
      for (let cols = 1; cols <= 6; cols++) {
        const net = torus2dNetwork(rows, cols);
        if (net.nSails < 3) continue;
        const where = `${rows}×${cols}`;
        const orders = ringOrders(net, 4);
        expectPermutations(net, orders, 4);
        expectDirect(net, orders, where);
        expectDisjoint(orders.slice(0, 2), where);
        if (rows === cols && rows >= 3) {
          expectDisjoint(orders, where);
          // 4 rings × p steps = every directed link of the torus exactly once.
          expect(new Set(orders.flatMap(steps))).toEqual(upLinks(net));
        }
      }
    }
  });

  it('torus with a Down link: the orders avoid it', () => {
    const net = torus2dNetwork(4, 4).withLink(5, 6, { state: LinkState.Down });
    const orders = ringOrders(net, 4);
    expectPermutations(net, orders, 4);
    expectDirect(net, orders, '4×4 with 5→6 Down');
  });

  it('bidirectional ring with a Down link: every channel on the direction that works', () => {
    const net = ringNetwork(6, { bidirectional: true }).withLink(2, 3, { state: LinkState.Down });
    const orders = ringOrders(net, 2);
    expectDirect(net, orders, 'ring 6 with 2→3 Down');
    expect(orders[0]).toEqual([0, 5, 4, 3, 2, 1]);
  });

  it('multiDim: dimension 0 first, one coordinate changes by one per step; direct when no dimension is a switch', () => {
    const cases: [string, Parameters<typeof multiDimNetwork>[0]][] = [
      ['rings of 4 × switch of 2', [{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2 }]],
      ['ring 3 × mesh 3 × ring 2', [{ kind: 'bidirectionalRing', size: 3 }, { kind: 'mesh', size: 3 }, { kind: 'bidirectionalRing', size: 2 }]],
      ['ring 4 × ring 3', [{ kind: 'bidirectionalRing', size: 4 }, { kind: 'bidirectionalRing', size: 3 }]],
      ['mesh 2 × ring 5', [{ kind: 'mesh', size: 2 }, { kind: 'bidirectionalRing', size: 5 }]],
      ['ring 5 × ring 3 × ring 3', [{ kind: 'bidirectionalRing', size: 5 }, { kind: 'bidirectionalRing', size: 3 }, { kind: 'bidirectionalRing', size: 3 }]],
    ];
    for (const [where, dims] of cases) {
      const net = multiDimNetwork(dims);
      const sizes = dims.map((d) => d.size);
      const coords = (id: number) => sizes.map((size, k) => Math.floor(id / sizes.slice(0, k).reduce((a, b) => a * b, 1)) % size);
      const orders = ringOrders(net, 2);
      expectPermutations(net, orders, 2);
      expect(orders[0]!.slice(0, sizes[0])).toEqual(Array.from({ length: sizes[0]! }, (_, i) => i));
      for (const order of orders) {
        for (let i = 0; i < order.length; i++) {
          const a = coords(order[i]!);
          const b = coords(order[(i + 1) % order.length]!);
          const changed = a.map((v, k) => [k, v, b[k]!]).filter(([, x, y]) => x !== y);
          expect(changed, `${where}: ${order[i]} → ${order[(i + 1) % order.length]}`).toHaveLength(1);
          const [k, x, y] = changed[0]!;
          const size = sizes[k!]!;
          const ringStep = (y! - x! + size) % size === 1 || (x! - y! + size) % size === 1;
          expect(dims[k!]!.kind === 'mesh' || ringStep, where).toBe(true);
        }
      }
      if (!dims.some((d) => d.kind === 'switch')) {
        expectDirect(net, orders, where);
        expectDisjoint(orders, where);
      }
    }
  });

  it('mesh: up to φ(p) disjoint direct orders by coprime strides', () => {
    for (let p = 3; p <= 13; p++) {
      const net = meshNetwork(p);
      const orders = ringOrders(net, totient(p));
      expectPermutations(net, orders, totient(p));
      expectDirect(net, orders, `mesh ${p}`);
      expectDisjoint(orders, `mesh ${p}`);
    }
  });

  it('mesh with a Down link: only orders that avoid it', () => {
    const net = meshNetwork(8).withLink(1, 2, { state: LinkState.Down });
    const orders = ringOrders(net, 3);
    expectDirect(net, orders, 'mesh 8 with 1→2 Down');
    expectDisjoint(orders, 'mesh 8 with 1→2 Down');
  });

  it('switch: permutations (every pair is two hops through the switch)', () => {
    const net = switchNetwork(8);
    const orders = ringOrders(net, 4);
    expectPermutations(net, orders, 4);
    expect(new Set(orders.map((o) => o.join()))).toHaveProperty('size', 4);
  });

  it('custom graphs: a Hamiltonian cycle over Up links when one exists (random graphs with one planted), card order when none does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
        fc.nat(),
        fc.boolean(),
        (p, extra, seed, duplex) => {
          // Planted cycle: a shuffled order of the cards.
          const planted = Array.from({ length: p }, (_, i) => i);
          let s = seed;
          for (let i = p - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) % 2 ** 31;
            const j = s % (i + 1);
            [planted[i], planted[j]] = [planted[j]!, planted[i]!];
          }
          const pairs = new Set(steps(planted));
          for (const [a, b] of extra) if (a % p !== b % p) pairs.add(`${a % p}>${b % p}`);
          if (duplex) for (const pair of [...pairs]) pairs.add(pair.split('>').reverse().join('>'));
          const links = [...pairs].map((pair) => {
            const [from, to] = pair.split('>').map(Number);
            return { from: from!, to: to! };
          });
          const net = networkFromJSON({ cards: p, links });
          const orders = ringOrders(net, 2);
          expectPermutations(net, orders, 2);
          expectDirect(net, orders, `custom p=${p}`);
          if (duplex) expectDisjoint(orders, `custom p=${p}`);
        },
      ),
      { numRuns: 150 },
    );
    // A star has no Hamiltonian cycle: card order.
    const star = networkFromJSON({ cards: 5, links: [1, 2, 3, 4].map((c) => ({ from: 0, to: c, duplex: true })) });
    expect(ringOrders(star, 1)).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('rejects a channel count that is not an integer ≥ 1', () => {
    for (const bad of [0, -1, 1.5, NaN]) {
      const error = catchError(() => ringOrders(meshNetwork(4), bad));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/channels/);
    }
  });
});
