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
 * resolved faults with link ids, and a cache key. Every mistake is an
 * INVALID_ARGUMENT naming its path (`faults[2].link`), before any work.
 */
import { invalidArgumentError } from '../../errors.js';
import { LinkState } from '../../link.js';
import type { Network } from '../../network/network.js';
import { expectRecord, integerInRange, isRecord, positiveFinite, rejectUnknownKeys, show } from '../../network/validate.js';

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

/**
 * The fault plan of an options object (its `faults`, `onFault` and
 * `timeout`), checked against `network`; undefined when there is nothing to
 * simulate (no faults and no timeout). INVALID_ARGUMENT naming the path of
 * the first mistake.
 */
export function resolveFaultPlan(options: unknown, network: Network): FaultPlan | undefined {
  if (!isRecord(options)) return undefined;
  const onFault = options['onFault'] ?? 'reroute';
  if (onFault !== 'reroute' && onFault !== 'abort') {
    throw invalidArgumentError('onFault', `expected 'reroute' or 'abort', got ${show(onFault)}`, show(onFault));
  }
  const timeout = options['timeout'] === undefined ? Infinity : positiveFinite(options['timeout'], 'timeout', 'seconds of simulated time');
  const input = options['faults'] ?? [];
  if (!Array.isArray(input)) throw invalidArgumentError('faults', `expected an array of faults, got ${show(input)}`, show(input));
  if (input.length > MAX_FAULTS) throw invalidArgumentError('faults', `at most ${MAX_FAULTS} faults, got ${input.length}`, input.length);
  const faults = input.map((fault, index) => resolveFault(fault, index, network));
  if (faults.length === 0 && timeout === Infinity) return undefined;
  const key = `${onFault}|${timeout}|${faults.map((f) => `${f.link},${f.card}@${f.at},${f.step}:${f.becomes}+${f.duration}x${f.bandwidthFactor}`).join(';')}`;
  return Object.freeze({ faults: Object.freeze(faults), onFault, timeout, key });
}

function resolveFault(value: unknown, index: number, network: Network): ResolvedFault {
  const path = `faults[${index}]`;
  const record = expectRecord(value, path, 'a fault ({ at, link | card, becomes?, for?, bandwidthFactor? })');
  rejectUnknownKeys(record, FAULT_KEYS, path);

  const when = record['at'];
  let at = NaN;
  let step = -1;
  if (isRecord(when)) {
    rejectUnknownKeys(when, ['step'], `${path}.at`);
    step = integerInRange(when['step'], 0, 2 ** 31 - 1, `${path}.at.step`, 'a step number');
  } else if (typeof when === 'number' && Number.isFinite(when) && when >= 0) {
    at = when === 0 ? 0 : when;
  } else {
    throw invalidArgumentError(`${path}.at`, `expected seconds from the start (a finite number ≥ 0) or { step: k }, got ${show(when)}`, show(when));
  }

  const hasLink = record['link'] !== undefined;
  const hasCard = record['card'] !== undefined;
  if (hasLink === hasCard) {
    throw invalidArgumentError(path, hasLink ? 'give link or card, not both' : 'expected link: [from, to] or card: n');
  }
  const duration = record['for'] === undefined ? Infinity : positiveFinite(record['for'], `${path}.for`, 'seconds');
  const factorValue = record['bandwidthFactor'];
  let bandwidthFactor = 1;
  if (factorValue !== undefined) {
    if (typeof factorValue !== 'number' || !(factorValue > 0 && factorValue < 1)) {
      throw invalidArgumentError(`${path}.bandwidthFactor`, `expected the fraction of bandwidth left, 0 < f < 1 (a lost lane of four: 0.75), got ${show(factorValue)}`, show(factorValue));
    }
    bandwidthFactor = factorValue;
  }
  const stateValue = record['becomes'];
  if (stateValue !== undefined && !FAULT_STATES.includes(stateValue as FaultState)) {
    throw invalidArgumentError(`${path}.becomes`, `expected ${FAULT_STATES.map((s) => `'${s}'`).join(', ')}, got ${show(stateValue)}`, show(stateValue));
  }
  if (stateValue !== undefined && factorValue !== undefined) {
    throw invalidArgumentError(`${path}.becomes`, 'a degraded link (bandwidthFactor) stays Up: give becomes or bandwidthFactor, not both', show(stateValue));
  }

  if (hasCard) {
    const card = integerInRange(record['card'], 0, network.nSails - 1, `${path}.card`, 'a card id');
    for (const key of ['becomes', 'for', 'bandwidthFactor'] as const) {
      if (record[key] !== undefined) throw invalidArgumentError(`${path}.${key}`, 'a card fault stops the card for good: it takes only at and card', show(record[key]));
    }
    return Object.freeze({ index, link: -1, card, at, step, becomes: LinkState.Down, duration: Infinity, bandwidthFactor: 1 });
  }

  const ends = record['link'];
  if (!Array.isArray(ends) || ends.length !== 2) {
    throw invalidArgumentError(`${path}.link`, `expected [from, to] (node ids of a directed link), got ${show(ends)}`, show(ends));
  }
  const last = network.nNodes - 1;
  const from = integerInRange(ends[0], 0, last, `${path}.link[0]`, 'a node id');
  const to = integerInRange(ends[1], 0, last, `${path}.link[1]`, 'a node id');
  const link = network.linkIndex(from, to);
  if (link === undefined) {
    throw invalidArgumentError(`${path}.link`, `no link ${from}→${to} in this ${network.kind} network of ${network.nSails} cards and ${network.nSwitches} switches`, `${from}→${to}`);
  }
  const becomes = bandwidthFactor < 1 ? LinkState.Up : ((stateValue as FaultState | undefined) ?? LinkState.Down);
  return Object.freeze({ index, link, card: -1, at, step, becomes, duration, bandwidthFactor });
}
