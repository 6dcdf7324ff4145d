// Topology JSON specs shared by the reader's tests (test/network-json.test.ts)
// and the JSON Schema's (test/topology-schema.test.ts): the schema must accept
// every spec the reader accepts and reject the malformed ones the reader
// rejects, except those whose fault depends on other values (listed in
// CROSS_VALUE_CASES), which a JSON Schema cannot express.

import { LinkState } from '../src/link.js';
import type { Network } from '../src/network/network.js';
import { meshNetwork } from '../src/network/shapes/mesh.js';
import { multiDimNetwork } from '../src/network/shapes/multi-dim.js';
import { ringNetwork } from '../src/network/shapes/ring.js';
import { switchNetwork } from '../src/network/shapes/switch.js';
import { torus2dNetwork } from '../src/network/shapes/torus2d.js';

/** Specs the reader accepts (besides the examples in src/network/from-json.ts and every network's toJSON). */
export const VALID_SPECS = {
  minimal: { cards: 1, links: [] },
  presetWithOverrides: {
    cards: 2,
    preset: 'hgx-h100',
    link: { latency: 1e-6 },
    card: { injectionBandwidth: 1e11 },
    cardOverrides: [{ card: 1, reduceSecondsPerByte: 0 }],
    links: [{ from: 0, to: 1, duplex: true, bandwidth: 2e11, state: 'Down' }],
  },
  laneLinks: {
    $schema: './node_modules/spanker-scheduler/schema/topology.schema.json',
    cards: 3,
    switches: 1,
    preset: 'spanker-3g125',
    link: { lanes: 2, laneRate: 2.5e9, encoding: 0.9, latency: 0 },
    links: [{ from: 0, to: 3, duplex: true }, { from: 1, to: 3, duplex: true, state: 'Training' }, { from: 3, to: 2, state: 'Error' }, { from: 2, to: 3 }],
  },
} as const satisfies Record<string, unknown>;

const base = { cards: 4, switches: 1, links: [{ from: 0, to: 1 }] };
const withLink = (link: unknown) => ({ ...base, links: [{ from: 0, to: 1 }, { from: 1, to: 2 }, { from: 2, to: 3 }, link] });

/** [what, spec, the JSON path the reader names, its message]. */
export const INVALID_SPECS: [string, unknown, string, RegExp][] = [
  ['null', null, 'spec', /object/],
  ['an array', [], 'spec', /object/],
  ['a string', '{"cards":2}', 'spec', /object/],
  ['an unknown top-level key', { ...base, card_count: 4 }, 'spec.card_count', /unknown key "card_count".*cards, switches, preset/],
  ['a $schema that is not a string', { ...base, $schema: 5 }, 'spec.$schema', /as a string, got 5/],
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
  ['a lane link without its encoding', { ...base, link: { lanes: 4, laneRate: 1e9 } }, 'spec.link.encoding', /line encoding/],
  ['an encoding efficiency above 1', { ...base, link: { lanes: 4, laneRate: 1e9, encoding: 1.25 } }, 'spec.link.encoding', /efficiency in \(0, 1\]/],
  ['zero lanes', { ...base, link: { lanes: 0, laneRate: 1e9, encoding: 'none' } }, 'spec.link.lanes', /lane count/],
  ['a lane link slower than 1 B/s', { ...base, link: { lanes: 1, laneRate: 1, encoding: '8b10b' } }, 'spec.link', /lanes · laneRate is out of range/],
  ['lanes and a bandwidth', { ...base, link: { lanes: 4, laneRate: 1e9, encoding: '8b10b', bandwidth: 1e9 } }, 'spec.link.bandwidth', /either bandwidth or lanes/],
  ['a bad default card', { ...base, card: { reduceSecondsPerByte: -1 } }, 'spec.card.reduceSecondsPerByte', /≥ 0/],
  ['cardOverrides not an array', { ...base, cardOverrides: {} }, 'spec.cardOverrides', /array/],
  ['a card override not an object', { ...base, cardOverrides: [5] }, 'spec.cardOverrides[0]', /object/],
  ['a card override without card', { ...base, cardOverrides: [{ reduceSecondsPerByte: 1 }] }, 'spec.cardOverrides[0].card', /missing/],
  ['a fractional card override', { ...base, cardOverrides: [{ card: 0.5 }] }, 'spec.cardOverrides[0].card', /integer/],
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
  ['a bandwidth as a string', withLink({ from: 3, to: 4, bandwidth: '1e9' }), 'spec.links[3].bandwidth', /got "1e9"/],
  ['an infinite bandwidth', withLink({ from: 3, to: 4, bandwidth: Infinity }), 'spec.links[3].bandwidth', /finite/],
  ['a negative latency', withLink({ from: 3, to: 4, latency: -1e-9 }), 'spec.links[3].latency', /≥ 0/],
  ['a NaN latency', withLink({ from: 3, to: 4, latency: NaN }), 'spec.links[3].latency', /finite/],
  ['an unknown state', withLink({ from: 3, to: 4, state: 'Fault' }), 'spec.links[3].state', /Down, Training, Up, Error/],
  ['a lower-case state', withLink({ from: 3, to: 4, state: 'up' }), 'spec.links[3].state', /Down, Training, Up, Error/],
  ['an unknown link key', withLink({ from: 3, to: 4, latencyNs: 5 }), 'spec.links[3].latencyNs', /unknown key "latencyNs".*from, to, duplex/],
];

/**
 * Malformed specs whose fault depends on another value of the spec (the
 * declared card and switch counts, an earlier entry, or a lane link's
 * bandwidth: lanes · laneRate · code rate / 8 must be at least 1 B/s). JSON Schema
 * (draft-07, as editors implement it) compares a value with constants only,
 * so the schema accepts these and only the reader rejects them.
 */
export const CROSS_VALUE_CASES: ReadonlySet<string> = new Set([
  'a card override of a switch',
  'a card overridden twice',
  'an endpoint out of range',
  'a self link',
  'a duplicate link',
  'a duplex duplicating an earlier link',
  'a link duplicating an earlier duplex reverse',
  'a lane link slower than 1 B/s',
]);

/** Networks of every built-in shape (their toJSON is a valid spec). */
export const NETWORKS: [string, () => Network][] = [
  ['mesh 4', () => meshNetwork(4)],
  ['ring 1', () => ringNetwork(1)],
  ['bidirectional ring 5 with a Down link and a slow link', () => ringNetwork(5, { bidirectional: true }).withLink(0, 1, { state: LinkState.Down }).withLink(3, 2, { bandwidth: 1e8, latency: 0 })],
  ['torus 3 × 4 on spanker-3g125 with a latency override', () => torus2dNetwork(3, 4, { preset: 'spanker-3g125', link: { latency: 2.5e-7 } })],
  ['hgx-h100 switch of 8', () => switchNetwork(8, { preset: 'hgx-h100' })],
  ['multiDim example with per-dimension links', () => multiDimNetwork([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2, link: { bandwidth: 1.25e8 } }])],
  ['cards with their own models', () => meshNetwork(3, { card: { injectionBandwidth: 7e8 } }).withCard(1, { reduceSecondsPerByte: 1e-9 }).withCard(2, { injectionBandwidth: Infinity })],
  ['a mixed-injection network', () => meshNetwork(3).withCard(0, { injectionBandwidth: 3e8 }).withCard(2, { injectionBandwidth: 4e8, reduceSecondsPerByte: 0 })],
];
