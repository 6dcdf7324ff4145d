/**
 * The models behind the network simulation: what one directed link costs and
 * what one card costs to reduce data.
 *
 * Cost of one message of `b` bytes over one hop (the α-β model of Thakur,
 * Rabenseifner & Gropp 2005, as ASTRA-sim's analytical network uses it):
 * `latency + b / bandwidth` seconds. Reducing `b` bytes on a card costs
 * `b · reduceSecondsPerByte` seconds (γ).
 *
 * A link can be given directly (`{ bandwidth, latency }`) or, as hardware
 * people describe SerDes links, by lanes × lane rate × line-code efficiency
 * (`{ lanes, laneRate, encoding }`); `resolveLink` turns either into a
 * LinkModel over a base (usually a preset's) that fills in what is missing.
 */
import { invalidArgumentError } from '../errors.js';
import { bandwidthValue, expectRecord, integerInRange, nonNegativeFinite, positiveFinite, rejectUnknownKeys, show } from './validate.js';

/** Bandwidth and latency of one directed link. */
export interface LinkModel {
  /** Bytes per second, per direction (β = 1 / bandwidth seconds per byte). */
  readonly bandwidth: number;
  /** Seconds per hop (α of one hop). */
  readonly latency: number;
}

/**
 * Line code of a SerDes lane: `'8b10b'` carries 8 payload bits in 10 line
 * bits (efficiency 0.8), `'64b66b'` 64 in 66 (≈ 0.970), `'none'` 1.
 * A number is the efficiency itself, in (0, 1].
 */
export type LineEncoding = '8b10b' | '64b66b' | 'none' | number;

/** A link described the way the hardware docs do: lanes × lane rate × line-code efficiency. */
export interface LaneLinkSpec {
  /** Lanes per direction (a positive integer; the Spanker link has INTERCARD_LANES = 4). */
  readonly lanes: number;
  /** Line rate of one lane, bits per second (SerDes rate before the line code). */
  readonly laneRate: number;
  /** Line code of the lanes. */
  readonly encoding: LineEncoding;
  /** Seconds per hop; absent = the base model's latency. */
  readonly latency?: number;
}

/** What a caller may pass for a link: a (partial) LinkModel over a base, or a lane description. */
export type LinkInput = Partial<LinkModel> | LaneLinkSpec;

/** What one card costs besides its links. */
export interface CardModel {
  /** γ: seconds to reduce one byte (combine an incoming byte into the local one). */
  readonly reduceSecondsPerByte: number;
  /**
   * Bytes per second the card can send over all its links together (a DMA
   * or PCIe limit shared by the links); absent = unlimited (each link is
   * limited only by its own bandwidth).
   */
  readonly injectionBandwidth?: number;
}

// Payload bits per line bits of each named code. Kept as a fraction so that
// laneBandwidth of the rev-A link is exactly 5e8 (0.8 is not a binary fraction).
const CODES: { readonly [K in Exclude<LineEncoding, number>]: readonly [payloadBits: number, lineBits: number] } = {
  '8b10b': [8, 10],
  '64b66b': [64, 66],
  none: [1, 1],
};

const LINK_KEYS = ['bandwidth', 'latency'] as const;
const LANE_KEYS = ['lanes', 'laneRate', 'encoding', 'latency'] as const;
const CARD_KEYS = ['reduceSecondsPerByte', 'injectionBandwidth'] as const;

/** Fraction of line bits that carry payload, validated. */
export function encodingEfficiency(encoding: LineEncoding, argument = 'encoding'): number {
  const [payload, line] = codeFraction(encoding, argument);
  return payload / line;
}

function codeFraction(encoding: unknown, argument: string): readonly [number, number] {
  if (typeof encoding === 'string' && Object.hasOwn(CODES, encoding)) return CODES[encoding as keyof typeof CODES];
  if (typeof encoding === 'number' && Number.isFinite(encoding) && encoding > 0 && encoding <= 1) return [encoding, 1];
  throw invalidArgumentError(
    argument,
    `expected a line encoding '8b10b', '64b66b', 'none' or an efficiency in (0, 1], got ${show(encoding)}`,
    show(encoding),
  );
}

/**
 * Payload bandwidth of a lane link, bytes per second per direction:
 * lanes · laneRate · efficiency / 8. For the Spanker rev-A plan,
 * 4 × 1.25e9 b/s × 8/10 / 8 = 5e8 B/s exactly. `argument` prefixes the
 * names in errors (`link` → `link.lanes`).
 */
export function laneBandwidth(spec: LaneLinkSpec, argument = 'link'): number {
  const record = expectRecord(spec, argument, 'a lane link description');
  const lanes = integerInRange(record['lanes'], 1, Number.MAX_SAFE_INTEGER, `${argument}.lanes`, 'a lane count');
  const laneRate = positiveFinite(record['laneRate'], `${argument}.laneRate`, 'bits per second per lane');
  const [payload, line] = codeFraction(record['encoding'], `${argument}.encoding`);
  // Multiply before dividing so exact inputs give exact results (5e9 · 8 / 80).
  const bandwidth = (lanes * laneRate * payload) / (line * 8);
  return bandwidthValue(bandwidth, argument, 'bytes per second: lanes · laneRate is out of range');
}

/**
 * The LinkModel for `input` over `base`: fields absent from a partial model
 * keep the base's values; a lane description gives the bandwidth (and
 * optionally the latency). `undefined` returns `base`. Throws INVALID_ARGUMENT
 * naming `argument` or one of its fields (`link.bandwidth`) for a non-object,
 * an unknown key, a mix of both forms, or a value out of range.
 */
export function resolveLink(input: LinkInput | undefined, base: LinkModel, argument: string): LinkModel {
  if (input === undefined) return base;
  const record = expectRecord(input, argument, 'a link model ({ bandwidth, latency } or { lanes, laneRate, encoding })');
  const laneForm = 'lanes' in record || 'laneRate' in record || 'encoding' in record;
  if (laneForm) {
    if ('bandwidth' in record) {
      throw invalidArgumentError(
        `${argument}.bandwidth`,
        'give either bandwidth or lanes/laneRate/encoding, not both (the lanes determine the bandwidth)',
      );
    }
    rejectUnknownKeys(record, LANE_KEYS, argument);
    const bandwidth = laneBandwidth(record as unknown as LaneLinkSpec, argument);
    const latency = record['latency'] === undefined ? base.latency : nonNegativeFinite(record['latency'], `${argument}.latency`, 'seconds per hop');
    return Object.freeze({ bandwidth, latency });
  }
  rejectUnknownKeys(record, LINK_KEYS, argument);
  const bandwidth = record['bandwidth'] === undefined ? base.bandwidth : bandwidthValue(record['bandwidth'], `${argument}.bandwidth`);
  const latency = record['latency'] === undefined ? base.latency : nonNegativeFinite(record['latency'], `${argument}.latency`, 'seconds per hop');
  return Object.freeze({ bandwidth, latency });
}

/**
 * The CardModel for `input` over `base` (absent fields keep the base's).
 * `reduceSecondsPerByte` is finite ≥ 0; `injectionBandwidth` is finite > 0,
 * or `Infinity` to remove a base's limit (the result then has no
 * `injectionBandwidth`). Errors name `argument.field`.
 */
export function resolveCard(input: Partial<CardModel> | undefined, base: CardModel, argument: string): CardModel {
  if (input === undefined) return base;
  const record = expectRecord(input, argument, 'a card model ({ reduceSecondsPerByte, injectionBandwidth })');
  rejectUnknownKeys(record, CARD_KEYS, argument);
  const gamma = record['reduceSecondsPerByte'] === undefined
    ? base.reduceSecondsPerByte
    : nonNegativeFinite(record['reduceSecondsPerByte'], `${argument}.reduceSecondsPerByte`, 'seconds per byte');
  let injection = base.injectionBandwidth;
  const given = record['injectionBandwidth'];
  if (given === Infinity) injection = undefined;
  else if (given !== undefined) injection = bandwidthValue(given, `${argument}.injectionBandwidth`, 'bytes per second, or Infinity for no limit');
  return Object.freeze(injection === undefined ? { reduceSecondsPerByte: gamma } : { reduceSecondsPerByte: gamma, injectionBandwidth: injection });
}
