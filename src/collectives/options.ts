/**
 * Options every collective takes, and their validation.
 */
import { invalidArgumentError } from '../errors.js';
import type { Numerics } from '../report.js';
import type { FaultSpec, OnFault } from '../sim/faults/fault-plan.js';

/**
 * Options every collective takes (its last argument).
 *
 * @example
 * ```ts
 * topo.allReduce(cards, 'sum', { algorithm: 'ring', pipeline: 4, numerics: 'schedule' });
 * ```
 */
export interface CollectiveOptions {
  /**
   * `'auto'` (default): the algorithm with the least predicted time on this
   * topology (see Topology.algorithmTable). A name forces that algorithm; if
   * it cannot run here the collective fails, it is never replaced.
   */
  readonly algorithm?: string;
  /**
   * `'canonical'` (default): results are bit-identical whatever the
   * algorithm — every reduction in card order 0, 1, …, n−1. `'schedule'`:
   * the data follows the algorithm's own reduction order, so floating-point
   * results show the rounding that order produces on real hardware.
   */
  readonly numerics?: Numerics;
  /** Ring-type algorithms split each segment into this many pipelined sub-chunks (default 1). */
  readonly pipeline?: number;
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
}

export interface ResolvedOptions {
  readonly algorithm: string;
  readonly numerics: Numerics;
  readonly pipeline: number;
  readonly timeline: boolean;
}

/** Most pipeline sub-chunks per segment. */
export const MAX_PIPELINE = 4096;

export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined) return { algorithm: 'auto', numerics: 'canonical', pipeline: 1, timeline: true };
  if (typeof options !== 'object' || options === null) throw invalidArgumentError('options', 'expected an object');
  const o = options as CollectiveOptions;
  const algorithm = o.algorithm ?? 'auto';
  if (typeof algorithm !== 'string') throw invalidArgumentError('algorithm', `expected a string, got ${String(algorithm)}`);
  const numerics = o.numerics ?? 'canonical';
  if (numerics !== 'canonical' && numerics !== 'schedule') {
    throw invalidArgumentError('numerics', `expected 'canonical' or 'schedule', got ${JSON.stringify(numerics)}`, String(numerics));
  }
  const pipeline = o.pipeline ?? 1;
  if (!Number.isInteger(pipeline) || pipeline < 1 || pipeline > MAX_PIPELINE) {
    throw invalidArgumentError('pipeline', `expected an integer 1..${MAX_PIPELINE}, got ${String(pipeline)}`, String(pipeline));
  }
  const timeline = o.timeline ?? true;
  if (typeof timeline !== 'boolean') throw invalidArgumentError('timeline', `expected a boolean, got ${String(timeline)}`);
  return { algorithm, numerics, pipeline, timeline };
}

/** Throws INVALID_ARGUMENT unless `root` is a card index (MPI's ERR_ROOT). */
export function resolveRoot(root: unknown, nSails: number): number {
  if (typeof root !== 'number' || !Number.isInteger(root) || root < 0 || root >= nSails) {
    throw invalidArgumentError('root', `root ${String(root)} is not a card: expected an integer 0..${nSails - 1}`, String(root));
  }
  return root;
}
