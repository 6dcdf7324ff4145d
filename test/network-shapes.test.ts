// Shape builders: link counts and exact link order against independent
// reference lists, no self links or duplicates, the preset and override
// models on every link, card-count validation, and the immutable
// withLink/withCard overrides.
import { describe, expect, it } from 'vitest';
import { LinkState } from '../src/link.js';
import { MAX_LINKS, Network } from '../src/network/network.js';
import { PRESETS } from '../src/network/presets.js';
import { meshNetwork } from '../src/network/shapes/mesh.js';
import { multiDimNetwork } from '../src/network/shapes/multi-dim.js';
import { ringNetwork } from '../src/network/shapes/ring.js';
import { switchNetwork } from '../src/network/shapes/switch.js';
import { torus2dNetwork } from '../src/network/shapes/torus2d.js';
import { catchError } from './expect-error.js';


type Pair = [number, number];
const pairs = (net: Network): Pair[] => net.links.map((l) => [l.localSail, l.remoteSail]);

function expectSimple(net: Network): void {
  const seen = new Set<string>();
  for (const l of net.links) {
    expect(l.localSail).not.toBe(l.remoteSail);
    expect(l.localSail >= 0 && l.localSail < net.nNodes && l.remoteSail >= 0 && l.remoteSail < net.nNodes).toBe(true);
    const key = `${l.localSail}>${l.remoteSail}`;
    expect(seen.has(key), `duplicate ${key}`).toBe(false);
    seen.add(key);
    expect(l.state).toBe(LinkState.Up);
  }
}

// Reference link lists, written from the builders' documented orders.
function refMesh(n: number): Pair[] {
  const out: Pair[] = [];
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) out.push([a, b]);
  return out;
}
function refRing(members: number[], bidirectional: boolean): Pair[] {
  const n = members.length;
  const m = (i: number) => members[i % n]!;
  const out: Pair[] = [];
  if (n >= 2) for (let c = 0; c < n; c++) out.push([m(c), m(c + 1)]);
  if (bidirectional && n >= 3) for (let c = 0; c < n; c++) out.push([m(c + 1), m(c)]);
  return out;
}
function refTorus(rows: number, cols: number): Pair[] {
  const out: Pair[] = [];
  for (let r = 0; r < rows; r++) out.push(...refRing(Array.from({ length: cols }, (_, c) => r * cols + c), true));
  for (let c = 0; c < cols; c++) out.push(...refRing(Array.from({ length: rows }, (_, r) => r * cols + c), true));
  return out;
}

describe('meshNetwork', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('n = %i: n·(n−1) links ordered by local then remote', (n) => {
    const net = meshNetwork(n);
    expect(net.links.length).toBe(n * (n - 1));
    expect(pairs(net)).toEqual(refMesh(n));
    expectSimple(net);
    expect(net).toMatchObject({ kind: 'mesh', nSails: n, nSwitches: 0, nNodes: n, dims: [{ kind: 'mesh', size: n }] });
    // Documented link id formula.
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) expect(net.linkIndex(a, b)).toBe(a * (n - 1) + b - (b > a ? 1 : 0));
  });
});

describe('ringNetwork', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('n = %i unidirectional: link c is c → c+1 mod n', (n) => {
    const net = ringNetwork(n);
    expect(net.links.length).toBe(n >= 2 ? n : 0);
    expect(pairs(net)).toEqual(refRing(Array.from({ length: n }, (_, i) => i), false));
    expectSimple(net);
    expect(net).toMatchObject({ kind: 'ring', dims: [{ kind: 'ring', size: n }] });
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('n = %i bidirectional: forward links, then (c+1) mod n → c', (n) => {
    const net = ringNetwork(n, { bidirectional: true });
    expect(net.links.length).toBe(n >= 3 ? 2 * n : n === 2 ? 2 : 0);
    expect(pairs(net)).toEqual(refRing(Array.from({ length: n }, (_, i) => i), true));
    expectSimple(net);
    expect(net).toMatchObject({ kind: 'ring', dims: [{ kind: 'bidirectionalRing', size: n }] });
  });

  it('rejects a non-boolean bidirectional and unknown options', () => {
    expect(catchError(() => ringNetwork(4, { bidirectional: 'yes' as never }))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'bidirectional' });
    expect(catchError(() => ringNetwork(4, { bidirectionnal: true } as never))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'opts.bidirectionnal' });
    expect(catchError(() => meshNetwork(4, { bidirectional: true } as never))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'opts.bidirectional' });
  });
});

describe('torus2dNetwork', () => {
  const sizes: [number, number][] = [[1, 1], [1, 4], [4, 1], [2, 2], [3, 4], [4, 3], [2, 5], [5, 5]];
  it.each(sizes)('%i × %i: row rings then column rings, card id = r·cols + c', (rows, cols) => {
    const net = torus2dNetwork(rows, cols);
    expect(pairs(net)).toEqual(refTorus(rows, cols));
    expectSimple(net);
    expect(net).toMatchObject({ kind: 'torus2d', nSails: rows * cols, nSwitches: 0 });
    expect(net.dims).toEqual([{ kind: 'bidirectionalRing', size: cols }, { kind: 'bidirectionalRing', size: rows }]);
  });

  it('has the expected counts for 1×1, 1×4, 2×2, 3×4', () => {
    expect(torus2dNetwork(1, 1).links.length).toBe(0);
    expect(torus2dNetwork(1, 4).links.length).toBe(8);
    expect(torus2dNetwork(2, 2).links.length).toBe(8);
    expect(torus2dNetwork(3, 4).links.length).toBe(3 * 8 + 4 * 6);
  });

  it('every link joins cards differing by one step in exactly one coordinate', () => {
    const rows = 3;
    const cols = 4;
    for (const l of torus2dNetwork(rows, cols).links) {
      const [r1, c1] = [Math.floor(l.localSail / cols), l.localSail % cols];
      const [r2, c2] = [Math.floor(l.remoteSail / cols), l.remoteSail % cols];
      const step = (a: number, b: number, n: number) => (a - b + n) % n === 1 || (b - a + n) % n === 1;
      expect((r1 === r2 && step(c1, c2, cols)) || (c1 === c2 && step(r1, r2, rows))).toBe(true);
    }
  });
});

describe('switchNetwork', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('n = %i: switch node n, links 2c = c → n and 2c+1 = n → c', (n) => {
    const net = switchNetwork(n);
    const expected: Pair[] = [];
    for (let c = 0; c < n; c++) expected.push([c, n], [n, c]);
    expect(pairs(net)).toEqual(expected);
    expectSimple(net);
    expect(net).toMatchObject({ kind: 'switch', nSails: n, nSwitches: 1, nNodes: n + 1, dims: [{ kind: 'switch', size: n }] });
    expect(net.cards.length).toBe(n);
  });
});

describe('multiDimNetwork', () => {
  it('rings of 4 joined by a switch: 8 cards, switches 8..11, ring links then switch links', () => {
    const net = multiDimNetwork([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2 }]);
    expect(net).toMatchObject({ kind: 'multiDim', nSails: 8, nSwitches: 4 });
    expect(net.dims).toEqual([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2 }]);
    const expected: Pair[] = [...refRing([0, 1, 2, 3], true), ...refRing([4, 5, 6, 7], true)];
    for (let g = 0; g < 4; g++) expected.push([g, 8 + g], [8 + g, g], [g + 4, 8 + g], [8 + g, g + 4]);
    expect(pairs(net)).toEqual(expected);
    expectSimple(net);
  });

  it('single dimensions reproduce the named shapes', () => {
    for (let n = 1; n <= 8; n++) {
      expect(pairs(multiDimNetwork([{ kind: 'mesh', size: n }]))).toEqual(pairs(meshNetwork(n)));
      expect(pairs(multiDimNetwork([{ kind: 'ring', size: n }]))).toEqual(pairs(ringNetwork(n)));
      expect(pairs(multiDimNetwork([{ kind: 'bidirectionalRing', size: n }]))).toEqual(pairs(ringNetwork(n, { bidirectional: true })));
      expect(pairs(multiDimNetwork([{ kind: 'switch', size: n }]))).toEqual(pairs(switchNetwork(n)));
    }
    for (const [rows, cols] of [[3, 4], [2, 2], [1, 5]] as const) {
      expect(pairs(multiDimNetwork([{ kind: 'bidirectionalRing', size: cols }, { kind: 'bidirectionalRing', size: rows }]))).toEqual(pairs(torus2dNetwork(rows, cols)));
    }
  });

  it('three dimensions: each card-to-card link changes exactly one coordinate, in its own dimension\'s shape', () => {
    const sizes = [2, 3, 4];
    const net = multiDimNetwork([{ kind: 'mesh', size: 2 }, { kind: 'ring', size: 3 }, { kind: 'switch', size: 4 }]);
    expect(net.nSails).toBe(24);
    expect(net.nSwitches).toBe(24 / 4);
    const coords = (id: number) => [id % 2, Math.floor(id / 2) % 3, Math.floor(id / 6)];
    let cardLinks = 0;
    for (const l of net.links) {
      if (l.localSail >= 24 || l.remoteSail >= 24) continue;
      cardLinks++;
      const a = coords(l.localSail);
      const b = coords(l.remoteSail);
      const differing = [0, 1, 2].filter((k) => a[k] !== b[k]);
      expect(differing.length).toBe(1);
      if (differing[0] === 1) expect(b[1]).toBe((a[1]! + 1) % 3); // unidirectional ring
      expect(differing[0]).not.toBe(2); // the switch dimension has no card-to-card links
    }
    expect(cardLinks).toBe(12 * 2 /* mesh pairs */ + 8 * 3 /* ring groups × links */);
    expect(net.links.length - cardLinks).toBe(24 * 2); // every card to and from its switch
    expectSimple(net);
    expect(sizes.reduce((a, b) => a * b)).toBe(24);
  });

  it('applies per-dimension link models over the options\' model', () => {
    const net = multiDimNetwork(
      [{ kind: 'bidirectionalRing', size: 4, link: { latency: 0 } }, { kind: 'switch', size: 2, link: { lanes: 8, laneRate: 1.25e9, encoding: '8b10b' } }],
      { link: { bandwidth: 2e8 } },
    );
    for (const l of net.links) {
      const isSwitchLink = l.localSail >= 8 || l.remoteSail >= 8;
      expect(l.bandwidth).toBe(isSwitchLink ? 1e9 : 2e8);
      expect(l.latency).toBe(isSwitchLink ? 1e-6 : 0);
    }
  });

  it.each([
    [[], 'dims', 'INVALID_ARGUMENT'],
    ['ring', 'dims', 'INVALID_ARGUMENT'],
    [[null], 'dims[0]', 'INVALID_ARGUMENT'],
    [[{ kind: 'torus', size: 2 }], 'dims[0].kind', 'INVALID_ARGUMENT'],
    [[{ kind: 'ring', size: 2 }, { kind: 'ring', size: 1.5 }], 'dims[1].size', 'INVALID_ARGUMENT'],
    [[{ kind: 'ring', size: 2 }, { kind: 'ring' }], 'dims[1].size', 'INVALID_ARGUMENT'],
    [[{ kind: 'ring', size: 2, links: {} }], 'dims[0].links', 'INVALID_ARGUMENT'],
    [[{ kind: 'ring', size: 2, link: { bandwidth: -1 } }], 'dims[0].link.bandwidth', 'INVALID_ARGUMENT'],
    [[{ kind: 'ring', size: 300 }, { kind: 'ring', size: 300 }], 'dims', 'INVALID_ARGUMENT'],
  ])('rejects %j (argument %s)', (dims, argument, code) => {
    expect(catchError(() => multiDimNetwork(dims as never))).toMatchObject({ code, argument });
  });

  it('a size-0 dimension is NO_SAILS', () => {
    expect(catchError(() => multiDimNetwork([{ kind: 'ring', size: 0 }])).code).toBe('NO_SAILS');
  });
});

describe('card counts and options', () => {
  const builders: [string, (n: number) => Network][] = [
    ['meshNetwork', (n) => meshNetwork(n)],
    ['ringNetwork', (n) => ringNetwork(n)],
    ['switchNetwork', (n) => switchNetwork(n)],
  ];
  it.each(builders)('%s: 0 cards is NO_SAILS, non-integers and > 65536 are INVALID_ARGUMENT n', (_, build) => {
    expect(catchError(() => build(0)).code).toBe('NO_SAILS');
    for (const bad of [-1, 1.5, NaN, Infinity, 65537, '4']) {
      expect(catchError(() => build(bad as number))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'n' });
    }
  });

  it('ring and switch take 65536 cards; a mesh stops at 2048 cards (MAX_LINKS links)', () => {
    expect(ringNetwork(65536).nSails).toBe(65536);
    expect(switchNetwork(65536).links.length).toBe(2 * 65536);
    expect(2048 * 2047).toBeLessThanOrEqual(MAX_LINKS); // so meshNetwork(2048) is allowed (not built here: ~1 s)
    expect(2049 * 2048).toBeGreaterThan(MAX_LINKS);
    expect(catchError(() => meshNetwork(2049))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'n' });
    expect(catchError(() => meshNetwork(65536))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'n' });
    expect(catchError(() => multiDimNetwork([{ kind: 'mesh', size: 4096 }, { kind: 'ring', size: 2 }]))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'dims' });
  });

  it('torus2dNetwork checks rows, cols and their product', () => {
    expect(catchError(() => torus2dNetwork(0, 4)).code).toBe('NO_SAILS');
    expect(catchError(() => torus2dNetwork(4, 0)).code).toBe('NO_SAILS');
    expect(catchError(() => torus2dNetwork(2.5, 4))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'rows' });
    expect(catchError(() => torus2dNetwork(4, -2))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'cols' });
    expect(catchError(() => torus2dNetwork(257, 256))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'rows' });
    expect(torus2dNetwork(256, 256).nSails).toBe(65536);
  });

  it('uses the default preset, a named preset, and link/card overrides on every link and card', () => {
    const def = ringNetwork(4, { bidirectional: true });
    expect(def.preset).toBe(PRESETS['spanker-rev-a']);
    expect(def.links.every((l) => l.bandwidth === 5e8 && l.latency === 1e-6)).toBe(true);
    expect(def.cards.every((c) => c.reduceSecondsPerByte === 1.5e-9)).toBe(true);

    const fast = meshNetwork(3, { preset: 'spanker-3g125' });
    expect(fast.links.every((l) => l.bandwidth === 1.25e9)).toBe(true);

    const custom = torus2dNetwork(2, 3, { preset: 'spanker-rev-a', link: { latency: 5e-7 }, card: { injectionBandwidth: 8e8 } });
    expect(custom.links.every((l) => l.bandwidth === 5e8 && l.latency === 5e-7)).toBe(true);
    expect(custom.cards).toEqual(Array.from({ length: 6 }, () => ({ reduceSecondsPerByte: 1.5e-9, injectionBandwidth: 8e8 })));
  });

  it.each([
    [{ preset: 'rev-a' }, 'preset'],
    [{ link: { bandwidth: 0 } }, 'link.bandwidth'],
    [{ card: { reduceSecondsPerByte: -1 } }, 'card.reduceSecondsPerByte'],
    [{ lnk: {} }, 'opts.lnk'],
    [{ preset: null }, 'preset'],
    [7, 'opts'],
  ])('rejects options %j (argument %s)', (opts, argument) => {
    expect(catchError(() => switchNetwork(4, opts as never))).toMatchObject({ code: 'INVALID_ARGUMENT', argument });
  });
});

describe('Network', () => {
  it('freezes its links, cards and dims', () => {
    const net = ringNetwork(4);
    expect(Object.isFrozen(net.links)).toBe(true);
    expect(net.links.every((l) => Object.isFrozen(l))).toBe(true);
    expect(Object.isFrozen(net.cards)).toBe(true);
    expect(Object.isFrozen(net.dims)).toBe(true);
  });

  it('outLinks lists the ids leaving a node in ascending order; linkIndex finds a link', () => {
    const net = ringNetwork(5, { bidirectional: true });
    // Card 0 sends on link 0 (0→1) and on backward link 5+4 ((4+1) mod 5 → 4 is 0→4).
    expect(net.outLinks(0)).toEqual([0, 9]);
    for (let node = 0; node < 5; node++) {
      const ids = net.outLinks(node);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(ids.every((id) => net.links[id]!.localSail === node)).toBe(true);
    }
    expect(net.linkIndex(2, 3)).toBe(2);
    expect(net.linkIndex(3, 2)).toBe(7);
    expect(net.linkIndex(0, 2)).toBeUndefined();
    expect(net.linkIndex(0, 9)).toBeUndefined();
    expect(net.linkIndex(0.5, 1)).toBeUndefined();
    expect(catchError(() => net.outLinks(5))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'node' });
    expect(switchNetwork(3).outLinks(3)).toEqual([1, 3, 5]);
  });

  it('withLink returns a changed copy and leaves the original unchanged', () => {
    const net = ringNetwork(4, { bidirectional: true });
    const before = structuredClone(net.links);
    const down = net.withLink(1, 2, { state: LinkState.Down });
    const slow = down.withLink(2, 1, { bandwidth: 1e8, latency: 3e-6 });
    expect(net.links).toEqual(before);
    expect(down.links[1]).toEqual({ localSail: 1, remoteSail: 2, state: 'Down', bandwidth: 5e8, latency: 1e-6 });
    expect(down.links.filter((_, id) => id !== 1)).toEqual(net.links.filter((_, id) => id !== 1));
    expect(slow.links[net.linkIndex(2, 1)!]).toEqual({ localSail: 2, remoteSail: 1, state: 'Up', bandwidth: 1e8, latency: 3e-6 });
    expect(slow.links[1]!.state).toBe('Down');
    expect(slow).toMatchObject({ kind: 'ring', nSails: 4, dims: net.dims, preset: net.preset });
    expect(Object.isFrozen(slow.links[1])).toBe(true);
  });

  it('withLink names a missing link and validates the patch', () => {
    const net = ringNetwork(4);
    const missing = catchError(() => net.withLink(0, 2, { state: 'Down' }));
    expect(missing).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'link' });
    expect(missing.message).toContain('0→2');
    expect(catchError(() => net.withLink(1, 0, {}))).toMatchObject({ argument: 'link' }); // unidirectional: no 1→0
    expect(catchError(() => net.withLink(0, 1, { state: 'Broken' as never }))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'patch.state' });
    expect(catchError(() => net.withLink(0, 1, { bandwidth: 0 }))).toMatchObject({ argument: 'patch.bandwidth' });
    expect(catchError(() => net.withLink(0, 1, { latency: -1 }))).toMatchObject({ argument: 'patch.latency' });
    expect(catchError(() => net.withLink(0, 1, { status: 'Down' } as never))).toMatchObject({ argument: 'patch.status' });
    expect(catchError(() => net.withLink(0, 1, null as never))).toMatchObject({ argument: 'patch' });
  });

  it('withCard returns a changed copy and validates', () => {
    const net = meshNetwork(3);
    const limited = net.withCard(1, { injectionBandwidth: 2e8 });
    expect(net.cards[1]).toEqual({ reduceSecondsPerByte: 1.5e-9 });
    expect(limited.cards).toEqual([{ reduceSecondsPerByte: 1.5e-9 }, { reduceSecondsPerByte: 1.5e-9, injectionBandwidth: 2e8 }, { reduceSecondsPerByte: 1.5e-9 }]);
    expect(limited.links).toEqual(net.links);
    expect(catchError(() => net.withCard(3, {}))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'card' });
    expect(catchError(() => net.withCard(0, { reduceSecondsPerByte: -1 }))).toMatchObject({ argument: 'patch.reduceSecondsPerByte' });
  });
});
