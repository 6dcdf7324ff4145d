/**
 * Analytic pricing of one algorithm on one network — the path that answers
 * at any scale — choosing the most exact model that fits the budget:
 *
 *   1. The algorithm's closed form (registry.ts), when the network is its
 *      natural topology (every link Up, all links alike, all cards alike;
 *      for ring and chain, any switchless network whose rings run on
 *      dedicated direct links — isNatural): exact there, in O(1).
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
import { dimsOf, ringsOf, type AlgorithmInput } from '../../schedule/algorithm.js';
import { messageBound, segmentBound } from '../../schedule/message-counts.js';
import type { AlgorithmInfo } from '../../schedule/registry.js';
import { LinkState } from '../../link.js';
import type { Network } from '../../network/network.js';
import { invalidUsageError } from '../../errors.js';
import { chunkBounds } from '../../schedule/schedule.js';
import { allPairsSeconds } from './all-pairs-model.js';
import { ringChainSeconds } from './ring-model.js';
import { hierarchicalSeconds } from './hierarchical-model.js';
import { binomialBroadcastSeconds, binomialReduceSeconds } from './tree-model.js';
import type { RouteCosts } from './route-costs.js';
import { priceSchedule } from './schedule-model.js';

/** Most hop records the phase model walks (a few tenths of a second: BENCHMARKS.md). */
export const PHASE_MODEL_HOP_BUDGET = 1 << 20;
/** Most messages (and segments, ×2) of a schedule built only to be priced analytically. */
export const ANALYTIC_BUILD_BUDGET = 1 << 19;

export interface AnalyticPrice {
  readonly seconds: number;
  /** Bytes and serialization seconds per link, when the model computes them. */
  readonly linkBytes?: Float64Array;
  readonly linkBusySeconds?: Float64Array;
  /** Which model priced it. */
  readonly model: 'closed form' | 'phase model' | 'family model' | 'step bounds';
}

const uniform = new WeakMap<Network, boolean>();

/** Whether every link is Up and alike and every card alike, with no injection limit (cached per network). */
function isUniform(network: Network): boolean {
  let result = uniform.get(network);
  if (result === undefined) {
    const links = network.links;
    const first = links[0];
    const card = network.cards[0]!;
    result = links.every((l) => l.state === LinkState.Up && l.bandwidth === first!.bandwidth && l.latency === first!.latency)
      && network.cards.every((c) => c.reduceSecondsPerByte === card.reduceSecondsPerByte && c.injectionBandwidth === undefined);
    uniform.set(network, result);
  }
  return result;
}

/**
 * Whether `network` is the natural topology of `info` run with `input`,
 * where its closed form is exact: every link Up and alike, every card alike,
 * and
 *   - 'mesh': a full mesh;
 *   - 'ring': a ring (one-way or both ways) or a mesh, with every ring of
 *     the input on dedicated links (each step between neighbours, no link
 *     used twice, dedicatedRings); for the ring and chain algorithms (not
 *     Reduce) any switchless network whose rings are dedicated so;
 *   - 'torus2d': a torus; 'multiDim': a multi-dimensional network of
 *     bidirectional rings and meshes (the algorithm runs along its dims).
 */
export function isNatural(info: AlgorithmInfo, network: Network, input?: AlgorithmInput): boolean {
  if (network.links.length === 0) return network.nSails <= 1;
  if (!isUniform(network)) return false;
  const dims = network.dims;
  const oneDim = dims.length === 1 && network.nSwitches === 0 ? dims[0]! : undefined;
  const mesh = oneDim?.kind === 'mesh';
  const ring = oneDim !== undefined && (oneDim.kind === 'ring' || oneDim.kind === 'bidirectionalRing');
  // The hierarchical and torus forms are exact when every piece has the same size (registry.ts).
  const even = input === undefined || input.count % (ringsOf(input).length * input.pipeline * network.nSails * 2) === 0;
  // Ring Reduce's closed form holds for one ring only: with more, the copies to the root share its links.
  if (info.collective === 'reduce' && info.name === 'ring' && (input?.rings?.length ?? 1) > 1) return false;
  if (info.natural.includes('mesh') && mesh) return input?.rings === undefined || dedicatedRings(network, input.rings);
  // The ring algorithms step between neighbours of their rings only: a mesh has those links too.
  const ringType = info.name === 'ring' || info.name === 'chain';
  // On any other network of alike links (a torus's Hamiltonian cycles), a ring or chain whose every ring runs on
  // dedicated direct links sees exactly the links of a ring network: its closed form holds there too.
  const dedicatedElsewhere = ringType && !ring && !mesh && network.nSwitches === 0 && input?.rings !== undefined && info.collective !== 'reduce';
  if (info.natural.includes('ring') && (ring || (mesh && ringType) || dedicatedElsewhere)) {
    return (ringType || even) && (input?.rings === undefined || dedicatedRings(network, input.rings));
  }
  if (info.natural.includes('torus2d') && network.kind === 'torus2d') return even;
  if (info.natural.includes('multiDim') && network.kind === 'multiDim' && network.nSwitches === 0) {
    return even && dims.every((d) => d.kind === 'bidirectionalRing' || d.kind === 'mesh');
  }
  return false;
}

/** Whether every ring steps between neighbours over a direct link and no directed link serves two steps. */
export function dedicatedRings(network: Network, rings: readonly (readonly number[])[]): boolean {
  const used = new Set<number>();
  for (const order of rings) {
    const p = order.length;
    for (let i = 0; i < p && p > 1; i++) {
      const link = network.linkIndex(order[i]!, order[(i + 1) % p]!);
      if (link === undefined || used.has(link)) return false;
      used.add(link);
    }
  }
  return true;
}

/** The estimated hop records of the phase model for this algorithm on a network of this mean route length. */
export function phaseModelWork(info: AlgorithmInfo, p: number, pipeline: number, meanHops: number): number {
  return messageBound(info.collective, info.name, p, pipeline) * Math.max(meanHops, 1);
}

export function priceAnalytically(info: AlgorithmInfo, input: AlgorithmInput, bytesPerElement: number, costs: RouteCosts, meanHops: number): AnalyticPrice {
  const network = costs.network;
  const p = input.nSails;
  if (isNatural(info, network, input)) {
    const link = network.links[0];
    const c = { alpha: link?.latency ?? 0, beta: link ? 1 / link.bandwidth : 0, gamma: network.cards[0]!.reduceSecondsPerByte };
    const shape = { channels: ringsOf(input).length, ...(input.dims !== undefined ? { dims: input.dims } : {}) };
    return { seconds: info.cost(p, input.count, bytesPerElement, c, input.pipeline, shape), model: 'closed form' };
  }
  const messages = messageBound(info.collective, info.name, p, input.pipeline);
  const segments = segmentBound(info.collective, info.name, p, input.pipeline);
  let work = phaseModelWork(info, p, input.pipeline, meanHops);
  if (messages <= ANALYTIC_BUILD_BUDGET && segments <= 2 * ANALYTIC_BUILD_BUDGET) {
    const schedule = info.build(input);
    work = 0;
    for (let i = 0; i < schedule.transferCount; i++) work += costs.hops(schedule.transferSrc[i]!, schedule.transferDst[i]!);
    if (work <= PHASE_MODEL_HOP_BUDGET) {
      const model = priceSchedule(schedule, costs, bytesPerElement);
      return { seconds: model.finish, linkBytes: model.linkBytes, linkBusySeconds: model.linkBusySeconds, model: 'phase model' };
    }
  }
  const family = familySeconds(info, input, bytesPerElement, costs);
  if (family !== undefined) return { seconds: family, model: 'family model' };
  throw invalidUsageError(
    `${info.collective}/${info.name} on ${p} cards: too large to price analytically on this network (about ${Math.round(work)} message-hops to walk, more than the ${PHASE_MODEL_HOP_BUDGET} budgeted, and no model of its family that needs no schedule applies)`,
  );
}

const linkTotals = new WeakMap<Network, { readonly inbound: Float64Array; readonly latencyMax: number }>();

/** Per card the bandwidth of its Up incoming links, and the largest link latency: one pass over the links per network (a 2,048-card mesh has 4 M). */
function linkTotalsOf(network: Network): { readonly inbound: Float64Array; readonly latencyMax: number } {
  let totals = linkTotals.get(network);
  if (totals === undefined) {
    const inbound = new Float64Array(network.nNodes);
    let latencyMax = 0;
    for (const l of network.links) {
      if (l.state === LinkState.Up) inbound[l.remoteSail]! += l.bandwidth;
      if (l.latency > latencyMax) latencyMax = l.latency;
    }
    totals = { inbound, latencyMax };
    linkTotals.set(network, totals);
  }
  return totals;
}

/** The family models (module comment, 3.), or undefined when none applies. */
export function familySeconds(info: AlgorithmInfo, input: AlgorithmInput, bytesPerElement: number, costs: RouteCosts): number | undefined {
  const { nSails: p, count, root, pipeline } = input;
  if (p <= 1 || count === 0) return 0;
  const identity = (i: number) => i;
  const rank = (r: number) => (r + root) % p;
  const network = costs.network;
  const block = Math.ceil(count / p) * bytesPerElement;
  const orders = ringsOf(input);
  const k = orders.length;
  // Ring channels: each ring carries its part of the data (chunk c of k, channels.ts); rooted rings start at the root.
  const rooted = (order: readonly number[]) => {
    const at = order.indexOf(root);
    return order.map((_, i) => order[(at + i) % p]!);
  };
  const parts = (bytes: number) => orders.map((_, c) => Math.ceil(bytes / bytesPerElement / k) * bytesPerElement);
  switch (`${info.collective}/${info.name}`) {
    case 'allReduce/ring':
      return ringChainSeconds(costs, { orders, blockBytes: parts(block), pipeline }, p - 1, p - 1);
    case 'allGather/ring':
      return ringChainSeconds(costs, { orders, blockBytes: parts(count * bytesPerElement), pipeline }, 0, p - 1);
    case 'reduceScatter/ring':
      return ringChainSeconds(costs, { orders, blockBytes: parts(count * bytesPerElement), pipeline }, p - 1, 0);
    case 'reduce/ring': {
      // The ring reduce-scatter, then every rank's block to the root: at least its share of the root's incoming links.
      const chains = ringChainSeconds(costs, { orders: orders.map(rooted), blockBytes: parts(block), pipeline }, p - 1, 0);
      const { inbound, latencyMax } = linkTotalsOf(network);
      return chains + ((p - 1) * block) / inbound[root]! + latencyMax;
    }
    case 'broadcast/chain':
      return ringChainSeconds(costs, { orders: orders.map(rooted), blockBytes: parts(count * bytesPerElement), pipeline, everyStep: false }, 0, p - 1, (j) => (j === 0 ? 0 : -Infinity));
    case 'broadcast/scatterAllGather': {
      // Binomial scatter of the p blocks (scatter[t]: when rank t holds its blocks), then the ring all-gather.
      const start = (j: number) => chunkBounds(count, p, j)[0];
      const scatter = new Float64Array(p);
      for (let t = 1; t < p; t++) {
        const low = t & -t;
        const bytes = (start(Math.min(t + low, p)) - start(t)) * bytesPerElement;
        scatter[t] = scatter[t - low]! + costs.pathSeconds(rank(t - low), rank(t), bytes);
      }
      const order = Array.from({ length: p }, (_, r) => rank(r));
      return ringChainSeconds(costs, { orders: [order], blockBytes: [block], pipeline: 1 }, 0, p - 1, (j) => scatter[j]!);
    }
    case 'allReduce/hierarchical':
    case 'allGather/hierarchical':
    case 'reduceScatter/hierarchical': {
      const dims = dimsOf(input);
      const held = info.collective === 'allReduce' ? count * bytesPerElement : p * count * bytesPerElement;
      return hierarchicalSeconds(costs, {
        dims, bytes: held, pipeline, channels: k, uniform: isUniform(network),
        reduceScatter: info.collective !== 'allGather', allGather: info.collective !== 'reduceScatter',
      });
    }
    case 'broadcast/binomialTree':
      return binomialBroadcastSeconds(costs, p, rank, count * bytesPerElement);
    case 'reduce/binomialTree':
      return binomialReduceSeconds(costs, p, rank, count * bytesPerElement);
    case 'allReduce/binomialTree':
      return binomialReduceSeconds(costs, p, identity, count * bytesPerElement) + binomialBroadcastSeconds(costs, p, identity, count * bytesPerElement);
    case 'allReduce/direct':
      return allPairsSeconds(network, [{ bytes: block, reduce: true }, { bytes: block, reduce: false }]);
    case 'allGather/direct':
    case 'allToAll/direct':
    case 'allToAll/pairwise':
      return allPairsSeconds(network, [{ bytes: count * bytesPerElement, reduce: false }]);
    case 'reduceScatter/direct':
      return allPairsSeconds(network, [{ bytes: count * bytesPerElement, reduce: true }]);
    default:
      return undefined;
  }
}
