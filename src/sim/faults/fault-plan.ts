/**
 * Fault plans: links and cards that fail during a simulated collective, and
 * their validation against the network they are meant for.
 *
 * A fault strikes at a simulated time (seconds from the collective's start)
 * or at a step: `{ step: k }` is the moment the first message of step k is
 * ready to leave its card (steps are not barriers, so this is when step k
 * begins; where that message need not queue, it is when it starts sending).
 * A link fault makes a directed link `Down`, `Error` or `Training` — for
 * good, or `for` some seconds (a retraining) — or, with `bandwidthFactor`,
 * leaves it Up at a fraction of its bandwidth (a lost lane: × 3/4). A card
 * fault stops the card: its data is lost, and the collective fails with
 * CARD_FAILED if it had not finished (never rerouted).
 *
 * What a fault does to the messages is the simulator's business
 * (fault-simulate.ts); this file only turns what a user wrote into checked,
 * resolved faults with link ids, and a cache key, in two stages: reading
 * the user's values once with the other options (readFaultOptions), then
 * checking them against the network (resolveFaultPlan). Every mistake is an
 * INVALID_ARGUMENT naming its path (`faults[2].link`), before any work.
 */
import { argumentThrewError, describeKind, invalidArgumentError } from '../../errors.js';
import { LinkState } from '../../link.js';
import type { Network } from '../../network/network.js';
import { integerInRange, positiveFinite } from '../../network/validate.js';
import { readOptionRecord } from '../../option-record.js';

/** The state a link fault leaves its link in (only Up links carry data). */
export type FaultState = 'Down' | 'Error' | 'Training';

/** What a collective does when a fault stops a message: go around it (default) or fail at once. */
export type OnFault = 'reroute' | 'abort';

/**
 * One fault of a fault plan (`options.faults`).
 *
 * @example
 * ```ts
 * // Link 2→3 goes down 10 µs into the run; link 1→2 retrains for 20 µs when step 4 begins;
 * // link 0→1 loses a lane (3/4 of its bandwidth) from the start.
 * const report = topo.allReduce(cards, 'sum', { faults: [
 *   { at: 10e-6, link: [2, 3] },
 *   { at: { step: 4 }, link: [1, 2], becomes: 'Training', for: 20e-6 },
 *   { at: 0, link: [0, 1], bandwidthFactor: 0.75 },
 * ] });
 * console.log(`${report.faults?.addedSeconds} s added, ${report.faults?.resentBytes} bytes resent`);
 * ```
 */
export interface FaultSpec {
  /**
   * When it strikes: seconds of simulated time from the collective's start,
   * or `{ step: k }`, the moment the first message of step k is ready to
   * leave its card. A fault the run never reaches (a time after its end, a
   * step it does not have) does nothing, and the report says so.
   */
  readonly at: number | {
    /** The step (0-based) whose beginning the fault strikes at. */
    readonly step: number;
  };
  /** The directed link `[from, to]` (node ids) that fails. Give `link` or `card`, not both. */
  readonly link?: readonly [from: number, to: number];
  /** The card that stops (its data is lost: CARD_FAILED if the collective had not finished). */
  readonly card?: number;
  /** The link's state from then on (default `'Down'`); not with `bandwidthFactor` (a degraded link stays Up). */
  readonly becomes?: FaultState;
  /** Seconds until the link is back as it was (default: for good). Messages that need it wait. */
  readonly for?: number;
  /** The link stays Up at this fraction of its bandwidth, 0 < f < 1 (a lost lane of four: 0.75). */
  readonly bandwidthFactor?: number;
}

/** The fault options every collective and estimate takes (see CollectiveOptions). */
export interface FaultOptions {
  /** Faults during the run (forces the event simulation). */
  readonly faults?: readonly FaultSpec[];
  /** What a fault that stops a message does: `'reroute'` (default) or `'abort'`. */
  readonly onFault?: OnFault;
  /** Seconds of simulated time the collective may take; past them it fails with TIMEOUT. */
  readonly timeout?: number;
}

/** A checked fault, with its link resolved to an id. */
export interface ResolvedFault {
  /** Position in `options.faults`. */
  readonly index: number;
  /** The failing link's id, or −1 for a card fault. */
  readonly link: number;
  /** The failing card, or −1 for a link fault. */
  readonly card: number;
  /** Seconds from the start, or NaN for a step fault. */
  readonly at: number;
  /** The step whose beginning triggers it, or −1 for a timed fault. */
  readonly step: number;
  /** The link's state while the fault lasts: Up for a degraded link. */
  readonly becomes: LinkState;
  /** Seconds it lasts; Infinity: for good. */
  readonly duration: number;
  /** Fraction of the bandwidth left: 1 unless the link is degraded. */
  readonly bandwidthFactor: number;
}

/** A checked fault plan. */
export interface FaultPlan {
  readonly faults: readonly ResolvedFault[];
  readonly onFault: OnFault;
  /** Seconds of simulated time the collective may take (Infinity: no limit). */
  readonly timeout: number;
  /** Identifies the plan in the planner's cache. */
  readonly key: string;
}

/** Most faults one plan may hold. */
export const MAX_FAULTS = 100_000;

const FAULT_KEYS = ['at', 'link', 'card', 'becomes', 'for', 'bandwidthFactor'] as const;
const FAULT_STATES: readonly FaultState[] = ['Down', 'Error', 'Training'];

/** A fault as read from the user's object, once: its types checked, its link and card not yet checked against a network. */
export interface ReadFault {
  readonly index: number;
  /** Seconds, or NaN for a step fault. */
  readonly at: number;
  /** The triggering step, or −1 for a timed fault. */
  readonly step: number;
  /** The link's ends as given (link faults). */
  readonly link?: readonly [from: unknown, to: unknown];
  /** The card as given (card faults). */
  readonly card?: unknown;
  readonly becomes: LinkState;
  readonly duration: number;
  readonly bandwidthFactor: number;
}

/** The fault options of one call, read once (see readFaultOptions). */
export interface FaultInput {
  readonly faults: readonly ReadFault[];
  readonly onFault: OnFault;
  /** Seconds; Infinity: no limit. */
  readonly timeout: number;
}

/**
 * Read the fault options (`faults`, `onFault`, `timeout` as read from the
 * options object) into plain data, reading each value the user supplied
 * exactly once — array elements by index, records by key
 * (option-record.ts) — and checking everything that does not depend on the
 * network. Undefined when there is nothing to simulate (no faults, no
 * timeout). INVALID_ARGUMENT naming the path of the first mistake.
 */
export function readFaultOptions(faults: unknown, onFault: unknown, timeout: unknown): FaultInput | undefined {
  const policy = onFault ?? 'reroute';
  if (policy !== 'reroute' && policy !== 'abort') {
    throw invalidArgumentError('onFault', `expected 'reroute' or 'abort', got ${describeKind(policy)}`, policy);
  }
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)) {
    throw invalidArgumentError('timeout', `expected seconds of simulated time, a finite number > 0, got ${describeKind(timeout)}`, timeout);
  }
  const list: ReadFault[] = [];
  if (faults !== undefined) {
    if (!isArray(faults, 'faults')) throw invalidArgumentError('faults', `expected an array of faults, got ${describeKind(faults)}`, faults);
    const length = read(() => (faults as unknown[]).length, 'faults');
    if (length > MAX_FAULTS) throw invalidArgumentError('faults', `at most ${MAX_FAULTS} faults, got ${length}`, length);
    for (let index = 0; index < length; index++) list.push(readFault(read(() => (faults as unknown[])[index], `faults[${index}]`), index));
  }
  if (list.length === 0 && timeout === undefined) return undefined;
  return Object.freeze({ faults: Object.freeze(list), onFault: policy, timeout: (timeout as number | undefined) ?? Infinity });
}

/**
 * The fault plan of `input` checked against `network` (node and card ids,
 * links that exist); undefined when there is nothing to simulate.
 */
export function resolveFaultPlan(input: FaultInput | undefined, network: Network): FaultPlan | undefined {
  if (input === undefined) return undefined;
  const faults = input.faults.map((f) => resolveFault(f, network));
  const { onFault, timeout } = input;
  const key = `${onFault}|${timeout}|${faults.map((f) => `${f.link},${f.card}@${f.at},${f.step}:${f.becomes}+${f.duration}x${f.bandwidthFactor}`).join(';')}`;
  return Object.freeze({ faults: Object.freeze(faults), onFault, timeout, key });
}

/** Run a read of the user's data; a getter or proxy trap that throws is INVALID_ARGUMENT naming what was read. */
function read<T>(get: () => T, argument: string): T {
  try {
    return get();
  } catch (cause) {
    throw argumentThrewError(argument, cause);
  }
}

function isArray(value: unknown, argument: string): value is unknown[] {
  return read(() => Array.isArray(value), argument);
}

function isPlainRecord(value: unknown, argument: string): boolean {
  return typeof value === 'object' && value !== null && !isArray(value, argument);
}

function readFault(value: unknown, index: number): ReadFault {
  const path = `faults[${index}]`;
  if (!isPlainRecord(value, path)) throw invalidArgumentError(path, `expected a fault ({ at, link | card, becomes?, for?, bandwidthFactor? }), got ${describeKind(value)}`, value);
  const record = readOptionRecord(value, FAULT_KEYS, path)!;

  const when = record.at;
  let at = NaN;
  let step = -1;
  if (isPlainRecord(when, `${path}.at`)) {
    const stepValue = readOptionRecord(when, ['step'] as const, `${path}.at`)!.step;
    if (typeof stepValue !== 'number' || !Number.isInteger(stepValue) || stepValue < 0 || stepValue > 2 ** 31 - 1) {
      throw invalidArgumentError(`${path}.at.step`, `expected a step number: an integer in 0..${2 ** 31 - 1}, got ${describeKind(stepValue)}`, stepValue);
    }
    step = stepValue;
  } else if (typeof when === 'number' && Number.isFinite(when) && when >= 0) {
    at = when === 0 ? 0 : when;
  } else {
    throw invalidArgumentError(`${path}.at`, `expected seconds from the start (a finite number ≥ 0) or { step: k }, got ${describeKind(when)}`, when);
  }

  const hasLink = record.link !== undefined;
  const hasCard = record.card !== undefined;
  if (hasLink === hasCard) {
    throw invalidArgumentError(path, hasLink ? 'give link or card, not both' : 'expected link: [from, to] or card: n');
  }
  const duration = record.for === undefined ? Infinity : positiveFinite(record.for, `${path}.for`, 'seconds');
  const factorValue = record.bandwidthFactor;
  let bandwidthFactor = 1;
  if (factorValue !== undefined) {
    if (typeof factorValue !== 'number' || !(factorValue > 0 && factorValue < 1)) {
      throw invalidArgumentError(`${path}.bandwidthFactor`, `expected the fraction of bandwidth left, 0 < f < 1 (a lost lane of four: 0.75), got ${describeKind(factorValue)}`, factorValue);
    }
    bandwidthFactor = factorValue;
  }
  const stateValue = record.becomes;
  if (stateValue !== undefined && !FAULT_STATES.includes(stateValue as FaultState)) {
    throw invalidArgumentError(`${path}.becomes`, `expected ${FAULT_STATES.map((state) => `'${state}'`).join(', ')}, got ${describeKind(stateValue)}`, stateValue);
  }
  if (stateValue !== undefined && factorValue !== undefined) {
    throw invalidArgumentError(`${path}.becomes`, 'a degraded link (bandwidthFactor) stays Up: give becomes or bandwidthFactor, not both', stateValue);
  }

  if (hasCard) {
    for (const key of ['becomes', 'for', 'bandwidthFactor'] as const) {
      if (record[key] !== undefined) throw invalidArgumentError(`${path}.${key}`, 'a card fault stops the card for good: it takes only at and card', record[key]);
    }
    return Object.freeze({ index, at, step, card: record.card, becomes: LinkState.Down, duration: Infinity, bandwidthFactor: 1 });
  }
  const ends = record.link;
  const length = isArray(ends, `${path}.link`) ? read(() => ends.length, `${path}.link`) : -1;
  if (length !== 2) throw invalidArgumentError(`${path}.link`, `expected [from, to] (node ids of a directed link), got ${describeKind(ends)}`, ends);
  const link = Object.freeze([read(() => (ends as unknown[])[0], `${path}.link[0]`), read(() => (ends as unknown[])[1], `${path}.link[1]`)] as const);
  const becomes = bandwidthFactor < 1 ? LinkState.Up : ((stateValue as FaultState | undefined) ?? LinkState.Down);
  return Object.freeze({ index, at, step, link, becomes, duration, bandwidthFactor });
}

function resolveFault(fault: ReadFault, network: Network): ResolvedFault {
  const path = `faults[${fault.index}]`;
  const { index, at, step, becomes, duration, bandwidthFactor } = fault;
  if (fault.link === undefined) {
    const card = integerInRange(fault.card, 0, network.nSails - 1, `${path}.card`, 'a card id');
    return Object.freeze({ index, link: -1, card, at, step, becomes, duration, bandwidthFactor });
  }
  const last = network.nNodes - 1;
  const from = integerInRange(fault.link[0], 0, last, `${path}.link[0]`, 'a node id');
  const to = integerInRange(fault.link[1], 0, last, `${path}.link[1]`, 'a node id');
  const link = network.linkIndex(from, to);
  if (link === undefined) {
    throw invalidArgumentError(`${path}.link`, `no link ${from}→${to} in this ${network.kind} network of ${network.nSails} cards and ${network.nSwitches} switches`, `${from}→${to}`);
  }
  return Object.freeze({ index, link, card: -1, at, step, becomes, duration, bandwidthFactor });
}
