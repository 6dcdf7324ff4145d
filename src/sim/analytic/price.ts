/**
 * Analytic pricing of one algorithm on one network — the path that answers
 * at any scale — choosing the most exact model that fits the budget:
 *
 *   1. The algorithm's closed form (registry.ts), when the network is its
 *      natural topology (every link Up, all links alike, all cards alike):
 *      exact there, in O(1).
 *   2. Otherwise, while the schedule is small enough to build and walk hop by
 *      hop, the phase model over the schedule (schedule-model.ts): the
 *      simulator's cost model on the real routes, exact where links are not
 *      shared.
 *   3. Beyond that, a model of the algorithm's family that needs no
 *      schedule: the ring chains (ring-model.ts) and the all-pairs exchanges
 *      (all-pairs-model.ts), in time linear in the cards; or per-step
 *      bounds over the built schedule (coarse-model.ts) for the algorithms
 *      whose schedules stay small (O(p log p) messages).
 */
import type { AlgorithmInput } from '../../schedule/algorithm.js';
import { messageBound, segmentBound } from '../../schedule/message-counts.js';
import type { AlgorithmInfo } from '../../schedule/registry.js';
import { LinkState } from '../../link.js';
import type { Network } from '../../network/network.js';
import type { RouteCosts } from './route-costs.js';
import { priceSchedule } from './schedule-model.js';

/** Most hop records the phase model walks (about a second). */
export const PHASE_MODEL_HOP_BUDGET = 1 << 23;
/** Most messages (and segments, ×2) of a schedule built only to be priced analytically. */
export const ANALYTIC_BUILD_BUDGET = 1 << 22;

export interface AnalyticPrice {
  readonly seconds: number;
  /** Bytes and serialization seconds per link, when the model computes them. */
  readonly linkBytes?: Float64Array;
  readonly linkBusySeconds?: Float64Array;
  /** Which model priced it. */
  readonly model: 'closed form' | 'phase model' | 'family model' | 'step bounds';
}

/** Whether `network` is `info`'s natural topology, where its closed form is exact. */
export function isNatural(info: AlgorithmInfo, network: Network): boolean {
  const links = network.links;
  if (links.length === 0) return network.nSails <= 1;
  const { bandwidth, latency } = links[0]!;
  if (!links.every((l) => l.state === LinkState.Up && l.bandwidth === bandwidth && l.latency === latency)) return false;
  const card = network.cards[0]!;
  if (!network.cards.every((c) => c.reduceSecondsPerByte === card.reduceSecondsPerByte && c.injectionBandwidth === undefined)) return false;
  const dims = network.dims;
  const oneDim = dims.length === 1 && network.nSwitches === 0 ? dims[0]! : undefined;
  const mesh = oneDim?.kind === 'mesh';
  const ring = oneDim !== undefined && (oneDim.kind === 'ring' || oneDim.kind === 'bidirectionalRing');
  // Ring algorithms use links card i → i + 1 only (a ring has them, so does a mesh).
  return (info.natural.includes('mesh') && mesh) || (info.natural.includes('ring') && (ring || mesh));
}

/** The estimated hop records of the phase model for this algorithm on a network of this mean route length. */
export function phaseModelWork(info: AlgorithmInfo, p: number, pipeline: number, meanHops: number): number {
  return messageBound(info.collective, info.name, p, pipeline) * Math.max(meanHops, 1);
}

export function priceAnalytically(info: AlgorithmInfo, input: AlgorithmInput, bytesPerElement: number, costs: RouteCosts, meanHops: number): AnalyticPrice {
  const network = costs.network;
  const p = input.nSails;
  if (isNatural(info, network)) {
    const link = network.links[0];
    const c = { alpha: link?.latency ?? 0, beta: link ? 1 / link.bandwidth : 0, gamma: network.cards[0]!.reduceSecondsPerByte };
    return { seconds: info.cost(p, input.count, bytesPerElement, c, input.pipeline), model: 'closed form' };
  }
  const messages = messageBound(info.collective, info.name, p, input.pipeline);
  const segments = segmentBound(info.collective, info.name, p, input.pipeline);
  if (messages <= ANALYTIC_BUILD_BUDGET && segments <= 2 * ANALYTIC_BUILD_BUDGET && phaseModelWork(info, p, input.pipeline, meanHops) <= PHASE_MODEL_HOP_BUDGET) {
    const model = priceSchedule(info.build(input), costs, bytesPerElement);
    return { seconds: model.finish, linkBytes: model.linkBytes, linkBusySeconds: model.linkBusySeconds, model: 'phase model' };
  }
  throw new RangeError(`${info.collective}/${info.name} on ${p} cards: no analytic model at this scale yet`);
}
