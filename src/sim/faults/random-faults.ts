/**
 * Seeded random fault plans, for soak runs: faults arrive on every Up link
 * (and, if asked, every card) as independent Poisson processes at a rate per
 * link-hour of simulated time — the way failure rates are quoted for
 * hardware (failures per device-hour; FIT = failures per 10⁹ hours) — over
 * the first `seconds` of a run. The same seed on the same topology always
 * gives the same plan.
 *
 * Each link fault is, by the weights of `mix`: down for good; a retraining
 * (`Training` for an exponentially distributed time of mean
 * `meanOutageSeconds`); or a lost lane (Up at `bandwidthFactor` of its
 * bandwidth, for good). Random numbers: Mulberry32 (Tommy Ettinger, public
 * domain), a small 32-bit generator: statistically good enough to choose
 * faults, and nothing more is asked of it. Inter-arrival times by
 * inversion, −ln(1 − u) / λ.
 */
import { invalidArgumentError } from '../../errors.js';
import { LinkState, type Link } from '../../link.js';
import { integerInRange, nonNegativeFinite, positiveFinite, rejectUnknownKeys, expectRecord } from '../../network/validate.js';
import { MAX_FAULTS, type FaultSpec } from './fault-plan.js';

/** Relative weights of the kinds of link fault (any non-negative numbers, not all 0). */
export interface RandomFaultMix {
  /** Down for good. */
  readonly down?: number;
  /** Training for a while, then back (mean `meanOutageSeconds`). */
  readonly temporary?: number;
  /** A lane lost: Up at `bandwidthFactor` of the bandwidth, for good. */
  readonly degraded?: number;
}

/** What `randomFaults` draws. */
export interface RandomFaultOptions {
  /** Seed, an integer 0 … 2³² − 1: the same seed gives the same faults. */
  readonly seed: number;
  /** Mean faults per Up link per hour of simulated time. */
  readonly ratePerLinkHour: number;
  /** Faults are drawn in [0, seconds) of simulated time. */
  readonly seconds: number;
  /** Mean card failures per card per hour (default 0: none). */
  readonly cardRatePerHour?: number;
  /** Weights of the kinds of link fault (default 1 each). */
  readonly mix?: RandomFaultMix;
  /** Mean seconds a temporary fault lasts (default seconds / 10). */
  readonly meanOutageSeconds?: number;
  /** Bandwidth a degraded link keeps, 0 < f < 1 (default 0.75: one lane of four lost). */
  readonly bandwidthFactor?: number;
}

const OPTION_KEYS = ['seed', 'ratePerLinkHour', 'seconds', 'cardRatePerHour', 'mix', 'meanOutageSeconds', 'bandwidthFactor'] as const;
const MIX_KEYS = ['down', 'temporary', 'degraded'] as const;

/**
 * A random fault plan for `topology` (a Topology or a Network), sorted by
 * time. INVALID_ARGUMENT for a bad option, or when the rates would expect
 * more than MAX_FAULTS / 2 faults.
 *
 * @example
 * ```ts
 * const { randomFaults } = await import('spanker-scheduler');
 * // About one fault per link per millisecond, over the first 50 µs of the run.
 * const faults = randomFaults(topo, { seed: 7, ratePerLinkHour: 3.6e6, seconds: 50e-6 });
 * try {
 *   console.log(topo.allReduce(cards, 'sum', { faults }).faults);
 * } catch (error) {
 *   if (!(error instanceof SpankerError)) throw error;
 *   console.log(error.code, error.time, error.step); // LINK_DOWN, CARD_FAILED or TIMEOUT
 * }
 * ```
 */
export function randomFaults(topology: { readonly nSails: number; readonly links: readonly Link[] }, options: RandomFaultOptions): FaultSpec[] {
  const o = expectRecord(options, 'options', 'random fault options ({ seed, ratePerLinkHour, seconds, … })');
  rejectUnknownKeys(o, OPTION_KEYS, 'options');
  const seed = integerInRange(o['seed'], 0, 2 ** 32 - 1, 'options.seed', 'a seed');
  const linkRate = nonNegativeFinite(o['ratePerLinkHour'], 'options.ratePerLinkHour', 'faults per link per hour') / 3600;
  const cardRate = nonNegativeFinite(o['cardRatePerHour'] ?? 0, 'options.cardRatePerHour', 'failures per card per hour') / 3600;
  const seconds = positiveFinite(o['seconds'], 'options.seconds', 'seconds of simulated time');
  const meanOutage = positiveFinite(o['meanOutageSeconds'] ?? seconds / 10, 'options.meanOutageSeconds', 'seconds');
  const factor = o['bandwidthFactor'] ?? 0.75;
  if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) {
    throw invalidArgumentError('options.bandwidthFactor', `expected 0 < f < 1, got ${String(factor)}`, String(factor));
  }
  const mixInput = expectRecord(o['mix'] ?? {}, 'options.mix', 'weights ({ down, temporary, degraded })');
  rejectUnknownKeys(mixInput, MIX_KEYS, 'options.mix');
  const weights = MIX_KEYS.map((k) => nonNegativeFinite(mixInput[k] ?? 1, `options.mix.${k}`, 'a weight'));
  const totalWeight = weights[0]! + weights[1]! + weights[2]!;
  if (!(totalWeight > 0)) throw invalidArgumentError('options.mix', 'at least one weight must be above 0');

  const links = topology.links.map((l, id) => ({ l, id })).filter(({ l }) => l.state === LinkState.Up);
  const expected = (linkRate * links.length + cardRate * topology.nSails) * seconds;
  if (expected > MAX_FAULTS / 2) {
    throw invalidArgumentError('options.ratePerLinkHour', `these rates expect ${Math.round(expected)} faults in ${seconds} s, more than the ${MAX_FAULTS / 2} a plan may expect`, expected);
  }

  const random = mulberry32(seed);
  const exponential = (rate: number) => -Math.log(1 - random()) / rate;
  const drawn: { at: number; order: number; fault: FaultSpec }[] = [];
  for (const { l } of links) {
    if (linkRate === 0) break;
    for (let at = exponential(linkRate); at < seconds; at += exponential(linkRate)) {
      const link = [l.localSail, l.remoteSail] as const;
      const u = random() * totalWeight;
      const fault: FaultSpec = u < weights[0]!
        ? { at, link }
        : u < weights[0]! + weights[1]!
          ? { at, link, becomes: 'Training', for: exponential(1 / meanOutage) }
          : { at, link, bandwidthFactor: factor };
      drawn.push({ at, order: drawn.length, fault });
    }
  }
  for (let card = 0; card < topology.nSails && cardRate > 0; card++) {
    for (let at = exponential(cardRate); at < seconds; at += exponential(cardRate)) drawn.push({ at, order: drawn.length, fault: { at, card } });
  }
  if (drawn.length > MAX_FAULTS) throw invalidArgumentError('options.ratePerLinkHour', `drew ${drawn.length} faults, more than MAX_FAULTS (${MAX_FAULTS})`, drawn.length);
  return drawn.sort((a, b) => a.at - b.at || a.order - b.order).map((d) => d.fault);
}

/** Mulberry32: a 32-bit state, uniform floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
