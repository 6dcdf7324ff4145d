/**
 * The one error type of spanker-scheduler.
 *
 * Every failure the library raises is a `SpankerError` with a machine-readable
 * `code` and the structured fields that code carries (`sail`, `expected`,
 * `actual`, `argument`, `cause`). Messages for the codes the original Rust
 * crate had (NoSails, TopologyMismatch, ShapeMismatch, NotImplemented,
 * Runtime) are the crate's messages, word for word.
 *
 * Contract: a collective validates every argument before it writes a byte, so
 * after any `SpankerError` every buffer holds exactly what it held before.
 */
import { formatSeconds } from './format-seconds.js';
import { typedArrayTag } from './typed-array-intrinsics.js';

/** What went wrong, as a stable string users can switch on. */
export type SpankerErrorCode =
  /** No cards: enumeration found none, or a topology of 0 cards was asked for. */
  | 'NO_SAILS'
  /** A collective got buffers for a different number of cards (`expected`, `actual`). */
  | 'TOPOLOGY_MISMATCH'
  /** One card's buffer has the wrong element count (`sail`, `expected`, `actual`). */
  | 'SHAPE_MISMATCH'
  /** One card's buffer has the wrong element type (`sail`, `expected`, `actual`). */
  | 'TYPE_MISMATCH'
  /** The operation exists in the API but not on this backend yet. */
  | 'NOT_IMPLEMENTED'
  /** A device or runtime failure; the underlying error is kept in `cause`. */
  | 'RUNTIME'
  /** An argument is malformed or out of range (`argument` names it). */
  | 'INVALID_ARGUMENT'
  /** An object was used in a state that does not allow it (a freed CardBuffers, a detached typed array). */
  | 'INVALID_USAGE'
  /** A buffer cannot fit in kernel memory (wasm32: 4 GiB in all; `actual` the request, `expected` the largest free block, in bytes). */
  | 'OUT_OF_MEMORY'
  /**
   * Two cards must talk and every route between them crosses a link that is not Up (`from`, `to` name the link);
   * raised by a fault during a collective, also `time` and `step` (and with `onFault: 'abort'`, whenever a fault touches a message).
   */
  | 'LINK_DOWN'
  /** A card stopped during a collective (a fault plan's `card` fault): `sail`, `time`, `step`. Never rerouted: its data is lost. */
  | 'CARD_FAILED'
  /** The collective had not finished `timeout` seconds of simulated time after it started: `time`, `step`, `waiting`. */
  | 'TIMEOUT';

/** Structured fields; which ones are set depends on `code` (see SpankerErrorCode). */
export interface SpankerErrorDetails {
  /** Card index the problem is on. */
  readonly sail?: number;
  /** What was required (a count, a size in bytes, or a type name). */
  readonly expected?: number | string;
  /**
   * What was given: the value itself when it is a number or a string (so a
   * root of 8 is `8`, and a root of `'8'` is `'8'`), otherwise a short
   * description of it (`null`, `undefined`, `an object`, `an array`, …).
   */
  readonly actual?: number | string;
  /** Name of the offending argument, e.g. `"length"`, `"op"` or `"options.algoritm"`. */
  readonly argument?: string;
  /** The link's source node id, for LINK_DOWN. */
  readonly from?: number;
  /** The link's destination node id, for LINK_DOWN. */
  readonly to?: number;
  /** Simulated seconds from the collective's start when a fault struck or the timeout passed (LINK_DOWN from a fault, CARD_FAILED, TIMEOUT). */
  readonly time?: number;
  /** The schedule step the collective was in at `time` (the step of the message a fault stopped, or the earliest unfinished one). */
  readonly step?: number;
  /** TIMEOUT: every card still waiting for a message, and the cards it waits on. */
  readonly waiting?: readonly WaitingCard[];
}

/** A card still waiting when a collective timed out, and the cards whose messages it waits for. */
export interface WaitingCard {
  /** The waiting card. */
  readonly card: number;
  /** The cards whose messages to it had not arrived, ascending. */
  readonly on: readonly number[];
}

/**
 * The one error the library throws: `code` says what went wrong, the fields
 * of SpankerErrorDetails say where. After any SpankerError from a collective,
 * every buffer holds exactly what it held before.
 *
 * @example
 * ```ts
 * try {
 *   topo.allReduce(cards, 'sum');
 * } catch (error) {
 *   if (error instanceof SpankerError && error.code === 'LINK_DOWN') console.log(`link ${error.from}→${error.to} is ${error.actual}`);
 *   else throw error;
 * }
 * ```
 */
export class SpankerError extends Error implements SpankerErrorDetails {
  /** Always `'SpankerError'` (on the prototype, so it is not printed with the fields). */
  declare readonly name: 'SpankerError';
  /** What went wrong; switch on it (see SpankerErrorCode). */
  readonly code: SpankerErrorCode;
  // `declare`: no class-field initialisers, so a field that does not apply is
  // absent — not an own property holding undefined that every inspect prints.
  /** Card index the problem is on. */
  declare readonly sail?: number;
  /** What was required (a count, a size in bytes, or a type name). */
  declare readonly expected?: number | string;
  /** What was given (see SpankerErrorDetails.actual). */
  declare readonly actual?: number | string;
  /** Name of the offending argument. */
  declare readonly argument?: string;
  /** The link's source node id, for LINK_DOWN. */
  declare readonly from?: number;
  /** The link's destination node id, for LINK_DOWN. */
  declare readonly to?: number;
  /** Simulated seconds when a fault struck or the timeout passed. */
  declare readonly time?: number;
  /** The schedule step the collective was in at `time`. */
  declare readonly step?: number;
  /** TIMEOUT: the cards still waiting, and on whom. */
  declare readonly waiting?: readonly WaitingCard[];

  constructor(code: SpankerErrorCode, message: string, details: SpankerErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    const fields = this as { -readonly [K in keyof SpankerErrorDetails]: SpankerErrorDetails[K] };
    if (details.sail !== undefined) fields.sail = details.sail;
    if (details.expected !== undefined) fields.expected = details.expected;
    if (details.actual !== undefined) fields.actual = details.actual;
    if (details.argument !== undefined) fields.argument = details.argument;
    if (details.from !== undefined) fields.from = details.from;
    if (details.to !== undefined) fields.to = details.to;
    if (details.time !== undefined) fields.time = details.time;
    if (details.step !== undefined) fields.step = details.step;
    if (details.waiting !== undefined) fields.waiting = details.waiting;
  }

  /** `SpankerError [CODE]: message` — the code a program switches on, then the message. */
  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

// On the prototype, not enumerable: `name` is not a field to print with the others.
Object.defineProperty(SpankerError.prototype, 'name', { value: 'SpankerError', writable: true, configurable: true, enumerable: false });

/**
 * A user's value as an error's `actual` field: numbers and strings as they
 * are, anything else as a short description (never `String(value)`, which
 * would turn the number 8 and the string '8' into the same thing and would
 * run a user's `toString`).
 */
export function actualOf(value: unknown): number | string {
  if (typeof value === 'number' || typeof value === 'string') return value;
  return describeKind(value);
}

/**
 * What a value is, for messages: `null`, `undefined`, `a boolean (true)`,
 * `a bigint (2n)`, `a symbol`, `a function`, `an array`, or `a Float32Array`
 * / `an object`. Runs no user code (no getters, no `toString`, no proxy traps
 * beyond what `Array.isArray` does).
 */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined': return 'undefined';
    case 'number': return `the number ${String(value)}`;
    case 'string': return `the string ${JSON.stringify(value)}`;
    case 'boolean': return `a boolean (${String(value)})`;
    case 'bigint': return `a bigint (${String(value)}n)`;
    case 'symbol': return 'a symbol';
    case 'function': return 'a function';
  }
  try {
    if (Array.isArray(value)) return 'an array';
  } catch {
    return 'a revoked Proxy';
  }
  const tag = typedArrayTag(value);
  return tag === undefined ? 'an object' : `a ${tag}`;
}

/** The crate's `NoSails`. */
export function noSailsError(hint?: string): SpankerError {
  const message = 'no Sails enumerated; spanker.ko may not be loaded or no devices probed yet';
  return new SpankerError('NO_SAILS', hint === undefined ? message : `${message} (${hint})`);
}

/** The crate's `TopologyMismatch{expected, actual}`: buffers for the wrong number of cards. */
export function topologyMismatchError(expected: number, actual: number): SpankerError {
  return new SpankerError('TOPOLOGY_MISMATCH', `topology mismatch: expected ${expected} sails, got ${actual}`, { expected, actual });
}

/** The crate's `ShapeMismatch{sail, expected, actual}`: one card's element count differs. */
export function shapeMismatchError(sail: number, expected: number, actual: number): SpankerError {
  return new SpankerError(
    'SHAPE_MISMATCH',
    `buffer shape mismatch on sail ${sail}: expected ${expected} elems, got ${actual}`,
    { sail, expected, actual },
  );
}

/** One card's buffer has another element type than card 0's. */
export function typeMismatchError(sail: number, expected: string, actual: string): SpankerError {
  return new SpankerError(
    'TYPE_MISMATCH',
    `buffer type mismatch on sail ${sail}: expected ${expected}, got ${actual}`,
    { sail, expected, actual },
  );
}

/** The crate's `NotImplemented(what)`. */
export function notImplementedError(what: string): SpankerError {
  return new SpankerError('NOT_IMPLEMENTED', `not implemented yet: ${what}`);
}

/** The crate's `Runtime(cause)`: wraps a device or runtime failure, keeping it in `cause`. */
export function runtimeError(what: string, cause: unknown): SpankerError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SpankerError('RUNTIME', `runtime error: ${what}: ${reason}`, {}, { cause });
}

/**
 * A malformed or out-of-range argument; `argument` names it. `actual`, when
 * given (also when it is `undefined`), is the value received (see `actualOf`).
 */
export function invalidArgumentError(argument: string, message: string, ...given: [] | [actual: unknown]): SpankerError {
  return new SpankerError('INVALID_ARGUMENT', `invalid ${argument}: ${message}`, given.length === 0 ? { argument } : { argument, actual: actualOf(given[0]) });
}

/**
 * The user's own code threw while the library read `argument` (a getter, a
 * proxy trap): INVALID_ARGUMENT naming it, keeping the thrown value in
 * `cause`. A SpankerError (say, from a library call inside the getter) passes
 * through unchanged.
 */
export function argumentThrewError(argument: string, cause: unknown): SpankerError {
  if (cause instanceof SpankerError) return cause;
  const reason = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : describeKind(cause);
  return new SpankerError('INVALID_ARGUMENT', `invalid ${argument}: reading it threw: ${reason}`, { argument }, { cause });
}

/** An object used in a state that forbids it (a freed buffer, a detached array); `sail` and `argument` when one card's buffer is at fault. */
export function invalidUsageError(message: string, details: { readonly sail?: number; readonly argument?: string } = {}): SpankerError {
  return new SpankerError('INVALID_USAGE', message, details);
}

/** What the allocator knows when a request does not fit (all in bytes). */
export interface OutOfMemoryFacts {
  /** Bytes asked for. */
  readonly requested: number;
  /** The largest block that could be handed out now (a free block, or the room left up to the limit). */
  readonly largestFree: number;
  /** The most kernel memory can ever hold: 4 GiB for wasm32. */
  readonly limit: number;
  /** Set when the engine refused to grow the memory: its size then, and the size asked for. */
  readonly refusedGrowth?: { readonly from: number; readonly to: number };
}

/**
 * A request that cannot fit in kernel memory. `actual` is the request and
 * `expected` the largest block that could be handed out now, in bytes; the
 * message also gives the memory limit.
 */
export function outOfMemoryError(facts: OutOfMemoryFacts, cause?: unknown): SpankerError {
  const why = facts.refusedGrowth === undefined
    ? `the largest free block is ${facts.largestFree} bytes (kernel memory is at most ${facts.limit} bytes: wasm32)`
    : `the engine refused to grow kernel memory from ${facts.refusedGrowth.from} to ${facts.refusedGrowth.to} bytes; ` +
      `the largest block free without growing is ${facts.largestFree} bytes (wasm32 limit ${facts.limit} bytes)`;
  return new SpankerError(
    'OUT_OF_MEMORY',
    `out of kernel memory: ${facts.requested} bytes requested, ${why}`,
    { expected: facts.largestFree, actual: facts.requested },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Cards `src` and `dst` must exchange data, and no route between them avoids
 * links that are not Up. Names the first unusable link of the usual route
 * (`from`, `to`, its state in `actual`); when no path of links joins the two
 * cards at all, `from` and `to` are the two cards and `actual` is `'NoPath'`.
 */
export function linkDownError(src: number, dst: number, link: { from: number; to: number; state: string } | undefined): SpankerError {
  if (link === undefined) {
    return new SpankerError(
      'LINK_DOWN',
      `no route from card ${src} to card ${dst}: the topology has no path between them`,
      { sail: src, from: src, to: dst, actual: 'NoPath' },
    );
  }
  return new SpankerError(
    'LINK_DOWN',
    `link ${link.from}→${link.to} is ${link.state}: no route from card ${src} to card ${dst} avoids it`,
    { sail: src, from: link.from, to: link.to, actual: link.state },
  );
}

/**
 * A link failed during a collective (a fault plan's link fault) and a
 * message it stopped could not go on: no route from where it was to its
 * destination avoids the failed links, or `onFault` is `'abort'`. Names the
 * link, its new state, the simulated time and the message's step.
 */
export function linkFailedError(
  link: { from: number; to: number; state: string }, time: number, step: number, message: { src: number; dst: number }, abort: boolean,
): SpankerError {
  const what = `link ${link.from}→${link.to} went ${link.state} at ${formatSeconds(time)} (step ${step})`;
  const why = abort
    ? `onFault is 'abort', so the collective stops (a message from card ${message.src} to card ${message.dst} needed it)`
    : `no route from card ${message.src} to card ${message.dst} avoids it`;
  return new SpankerError('LINK_DOWN', `${what}: ${why}`, { sail: message.src, from: link.from, to: link.to, actual: link.state, time, step });
}

/** A card stopped during a collective: its data is lost, so the collective cannot complete (never rerouted). */
export function cardFailedError(card: number, time: number, step: number): SpankerError {
  return new SpankerError(
    'CARD_FAILED',
    `card ${card} failed at ${formatSeconds(time)} (step ${step}): its data is lost and the collective cannot complete`,
    { sail: card, time, step },
  );
}

/** Most waiting cards a TIMEOUT message spells out (all of them are in `waiting`). */
const WAITING_IN_MESSAGE = 6;

/** The collective had not finished within `timeout` seconds of simulated time. */
export function timeoutError(timeout: number, step: number, waiting: readonly WaitingCard[]): SpankerError {
  const shown = waiting.slice(0, WAITING_IN_MESSAGE).map((w) => `card ${w.card} on ${w.on.length === 1 ? 'card' : 'cards'} ${w.on.join(', ')}`);
  const more = waiting.length > WAITING_IN_MESSAGE ? `, and ${waiting.length - WAITING_IN_MESSAGE} more cards` : '';
  return new SpankerError(
    'TIMEOUT',
    `timed out after ${formatSeconds(timeout)} of simulated time in step ${step}: ${waiting.length} ${waiting.length === 1 ? 'card' : 'cards'} still waiting (${shown.join('; ')}${more})`,
    { time: timeout, step, waiting },
  );
}
