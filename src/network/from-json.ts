/**
 * The JSON topology format: any network of cards, switches and directed
 * links, checked completely before anything is built.
 *
 * Schema (every key not listed is rejected, so a typo is an error, not a default):
 *
 * | key | type | meaning |
 * |---|---|---|
 * | `cards` | integer 1 … 65536, required | cards; node ids 0 … cards−1 |
 * | `switches` | integer 0 … 65536, default 0 | switches; node ids cards … cards+switches−1 |
 * | `preset` | preset name, default `"spanker-rev-a"` | starting link and card models |
 * | `link` | `{ bandwidth?, latency? }` or `{ lanes, laneRate, encoding, latency? }` | default link model, over the preset's |
 * | `card` | `{ reduceSecondsPerByte?, injectionBandwidth? }` | default card model, over the preset's |
 * | `cardOverrides` | array of `{ card, reduceSecondsPerByte?, injectionBandwidth? }` | per-card models, over `card`; one entry per card at most |
 * | `switch` | `{ forwarding?: 'cut-through' \| 'store-and-forward', packetBytes? }` | how the switches forward (default cut-through, 256-byte packets) |
 * | `links` | array of `{ from, to, duplex?, bandwidth?, latency?, state? }`, required | directed links |
 * | `$schema` | string, optional | where editors find the JSON Schema (see below); ignored here |
 *
 * Units: bandwidth in bytes per second per direction (finite, at least
 * MIN_BANDWIDTH = 1 B/s: below it times overflow to Infinity), latency in
 * seconds per hop (finite ≥ 0; 0 is allowed), laneRate in bits per second
 * per lane (finite > 0; the bandwidth it gives must be ≥ 1 B/s),
 * reduceSecondsPerByte in seconds per byte (finite ≥ 0), injectionBandwidth
 * in bytes per second (finite ≥ 1 B/s). `state` is one of Down, Training, Up,
 * Error (default Up). A link needs `from ≠ to`, both node ids in range, and
 * no directed link may appear twice; at most MAX_LINKS (2^22) directed links. `duplex: true` also adds `to → from`
 * with the same bandwidth, latency and state, right after it.
 *
 * Link ids in the resulting Network follow the order of `links`, each duplex
 * entry taking two consecutive ids (forward, then reverse).
 *
 * Example — four cards in a bidirectional ring whose 3↔0 cable is slow and
 * whose 2→3 direction has not trained, plus a switch that card 0 and card 2
 * also hang off:
 *
 * ```json
 * {
 *   "cards": 4,
 *   "switches": 1,
 *   "preset": "spanker-rev-a",
 *   "link": { "lanes": 4, "laneRate": 1.25e9, "encoding": "8b10b", "latency": 1e-6 },
 *   "card": { "reduceSecondsPerByte": 1.5e-9 },
 *   "cardOverrides": [{ "card": 3, "injectionBandwidth": 4e8 }],
 *   "links": [
 *     { "from": 0, "to": 1, "duplex": true },
 *     { "from": 1, "to": 2, "duplex": true },
 *     { "from": 2, "to": 3, "state": "Training" },
 *     { "from": 3, "to": 2 },
 *     { "from": 3, "to": 0, "duplex": true, "bandwidth": 1e8, "latency": 5e-6 },
 *     { "from": 0, "to": 4, "duplex": true, "bandwidth": 1.25e8 },
 *     { "from": 2, "to": 4, "duplex": true, "bandwidth": 1.25e8 }
 *   ]
 * }
 * ```
 *
 * **JSON Schema for editors.** The package ships this format as a JSON
 * Schema (draft-07): `schema/topology.schema.json`, exported as
 * `spanker-scheduler/topology.schema.json`. Point a topology file at it with
 * `$schema` and editors that read JSON Schema (VS Code, JetBrains IDEs, …)
 * complete keys and flag mistakes as you type:
 *
 * ```json
 * { "$schema": "./node_modules/spanker-scheduler/schema/topology.schema.json", "cards": 2, "links": [{ "from": 0, "to": 1, "duplex": true }] }
 * ```
 *
 * (in VS Code, `json.schemas` in the settings can map file patterns to it
 * instead). The schema checks every key, type and range it can express;
 * what only this reader checks is what depends on other values: node and
 * card ids below the declared counts, self links, a directed link declared
 * twice, a card overridden twice (test/topology-schema.test.ts holds both to
 * the same verdicts).
 *
 * Every error is INVALID_ARGUMENT whose `argument` is the JSON path of the
 * offending value (`spec.links[3].to`, `spec.cardOverrides[0].card`,
 * `spec.link.bandwidth`, `spec.frobnicate` for an unknown key) and whose
 * message says what is wrong and what is allowed.
 */
import { invalidArgumentError } from '../errors.js';
import { LinkState, type Link } from '../link.js';
import { resolveCard, resolveLink, type CardModel, type LinkInput } from './link-model.js';
import { MAX_CARDS, MAX_LINKS, Network, linkState } from './network.js';
import { DEFAULT_PRESET, resolvePreset, type PresetName } from './presets.js';
import { DEFAULT_SWITCH, resolveSwitch, type Forwarding } from './switch-model.js';
import { bandwidthValue, expectRecord, integerInRange, nonNegativeFinite, rejectUnknownKeys, show } from './validate.js';

/** One entry of `TopologySpec.links`. */
export interface TopologyLinkSpec {
  /** Node the link leaves. */
  from: number;
  /** Node the link enters. */
  to: number;
  /** Also add the reverse link with the same properties. */
  duplex?: boolean;
  /** Bytes per second; default: the spec's link model. */
  bandwidth?: number;
  /** Seconds per hop; default: the spec's link model. */
  latency?: number;
  /** Default Up. */
  state?: LinkState;
}

/** One entry of `TopologySpec.cardOverrides`. */
export interface CardOverrideSpec {
  /** Card id, 0 … cards−1. */
  card: number;
  /** Seconds per byte reduced on this card. */
  reduceSecondsPerByte?: number;
  /** Bytes per second this card can inject over all its links. */
  injectionBandwidth?: number;
}

/** The JSON topology format (see the module comment for the schema and an example). */
export interface TopologySpec {
  /** Where editors find the JSON Schema of this format; ignored by the reader. */
  $schema?: string;
  /** Number of cards, 1 … 65536; node ids 0 … cards−1. */
  cards: number;
  /** Number of switches (default 0); node ids cards … cards+switches−1. */
  switches?: number;
  /** Starting link and card models (default `'spanker-rev-a'`). */
  preset?: PresetName;
  /** Default model of every link, over the preset's. */
  link?: LinkInput;
  /** Default model of every card, over the preset's. */
  card?: Partial<CardModel>;
  /** Per-card models, over `card`; one entry per card at most. */
  cardOverrides?: CardOverrideSpec[];
  /** How the switches forward (default cut-through with 256-byte packets; src/network/switch-model.ts). */
  switch?: { forwarding?: Forwarding; packetBytes?: number };
  /** The directed links, in link-id order (a duplex entry takes two ids). */
  links: TopologyLinkSpec[];
}

const SPEC_KEYS = ['$schema', 'cards', 'switches', 'preset', 'link', 'card', 'cardOverrides', 'switch', 'links'] as const;
const LINK_KEYS = ['from', 'to', 'duplex', 'bandwidth', 'latency', 'state'] as const;
const OVERRIDE_KEYS = ['card', 'reduceSecondsPerByte', 'injectionBandwidth'] as const;

/**
 * A `custom` Network from a TopologySpec (typically `JSON.parse` output).
 * Validates the whole spec first; throws INVALID_ARGUMENT with the JSON path
 * of the first problem found.
 */
export function networkFromJSON(spec: unknown): Network {
  const root = expectRecord(spec, 'spec', 'a topology spec ({ cards, links, … })');
  rejectUnknownKeys(root, SPEC_KEYS, 'spec');
  if (root['$schema'] !== undefined && typeof root['$schema'] !== 'string') {
    throw invalidArgumentError('spec.$schema', `expected the schema's location as a string, got ${show(root['$schema'])}`, show(root['$schema']));
  }

  if (!('cards' in root)) throw invalidArgumentError('spec.cards', `missing: the number of cards, an integer in 1..${MAX_CARDS}`);
  const nSails = integerInRange(root['cards'], 1, MAX_CARDS, 'spec.cards', 'a card count');
  const nSwitches = root['switches'] === undefined ? 0 : integerInRange(root['switches'], 0, MAX_CARDS, 'spec.switches', 'a switch count');
  const nNodes = nSails + nSwitches;
  const preset = resolvePreset(root['preset'] === undefined ? DEFAULT_PRESET : root['preset'], 'spec.preset');
  const linkModel = resolveLink(root['link'] as LinkInput | undefined, preset.link, 'spec.link');
  const cardModel = resolveCard(root['card'] as Partial<CardModel> | undefined, preset.card, 'spec.card');

  const cards: CardModel[] = Array.from({ length: nSails }, () => cardModel);
  if (root['cardOverrides'] !== undefined) {
    const overrides = expectArray(root['cardOverrides'], 'spec.cardOverrides', 'card overrides');
    const seen = new Map<number, number>();
    Array.from(overrides).forEach((entry, i) => {
      const path = `spec.cardOverrides[${i}]`;
      const record = expectRecord(entry, path, 'a card override ({ card, reduceSecondsPerByte?, injectionBandwidth? })');
      rejectUnknownKeys(record, OVERRIDE_KEYS, path);
      if (!('card' in record)) throw invalidArgumentError(`${path}.card`, `missing: the card id, an integer in 0..${nSails - 1}`);
      const card = integerInRange(record['card'], 0, nSails - 1, `${path}.card`, 'a card id');
      const earlier = seen.get(card);
      if (earlier !== undefined) {
        throw invalidArgumentError(`${path}.card`, `card ${card} is already overridden by spec.cardOverrides[${earlier}] (one entry per card)`, card);
      }
      seen.set(card, i);
      const { card: _card, ...model } = record;
      cards[card] = resolveCard(model as Partial<CardModel>, cardModel, path);
    });
  }

  if (!('links' in root)) throw invalidArgumentError('spec.links', 'missing: an array of links ({ from, to, duplex?, bandwidth?, latency?, state? }), possibly empty');
  const entries = expectArray(root['links'], 'spec.links', 'links');
  const links: Link[] = [];
  // (from·nNodes + to) → where that directed link was declared, to name it in a duplicate error.
  const declared = new Map<number, string>();
  const nodeRange = nSwitches === 0 ? `cards 0..${nSails - 1}` : `cards 0..${nSails - 1}, switches ${nSails}..${nNodes - 1}`;
  // Array.from: holes of a sparse array are visited (as undefined) and rejected.
  Array.from(entries).forEach((entry, i) => {
    const path = `spec.links[${i}]`;
    const record = expectRecord(entry, path, 'a link ({ from, to, duplex?, bandwidth?, latency?, state? })');
    rejectUnknownKeys(record, LINK_KEYS, path);
    const from = endpoint(record, 'from', path, nNodes, nodeRange);
    const to = endpoint(record, 'to', path, nNodes, nodeRange);
    if (from === to) throw invalidArgumentError(path, `self link ${from}→${to}: a link must join two different nodes`, `${from}→${to}`);
    const duplex = record['duplex'] === undefined ? false : record['duplex'];
    if (typeof duplex !== 'boolean') throw invalidArgumentError(`${path}.duplex`, `expected true or false, got ${show(duplex)}`, show(duplex));
    const bandwidth = record['bandwidth'] === undefined ? linkModel.bandwidth : bandwidthValue(record['bandwidth'], `${path}.bandwidth`);
    const latency = record['latency'] === undefined ? linkModel.latency : nonNegativeFinite(record['latency'], `${path}.latency`, 'seconds per hop');
    const state = record['state'] === undefined ? LinkState.Up : linkState(record['state'], `${path}.state`);

    const add = (a: number, b: number, origin: string): void => {
      const key = a * nNodes + b;
      const earlier = declared.get(key);
      if (earlier !== undefined) {
        throw invalidArgumentError(path, `duplicate directed link ${a}→${b}${origin} (already declared by ${earlier}); each direction may appear once`, `${a}→${b}`);
      }
      if (links.length === MAX_LINKS) throw invalidArgumentError('spec.links', `more than the ${MAX_LINKS} directed links allowed`, links.length + 1);
      declared.set(key, origin === '' ? path : `${path} (duplex reverse)`);
      links.push({ localSail: a, remoteSail: b, state, bandwidth, latency });
    };
    add(from, to, '');
    if (duplex) add(to, from, ' (the reverse added by duplex: true)');
  });

  const switchModel = resolveSwitch(root['switch'], DEFAULT_SWITCH, 'spec.switch');
  return new Network({ kind: 'custom', nSails, nSwitches, links, cards, dims: [], preset, switch: switchModel });
}

function expectArray(value: unknown, argument: string, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw invalidArgumentError(argument, `expected an array of ${what}, got ${show(value)}`, show(value));
  return value;
}

function endpoint(record: Record<string, unknown>, key: 'from' | 'to', path: string, nNodes: number, nodeRange: string): number {
  const value = record[key];
  if (value === undefined) throw invalidArgumentError(`${path}.${key}`, `missing: a node id (${nodeRange})`);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= nNodes) {
    throw invalidArgumentError(`${path}.${key}`, `expected a node id: an integer in 0..${nNodes - 1} (${nodeRange}), got ${show(value)}`, show(value));
  }
  return value;
}
