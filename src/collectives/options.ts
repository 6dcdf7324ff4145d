/**
 * The options every collective and every estimate declares, their types per
 * collective, and their validation.
 *
 * Options are read once (src/option-record.ts): a key a call does not
 * declare is INVALID_ARGUMENT naming it, the accepted keys and the nearest
 * one, never a silent default. Values are then checked here, all before any
 * byte is written.
 */
import { arrayName, assertDType, bytesPerElement, type DType } from '../dtype.js';
import { didYouMean } from '../did-you-mean.js';
import { describeKind, invalidArgumentError } from '../errors.js';
import { readOptionRecord, type OptionValues } from '../option-record.js';
import { readReduction, checkReduction, type Reduction, type ReductionName } from '../reduce-op.js';
import type { Numerics, TimingMethod } from '../report.js';
import { readFaultOptions, type FaultInput, type FaultSpec, type OnFault } from '../sim/faults/fault-plan.js';
import type { AlgorithmChoice } from '../schedule/algorithm-names.js';
import { algorithmsFor } from '../schedule/registry.js';
import { COLLECTIVES, type CollectiveKind } from '../schedule/schedule.js';

/** Collectives that take a reduction op. */
export type ReducingCollective = 'allReduce' | 'reduce' | 'reduceScatter';
/** Collectives that take a root card. */
export type RootedCollective = 'broadcast' | 'reduce';

/** Whether `collective` takes a reduction op. */
export function isReducing(collective: CollectiveKind): collective is ReducingCollective {
  return collective === 'allReduce' || collective === 'reduce' || collective === 'reduceScatter';
}

/** Whether `collective` takes a root card. */
export function isRooted(collective: CollectiveKind): collective is RootedCollective {
  return collective === 'broadcast' || collective === 'reduce';
}

/**
 * Options every collective takes (its last argument); `C` narrows
 * `algorithm` to that collective's algorithms.
 *
 * @example
 * ```ts
 * topo.allReduce(cards, 'sum', { algorithm: 'ring', pipeline: 4, numerics: 'schedule' });
 * ```
 */
export interface CollectiveOptions<C extends CollectiveKind = CollectiveKind> {
  /**
   * `'auto'` (default): the algorithm with the least predicted time on this
   * topology (see Topology.algorithmTable). A name forces that algorithm; if
   * it cannot run here the collective fails, it is never replaced.
   */
  readonly algorithm?: AlgorithmChoice<C>;
  /**
   * `'canonical'` (default): results are bit-identical whatever the
   * algorithm — every reduction in card order 0, 1, …, n−1. `'schedule'`:
   * the data follows the algorithm's own reduction order, so floating-point
   * results show the rounding that order produces on real hardware.
   */
  readonly numerics?: Numerics;
  /**
   * Sub-chunks each message of a pipelined algorithm (ring, chain,
   * hierarchical, torus2d, doubleBinaryTree) is cut into, 1–4096. Absent
   * (default): the planner tries 1, 4, 16 and 64 (and deeper on more than
   * 1,024 cards) and keeps the fastest, as NCCL's tuner picks a chunk size
   * (src/sim/variants.ts). Other algorithms send whole messages: they run
   * unpipelined whatever is asked, and their reports say pipeline 1.
   */
  readonly pipeline?: number;
  /**
   * Rings that share the data in the ring algorithms (ring, chain,
   * hierarchical) — NCCL's channels — 1–64. Absent (default): the planner
   * tries 1, 2 and 4, as many as the network can run side by side. Other
   * algorithms have no rings to multiply: they run as they are, and their
   * reports say channels 1.
   */
  readonly channels?: number;
  /**
   * Keep the per-message timeline in the report (default true). Reports keep
   * it only for schedules up to 200 000 messages.
   */
  readonly timeline?: boolean;
  /**
   * Links and cards that fail during the simulated run (see FaultSpec).
   * They are priced before any byte is written, always by the event
   * simulation; the data results are the same as without them. A message on
   * a link when it fails is lost and resent by its source; the report's
   * `faults` lists what happened and the time it added. When the faults
   * stop the collective (a card fails, no route survives, `onFault:
   * 'abort'`, the timeout passes) it throws LINK_DOWN, CARD_FAILED or
   * TIMEOUT naming the link or card, the simulated time and the step, and
   * every buffer is exactly as it was.
   */
  readonly faults?: readonly FaultSpec[];
  /**
   * What a fault that stops a message does: `'reroute'` (default) resends
   * or reroutes it around the failed link (waiting for a link that fails
   * `for` a while); `'abort'` fails the collective with LINK_DOWN at once.
   */
  readonly onFault?: OnFault;
  /**
   * Seconds of simulated time the collective may take (Gloo-style); past
   * them it fails with TIMEOUT naming the cards still waiting and on whom.
   * Default: no limit.
   */
  readonly timeout?: number;
  /**
   * The element type of the buffers, for plain arrays whose class holds
   * several: a `Uint16Array` holds f16 or bf16 bits (required then), a
   * `Uint8Array` u8 (the default) or FP8 bits. Every card's buffer (and
   * `recv`'s) must hold it: TYPE_MISMATCH names the first that does not.
   */
  readonly dtype?: DType;
}

/** Checked options (pipeline and channels undefined: the planner chooses). */
export interface ResolvedOptions {
  readonly algorithm: string;
  readonly numerics: Numerics;
  readonly pipeline: number | undefined;
  readonly channels: number | undefined;
  readonly timeline: boolean;
  /** The fault options as read (checked against the network when planning); undefined: none. */
  readonly faults: FaultInput | undefined;
}

/** What a call without options gets. */
export const DEFAULT_OPTIONS: ResolvedOptions = Object.freeze({ algorithm: 'auto', numerics: 'canonical', pipeline: undefined, channels: undefined, timeline: true, faults: undefined });

/** Most pipeline sub-chunks per segment. */
export const MAX_PIPELINE = 4096;
/** Most channels. */
export const MAX_CHANNELS = 64;

/** The keys of CollectiveOptions. */
export const COLLECTIVE_OPTION_KEYS = ['algorithm', 'numerics', 'pipeline', 'channels', 'timeline', 'faults', 'onFault', 'timeout'] as const;
type CollectiveOptionKey = (typeof COLLECTIVE_OPTION_KEYS)[number];

const algorithmNames = new Map<CollectiveKind, readonly string[]>();

/** The registry's algorithm names for `collective` (looked up once per collective). */
function namesOf(collective: CollectiveKind): readonly string[] {
  let names = algorithmNames.get(collective);
  if (names === undefined) {
    names = Object.freeze(algorithmsFor(collective).map((info) => info.name as string));
    algorithmNames.set(collective, names);
  }
  return names;
}

/** `'auto'` or one of the registry's algorithms for `collective`; anything else is INVALID_ARGUMENT. */
export function resolveAlgorithm(collective: CollectiveKind, value: unknown): string {
  if (value === undefined || value === 'auto') return 'auto';
  const names = namesOf(collective);
  if (typeof value !== 'string') {
    throw invalidArgumentError('algorithm', `expected 'auto' or an algorithm name (${names.join(', ')}), got ${describeKind(value)}`, value);
  }
  if (!names.includes(value)) {
    throw invalidArgumentError('algorithm', `unknown algorithm ${JSON.stringify(value)} for ${collective} (available: auto, ${names.join(', ')})${didYouMean(value, names)}`, value);
  }
  return value;
}

/** Check option values read by readOptionRecord (undefined: no options given). */
export function resolveCollectiveOptions(collective: CollectiveKind, values: OptionValues<CollectiveOptionKey> | undefined): ResolvedOptions {
  if (values === undefined) return DEFAULT_OPTIONS;
  const algorithm = resolveAlgorithm(collective, values.algorithm);
  const numerics = values.numerics ?? 'canonical';
  if (numerics !== 'canonical' && numerics !== 'schedule') {
    throw invalidArgumentError('numerics', `expected 'canonical' or 'schedule', got ${describeKind(numerics)}`, numerics);
  }
  const pipeline = resolveCount(values.pipeline, 'pipeline', MAX_PIPELINE);
  const channels = resolveCount(values.channels, 'channels', MAX_CHANNELS);
  const timeline = resolveTimeline(values.timeline);
  const faults = readFaultOptions(values.faults, values.onFault, values.timeout);
  if (algorithm === 'auto' && numerics === 'canonical' && pipeline === undefined && channels === undefined && timeline && faults === undefined) return DEFAULT_OPTIONS;
  return { algorithm, numerics, pipeline, channels, timeline, faults };
}

/** An integer 1..max, or undefined when absent (the planner chooses). */
function resolveCount(value: unknown, argument: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalidArgumentError(argument, `expected an integer 1..${max}, got ${describeKind(value)}`, value);
  }
  return value;
}

function resolveTimeline(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') throw invalidArgumentError('timeline', `expected true or false, got ${describeKind(value)}`, value);
  return value;
}

/**
 * The root card: `undefined` means card 0; anything else must be an integer
 * card index of type number (MPI's ERR_ROOT). `'1'`, `null`, `1.5` and
 * `true` are errors that say what was received and its type — never coerced.
 */
export function resolveRoot(root: unknown, nSails: number): number {
  if (root === undefined) return 0;
  if (typeof root !== 'number' || !Number.isInteger(root) || root < 0 || root >= nSails) {
    const what = typeof root === 'number' ? `root ${root} is not a card` : `got ${describeKind(root)}`;
    throw invalidArgumentError('root', `${what}: expected an integer (a number) 0..${nSails - 1}`, root);
  }
  return root;
}

/** The common part of an estimate request. */
export interface EstimateRequestBase<C extends CollectiveKind> {
  /** nccl-tests' size S in bytes (the whole array for AllGather, ReduceScatter and AllToAll). */
  readonly bytes: number;
  /** `'auto'` (default: the least predicted time) or an algorithm name of this collective. */
  readonly algorithm?: AlgorithmChoice<C>;
  /** Element type (default 'f32'): sets the element count S is split into. */
  readonly dtype?: DType;
  /**
   * Sub-chunks each message of a pipelined algorithm (ring, chain,
   * hierarchical, torus2d, doubleBinaryTree) is cut into, 1–4096. Absent
   * (default): the planner tries 1, 4, 16 and 64 (and deeper on more than
   * 1,024 cards) and keeps the fastest, as NCCL's tuner picks a chunk size
   * (src/sim/variants.ts). Other algorithms send whole messages: they run
   * unpipelined whatever is asked, and their reports say pipeline 1.
   */
  readonly pipeline?: number;
  /**
   * Rings that share the data in the ring algorithms (ring, chain,
   * hierarchical) — NCCL's channels — 1–64. Absent (default): the planner
   * tries 1, 2 and 4, as many as the network can run side by side. Other
   * algorithms have no rings to multiply: they run as they are, and their
   * reports say channels 1.
   */
  readonly channels?: number;
  /** `'auto'` (default): simulate the schedule when it is small enough, else the closed form. */
  readonly method?: TimingMethod | 'auto';
  /** Keep the per-message timeline in the report (default true; simulated estimates only). */
  readonly timeline?: boolean;
  /** Links and cards that fail during the run (as CollectiveOptions.faults; forces the event simulation). */
  readonly faults?: readonly FaultSpec[];
  /** What a fault that stops a message does (as CollectiveOptions.onFault). */
  readonly onFault?: OnFault;
  /** Seconds of simulated time the collective may take (as CollectiveOptions.timeout). */
  readonly timeout?: number;
}

/**
 * A timing-only request for collective `C`: no data, any card count.
 * Reducing collectives also take `op` (default 'sum'; it does not change the
 * time), rooted ones `root` (default 0); other keys are errors.
 */
export type EstimateRequest<C extends CollectiveKind = CollectiveKind> = C extends CollectiveKind
  ? EstimateRequestBase<C>
    & (C extends ReducingCollective ? {
      /** Reducing collectives: the op (default 'sum'; it does not change the time). */
      readonly op?: Reduction;
    } : unknown)
    & (C extends RootedCollective ? {
      /** Broadcast and Reduce: the root card (default 0). */
      readonly root?: number;
    } : unknown)
  : never;

/** An algorithm-table request: an estimate request without `algorithm` and `timeline` (the table prices every algorithm, without timelines). */
export type AlgorithmTableRequest<C extends CollectiveKind = CollectiveKind> = C extends CollectiveKind
  ? Omit<EstimateRequestBase<C>, 'algorithm' | 'timeline' | 'faults' | 'onFault' | 'timeout'>
    & (C extends ReducingCollective ? {
      /** Reducing collectives: the op (default 'sum'; it does not change the time). */
      readonly op?: Reduction;
    } : unknown)
    & (C extends RootedCollective ? {
      /** Broadcast and Reduce: the root card (default 0). */
      readonly root?: number;
    } : unknown)
  : never;

/** A checked estimate request. */
export interface EstimateInputs {
  readonly collective: CollectiveKind;
  /** nccl-tests' S, as given. */
  readonly bytes: number;
  /** NCCL count. */
  readonly count: number;
  readonly size: number;
  readonly dtype: DType;
  readonly root: number;
  /** The op's name, for reducing collectives. */
  readonly op: ReductionName | undefined;
  readonly options: ResolvedOptions;
  readonly method: TimingMethod | 'auto';
}

const ESTIMATE_KEYS = ['bytes', 'algorithm', 'dtype', 'pipeline', 'channels', 'method', 'timeline', 'faults', 'onFault', 'timeout'] as const;
/** Keys an algorithm table does not take: it prices every algorithm, without timelines or faults. */
const NOT_IN_TABLES: readonly string[] = ['algorithm', 'timeline', 'faults', 'onFault', 'timeout'];
type EstimateKey = (typeof ESTIMATE_KEYS)[number] | 'op' | 'root';

const keysByCall = new Map<string, readonly EstimateKey[]>();

function estimateKeys(collective: CollectiveKind, table: boolean): readonly EstimateKey[] {
  const id = `${collective}|${table}`;
  let keys = keysByCall.get(id);
  if (keys === undefined) {
    keys = [
      ...ESTIMATE_KEYS.filter((k) => !table || !NOT_IN_TABLES.includes(k)),
      ...(isReducing(collective) ? ['op' as const] : []),
      ...(isRooted(collective) ? ['root' as const] : []),
    ];
    keysByCall.set(id, keys);
  }
  return keys;
}

/**
 * Validate `Topology.estimate(collective, request)` (or, with `table`,
 * `algorithmTable`): the collective, then the request read once — unknown
 * keys (`op` on a non-reducing collective and `root` on an unrooted one
 * included), dtype, bytes, root, op, algorithm, pipeline, timeline, method.
 */
/** Largest S `estimate` prices: 2⁵⁰ bytes (1 PiB), far past any card's memory, with room to spare below 2⁵³. */
export const MAX_ESTIMATE_BYTES = 2 ** 50;

export function resolveEstimateRequest(collective: unknown, request: unknown, nSails: number, table = false): EstimateInputs {
  if (typeof collective !== 'string' || !(COLLECTIVES as readonly string[]).includes(collective)) {
    const given = typeof collective === 'string' ? `unknown collective ${JSON.stringify(collective)}${didYouMean(collective, COLLECTIVES)}` : `expected a collective name, got ${describeKind(collective)}`;
    throw invalidArgumentError('collective', `${given} (expected one of ${COLLECTIVES.join(', ')})`, collective);
  }
  const kind = collective as CollectiveKind;
  if (request === undefined) throw invalidArgumentError('request', 'expected { bytes, … }, got undefined', request);
  const values = readOptionRecord(request, estimateKeys(kind, table), 'request')!;
  const dtype = values.dtype ?? 'f32';
  assertDType(dtype);
  const size = bytesPerElement(dtype);
  // S → the NCCL count: S is one card's buffer, or n blocks of it (AllGather, ReduceScatter, AllToAll).
  const blocks = kind === 'allGather' || kind === 'reduceScatter' || kind === 'allToAll' ? nSails : 1;
  const bytes = values.bytes;
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0 || bytes % (blocks * size) !== 0) {
    const unit = `${blocks === 1 ? '' : `${nSails} cards × `}${size}-byte ${dtype} (${arrayName(dtype)})`;
    throw invalidArgumentError('bytes', `expected a non-negative integer multiple of ${blocks * size} (${unit}), got ${describeKind(bytes)}`, bytes);
  }
  if (bytes > MAX_ESTIMATE_BYTES) {
    throw invalidArgumentError('bytes', `at most 2^50 (${MAX_ESTIMATE_BYTES}) bytes can be priced, got ${bytes}`, bytes);
  }
  // Every element offset of a schedule (up to n·S elements for AllToAll's working buffer) must be exact in a float64.
  const offsets = kind === 'allToAll' ? (nSails * bytes) / size : bytes / size;
  if (offsets > Number.MAX_SAFE_INTEGER) {
    throw invalidArgumentError('bytes', `${bytes} bytes on ${nSails} cards needs element offsets up to ${offsets}, beyond 2^53 where they stop being exact`, bytes);
  }
  const root = isRooted(kind) ? resolveRoot(values.root, nSails) : 0;
  const op = isReducing(kind) ? checkReduction(readReduction(values.op ?? 'sum', nSails), dtype).name : undefined;
  const method = values.method ?? 'auto';
  if (method !== 'auto' && method !== 'simulate' && method !== 'analytic') {
    const given = typeof method === 'string' ? `unknown method ${JSON.stringify(method)}${didYouMean(method, ['auto', 'simulate', 'analytic'])}` : `got ${describeKind(method)}`;
    throw invalidArgumentError('method', `${given} (expected 'auto', 'simulate' or 'analytic')`, method);
  }
  const options = resolveCollectiveOptions(kind, {
    algorithm: values.algorithm, numerics: undefined, pipeline: values.pipeline, channels: values.channels, timeline: values.timeline,
    faults: values.faults, onFault: values.onFault, timeout: values.timeout,
  });
  return { collective: kind, bytes, count: bytes / (blocks * size), size, dtype, root, op, options, method };
}
