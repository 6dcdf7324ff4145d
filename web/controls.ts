/**
 * The form: filling its selects from the library's own lists (collectives,
 * ops, dtypes, presets, the registry's algorithms for the chosen collective,
 * the topology's links), showing only the fields that apply, and reading it
 * back as Settings — or a message saying which field is wrong.
 */
import {
  COLLECTIVES, DTYPES, PRESETS, REDUCE_OPS, algorithmsFor, type CollectiveName, type DType, type PresetName, type ReduceOp, type Topology,
} from 'spanker-scheduler';
import { parseSize } from '../src/perf/sizes.js';
import { DEFAULT_SETTINGS, MAX_PAGE_CARDS, isReducing, isRooted, type LinkChoice, type Settings, type TopologyChoice } from './settings.js';

const TOPOLOGY_LABELS: { readonly [T in TopologyChoice]: string } = {
  mesh: 'full mesh',
  ring: 'ring (one direction)',
  bidirectionalRing: 'bidirectional ring',
  torus2d: '2-D torus (rows × cols)',
  switch: 'switch (star)',
};
const CUSTOM_LINK = 'custom';

/** The element with this id, which the page must have. */
export function byId<T extends Element = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as Element as T;
}

function fillSelect(select: HTMLSelectElement, options: readonly (readonly [value: string, label: string])[], selected: string): void {
  select.replaceChildren(...options.map(([value, label]) => new Option(label, value, false, value === selected)));
}

/** A mistake in the form: shown next to the Run button, never thrown past the page. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

function integer(id: string, what: string, min: number, max: number): number {
  const text = byId<HTMLInputElement>(id).value.trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new InputError(`${what}: expected an integer ${min}..${max}, got ${JSON.stringify(text)}`);
  return value;
}

function positive(id: string, what: string): number {
  const text = byId<HTMLInputElement>(id).value.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || value <= 0) throw new InputError(`${what}: expected a positive number, got ${JSON.stringify(text)}`);
  return value;
}

/** Show the bandwidth and latency of the chosen preset in their fields. */
function showPresetLink(): void {
  const preset = byId<HTMLSelectElement>('preset').value;
  if (preset === CUSTOM_LINK) return;
  const link = PRESETS[preset as PresetName].link;
  byId<HTMLInputElement>('bandwidth').value = String(+(link.bandwidth / 1e9).toPrecision(6));
  byId<HTMLInputElement>('latency').value = String(+(link.latency * 1e6).toPrecision(6));
}

/** Show only the fields that apply to the chosen topology and collective, and the registry's algorithms for it. */
function showApplicableFields(): void {
  const topology = byId<HTMLSelectElement>('topology').value as TopologyChoice;
  byId('cards-field').hidden = topology === 'torus2d';
  byId('torus-fields').hidden = topology !== 'torus2d';
  const collective = byId<HTMLSelectElement>('collective').value as CollectiveName;
  byId('op-field').hidden = !isReducing(collective);
  byId('root-field').hidden = !isRooted(collective);
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
  fillSelect(byId('topology'), (Object.keys(TOPOLOGY_LABELS) as TopologyChoice[]).map((t) => [t, TOPOLOGY_LABELS[t]]), d.topology);
  const presetName = 'preset' in d.link ? d.link.preset : CUSTOM_LINK;
  fillSelect(byId('preset'), [...Object.keys(PRESETS).map((p) => [p, p] as const), [CUSTOM_LINK, 'custom (below)']], presetName);
  fillSelect(byId('collective'), COLLECTIVES.map((c) => [c, c]), d.collective);
  fillSelect(byId('op'), REDUCE_OPS.map((op) => [op, op]), d.op);
  fillSelect(byId('dtype'), DTYPES.map((t) => [t, t]), d.dtype);
  byId<HTMLInputElement>('cards').value = String(d.cards);
  byId<HTMLInputElement>('cards').max = String(MAX_PAGE_CARDS);
  byId<HTMLInputElement>('torus-rows').value = String(d.torusRows);
  byId<HTMLInputElement>('torus-cols').value = String(d.torusCols);
  byId<HTMLInputElement>('size').value = '1M';
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
  for (const id of ['topology', 'collective']) byId(id).addEventListener('change', showApplicableFields);
  for (const id of ['topology', 'cards', 'torus-rows', 'torus-cols']) byId(id).addEventListener('change', onTopologyChange);
}

/** The settings the form describes; throws InputError naming the first wrong field. */
export function readSettings(): Settings {
  const topology = byId<HTMLSelectElement>('topology').value as TopologyChoice;
  const torusRows = integer('torus-rows', 'torus rows', 1, MAX_PAGE_CARDS);
  const torusCols = integer('torus-cols', 'torus cols', 1, MAX_PAGE_CARDS);
  const cards = topology === 'torus2d' ? torusRows * torusCols : integer('cards', 'cards', 1, MAX_PAGE_CARDS);
  if (cards > MAX_PAGE_CARDS) throw new InputError(`torus ${torusRows}×${torusCols} has ${cards} cards; the page draws at most ${MAX_PAGE_CARDS}`);
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
  const downText = byId<HTMLSelectElement>('down-link').value;
  return {
    cards, topology, torusRows, torusCols, link,
    collective: byId<HTMLSelectElement>('collective').value as CollectiveName,
    op: byId<HTMLSelectElement>('op').value as ReduceOp,
    dtype: byId<HTMLSelectElement>('dtype').value as DType,
    bytes,
    algorithm: byId<HTMLSelectElement>('algorithm').value,
    root: integer('root', 'root', 0, cards - 1),
    downLink: downText === '' ? undefined : Number(downText),
  };
}

/**
 * List the topology's links in the "link down" select. The chosen link stays
 * chosen only if the new topology has the same link (same id and endpoints);
 * otherwise none is Down — a link id of another shape is another link.
 */
export function showLinks(topo: Topology): void {
  const select = byId<HTMLSelectElement>('down-link');
  const previous = select.selectedOptions[0]?.text;
  const node = (id: number) => (id < topo.nSails ? String(id) : 'switch');
  const options = topo.links.map((l, id) => [String(id), `link ${id}: ${node(l.localSail)}→${node(l.remoteSail)}`] as const);
  const keep = options.find(([, label]) => label === previous)?.[0] ?? '';
  fillSelect(select, [['', 'none (all Up)'], ...options], keep);
}

/** Select `link` as the Down link (undefined: none). */
export function selectDownLink(link: number | undefined): void {
  byId<HTMLSelectElement>('down-link').value = link === undefined ? '' : String(link);
}
