/**
 * The form: filling its selects from the library's own lists (collectives,
 * ops, dtypes, presets, the registry's algorithms for the chosen collective,
 * the topology's links), showing only the fields that apply, and reading it
 * back as Settings — or a message saying which field is wrong. Only fields
 * on show are read: a hidden field never blocks a run. The root follows the
 * card count: when the cards drop to it or below, it moves to the last card
 * and the form says so (under the root field, when it is on show).
 */
import {
  COLLECTIVES, DTYPES, PRESETS, REDUCE_OPS, algorithmsFor, type CollectiveName, type DType, type PresetName, type ReduceOp,
} from 'spanker-scheduler';
import { parseSize } from '../src/perf/sizes.js';
import { countOf } from './format.js';
import {
  DEFAULT_SETTINGS, ELEMENT_BYTES, MAX_CHANNELS, MAX_DATA_CARDS, MAX_ESTIMATE_CARDS, MAX_PIPELINE, isReducing, isRooted, type LinkChoice, type RunMode, type Settings,
  type TopologyChoice,
} from './settings.js';
import { nodeName, type TopologyView } from './topology-view.js';

const TOPOLOGY_LABELS: { readonly [T in TopologyChoice]: string } = {
  mesh: 'full mesh',
  ring: 'ring (one direction)',
  bidirectionalRing: 'bidirectional ring',
  torus2d: '2-D torus (rows × cols)',
  switch: 'switch (star)',
};
const MODE_LABELS: { readonly [M in RunMode]: string } = {
  data: 'on real data, checked',
  estimate: 'timing only (estimate)',
};
const CUSTOM_LINK = 'custom';

/** The element with this id, which the page must have. */
export function byId<T extends Element = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as Element as T;
}

/** Replace the options of `select`; `selected` is chosen when it is one of them. */
export function fillSelect(select: HTMLSelectElement, options: readonly (readonly [value: string, label: string])[], selected: string): void {
  select.replaceChildren(...options.map(([value, label]) => new Option(label, value, false, value === selected)));
}

/** A mistake in the form: shown next to the Run button, never thrown past the page. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The integer in field `id`, or an InputError naming `what` and the range. */
export function integer(id: string, what: string, min: number, max: number): number {
  const text = byId<HTMLInputElement>(id).value.trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new InputError(`${what}: expected an integer ${min}..${max}, got ${JSON.stringify(text)}`);
  return value;
}

/** The integer in field `id`, or 'auto' when it is empty or says auto; else an InputError naming `what` and the range. */
export function autoOrInteger(id: string, what: string, max: number): number | 'auto' {
  const text = byId<HTMLInputElement>(id).value.trim();
  if (text === '' || text.toLowerCase() === 'auto') return 'auto';
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max) throw new InputError(`${what}: expected auto (or empty) or an integer 1..${max}, got ${JSON.stringify(text)}`);
  return value;
}

function positive(id: string, what: string): number {
  const text = byId<HTMLInputElement>(id).value.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || value <= 0) throw new InputError(`${what}: expected a positive number, got ${JSON.stringify(text)}`);
  return value;
}

/** Most cards of the chosen mode. */
function maxCards(mode: RunMode): number {
  return mode === 'data' ? MAX_DATA_CARDS : MAX_ESTIMATE_CARDS;
}

/** Show the bandwidth and latency of the chosen preset in their fields. */
function showPresetLink(): void {
  const preset = byId<HTMLSelectElement>('preset').value;
  if (preset === CUSTOM_LINK) return;
  const link = PRESETS[preset as PresetName].link;
  byId<HTMLInputElement>('bandwidth').value = String(+(link.bandwidth / 1e9).toPrecision(6));
  byId<HTMLInputElement>('latency').value = String(+(link.latency * 1e6).toPrecision(6));
}

/** Cards the form describes now, or undefined while a visible card field is not a whole number. */
function cardsShown(): number | undefined {
  const whole = (id: string) => {
    const text = byId<HTMLInputElement>(id).value.trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  };
  if (byId<HTMLSelectElement>('topology').value !== 'torus2d') return whole('cards');
  const rows = whole('torus-rows');
  const cols = whole('torus-cols');
  return rows === undefined || cols === undefined ? undefined : rows * cols;
}

/**
 * Keep the root a card: when the cards drop to or below it, it becomes the
 * last card, and the hint under the field says what changed (never silently).
 */
export function keepRootACard(): void {
  const root = byId<HTMLInputElement>('root');
  const hint = byId('root-hint');
  const cards = cardsShown();
  const text = root.value.trim();
  if (cards === undefined || cards < 1 || !/^\d+$/.test(text) || Number(text) < cards) return;
  root.value = String(cards - 1);
  root.max = String(cards - 1);
  hint.textContent = `root ${text} is not one of ${countOf(cards, 'card')}: now ${cards - 1}`;
  hint.hidden = byId('root-field').hidden;
}

/** Show only the fields that apply to the chosen mode, topology and collective, and the registry's algorithms for it. */
function showApplicableFields(): void {
  const mode = byId<HTMLSelectElement>('mode').value as RunMode;
  const topology = byId<HTMLSelectElement>('topology').value as TopologyChoice;
  byId('cards-field').hidden = topology === 'torus2d';
  byId('torus-fields').hidden = topology !== 'torus2d';
  byId<HTMLInputElement>('cards').max = String(maxCards(mode));
  byId('mode-hint').textContent = mode === 'data'
    ? `up to ${MAX_DATA_CARDS} cards; every element checked`
    : `up to ${MAX_ESTIMATE_CARDS.toLocaleString('en-US')} cards and any size: no data, time only`;
  const collective = byId<HTMLSelectElement>('collective').value as CollectiveName;
  byId('op-field').hidden = !isReducing(collective);
  byId('root-field').hidden = !isRooted(collective);
  const hint = byId('root-hint');
  hint.hidden = !isRooted(collective) || hint.textContent === '';
  const algorithm = byId<HTMLSelectElement>('algorithm');
  const names = algorithmsFor(collective).map((info) => info.name as string);
  const keep = names.includes(algorithm.value) ? algorithm.value : 'auto';
  fillSelect(algorithm, [['auto', 'auto (least predicted time)'], ...names.map((name) => [name, name] as const)], keep);
}

/**
 * Fill the selects, set the defaults and keep dependent fields in step.
 * `onTopologyChange` runs whenever the cards, shape or link change (the link list depends on them).
 */
export function initControls(onTopologyChange: () => void): void {
  const d = DEFAULT_SETTINGS;
  fillSelect(byId('mode'), (Object.keys(MODE_LABELS) as RunMode[]).map((m) => [m, MODE_LABELS[m]]), d.mode);
  fillSelect(byId('topology'), (Object.keys(TOPOLOGY_LABELS) as TopologyChoice[]).map((t) => [t, TOPOLOGY_LABELS[t]]), d.topology);
  const presetName = 'preset' in d.link ? d.link.preset : CUSTOM_LINK;
  fillSelect(byId('preset'), [...Object.keys(PRESETS).map((p) => [p, p] as const), [CUSTOM_LINK, 'custom (below)']], presetName);
  fillSelect(byId('collective'), COLLECTIVES.map((c) => [c, c]), d.collective);
  fillSelect(byId('op'), REDUCE_OPS.map((op) => [op, op]), d.op);
  fillSelect(byId('dtype'), DTYPES.map((t) => [t, `${t} (${ELEMENT_BYTES[t]} B)`]), d.dtype);
  byId<HTMLInputElement>('cards').value = String(d.cards);
  byId<HTMLInputElement>('torus-rows').value = String(d.torusRows);
  byId<HTMLInputElement>('torus-cols').value = String(d.torusCols);
  byId<HTMLInputElement>('size').value = '1M';
  byId<HTMLInputElement>('pipeline').value = String(d.pipeline);
  byId<HTMLInputElement>('channels').value = String(d.channels);
  byId<HTMLInputElement>('root').value = String(d.root);
  showPresetLink();
  showApplicableFields();

  byId('preset').addEventListener('change', () => {
    showPresetLink();
    onTopologyChange();
  });
  for (const id of ['bandwidth', 'latency']) {
    byId(id).addEventListener('input', () => {
      byId<HTMLSelectElement>('preset').value = CUSTOM_LINK;
    });
    byId(id).addEventListener('change', onTopologyChange);
  }
  byId('root').addEventListener('input', () => {
    byId('root-hint').textContent = '';
    byId('root-hint').hidden = true;
  });
  for (const id of ['mode', 'topology', 'collective']) byId(id).addEventListener('change', showApplicableFields);
  for (const id of ['topology', 'cards', 'torus-rows', 'torus-cols', 'collective']) byId(id).addEventListener('change', keepRootACard);
  for (const id of ['topology', 'cards', 'torus-rows', 'torus-cols']) byId(id).addEventListener('change', onTopologyChange);
}

/** The settings the form describes (visible fields only); throws InputError naming the first wrong field. */
export function readSettings(): Settings {
  const mode = byId<HTMLSelectElement>('mode').value as RunMode;
  const limit = maxCards(mode);
  const topology = byId<HTMLSelectElement>('topology').value as TopologyChoice;
  const torus = topology === 'torus2d';
  const torusRows = torus ? integer('torus-rows', 'torus rows', 1, limit) : DEFAULT_SETTINGS.torusRows;
  const torusCols = torus ? integer('torus-cols', 'torus cols', 1, limit) : DEFAULT_SETTINGS.torusCols;
  const what = mode === 'data' ? `cards (on real data; timing only takes up to ${MAX_ESTIMATE_CARDS})` : 'cards';
  const cards = torus ? torusRows * torusCols : integer('cards', what, 1, limit);
  if (cards > limit) {
    throw new InputError(`torus ${torusRows}×${torusCols} has ${cards} cards; ${mode === 'data' ? 'a run on real data' : 'the library'} takes at most ${limit}`);
  }
  const preset = byId<HTMLSelectElement>('preset').value;
  const link: LinkChoice = preset === CUSTOM_LINK
    ? { bandwidth: positive('bandwidth', 'bandwidth (GB/s)') * 1e9, latency: positive('latency', 'latency (µs)') * 1e-6 }
    : { preset: preset as PresetName };
  let bytes: number;
  try {
    bytes = parseSize(byId<HTMLInputElement>('size').value, 'size');
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const collective = byId<HTMLSelectElement>('collective').value as CollectiveName;
  const downText = byId<HTMLSelectElement>('down-link').value;
  return {
    mode, cards, topology, torusRows, torusCols, link, collective,
    op: byId<HTMLSelectElement>('op').value as ReduceOp,
    dtype: byId<HTMLSelectElement>('dtype').value as DType,
    bytes,
    algorithm: byId<HTMLSelectElement>('algorithm').value,
    pipeline: autoOrInteger('pipeline', 'pipeline', MAX_PIPELINE),
    channels: autoOrInteger('channels', 'channels', MAX_CHANNELS),
    root: isRooted(collective) ? integer('root', 'root', 0, cards - 1) : 0,
    downLink: downText === '' ? undefined : Number(downText),
  };
}

/**
 * List the topology's links in the "link down" select. The chosen link stays
 * chosen only if the new topology has the same link (same id and endpoints);
 * otherwise none is Down — a link id of another shape is another link.
 * A topology with too many links to list offers none.
 */
export function showLinks(view: TopologyView): void {
  const select = byId<HTMLSelectElement>('down-link');
  const previous = select.selectedOptions[0]?.text;
  if (view.links === undefined) {
    fillSelect(select, [['', `none (${countOf(view.linkCount, 'link')}: too many to list)`]], '');
    return;
  }
  const name = (id: number) => nodeName(view.nSails, view.nSwitches, id);
  const options = view.links.map((l) => [String(l.id), `link ${l.id}: ${name(l.from)}→${name(l.to)}`] as const);
  const keep = options.find(([, label]) => label === previous)?.[0] ?? '';
  fillSelect(select, [['', 'none (all Up)'], ...options], keep);
}

/** Select `link` as the Down link (undefined: none). */
export function selectDownLink(link: number | undefined): void {
  byId<HTMLSelectElement>('down-link').value = link === undefined ? '' : String(link);
}
