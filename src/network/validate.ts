/**
 * Argument checks shared by the network model: link and card models, shape
 * builders, `Network.withLink` and the JSON topology reader.
 *
 * Every check throws INVALID_ARGUMENT naming the argument by its path (for
 * example `spec.links[3].to` or `link.bandwidth`), saying what was given and
 * what is allowed. Nothing is clamped or coerced: a user's typo is an error,
 * never a silently different network.
 */
import { didYouMean } from '../did-you-mean.js';
import { describeKind, invalidArgumentError } from '../errors.js';

/** A plain object value (not null, not an array): the shape of every options object and JSON record. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as it should appear in a message: strings quoted, numbers as written, objects by kind. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Throws unless `value` is a plain object; `what` describes it ("the link model"). */
export function expectRecord(value: unknown, argument: string, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw invalidArgumentError(argument, `expected ${what} as an object, got ${describeKind(value)}`, value);
  return value;
}

/**
 * Throws on the first own key of `record` not in `allowed` — a misspelt
 * option (`bandwith`) must not silently fall back to a default.
 */
export function rejectUnknownKeys(record: Record<string, unknown>, allowed: readonly string[], argument: string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw invalidArgumentError(`${argument}.${key}`, `unknown key ${JSON.stringify(key)} (allowed keys: ${allowed.join(', ')})${didYouMean(key, allowed)}`, key);
    }
  }
}

/** A finite number > 0 (lane rates). */
export function positiveFinite(value: unknown, argument: string, unit: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidArgumentError(argument, `expected a finite number > 0 (${unit}), got ${show(value)}`, value);
  }
  return value;
}

/**
 * Smallest bandwidth a link or a card's injection limit may have: 1 byte per
 * second. Any finite number > 0 is not enough: at 5e-324 B/s a single byte
 * takes 1/5e-324 = Infinity seconds, and every simulated time is Infinity.
 * At 1 B/s the largest size the library accepts (2⁵³ bytes) takes 2⁵³ s,
 * finite, and so is any sum of such times over a schedule.
 */
export const MIN_BANDWIDTH = 1;

/** A bandwidth in bytes per second: finite and ≥ MIN_BANDWIDTH (1 B/s). */
export function bandwidthValue(value: unknown, argument: string, unit = 'bytes per second'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_BANDWIDTH) {
    throw invalidArgumentError(argument, `expected a finite number ≥ ${MIN_BANDWIDTH} (${unit}; below it times overflow to Infinity), got ${show(value)}`, value);
  }
  return value;
}

/** A finite number ≥ 0 (latencies, seconds per byte); −0 comes back as +0, as JSON would write it. */
export function nonNegativeFinite(value: unknown, argument: string, unit: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidArgumentError(argument, `expected a finite number ≥ 0 (${unit}), got ${show(value)}`, value);
  }
  return value === 0 ? 0 : value;
}

/** An integer in `min … max` inclusive; `what` names the quantity ("card count", "node id"). */
export function integerInRange(value: unknown, min: number, max: number, argument: string, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArgumentError(argument, `expected ${what}: an integer in ${min}..${max}, got ${show(value)}`, value);
  }
  return value;
}
