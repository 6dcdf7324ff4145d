// The JSON topology format: the documented example parses, every validation
// error carries the JSON path of the offending value, duplex and per-link
// values build the right links, and toJSON → JSON text → networkFromJSON
// gives back the same links, cards and preset.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LinkState } from '../src/link.js';
import { networkFromJSON } from '../src/network/from-json.js';
import type { Network } from '../src/network/network.js';
import { PRESETS } from '../src/network/presets.js';
import { meshNetwork } from '../src/network/shapes/mesh.js';
import { multiDimNetwork } from '../src/network/shapes/multi-dim.js';
import { ringNetwork } from '../src/network/shapes/ring.js';
import { switchNetwork } from '../src/network/shapes/switch.js';
import { torus2dNetwork } from '../src/network/shapes/torus2d.js';
import { catchError } from './expect-error.js';


const REV_A = PRESETS['spanker-rev-a'];

describe('networkFromJSON', () => {
  it('parses the example in its module comment', () => {
    const source = readFileSync(new URL('../src/network/from-json.ts', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(source)![1]!;
    const spec: unknown = JSON.parse(block.replace(/^ \* ?/gm, ''));
    const net = networkFromJSON(spec);
    expect(net).toMatchObject({ kind: 'custom', nSails: 4, nSwitches: 1, nNodes: 5, dims: [], preset: REV_A });
    expect(net.links.map((l) => `${l.localSail}>${l.remoteSail}`)).toEqual(
      ['0>1', '1>0', '1>2', '2>1', '2>3', '3>2', '3>0', '0>3', '0>4', '4>0', '2>4', '4>2'],
    );
    expect(net.links[4]).toEqual({ localSail: 2, remoteSail: 3, state: 'Training', bandwidth: 5e8, latency: 1e-6 });
    expect(net.links[7]).toEqual({ localSail: 0, remoteSail: 3, state: 'Up', bandwidth: 1e8, latency: 5e-6 });
    expect(net.links[9]).toEqual({ localSail: 4, remoteSail: 0, state: 'Up', bandwidth: 1.25e8, latency: 1e-6 });
    expect(net.cards[3]).toEqual({ reduceSecondsPerByte: 1.5e-9, injectionBandwidth: 4e8 });
    expect(net.cards[0]).toEqual({ reduceSecondsPerByte: 1.5e-9 });
  });

  it('a minimal spec: cards and an empty link list, preset defaults', () => {
    const net = networkFromJSON({ cards: 1, links: [] });
    expect(net).toMatchObject({ kind: 'custom', nSails: 1, nSwitches: 0, links: [], preset: REV_A });
    expect(net.cards).toEqual([REV_A.card]);
  });

  it('applies preset, link and card defaults, then per-link and per-card values', () => {
    const net = networkFromJSON({
      cards: 2,
      preset: 'hgx-h100',
      link: { latency: 1e-6 },
      card: { injectionBandwidth: 1e11 },
      cardOverrides: [{ card: 1, reduceSecondsPerByte: 0 }],
      links: [{ from: 0, to: 1, duplex: true, bandwidth: 2e11, state: 'Down' }],
    });
    expect(net.preset).toBe(PRESETS['hgx-h100']);
    expect(net.links).toEqual([
      { localSail: 0, remoteSail: 1, state: 'Down', bandwidth: 2e11, latency: 1e-6 },
      { localSail: 1, remoteSail: 0, state: 'Down', bandwidth: 2e11, latency: 1e-6 },
    ]);
    expect(net.cards).toEqual([
      { reduceSecondsPerByte: 3 / 3.35e12, injectionBandwidth: 1e11 },
      { reduceSecondsPerByte: 0, injectionBandwidth: 1e11 },
    ]);
  });

  const base = { cards: 4, switches: 1, links: [{ from: 0, to: 1 }] };
  const withLink = (link: unknown) => ({ ...base, links: [{ from: 0, to: 1 }, { from: 1, to: 2 }, { from: 2, to: 3 }, link] });
  const cases: [string, unknown, string, RegExp][] = [
    ['null', null, 'spec', /object/],
    ['an array', [], 'spec', /object/],
    ['a string', '{"cards":2}', 'spec', /object/],
    ['an unknown top-level key', { ...base, card_count: 4 }, 'spec.card_count', /unknown key "card_count".*cards, switches, preset/],
    ['missing cards', { links: [] }, 'spec.cards', /missing/],
    ['cards = 0', { cards: 0, links: [] }, 'spec.cards', /1\.\.65536/],
    ['cards too many', { cards: 65537, links: [] }, 'spec.cards', /1\.\.65536/],
    ['cards not an integer', { cards: 2.5, links: [] }, 'spec.cards', /integer/],
    ['cards a string', { cards: '4', links: [] }, 'spec.cards', /got "4"/],
    ['switches negative', { ...base, switches: -1 }, 'spec.switches', /0\.\.65536/],
    ['switches not an integer', { ...base, switches: 0.5 }, 'spec.switches', /integer/],
    ['an unknown preset', { ...base, preset: 'spanker-rev-b' }, 'spec.preset', /valid presets: spanker-rev-a/],
    ['a null preset (null is not "absent")', { ...base, preset: null }, 'spec.preset', /unknown preset null/],
    ['a bad default bandwidth', { ...base, link: { bandwidth: 0 } }, 'spec.link.bandwidth', /≥ 1/],
    ['an unknown link-model key', { ...base, link: { bandwith: 1 } }, 'spec.link.bandwith', /unknown key/],
    ['a bad lane encoding', { ...base, link: { lanes: 4, laneRate: 1e9, encoding: '8b9b' } }, 'spec.link.encoding', /8b10b/],
    ['a bad default card', { ...base, card: { reduceSecondsPerByte: -1 } }, 'spec.card.reduceSecondsPerByte', /≥ 0/],
    ['cardOverrides not an array', { ...base, cardOverrides: {} }, 'spec.cardOverrides', /array/],
    ['a card override not an object', { ...base, cardOverrides: [5] }, 'spec.cardOverrides[0]', /object/],
    ['a card override without card', { ...base, cardOverrides: [{ reduceSecondsPerByte: 1 }] }, 'spec.cardOverrides[0].card', /missing/],
    ['a card override of a switch', { ...base, cardOverrides: [{ card: 4 }] }, 'spec.cardOverrides[0].card', /0\.\.3/],
    ['a card overridden twice', { ...base, cardOverrides: [{ card: 1 }, { card: 1 }] }, 'spec.cardOverrides[1].card', /already overridden by spec\.cardOverrides\[0\]/],
    ['a bad card override value', { ...base, cardOverrides: [{ card: 0, injectionBandwidth: 0 }] }, 'spec.cardOverrides[0].injectionBandwidth', /≥ 1/],
    ['an unknown card override key', { ...base, cardOverrides: [{ card: 0, gamma: 1 }] }, 'spec.cardOverrides[0].gamma', /unknown key/],
    ['missing links', { cards: 2 }, 'spec.links', /missing/],
    ['links not an array', { cards: 2, links: { from: 0, to: 1 } }, 'spec.links', /array/],
    ['a link not an object', withLink('0-1'), 'spec.links[3]', /object/],
    ['a hole in a sparse links array', { cards: 2, links: [, { from: 0, to: 1 }] }, 'spec.links[0]', /got undefined/],
    ['a null duplex', withLink({ from: 3, to: 4, duplex: null }), 'spec.links[3].duplex', /true or false/],
    ['a link without from', withLink({ to: 1 }), 'spec.links[3].from', /missing/],
    ['a link without to', withLink({ from: 1 }), 'spec.links[3].to', /missing/],
    ['an endpoint out of range', withLink({ from: 0, to: 5 }), 'spec.links[3].to', /0\.\.4 \(cards 0\.\.3, switches 4\.\.4\)/],
    ['a negative endpoint', withLink({ from: -1, to: 2 }), 'spec.links[3].from', /0\.\.4/],
    ['a fractional endpoint', withLink({ from: 1.5, to: 2 }), 'spec.links[3].from', /integer/],
    ['a self link', withLink({ from: 2, to: 2 }), 'spec.links[3]', /self link 2→2/],
    ['a duplicate link', withLink({ from: 1, to: 2 }), 'spec.links[3]', /duplicate directed link 1→2 \(already declared by spec\.links\[1\]\)/],
    ['a duplex duplicating an earlier link', withLink({ from: 3, to: 2, duplex: true }), 'spec.links[3]', /duplicate directed link 2→3 \(the reverse added by duplex: true\).*spec\.links\[2\]/],
    ['a link duplicating an earlier duplex reverse', { cards: 2, links: [{ from: 0, to: 1, duplex: true }, { from: 1, to: 0 }] }, 'spec.links[1]', /already declared by spec\.links\[0\] \(duplex reverse\)/],
    ['duplex not a boolean', withLink({ from: 3, to: 4, duplex: 'yes' }), 'spec.links[3].duplex', /true or false/],
    ['a zero bandwidth', withLink({ from: 3, to: 4, bandwidth: 0 }), 'spec.links[3].bandwidth', /≥ 1/],
    ['an infinite bandwidth', withLink({ from: 3, to: 4, bandwidth: Infinity }), 'spec.links[3].bandwidth', /finite/],
    ['a negative latency', withLink({ from: 3, to: 4, latency: -1e-9 }), 'spec.links[3].latency', /≥ 0/],
    ['a NaN latency', withLink({ from: 3, to: 4, latency: NaN }), 'spec.links[3].latency', /finite/],
    ['an unknown state', withLink({ from: 3, to: 4, state: 'Fault' }), 'spec.links[3].state', /Down, Training, Up, Error/],
    ['an unknown link key', withLink({ from: 3, to: 4, latencyNs: 5 }), 'spec.links[3].latencyNs', /unknown key "latencyNs".*from, to, duplex/],
  ];

  it.each(cases)('rejects %s', (_, spec, argument, message) => {
    const error = catchError(() => networkFromJSON(spec));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`invalid ${argument}: `)).toBe(true);
  });
});

describe('toJSON round trip', () => {
  const same = (a: Network, b: Network) => {
    expect(b.kind).toBe('custom');
    expect(b.nSails).toBe(a.nSails);
    expect(b.nSwitches).toBe(a.nSwitches);
    expect(b.preset).toBe(a.preset);
    expect(b.links).toEqual(a.links);
    expect(b.cards).toEqual(a.cards);
  };
  const roundTrip = (net: Network) => networkFromJSON(JSON.parse(JSON.stringify(net)));

  const networks: [string, () => Network][] = [
    ['mesh 4', () => meshNetwork(4)],
    ['ring 1', () => ringNetwork(1)],
    ['bidirectional ring 5 with a Down link and a slow link', () => ringNetwork(5, { bidirectional: true }).withLink(0, 1, { state: LinkState.Down }).withLink(3, 2, { bandwidth: 1e8, latency: 0 })],
    ['torus 3 × 4 on spanker-3g125 with a latency override', () => torus2dNetwork(3, 4, { preset: 'spanker-3g125', link: { latency: 2.5e-7 } })],
    ['hgx-h100 switch of 8', () => switchNetwork(8, { preset: 'hgx-h100' })],
    ['multiDim example with per-dimension links', () => multiDimNetwork([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2, link: { bandwidth: 1.25e8 } }])],
    ['cards with their own models', () => meshNetwork(3, { card: { injectionBandwidth: 7e8 } }).withCard(1, { reduceSecondsPerByte: 1e-9 }).withCard(2, { injectionBandwidth: Infinity })],
    ['a mixed-injection network', () => meshNetwork(3).withCard(0, { injectionBandwidth: 3e8 }).withCard(2, { injectionBandwidth: 4e8, reduceSecondsPerByte: 0 })],
  ];

  it.each(networks)('%s', (_, build) => {
    const net = build();
    same(net, roundTrip(net));
    same(net, roundTrip(roundTrip(net)));
  });

  it('writes defaults once and only what differs per link and card', () => {
    const net = ringNetwork(3, { bidirectional: true, link: { bandwidth: 1e9 } })
      .withLink(0, 1, { state: LinkState.Error, latency: 3e-6 })
      .withCard(2, { reduceSecondsPerByte: 4e-9 });
    expect(net.toJSON()).toEqual({
      cards: 3,
      preset: 'spanker-rev-a',
      link: { bandwidth: 1e9, latency: 1e-6 },
      cardOverrides: [{ card: 2, reduceSecondsPerByte: 4e-9 }],
      links: [
        { from: 0, to: 1, latency: 3e-6, state: 'Error' },
        { from: 1, to: 2 },
        { from: 2, to: 0 },
        { from: 1, to: 0 },
        { from: 2, to: 1 },
        { from: 0, to: 2 },
      ],
    });
    expect(switchNetwork(2).toJSON()).toEqual({
      cards: 2,
      switches: 1,
      preset: 'spanker-rev-a',
      links: [{ from: 0, to: 2 }, { from: 2, to: 0 }, { from: 1, to: 2 }, { from: 2, to: 1 }],
    });
  });
});
