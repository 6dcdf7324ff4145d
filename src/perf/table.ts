/**
 * The nccl-tests results table, with the simulated link time beside the
 * measured host time. Columns are data (a title, a unit, a cell per row), and
 * each is as wide as its widest cell, title or unit, with two spaces between
 * columns: whatever the numbers (GB/s in the thousands, sizes in the
 * gigabytes), cells never run together and every row lines up with the
 * header. Header lines start with `#`, as nccl-tests' do.
 *
 * Two layouts: `wide` is nccl-tests' row (size, count, type, redop, root, then
 * time, algbw, busbw and #wrong out of place and in place) with our host and
 * sim times, algorithm and method; `narrow` keeps what a reader of a
 * terminal under 120 columns needs: size, algorithm, method, sim, busbw,
 * out-of-place host time, and #wrong over both runs.
 */
import type { TimingMethod } from '../report.js';
import type { Layout } from './args.js';
import { formatSize } from './sizes.js';

/** One measured-and-simulated half of a row (out-of-place or in-place). */
export interface HalfRow {
  /** Measured host time of the real wasm run, µs per iteration; undefined with --analytic. */
  readonly hostUs: number | undefined;
  /** Simulated time on the links, µs. */
  readonly simUs: number;
  /** Simulated algbw and busbw, GB/s. */
  readonly algBw: number;
  readonly busBw: number;
  /** report.efficiency: the collective's lower bound on these links over the simulated time (0–1). */
  readonly efficiency: number;
  /** Elements that differ from the expected result; undefined when not checked. */
  readonly wrong: number | undefined;
}

export interface Row {
  readonly size: number;
  readonly count: number;
  readonly type: string;
  readonly redop: string;
  /** -1 for collectives without a root, as nccl-tests prints. */
  readonly root: number;
  readonly algorithm: string;
  /** What priced the row: the event simulation, or the closed form. */
  readonly method: TimingMethod;
  /** Sub-chunks per message and rings sharing the data, as priced (auto's choice unless --pipeline/--channels set them). */
  readonly pipeline: number;
  readonly channels: number;
  readonly outOfPlace: HalfRow;
  readonly inPlace: HalfRow;
  /** With --fault: the time the faults added (µs, against the same run without them) and what was resent. */
  readonly fault?: { readonly addedUs: number; readonly resentMessages: number; readonly resentBytes: number };
}

interface Column {
  readonly title: string;
  readonly unit: string;
  readonly cell: (row: Row) => string;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : String(value));
/** The method column: `sim` for the event simulation, `analytic` for a closed form. */
export const methodLabel = (method: TimingMethod) => (method === 'simulate' ? 'sim' : 'analytic');
const wrongCell = (wrong: number | undefined) => (wrong === undefined ? 'N/A' : String(wrong));

function halfColumns(half: (row: Row) => HalfRow): Column[] {
  return [
    { title: 'host', unit: '(us)', cell: (r) => { const h = half(r).hostUs; return h === undefined ? 'N/A' : fixed(h, 2); } },
    { title: 'sim', unit: '(us)', cell: (r) => fixed(half(r).simUs, 2) },
    { title: 'algbw', unit: '(GB/s)', cell: (r) => fixed(half(r).algBw, 3) },
    { title: 'busbw', unit: '(GB/s)', cell: (r) => fixed(half(r).busBw, 3) },
    boundColumn(half),
    { title: '#wrong', unit: '', cell: (r) => wrongCell(half(r).wrong) },
  ];
}

/** How close the simulated time is to the lower bound of the collective on these links (report.efficiency), in percent. */
function boundColumn(half: (row: Row) => HalfRow): Column {
  return { title: '%bound', unit: '(%)', cell: (r) => fixed(half(r).efficiency * 100, 1) };
}

const SIZE: Column = { title: 'size', unit: '(B)', cell: (r) => String(r.size) };
const COUNT: Column = { title: 'count', unit: '(elements)', cell: (r) => String(r.count) };
const TYPE: Column = { title: 'type', unit: '', cell: (r) => r.type };
const REDOP: Column = { title: 'redop', unit: '', cell: (r) => r.redop };
const ROOT: Column = { title: 'root', unit: '', cell: (r) => String(r.root) };
const ALGORITHM: Column = { title: 'algorithm', unit: '', cell: (r) => r.algorithm };
const METHOD: Column = { title: 'method', unit: '', cell: (r) => methodLabel(r.method) };
// Sub-chunks per message and rings (the header's `# pipe, ch` line says so; units would widen the narrow layout).
const PIPELINE: Column = { title: 'pipe', unit: '', cell: (r) => String(r.pipeline) };
const CHANNELS: Column = { title: 'ch', unit: '', cell: (r) => String(r.channels) };
const LEAD = [SIZE, COUNT, TYPE, REDOP, ROOT, ALGORITHM, PIPELINE, CHANNELS, METHOD];
const OUT_OF_PLACE = halfColumns((r) => r.outOfPlace);
const IN_PLACE = halfColumns((r) => r.inPlace);

const NARROW_SIZE: Column = { title: 'size', unit: '(B)', cell: (r) => formatSize(r.size) };
const NARROW_TAIL: Column[] = [
  // The algorithm with its chunking and channels when above 1 (ring:P16:k2): two more columns would pass 80.
  { title: 'algorithm', unit: '', cell: (r) => `${r.algorithm}${r.pipeline > 1 ? `:P${r.pipeline}` : ''}${r.channels > 1 ? `:k${r.channels}` : ''}` },
  METHOD,
  { title: 'sim', unit: '(us)', cell: (r) => fixed(r.outOfPlace.simUs, 2) },
  { title: 'busbw', unit: '(GB/s)', cell: (r) => fixed(r.outOfPlace.busBw, 3) },
  boundColumn((r) => r.outOfPlace),
  OUT_OF_PLACE[0]!,
  {
    title: '#wrong', unit: '',
    cell: (r) => (r.outOfPlace.wrong === undefined ? 'N/A' : String(r.outOfPlace.wrong + (r.inPlace.wrong ?? 0))),
  },
];

/** With --fault, after the others: the added time and the resent bytes. */
const FAULT_COLUMNS: Column[] = [
  { title: '+fault', unit: '(us)', cell: (r) => (r.fault === undefined ? 'N/A' : fixed(r.fault.addedUs, 2)) },
  { title: 'resent', unit: '(B)', cell: (r) => (r.fault === undefined ? 'N/A' : String(r.fault.resentBytes)) },
];
const faultColumns = (rows: readonly Row[]) => (rows.some((r) => r.fault !== undefined) ? FAULT_COLUMNS : []);

const GAP = '  ';

/** The header and row lines of the table; `rows` may be empty (the header alone). */
export function formatTable(rows: readonly Row[], layout: Layout): string[] {
  if (layout === 'narrow') return narrowTable(rows);
  const columns = [...LEAD, ...OUT_OF_PLACE, ...IN_PLACE, ...faultColumns(rows)];
  const widths = columnWidths(columns, rows);
  const span = (from: number, to: number) => widths.slice(from, to).reduce((sum, w) => sum + w, 0) + GAP.length * (to - from - 1);
  const lead = LEAD.length;
  const half = OUT_OF_PLACE.length;
  const centred = (title: string, width: number) => title.padStart(Math.floor((width + title.length) / 2)).padEnd(width);
  const groups = `#${' '.repeat(span(0, lead) + 1)}${GAP}${centred('out-of-place', span(lead, lead + half))}${GAP}${centred('in-place', span(lead + half, lead + 2 * half))}`;
  return [groups.trimEnd(), ...header(columns, widths), ...rows.map((r) => line('  ', columns.map((c) => c.cell(r)), widths))];
}

function narrowTable(rows: readonly Row[]): string[] {
  // Type, redop and root get columns only when they vary (-d all, -o all, -r all);
  // otherwise one line above the header says what they are.
  const varying = [TYPE, REDOP, ROOT].filter((c) => new Set(rows.map(c.cell)).size > 1);
  const constant = [TYPE, REDOP, ROOT].filter((c) => !varying.includes(c));
  const columns = [NARROW_SIZE, ...varying, ...NARROW_TAIL, ...faultColumns(rows)];
  const widths = columnWidths(columns, rows);
  const lines = [
    '# narrow layout: host is the out-of-place run; #wrong counts both runs; algorithm:P<pipe>:k<ch> when above 1; --wide shows every column',
  ];
  // (a redop of none and a root of -1 say nothing: the collective has neither)
  const said = rows.length === 0 ? [] : constant.map((c) => [c.title, c.cell(rows[0]!)] as const).filter(([, v]) => v !== 'none' && v !== '-1');
  if (said.length > 0) lines.push(`# ${said.map(([title, v]) => `${title} ${v}`).join(', ')}`);
  return [...lines, ...header(columns, widths), ...rows.map((r) => line('  ', columns.map((c) => c.cell(r)), widths))];
}

function columnWidths(columns: readonly Column[], rows: readonly Row[]): number[] {
  return columns.map((c) => Math.max(c.title.length, c.unit.length, ...rows.map((r) => c.cell(r).length)));
}

function header(columns: readonly Column[], widths: readonly number[]): string[] {
  return [
    line('# ', columns.map((c) => c.title), widths),
    line('# ', columns.map((c) => c.unit), widths).trimEnd(),
  ];
}

/** Cells right-aligned in their widths, two spaces apart, after a two-character prefix. */
function line(prefix: string, cells: readonly string[], widths: readonly number[]): string {
  return prefix + cells.map((cell, i) => cell.padStart(widths[i]!)).join(GAP);
}
