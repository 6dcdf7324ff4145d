/**
 * The spanker-plan command line. Flags in nccl-tests' habits (long names
 * with values, `-g` for the card count, `-J` for JSON); `--topology` and
 * `--link` are spanker-perf's, parsed by spanker-perf's own parser so the two
 * tools accept exactly the same values.
 */
import { parseArgs as parsePerfArgs, type LinkArg, type TopologyArg } from '../../perf/args.js';
import { parseSize } from '../../perf/sizes.js';
import { UsageError } from '../../perf/usage-error.js';
import { CARD_PRESET_NAMES, CARD_PRESETS, type CardPresetName, type InferenceCardInput } from '../inference-card.js';
import { MODEL_NAMES } from '../models.js';
import { WEIGHT_FORMATS, type WeightFormat } from '../weight-format.js';

/** A parsed spanker-plan command line. */
export interface PlanConfig {
  /** A built-in model name, or a path ending in .json. */
  readonly model: string;
  /** --cards; undefined: 8, or what a torus or JSON topology fixes. */
  readonly cards: number | undefined;
  /** --sweep-cards: one plan per card count (ascending, distinct). */
  readonly sweepCards: readonly number[] | undefined;
  readonly topologyText: string;
  readonly topology: TopologyArg;
  readonly linkText: string;
  readonly link: LinkArg;
  readonly card: InferenceCardInput;
  readonly batch: number;
  readonly context: number;
  readonly prompt: number | undefined;
  readonly format: WeightFormat;
  readonly activations: 'f32' | 'f16';
  readonly kvCache: 'f32' | 'f16';
  readonly rankBy: 'throughput' | 'latency';
  /** --rate: link loads at this aggregate token rate. */
  readonly rate: number | undefined;
  readonly jsonFile: string | undefined;
  /** --summary: only the best strategy per card count. */
  readonly summary: boolean;
  readonly help: boolean;
}

const VALUE_FLAGS: Record<string, string> = { '-g': '--cards', '-J': '--output_file' };
const LONG_VALUE_FLAGS = new Set([
  '--model', '--cards', '--sweep-cards', '--topology', '--link', '--card', '--batch', '--context', '--prompt', '--format',
  '--activations', '--kv-cache', '--rank', '--rate', '--output_file',
]);
const BOOLEAN_FLAGS = new Set(['--help', '-h', '--summary']);

function integer(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: expected an integer ${min}..${max}`);
  }
  return value;
}

/** A positive number with an optional k/M/G (×1000) suffix: `2e9`, `2G`, `51.2G`. */
function decimal(text: string, flag: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)([kKMG]?)$/.exec(text.trim());
  const value = match ? Number(match[1]) * ({ '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9 } as Record<string, number>)[match[2]!]! : NaN;
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected ${what} > 0 such as 2e9, 2G or 51.2G`);
  return value;
}

const CARD_FIELDS: Record<string, { key: keyof Omit<InferenceCardInput, 'preset'>; parse: (text: string, flag: string) => number }> = {
  memory: { key: 'memoryBytes', parse: (text, flag) => { const v = parseSize(text, flag); if (v <= 0) throw new UsageError(`${flag}: expected a size > 0`); return v; } },
  ddr: { key: 'ddrBandwidth', parse: (text, flag) => decimal(text, flag, 'bytes per second') },
  matmul: { key: 'matmulFlops', parse: (text, flag) => decimal(text, flag, 'FLOP per second') },
  host: { key: 'hostBandwidth', parse: (text, flag) => decimal(text, flag, 'bytes per second') },
};

/** `rev-a`, `silicon-16g`, `rev-a:ddr=4G,memory=8G,matmul=100G,host=125M`. */
function parseCard(text: string): InferenceCardInput {
  const [name, fields] = text.split(/:(.*)/s) as [string, string | undefined];
  if (!(CARD_PRESET_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`--card ${JSON.stringify(text)}: unknown card preset ${JSON.stringify(name)} (expected ${CARD_PRESET_NAMES.join(', ')}, optionally followed by :memory=8G,ddr=4G,matmul=100G,host=125M)`);
  }
  const card: Record<string, unknown> = { preset: name as CardPresetName };
  if (fields !== undefined && fields !== '') {
    for (const item of fields.split(',')) {
      const [key, value] = item.split('=') as [string, string | undefined];
      const field = CARD_FIELDS[key];
      if (field === undefined || value === undefined || value === '') {
        throw new UsageError(`--card ${JSON.stringify(text)}: ${JSON.stringify(item)} is not FIELD=VALUE with FIELD one of ${Object.keys(CARD_FIELDS).join(', ')}`);
      }
      card[field.key] = field.parse(value, `--card ${key}`);
    }
  }
  return card as InferenceCardInput;
}

function choice<T extends string>(text: string, flag: string, allowed: readonly T[]): T {
  const value = text.toLowerCase();
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} ${JSON.stringify(text)}: expected one of ${allowed.join(', ')}`);
}

export function parseArgs(argv: readonly string[]): PlanConfig {
  const values = new Map<string, string>();
  const booleans = new Set<string>();
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
    throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: every setting is a flag (--model ${arg}?)`, { showUsage: true });
  }
  const get = (flag: string) => values.get(flag);

  const model = get('--model') ?? 'tinyllama-1.1b';
  if (!model.endsWith('.json') && !(MODEL_NAMES as readonly string[]).includes(model.toLowerCase())) {
    throw new UsageError(`--model ${JSON.stringify(model)}: expected a built-in model (${MODEL_NAMES.join(', ')}) or a .json model file`);
  }
  const cards = get('--cards') === undefined ? undefined : integer(get('--cards')!, '--cards', 1, 4096);
  let sweepCards: number[] | undefined;
  if (get('--sweep-cards') !== undefined) {
    if (cards !== undefined) throw new UsageError('--cards and --sweep-cards: give one or the other');
    const list = get('--sweep-cards')!.split(',').map((s) => integer(s, '--sweep-cards', 1, 4096));
    sweepCards = [...new Set(list)].sort((a, b) => a - b);
  }

  // --topology and --link exactly as spanker-perf reads them.
  const topologyText = get('--topology') ?? 'ring';
  const linkText = get('--link') ?? 'spanker-rev-a';
  const perf = parsePerfArgs(['--topology', topologyText, '--link', linkText]);

  const context = integer(get('--context') ?? '2048', '--context', 1, 2 ** 24);
  const prompt = get('--prompt') === undefined ? undefined : integer(get('--prompt')!, '--prompt', 0, 2 ** 24);
  if (prompt !== undefined && prompt > context) throw new UsageError(`--prompt ${prompt} is longer than --context ${context}: the prompt must fit in the context`);
  return {
    model,
    cards,
    sweepCards,
    topologyText,
    topology: perf.topology,
    linkText,
    link: perf.link,
    card: parseCard(get('--card') ?? 'rev-a'),
    batch: integer(get('--batch') ?? '1', '--batch', 1, 65536),
    context,
    prompt,
    format: choice(get('--format') ?? 'q4_k', '--format', WEIGHT_FORMATS),
    activations: choice(get('--activations') ?? 'f32', '--activations', ['f32', 'f16'] as const),
    kvCache: choice(get('--kv-cache') ?? 'f16', '--kv-cache', ['f16', 'f32'] as const),
    rankBy: choice(get('--rank') ?? 'throughput', '--rank', ['throughput', 'latency'] as const),
    rate: get('--rate') === undefined ? undefined : decimal(get('--rate')!, '--rate', 'tokens per second'),
    jsonFile: get('--output_file'),
    summary: booleans.has('--summary'),
    help: booleans.has('--help'),
  };
}

/** Card presets for the help text. */
export const CARD_PRESET_SUMMARY = CARD_PRESET_NAMES.map((name) => `${name} (${CARD_PRESETS[name].memoryBytes / 2 ** 30} GiB)`).join(', ');
