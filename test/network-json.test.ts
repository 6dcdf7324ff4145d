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
import { ringNetwork } from '../src/network/shapes/ring.js';
import { switchNetwork } from '../src/network/shapes/switch.js';
import { catchError } from './expect-error.js';
import { INVALID_SPECS, NETWORKS, VALID_SPECS } from './topology-json-cases.js';

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
    const net = networkFromJSON(VALID_SPECS.minimal);
    expect(net).toMatchObject({ kind: 'custom', nSails: 1, nSwitches: 0, links: [], preset: REV_A });
    expect(net.cards).toEqual([REV_A.card]);
  });

  it('applies preset, link and card defaults, then per-link and per-card values', () => {
    const net = networkFromJSON(VALID_SPECS.presetWithOverrides);
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

  it('takes lane links and ignores $schema (where editors find the JSON Schema)', () => {
    const net = networkFromJSON(VALID_SPECS.laneLinks);
    expect(net).toMatchObject({ kind: 'custom', nSails: 3, nSwitches: 1, preset: PRESETS['spanker-3g125'] });
    // 2 lanes × 2.5e9 b/s × 0.9 / 8 bits per byte
    expect(net.links.map((l) => [l.localSail, l.remoteSail, l.state, l.bandwidth, l.latency])).toEqual([
      [0, 3, 'Up', 5.625e8, 0], [3, 0, 'Up', 5.625e8, 0], [1, 3, 'Training', 5.625e8, 0], [3, 1, 'Training', 5.625e8, 0],
      [3, 2, 'Error', 5.625e8, 0], [2, 3, 'Up', 5.625e8, 0],
    ]);
    expect(net.toJSON()).not.toHaveProperty('$schema');
  });

  it.each(INVALID_SPECS)('rejects %s', (_, spec, argument, message) => {
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


  it.each(NETWORKS)('%s', (_, build) => {
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
