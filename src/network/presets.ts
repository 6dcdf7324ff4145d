/**
 * Named hardware presets: a link model, a card model and the bandwidths the
 * cost models need, each value with its source.
 *
 * Sources: /work/shared/SPEC.md ("Hardware facts to build the link model on",
 * from the Spanker hardware project's docs) and ASTRA-sim's analytical network
 * (its example HGX-H100 configuration, cited in ANCHORS.md). Where no figure
 * is published (the Spanker link latency) the value is an ASSUMPTION and says so.
 */
import { invalidArgumentError } from '../errors.js';
import { INTERCARD_LANES } from '../link.js';
import { laneBandwidth, type CardModel, type LinkModel } from './link-model.js';
import { show } from './validate.js';

/** Names of the built-in presets. */
export type PresetName = 'spanker-rev-a' | 'spanker-rev-a-64b66b' | 'spanker-3g125' | 'hgx-h100';

/** A named set of hardware numbers. */
export interface Preset {
  /** Its key in PRESETS. */
  readonly name: PresetName;
  /** One paragraph: what hardware this is, and which values are assumptions. */
  readonly description: string;
  /** Model of every inter-card link (per direction). */
  readonly link: LinkModel;
  /** Model of every card. */
  readonly card: CardModel;
  /** Card-local memory bandwidth, bytes per second. */
  readonly memoryBandwidth: number;
  /** Card-to-host bandwidth, bytes per second (absent when not modelled). */
  readonly hostBandwidth?: number;
  /** Where each number comes from. */
  readonly sources: readonly string[];
}

// --- Spanker rev-A -----------------------------------------------------------

/**
 * ASSUMPTION — no latency figure is published for the Spanker link (SPEC.md:
 * "latency is a parameter, and its default must be stated as an assumption").
 * 1 µs per hop is the order of magnitude of an FPGA SerDes PHY + PCS (8b/10b,
 * lane alignment) + framing in each direction; change it with `link.latency`.
 */
const SPANKER_ASSUMED_LATENCY = 1e-6;

/** Local DDR bandwidth, B/s (SPEC.md: the decision module's `2e9`). */
const SPANKER_DDR = 2e9;

/** Host link, B/s: GbE (SPEC.md: host link `1e8` B/s). */
const SPANKER_HOST = 1e8;

/**
 * γ from memory bandwidth: reducing one byte reads the local byte and the
 * incoming byte and writes the result — 3 bytes of DDR traffic — so a
 * memory-bound reduce costs 3 / memoryBandwidth seconds per byte.
 */
function memoryBoundGamma(memoryBandwidth: number): number {
  return 3 / memoryBandwidth;
}

const SPANKER_CARD: CardModel = Object.freeze({ reduceSecondsPerByte: memoryBoundGamma(SPANKER_DDR) }); // 1.5e-9 s/B

const SPANKER_SOURCES = [
  'SPEC.md "Hardware facts": SerDes 270 Mb/s–3.125 Gb/s per lane; plan 4 lanes × 1.25 Gb/s with 8b/10b ≈ 500 MB/s per direction (≈ 600 MB/s with 64b/66b)',
  'SPEC.md "Hardware facts": local DDR 2e9 B/s, inter-card 5e8 B/s, host link (GbE) 1e8 B/s',
  'ASSUMPTION: link latency 1 µs per hop (no figure published; order of magnitude of an FPGA SerDes PHY + PCS + framing)',
  'γ = 3 bytes of DDR traffic per reduced byte / DDR bandwidth',
] as const;

function spanker(name: PresetName, laneRate: number, encoding: '8b10b' | '64b66b', what: string): Preset {
  return {
    name,
    description:
      `Spanker ${what}: ${INTERCARD_LANES} lanes × ${laneRate / 1e9} Gb/s ${encoding} per direction, ` +
      'DDR 2 GB/s per card, GbE to the host. Link latency 1 µs per hop is an ASSUMPTION (no figure is published).',
    // INTERCARD_LANES = 4 (link.ts, from the RTL package).
    link: { bandwidth: laneBandwidth({ lanes: INTERCARD_LANES, laneRate, encoding }), latency: SPANKER_ASSUMED_LATENCY },
    card: SPANKER_CARD,
    memoryBandwidth: SPANKER_DDR,
    hostBandwidth: SPANKER_HOST,
    sources: SPANKER_SOURCES,
  };
}

// --- HGX H100 (ASTRA-sim) ----------------------------------------------------

/** H100 SXM HBM3 bandwidth, B/s (NVIDIA H100 Tensor Core GPU datasheet: 3.35 TB/s). */
const H100_HBM = 3.35e12;

const HGX_H100: Preset = {
  name: 'hgx-h100',
  description:
    "ASTRA-sim's validated HGX-H100 analytical config: one Switch of 8 NPUs, 400 GB/s and 936.25 ns per link; " +
    'HBM3 3.35 TB/s per GPU. Use with Topology.switch(8, { preset: "hgx-h100" }).',
  // 400 GB/s with GB = 1e9 B: ASTRA-sim's network-analytical bw_GBps_to_Bpns
  // now uses decimal GB (older versions used 2^30, 7.4 % more).
  link: { bandwidth: 4e11, latency: 936.25e-9 },
  card: { reduceSecondsPerByte: memoryBoundGamma(H100_HBM) },
  memoryBandwidth: H100_HBM,
  sources: [
    'ASTRA-sim analytical network, example config HGX-H100: Switch of 8 NPUs, 400 GB/s, 936.25 ns (ANCHORS.md)',
    'NVIDIA H100 SXM datasheet: HBM3 3.35 TB/s',
    'γ = 3 bytes of HBM traffic per reduced byte / HBM bandwidth',
  ],
};

function deepFreeze(preset: Preset): Preset {
  Object.freeze(preset.link);
  Object.freeze(preset.card);
  Object.freeze(preset.sources);
  return Object.freeze(preset);
}

/** Every built-in preset by name (frozen). */
export const PRESETS: { readonly [N in PresetName]: Preset } = Object.freeze({
  // Rev-A plan: 4 × 1.25 Gb/s, 8b/10b → 5e8 B/s per direction.
  'spanker-rev-a': deepFreeze(spanker('spanker-rev-a', 1.25e9, '8b10b', 'rev-A plan')),
  // Same lanes with 64b/66b → 4 · 1.25e9 · 64/66 / 8 ≈ 6.06e8 B/s (SPEC: ≈ 600 MB/s).
  'spanker-rev-a-64b66b': deepFreeze(spanker('spanker-rev-a-64b66b', 1.25e9, '64b66b', 'rev-A lanes with 64b/66b')),
  // Top SerDes rate in SPEC (3.125 Gb/s per lane), 8b/10b → 1.25e9 B/s.
  'spanker-3g125': deepFreeze(spanker('spanker-3g125', 3.125e9, '8b10b', 'lanes at the top SerDes rate')),
  'hgx-h100': deepFreeze(HGX_H100),
});

/** Preset names in a stable order (for messages and sweeps). */
export const PRESET_NAMES: readonly PresetName[] = Object.freeze(Object.keys(PRESETS) as PresetName[]);

/** The preset every builder uses unless told otherwise. */
export const DEFAULT_PRESET: PresetName = 'spanker-rev-a';

/** The preset called `name`; INVALID_ARGUMENT (argument `argument`, default 'preset') listing the valid names otherwise. */
export function resolvePreset(name: unknown, argument = 'preset'): Preset {
  if (typeof name === 'string' && Object.hasOwn(PRESETS, name)) return PRESETS[name as PresetName];
  throw invalidArgumentError(argument, `unknown preset ${show(name)} (valid presets: ${PRESET_NAMES.join(', ')})`, show(name));
}
