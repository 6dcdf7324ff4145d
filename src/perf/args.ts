/**
 * The spanker-perf command line: nccl-tests' flags (same letters, same long
 * names, same meanings) plus ours for the simulated topology.
 */
import { DEFAULT_PRESET, PRESETS, type PresetName } from '../network/presets.js';
import type { DType } from '../dtype.js';
import type { ReduceOp } from '../reduce-op.js';
import { REDUCE_OPS } from '../reduce-op.js';
import type { CollectiveKind } from '../schedule/schedule.js';
import { parseSize } from './sizes.js';
import { UsageError } from './usage-error.js';

/** Collective names as nccl-tests spells its binaries (all_reduce_perf, …). */
export const PERF_COLLECTIVES = {
  all_reduce: 'allReduce',
  all_gather: 'allGather',
  reduce_scatter: 'reduceScatter',
  broadcast: 'broadcast',
  reduce: 'reduce',
  alltoall: 'allToAll',
} as const satisfies Record<string, CollectiveKind>;
export type PerfCollective = keyof typeof PERF_COLLECTIVES;

/** nccl-tests' type names, and ours. */
const DTYPE_NAMES: Record<string, DType> = { float: 'f32', float32: 'f32', f32: 'f32', double: 'f64', float64: 'f64', f64: 'f64', int32: 'i32', int: 'i32', i32: 'i32' };
/** The name the table prints for a dtype (nccl-tests'). */
export const TYPE_LABEL: Record<DType, string> = { f32: 'float', f64: 'double', i32: 'int32' };

export type TopologyArg =
  | { readonly kind: 'mesh' | 'ring' | 'bidirectionalRing' | 'switch' }
  | { readonly kind: 'torus2d'; readonly rows: number; readonly cols: number }
  | { readonly kind: 'json'; readonly file: string };

export type LinkArg = { readonly preset: PresetName } | { readonly bandwidth: number; readonly latency: number };

export interface PerfConfig {
  readonly collective: PerfCollective;
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly factor: number;
  readonly increment: number;
  /** -g; undefined: 4, or what the topology fixes (torus RxC, JSON). */
  readonly cards: number | undefined;
  readonly op: ReduceOp;
  readonly dtype: DType;
  readonly root: number;
  readonly iterations: number;
  readonly warmup: number;
  readonly check: boolean;
  readonly jsonFile: string | undefined;
  readonly topology: TopologyArg;
  readonly link: LinkArg;
  readonly algorithm: string;
  readonly traceFile: string | undefined;
  readonly analytic: boolean;
  readonly help: boolean;
}

/** Flags that take a value: short letter → long name. */
const VALUE_FLAGS: Record<string, string> = {
  '-b': '--minbytes', '-e': '--maxbytes', '-f': '--stepfactor', '-i': '--stepbytes', '-g': '--ngpus',
  '-o': '--op', '-d': '--datatype', '-r': '--root', '-n': '--iters', '-w': '--warmup_iters',
  '-c': '--check', '-J': '--output_file',
};
const LONG_VALUE_FLAGS = new Set([...Object.values(VALUE_FLAGS), '--topology', '--link', '--algorithm', '--trace']);
const BOOLEAN_FLAGS = new Set(['--analytic', '--help', '-h']);

function integer(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: expected an integer ${min}..${max}`);
  }
  return value;
}

/** `500M`, `1.25G`, `5e8` (bytes per second; k/M/G are powers of 1000, an optional "B/s" is ignored). */
function parseBandwidth(text: string): number {
  const match = /^([\d.]+(?:e[+-]?\d+)?)([kKMG]?)(?:B\/s)?$/.exec(text.trim());
  const scale = match ? ({ '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9 } as Record<string, number>)[match[2]!]! : NaN;
  const value = match ? Number(match[1]) * scale : NaN;
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--link bandwidth ${JSON.stringify(text)}: expected bytes per second such as 500M, 1.25G or 5e8`);
  return value;
}

/** `1us`, `936.25ns`, `2e-6` (seconds; units ns, us, µs, ms, s). */
function parseLatency(text: string): number {
  const match = /^([\d.]+(?:e[+-]?\d+)?)(ns|us|µs|ms|s)?$/.exec(text.trim());
  const scale = match ? ({ ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, '': 1 } as Record<string, number>)[match[2] ?? '']! : NaN;
  const value = match ? Number(match[1]) * scale : NaN;
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--link latency ${JSON.stringify(text)}: expected a time such as 1us, 936.25ns or 2e-6`);
  return value;
}

function parseLink(text: string): LinkArg {
  if (Object.hasOwn(PRESETS, text)) return { preset: text as PresetName };
  const parts = text.split(':');
  if (parts.length !== 2) {
    throw new UsageError(`--link ${JSON.stringify(text)}: expected a preset (${Object.keys(PRESETS).join(', ')}) or BANDWIDTH:LATENCY such as 500M:1us`);
  }
  return { bandwidth: parseBandwidth(parts[0]!), latency: parseLatency(parts[1]!) };
}

function parseTopology(text: string): TopologyArg {
  if (text === 'mesh' || text === 'ring' || text === 'switch') return { kind: text };
  if (text === 'ring:bidirectional' || text === 'bidirectional-ring') return { kind: 'bidirectionalRing' };
  const torus = /^torus[:-]?(\d+)x(\d+)$/.exec(text);
  if (torus) return { kind: 'torus2d', rows: integer(torus[1]!, '--topology torus rows', 1, 65536), cols: integer(torus[2]!, '--topology torus cols', 1, 65536) };
  if (text.endsWith('.json')) return { kind: 'json', file: text };
  throw new UsageError(`--topology ${JSON.stringify(text)}: expected mesh, ring, ring:bidirectional, torus:RxC, switch, or a .json topology file`);
}

export function parseArgs(argv: readonly string[]): PerfConfig {
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  let collective: PerfCollective | undefined;
  for (let k = 0; k < argv.length; k++) {
    let arg = argv[k]!;
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (BOOLEAN_FLAGS.has(arg)) {
      booleans.add(arg === '-h' ? '--help' : arg);
      continue;
    }
    const long = VALUE_FLAGS[arg] ?? (LONG_VALUE_FLAGS.has(arg) ? arg : undefined);
    if (long !== undefined) {
      const value = inline ?? argv[++k];
      if (value === undefined) throw new UsageError(`${arg} needs a value`, { showUsage: true });
      values.set(long, value);
      continue;
    }
    if (arg.startsWith('-')) throw new UsageError(`unknown flag ${arg}`, { showUsage: true });
    if (collective !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: one collective per run`, { showUsage: true });
    if (!Object.hasOwn(PERF_COLLECTIVES, arg)) {
      throw new UsageError(`unknown collective ${JSON.stringify(arg)}: expected one of ${Object.keys(PERF_COLLECTIVES).join(', ')}`, { showUsage: true });
    }
    collective = arg as PerfCollective;
  }

  const get = (flag: string) => values.get(flag);
  const minBytes = parseSize(get('--minbytes') ?? '8', '-b');
  // Default sweep top: 64 MiB (or -b, if that is larger).
  const maxText = get('--maxbytes');
  const maxBytes = maxText === undefined ? Math.max(64 * 1024 * 1024, minBytes) : parseSize(maxText, '-e');
  if (maxBytes < minBytes) throw new UsageError(`-e ${maxBytes} is below -b ${minBytes}`);
  const factorText = get('--stepfactor') ?? '2';
  const factor = Number(factorText);
  if (!Number.isFinite(factor) || factor < 1) throw new UsageError(`-f ${JSON.stringify(factorText)}: expected a number ≥ 1`);
  const increment = get('--stepbytes') === undefined ? 0 : parseSize(get('--stepbytes')!, '-i');
  const op = get('--op') ?? 'sum';
  if (!(REDUCE_OPS as readonly string[]).includes(op)) throw new UsageError(`-o ${JSON.stringify(op)}: expected one of ${REDUCE_OPS.join(', ')}`);
  const dtypeText = get('--datatype') ?? 'float';
  const dtype = DTYPE_NAMES[dtypeText];
  if (dtype === undefined) throw new UsageError(`-d ${JSON.stringify(dtypeText)}: expected float, double or int32`);
  const check = get('--check') ?? '1';
  if (check !== '0' && check !== '1') throw new UsageError(`-c ${JSON.stringify(check)}: expected 0 or 1`);
  return {
    collective: collective ?? 'all_reduce',
    minBytes, maxBytes, factor, increment,
    cards: get('--ngpus') === undefined ? undefined : integer(get('--ngpus')!, '-g', 1, 65536),
    op: op as ReduceOp,
    dtype,
    root: integer(get('--root') ?? '0', '-r', 0, 65535),
    iterations: integer(get('--iters') ?? '20', '-n', 1, 1_000_000),
    warmup: integer(get('--warmup_iters') ?? '1', '-w', 0, 1_000_000),
    check: check === '1',
    jsonFile: get('--output_file'),
    topology: parseTopology(get('--topology') ?? 'ring'),
    link: parseLink(get('--link') ?? DEFAULT_PRESET),
    algorithm: get('--algorithm') ?? 'auto',
    traceFile: get('--trace'),
    analytic: booleans.has('--analytic'),
    help: booleans.has('--help'),
  };
}
