/**
 * The spanker-perf command line: nccl-tests' flags (same letters, same long
 * names, same meanings, `-b8` as well as `-b 8`), the ones that cannot apply
 * to simulated cards accepted with a note, plus ours for the simulated
 * topology.
 */
import { DTYPES, type DType } from '../dtype.js';
import { MAX_CHANNELS, MAX_PIPELINE } from '../collectives/options.js';
import { DEFAULT_PRESET, PRESETS, type PresetName } from '../network/presets.js';
import { REDUCE_OPS, type ReduceOp } from '../reduce-op.js';
import type { CollectiveKind } from '../schedule/schedule.js';
import { parseFaults, parseTimeout, type FaultArg } from './fault-arg.js';
import { splitArgs, type FlagTable } from './getopt.js';
import { INAPPLICABLE_FLAGS } from './nccl-flags.js';
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

/** nccl-tests' names of the library's dtypes (its `-d` values, nccl-tests common.cu `test_typenames`). */
const NCCL_TYPE_NAMES: Record<DType, string> = {
  f32: 'float', f64: 'double', i32: 'int32', f16: 'half', bf16: 'bfloat16', f8e4m3: 'f8e4m3', f8e5m2: 'f8e5m2',
  i8: 'int8', u8: 'uint8', u32: 'uint32', i64: 'int64', u64: 'uint64',
};
/** Other spellings people use. */
const TYPE_ALIASES: Record<string, DType> = { float32: 'f32', float64: 'f64', int: 'i32', float16: 'f16' };

/** The name the table prints for a dtype (nccl-tests'). */
export function typeLabel(dtype: DType): string {
  return NCCL_TYPE_NAMES[dtype];
}

export type TopologyArg =
  | { readonly kind: 'mesh' | 'ring' | 'bidirectionalRing' | 'switch' }
  | { readonly kind: 'torus2d'; readonly rows: number; readonly cols: number }
  | { readonly kind: 'json'; readonly file: string };

export type LinkArg = { readonly preset: PresetName } | { readonly bandwidth: number; readonly latency: number };

/** Table layout: nccl-tests' wide rows, or a compact one for narrow terminals. */
export type Layout = 'wide' | 'narrow';

export interface PerfConfig {
  readonly collective: PerfCollective;
  readonly minBytes: number;
  readonly maxBytes: number;
  /** -f: multiply each step while above 1; 1 = step by `increment`. */
  readonly factor: number;
  /** -i: bytes added each step when `factor` is 1. */
  readonly increment: number;
  /** -g; undefined: 4, or what the topology fixes (torus RxC, JSON). */
  readonly cards: number | undefined;
  /** -o: the ops to run, in order (`all`: every op the library has). */
  readonly ops: readonly ReduceOp[];
  /** -d: the types to run, in order (`all`: every dtype the library has). */
  readonly dtypes: readonly DType[];
  /** -r: a root card, or every card in turn. */
  readonly root: number | 'all';
  readonly iterations: number;
  readonly warmup: number;
  /** -c: check every element of the first run of each size (-c 0: do not). */
  readonly check: boolean;
  readonly jsonFile: string | undefined;
  readonly topology: TopologyArg;
  readonly link: LinkArg;
  readonly algorithm: string;
  /** --pipeline: sub-chunks per message for the algorithms that cut theirs; undefined: auto chooses. */
  readonly pipeline: number | undefined;
  /** --channels: rings sharing the data for ring-type algorithms; undefined: auto chooses. */
  readonly channels: number | undefined;
  readonly traceFile: string | undefined;
  readonly analytic: boolean;
  /** --narrow / --wide; undefined: narrow on a terminal under 120 columns, else wide. */
  readonly layout: Layout | undefined;
  /** --fault: links and cards that fail during every run (empty: none). */
  readonly faults: readonly FaultArg[];
  /** --on-fault; undefined: the library's default (reroute). */
  readonly onFault: 'reroute' | 'abort' | undefined;
  /** --sim-timeout, seconds of simulated time; undefined: none. */
  readonly timeout: number | undefined;
  readonly help: boolean;
  /** `#` lines for flags taken but not applied, and why. */
  readonly notes: readonly string[];
}

/** Our long flags that take a value. */
const OUR_VALUE_FLAGS = ['--topology', '--link', '--algorithm', '--trace', '--pipeline', '--channels', '--fault', '--on-fault', '--sim-timeout'];

const FLAGS: FlagTable = {
  shortValue: {
    '-b': '--minbytes', '-e': '--maxbytes', '-f': '--stepfactor', '-i': '--stepbytes', '-g': '--ngpus',
    '-o': '--op', '-d': '--datatype', '-r': '--root', '-n': '--iters', '-w': '--warmup_iters',
    '-c': '--check', '-J': '--output_file',
    ...Object.fromEntries(INAPPLICABLE_FLAGS.map((f) => [f.short, f.long])),
  },
  longValue: new Set(OUR_VALUE_FLAGS),
  boolean: new Set(['--analytic', '--narrow', '--wide', '--help']),
};

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

/** `all_reduce`, nccl-tests' binary name `all_reduce_perf`, or its path `./build/all_reduce_perf`. */
function parseCollective(word: string): PerfCollective {
  const name = word.slice(word.lastIndexOf('/') + 1).replace(/_perf$/, '');
  if (!Object.hasOwn(PERF_COLLECTIVES, name)) {
    const names = Object.keys(PERF_COLLECTIVES);
    throw new UsageError(`unknown collective ${JSON.stringify(word)}: expected one of ${names.join(', ')} (or nccl-tests' names: ${names[0]}_perf, …)`, { showUsage: true });
  }
  return name as PerfCollective;
}

function parseDtypes(text: string): readonly DType[] {
  if (text === 'all') return DTYPES;
  const dtype = DTYPES.find((d) => text === d || text === typeLabel(d)) ?? (Object.hasOwn(TYPE_ALIASES, text) ? TYPE_ALIASES[text] : undefined);
  if (dtype === undefined) throw new UsageError(`-d ${JSON.stringify(text)}: expected ${DTYPES.map(typeLabel).join(', ')} or all`);
  return [dtype];
}

function parseOps(text: string): readonly ReduceOp[] {
  if (text === 'all') return REDUCE_OPS;
  if (!(REDUCE_OPS as readonly string[]).includes(text)) throw new UsageError(`-o ${JSON.stringify(text)}: expected one of ${REDUCE_OPS.join(', ')}, or all`);
  return [text as ReduceOp];
}

const ROOTED: ReadonlySet<CollectiveKind> = new Set(['broadcast', 'reduce']);
const REDUCING: ReadonlySet<CollectiveKind> = new Set(['allReduce', 'reduce', 'reduceScatter']);

export function parseArgs(argv: readonly string[]): PerfConfig {
  const { values, spelt, booleans, words } = splitArgs(argv, FLAGS);
  if (words.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(words[1])}: one collective per run`, { showUsage: true });
  const collective = words.length === 0 ? 'all_reduce' : parseCollective(words[0]!);
  const kind = PERF_COLLECTIVES[collective];
  const get = (flag: string) => values.get(flag);
  /** The flag as the user typed it, with its value: `-o max`. */
  const given = (flag: string) => `${spelt.get(flag)} ${get(flag)}`;
  const notes: string[] = [];

  const minBytes = parseSize(get('--minbytes') ?? '8', '-b');
  // Default sweep top: 64 MiB (or -b, if that is larger).
  const maxText = get('--maxbytes');
  const maxBytes = maxText === undefined ? Math.max(64 * 1024 * 1024, minBytes) : parseSize(maxText, '-e');
  if (maxBytes < minBytes) throw new UsageError(`-e ${maxBytes} is below -b ${minBytes}`);
  // nccl-tests reads -f as an integer; 1 means "no factor": step by -i (default 1M).
  const factor = get('--stepfactor') === undefined ? (get('--stepbytes') === undefined ? 2 : 1) : integer(get('--stepfactor')!, '-f', 1, 1 << 20);
  const increment = get('--stepbytes') === undefined ? 1024 * 1024 : parseSize(get('--stepbytes')!, '-i');
  if (factor === 1 && get('--stepbytes') === undefined && minBytes < maxBytes) {
    notes.push(`${given('--stepfactor')}: no factor, so sizes step by -i, 1M by default, as in nccl-tests`);
  }
  if (factor > 1 && get('--stepbytes') !== undefined) {
    notes.push(`${given('--stepbytes')}: not applied: -f ${factor} steps the sweep (as in nccl-tests, a factor above 1 wins)`);
  }

  const ops = parseOps(get('--op') ?? 'sum');
  if (get('--op') !== undefined && !REDUCING.has(kind)) notes.push(`${given('--op')}: not applied: ${collective} does not reduce (its rows say redop none)`);
  const dtypes = parseDtypes(get('--datatype') ?? 'float');
  const rootText = get('--root') ?? '0';
  const root = rootText === 'all' ? 'all' : integer(rootText, '-r', 0, 65535);
  if (get('--root') !== undefined && !ROOTED.has(kind)) notes.push(`${given('--root')}: not applied: ${collective} has no root (its rows say root -1)`);
  const checkText = get('--check') ?? '1';
  // nccl-tests: -c N checks N iterations. The simulated cards are deterministic, so one check is as good as N.
  const checks = integer(checkText, '-c', 0, 1_000_000);
  if (checks > 1) notes.push(`${given('--check')}: checked once: results on simulated cards are the same every iteration`);
  const pipelineText = get('--pipeline');
  const channelsText = get('--channels');
  const layout = booleans.has('--narrow') ? 'narrow' : booleans.has('--wide') ? 'wide' : undefined;
  if (booleans.has('--narrow') && booleans.has('--wide')) throw new UsageError('--narrow and --wide: choose one layout');
  for (const flag of INAPPLICABLE_FLAGS) {
    const text = get(flag.long);
    if (text === undefined) continue;
    integer(text, spelt.get(flag.long)!, -(2 ** 31), 2 ** 31 - 1); // nccl-tests reads an integer; a typo is still an error
    notes.push(`${given(flag.long)}${spelt.get(flag.long) === flag.long ? '' : ` (${flag.long})`}: not applied: ${flag.why}`);
  }
  const onFault = get('--on-fault');
  if (onFault !== undefined && onFault !== 'reroute' && onFault !== 'abort') throw new UsageError(`--on-fault ${JSON.stringify(onFault)}: expected reroute or abort`);
  const timeoutText = get('--sim-timeout');
  const jsonFile = get('--output_file');
  const traceFile = get('--trace');
  if (jsonFile !== undefined && jsonFile === traceFile) throw new UsageError(`-J and --trace both name ${jsonFile}: give them different files`);

  return {
    collective,
    minBytes, maxBytes, factor, increment,
    cards: get('--ngpus') === undefined ? undefined : integer(get('--ngpus')!, '-g', 1, 65536),
    ops, dtypes, root,
    iterations: integer(get('--iters') ?? '20', '-n', 1, 1_000_000),
    warmup: integer(get('--warmup_iters') ?? '1', '-w', 0, 1_000_000),
    check: checks > 0,
    jsonFile,
    topology: parseTopology(get('--topology') ?? 'ring'),
    link: parseLink(get('--link') ?? DEFAULT_PRESET),
    algorithm: get('--algorithm') ?? 'auto',
    pipeline: pipelineText === undefined ? undefined : integer(pipelineText, '--pipeline', 1, MAX_PIPELINE),
    channels: channelsText === undefined ? undefined : integer(channelsText, '--channels', 1, MAX_CHANNELS),
    traceFile,
    analytic: booleans.has('--analytic'),
    layout,
    faults: get('--fault') === undefined ? [] : parseFaults(get('--fault')!),
    onFault,
    timeout: timeoutText === undefined ? undefined : parseTimeout(timeoutText),
    help: booleans.has('--help'),
    notes,
  };
}
