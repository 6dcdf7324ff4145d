/**
 * The card as an inference engine: how much memory it has, how fast it reads
 * it, how fast its matmul engine computes, and how fast the host reaches it.
 * Presets with their sources, every field overridable.
 *
 * Sources: shared/SPEC.md ("Hardware facts to build the link model on", from
 * the Spanker hardware project's docs) and shared/PLANNER.md ("The card").
 * Values no document gives are ASSUMPTIONS and say so.
 */
import { invalidArgumentError } from '../errors.js';
import { expectRecord, positiveFinite, rejectUnknownKeys, show } from '../network/validate.js';
import { GIB, REV_A_DDR_BANDWIDTH, REV_A_HOST_BANDWIDTH, REV_A_MATMUL_FLOPS, REV_A_MEMORY_BYTES } from '../hardware/rev-a-card.js';

/** Names of the built-in card presets. */
export type CardPresetName = 'rev-a' | 'silicon-16g';

/** One card, as the planner prices it. */
export interface InferenceCard {
  /** Preset name, with "(overridden: …)" when fields were changed. */
  readonly name: string;
  /** Memory capacity, bytes. */
  readonly memoryBytes: number;
  /** Card-local memory (DDR) bandwidth, bytes per second. */
  readonly ddrBandwidth: number;
  /** Matmul engine rate, FLOP per second (a multiply-add is 2 FLOP). */
  readonly matmulFlops: number;
  /** Host link bandwidth, bytes per second (loading weights). */
  readonly hostBandwidth: number;
  /** What this card is, and which values are assumptions. */
  readonly description: string;
  /** Where each number comes from. */
  readonly sources: readonly string[];
}

/** A preset and/or fields over it (absent fields keep the preset's; default preset 'rev-a'). */
export interface InferenceCardInput {
  readonly preset?: CardPresetName;
  readonly memoryBytes?: number;
  readonly ddrBandwidth?: number;
  readonly matmulFlops?: number;
  readonly hostBandwidth?: number;
}

const REV_A_SOURCES = [
  'SPEC.md "Hardware facts": board rev-A, 4 GB DDR3L per card (binary: 4 × 2^30 B), GbE to the host',
  'SPEC.md "Hardware facts": local DDR 2e9 B/s and host link (GbE) 1e8 B/s, as the scheduler\'s decision module uses them',
  `ASSUMPTION: matmul engine ${REV_A_MATMUL_FLOPS / 1e9}e9 FLOP/s (128 MAC units × 200 MHz × 2 FLOP); no rate is published (PLANNER.md: "state the assumption"; src/hardware/rev-a-card.ts)`,
] as const;

function preset(card: InferenceCard): InferenceCard {
  Object.freeze(card.sources);
  return Object.freeze(card);
}

/** Every card preset by name (frozen). */
export const CARD_PRESETS: { readonly [N in CardPresetName]: InferenceCard } = Object.freeze({
  'rev-a': preset({
    name: 'rev-a',
    memoryBytes: REV_A_MEMORY_BYTES,
    ddrBandwidth: REV_A_DDR_BANDWIDTH,
    matmulFlops: REV_A_MATMUL_FLOPS,
    hostBandwidth: REV_A_HOST_BANDWIDTH,
    description: 'Spanker board rev-A: FPGA on Mini-ITX, 4 GB DDR3L at 2 GB/s, GbE to the host. The matmul rate (51.2 GFLOP/s) is an ASSUMPTION.',
    sources: REV_A_SOURCES,
  }),
  'silicon-16g': preset({
    name: 'silicon-16g',
    memoryBytes: 16 * GIB,
    ddrBandwidth: REV_A_DDR_BANDWIDTH,
    matmulFlops: REV_A_MATMUL_FLOPS,
    hostBandwidth: REV_A_HOST_BANDWIDTH,
    description:
      'The later Spanker silicon: 16 GB of DDR5. Only the capacity is published: DDR bandwidth, matmul rate and host link are ' +
      "rev-A's until figures exist (override them, e.g. ddrBandwidth 38.4e9 for one 64-bit DDR5-4800 channel).",
    sources: [
      'SPEC.md "Hardware facts": "A later silicon target has 16 GB DDR5" (binary: 16 × 2^30 B)',
      'ASSUMPTION: DDR bandwidth, matmul rate and host link as rev-A (no figures published for the silicon)',
    ],
  }),
});

/** Card preset names in a stable order. */
export const CARD_PRESET_NAMES: readonly CardPresetName[] = Object.freeze(Object.keys(CARD_PRESETS) as CardPresetName[]);

/** The preset every plan uses unless told otherwise. */
export const DEFAULT_CARD_PRESET: CardPresetName = 'rev-a';

const FIELDS = ['memoryBytes', 'ddrBandwidth', 'matmulFlops', 'hostBandwidth'] as const;
const UNITS: Record<(typeof FIELDS)[number], string> = {
  memoryBytes: 'bytes', ddrBandwidth: 'bytes per second', matmulFlops: 'FLOP per second', hostBandwidth: 'bytes per second',
};

/**
 * The card for `input`: a preset name, or a preset (default 'rev-a') with
 * fields over it. INVALID_ARGUMENT naming `argument` or `argument.field` for
 * an unknown preset, an unknown key, or a value that is not finite > 0.
 */
export function resolveInferenceCard(input: CardPresetName | InferenceCardInput | undefined, argument = 'card'): InferenceCard {
  if (input === undefined) return CARD_PRESETS[DEFAULT_CARD_PRESET];
  if (typeof input === 'string') return presetNamed(input, argument);
  const record = expectRecord(input, argument, 'a card preset name or { preset?, memoryBytes?, ddrBandwidth?, matmulFlops?, hostBandwidth? }');
  rejectUnknownKeys(record, ['preset', ...FIELDS], argument);
  const base = record['preset'] === undefined ? CARD_PRESETS[DEFAULT_CARD_PRESET] : presetNamed(record['preset'], `${argument}.preset`);
  const changed: string[] = [];
  const card: Record<string, unknown> = { ...base };
  for (const field of FIELDS) {
    if (record[field] === undefined) continue;
    card[field] = positiveFinite(record[field], `${argument}.${field}`, UNITS[field]);
    if (card[field] !== base[field]) changed.push(`${field} ${String(card[field])}`);
  }
  if (changed.length === 0) return base;
  return Object.freeze({ ...(card as unknown as InferenceCard), name: `${base.name} (overridden: ${changed.join(', ')})` });
}

function presetNamed(name: unknown, argument: string): InferenceCard {
  if (typeof name === 'string' && Object.hasOwn(CARD_PRESETS, name)) return CARD_PRESETS[name as CardPresetName];
  throw invalidArgumentError(argument, `unknown card preset ${show(name)} (card presets: ${CARD_PRESET_NAMES.join(', ')})`, show(name));
}
