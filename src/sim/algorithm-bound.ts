/**
 * A lower bound on the time of one *algorithm* (one variant: its chunking
 * and channels) on a network, in O(1) (O(p log p) for the traffic term
 * below) — what lets the planner skip pricing
 * a variant that cannot beat the best price already found (planner.ts:
 * branch and bound over the algorithm table). Unlike the collective's bound
 * (lower-bound.ts), which no algorithm can beat, this one follows the
 * algorithm's own structure: its chain of dependent messages and the bytes
 * its busiest card must send or reduce.
 *
 * The model is the simulator's (registry.ts): a message waits until every
 * element it carries is final on its source; a message of b bytes crossing
 * a route takes at least h_min·α_min + b·β_min, where α_min is the least
 * latency of an Up link, β_min = 1 / the largest bandwidth, and h_min the
 * fewest links between two cards (2 when every card hangs off switches: the
 * store-and-forward time h(α + bβ) and the cut-through one Σα + bβ + a
 * packet are both at least that); a link carries one message at a time;
 * a card reduces one message at a time at γ_min seconds per byte or more.
 * The phase model (analytic/phase-model.ts) keeps all three rules — a hop
 * never arrives before its uncontended time, a resource serves its hops
 * one after another, a message is ready only when what it carries is — so
 * the bound holds for its prices as for the simulation's;
 * test/algorithm-bound.test.ts checks both on a grid of networks.
 *
 * Terms, with S the buffer in bytes, L = ⌊lg p⌋, p' = 2^L, chunk sizes
 * rounded down (the schedules cut with chunkBounds: ⌊·⌋ or ⌈·⌉ elements):
 *   - binomial tree Broadcast/Reduce: the card at depth L waits for L
 *     messages of S one after another (+ a reduction of S each for Reduce);
 *     AllReduce is a Reduce then a Broadcast;
 *   - recursive doubling AllReduce: L exchanges of S, each reduced before
 *     the next is sent, + the fold-in and fold-back when p ≠ p';
 *   - Rabenseifner: the halving sends p'/2, p'/4, …, 1 blocks of S/p', each
 *     reduced before the next, the doubling 1, 2, …, p'/2 blocks back;
 *   - double binary tree (P slices of S/2P per tree): a card at depth L of
 *     tree A sends its P slices on one route (P − 1 before the last), and
 *     that last slice goes L hops up, reduced at each, and L hops down;
 *   - ring AllReduce / Reduce, chain Broadcast (k channels, P sub-chunks):
 *     the last sub-chunk of a block leaves after the block's other P − 1
 *     on its first link and then crosses every position of its ring;
 *     and every card reduces (p − 1) of its p blocks one after another,
 *     after a first message has arrived — and for AllReduce, what it
 *     reduces last then crosses the p − 1 positions of the all-gather;
 *   - direct Broadcast / Reduce: the root sends (receives, and reduces)
 *     the (p − 1) copies of S over its own links;
 *   - recursive doubling AllGather, recursive halving ReduceScatter (S one
 *     block), Bruck AllGather: their chains of steps (the blocks double or
 *     halve);
 *   - and for the butterflies on p' = p cards and Bruck, on regular shapes,
 *     the traffic: Σ bytes × the fewest links between partners (the
 *     dimension-order hop count of the healthy shape — a Down link only
 *     lengthens routes), over every Up link's bandwidth together: on a torus
 *     the butterflies' long routes share links, and this is what says so.
 * Any other algorithm gets 0 (no bound: always priced).
 */
import { LinkState } from '../link.js';
import { DimensionOrderRoutes } from '../network/dimension-order.js';
import type { Network } from '../network/network.js';
import { ceilLog2, floorLog2, ringsOf, type AlgorithmInput } from '../schedule/algorithm.js';
import type { AlgorithmInfo } from '../schedule/registry.js';

/** The network's best link and card parameters (see the module comment). */
interface Extremes {
  readonly alphaMin: number;
  readonly betaMin: number;
  readonly gammaMin: number;
  /** Fewest links on a route between two cards: 1 when two cards share a link, else 2. */
  readonly hopsMin: number;
  /** Σ bandwidth of the Up links, bytes per second. */
  readonly bandwidthTotal: number;
  /** Dimension-order routes of a regular shape: their hop counts are the fewest links between two cards. */
  readonly regular: DimensionOrderRoutes | undefined;
}

const extremesCache = new WeakMap<Network, Extremes>();

function extremesOf(network: Network): Extremes {
  let e = extremesCache.get(network);
  if (e === undefined) {
    let alphaMin = Infinity;
    let bandwidthMax = 0;
    let direct = false;
    let bandwidthTotal = 0;
    const n = network.nSails;
    for (const l of network.links) {
      if (l.state !== LinkState.Up) continue;
      bandwidthTotal += l.bandwidth;
      if (l.latency < alphaMin) alphaMin = l.latency;
      if (l.bandwidth > bandwidthMax) bandwidthMax = l.bandwidth;
      if (l.localSail < n && l.remoteSail < n) direct = true;
    }
    let gammaMin = Infinity;
    for (const c of network.cards) gammaMin = Math.min(gammaMin, c.reduceSecondsPerByte);
    e = {
      alphaMin: Number.isFinite(alphaMin) ? alphaMin : 0,
      betaMin: bandwidthMax > 0 ? 1 / bandwidthMax : 0,
      gammaMin: Number.isFinite(gammaMin) ? gammaMin : 0,
      hopsMin: direct || network.nSwitches === 0 ? 1 : 2,
      bandwidthTotal,
      regular: DimensionOrderRoutes.of(network),
    };
    extremesCache.set(network, e);
  }
  return e;
}

/** Per node, the bandwidth of its Up outgoing and incoming links. */
interface Capacities {
  readonly outbound: Float64Array;
  readonly inbound: Float64Array;
}

const capacityCache = new WeakMap<Network, Capacities>();

/** One pass over the links per network (a 2,048-card mesh has 4 M; Network.outLinks would index them all). */
function capacitiesOf(network: Network): Capacities {
  let c = capacityCache.get(network);
  if (c === undefined) {
    const outbound = new Float64Array(network.nNodes);
    const inbound = new Float64Array(network.nNodes);
    for (const l of network.links) {
      if (l.state !== LinkState.Up) continue;
      outbound[l.localSail]! += l.bandwidth;
      inbound[l.remoteSail]! += l.bandwidth;
    }
    c = { outbound, inbound };
    capacityCache.set(network, c);
  }
  return c;
}

/** Bytes per second card `card` can send (its Up outgoing links, capped by its injection limit). */
function outBandwidth(network: Network, card: number): number {
  const total = capacitiesOf(network).outbound[card]!;
  const limit = network.cards[card]!.injectionBandwidth;
  return limit !== undefined && limit < total ? limit : total;
}

/** Bytes per second card `card` can receive (its Up incoming links). */
function inBandwidth(network: Network, card: number): number {
  return capacitiesOf(network).inbound[card]!;
}

/**
 * Seconds for all the links together to carry the steps' traffic: Σ over
 * messages of bytes × the fewest links between their cards, over Σ Up link
 * bandwidth (each link serializes what crosses it, one message at a time).
 * `steps` lists (partner of card u, bytes) per step; 0 off regular shapes.
 */
function trafficSeconds(e: Extremes, p: number, steps: readonly (readonly [(u: number) => number, number])[]): number {
  if (e.regular === undefined || e.bandwidthTotal === 0) return 0;
  let total = 0;
  for (const [partner, bytes] of steps) {
    if (bytes === 0) continue;
    let hops = 0;
    for (let u = 0; u < p; u++) hops += e.regular.hops(u, partner(u));
    total += hops * bytes;
  }
  return total / e.bandwidthTotal;
}

/** The butterfly's steps on a power of two p: partner u XOR d with `bytes(d)`, d = 1, 2, … p/2. */
function butterflySteps(p: number, bytes: (d: number) => number): [(u: number) => number, number][] {
  const steps: [(u: number) => number, number][] = [];
  for (let d = 1; d < p; d *= 2) steps.push([(u) => u ^ d, bytes(d)]);
  return steps;
}

/**
 * Seconds no run of `info` with `input` on `network` can beat under the
 * simulator's model (module comment); 0 when no bound is known for the
 * algorithm.
 */
export function algorithmLowerBound(info: AlgorithmInfo, network: Network, input: AlgorithmInput, bytesPerElement: number): number {
  const { nSails: p, count, root, pipeline: P } = input;
  if (p <= 1 || count === 0) return 0;
  const e = extremesOf(network);
  const { alphaMin, betaMin, gammaMin, hopsMin } = e;
  const a = hopsMin * alphaMin;
  const S = count * bytesPerElement;
  const L = floorLog2(p);
  const pof2 = 2 ** L;
  // One message of b bytes, alone: at least a + b·β.
  const hop = (bytes: number) => a + bytes * betaMin;
  const k = ringsOf(input).length;
  switch (`${info.collective}/${info.name}`) {
    case 'broadcast/binomialTree':
      return L * hop(S);
    case 'reduce/binomialTree':
      return L * (hop(S) + S * gammaMin);
    case 'allReduce/binomialTree':
      return L * (2 * hop(S) + S * gammaMin);
    case 'allReduce/recursiveDoubling': {
      const chain = L * (hop(S) + S * gammaMin) + (p !== pof2 ? 2 * hop(S) + S * gammaMin : 0);
      return p === pof2 ? Math.max(chain, trafficSeconds(e, p, butterflySteps(p, () => S))) : chain;
    }
    case 'allReduce/rabenseifner': {
      const block = Math.floor(count / pof2) * bytesPerElement;
      const chain = 2 * L * a + (pof2 - 1) * block * (2 * betaMin + gammaMin) + (p !== pof2 ? 2 * hop(S) + S * gammaMin : 0);
      // Halving at distance d sends d blocks, and doubling sends them back: twice the traffic of one pass.
      return p === pof2 ? Math.max(chain, 2 * trafficSeconds(e, p, butterflySteps(p, (d) => d * block))) : chain;
    }
    case 'allGather/recursiveDoubling': {
      // Step at distance d sends the d blocks of the aligned group (p a power of two).
      const B = S;
      const chain = L * a + (pof2 - 1) * B * betaMin;
      return p === pof2 ? Math.max(chain, trafficSeconds(e, p, butterflySteps(p, (d) => d * B))) : chain;
    }
    case 'reduceScatter/recursiveHalving': {
      // Step at distance d sends d blocks, reduced by the partner before the next step sends half of what it keeps.
      const B = S;
      const chain = L * a + (pof2 - 1) * B * (betaMin + gammaMin);
      return p === pof2 ? Math.max(chain, trafficSeconds(e, p, butterflySteps(p, (d) => d * B))) : chain;
    }
    case 'allGather/bruck': {
      // Step k sends 2^k blocks (the last one m = p − 2^(K−1)) to card i − 2^k. Each step but the last sends what the one
      // before brought (blocks i + 2^(k−1) …); the last sends blocks i … i + m − 1, which include one the step before
      // brought only when m > 2^(K−2) — otherwise it counts as one message on its own.
      const K = ceilLog2(p);
      const steps: [(u: number) => number, number][] = [];
      let chain = 0;
      for (let k = 0; k < K; k++) {
        const shift = 2 ** k;
        const blocks = k < K - 1 ? shift : p - 2 ** (K - 1);
        steps.push([(u) => (u - shift + p) % p, blocks * S]);
        const dependent = k === 0 || k < K - 1 || blocks > 2 ** (K - 2);
        chain = dependent ? chain + hop(blocks * S) : Math.max(chain, hop(blocks * S));
      }
      return Math.max(chain, trafficSeconds(e, p, steps));
    }
    case 'allReduce/doubleBinaryTree': {
      const slice = Math.floor(count / (2 * P)) * bytesPerElement;
      return (P - 1) * slice * betaMin + L * (2 * hop(slice) + slice * gammaMin);
    }
    case 'allReduce/ring':
    case 'reduce/ring': {
      // Sub-chunks of a block: ⌊count/(k·p·P)⌋ elements or more; 2(p − 1) positions for AllReduce, p − 1 (and the copy to the root) for Reduce.
      const sub = Math.floor(count / (k * p * P)) * bytesPerElement;
      const steps = info.collective === 'allReduce' ? 2 * (p - 1) : p - 1;
      const chain = (P - 1) * sub * betaMin + steps * hop(sub) + (p - 1) * sub * gammaMin;
      // Every card reduces the p − 1 blocks it does not start with, on every channel: at least count − k·⌈count/(kp)⌉ elements,
      // one at a time, the first once a message has arrived; what it reduces last still crosses p − 1 positions of the
      // all-gather (AllReduce) before the collective ends.
      const reduced = Math.max(0, count - k * Math.ceil(count / (k * p))) * bytesPerElement * gammaMin;
      const after = info.collective === 'allReduce' ? p - 1 : 0;
      return Math.max(chain, hop(sub) + reduced + after * hop(sub));
    }
    case 'broadcast/chain': {
      // The largest channel's part leaves the root on one link; its last sub-chunk then crosses p − 2 more positions.
      const part = Math.ceil(count / k) * bytesPerElement;
      const sub = Math.floor(count / (k * P)) * bytesPerElement;
      return (p - 1) * a + part * betaMin + (p - 2) * sub * betaMin;
    }
    case 'broadcast/scatterAllGather':
      // A block scattered to its card still travels p − 1 positions of the all-gather ring.
      return (p - 1) * hop(Math.floor(count / p) * bytesPerElement);
    case 'broadcast/direct': {
      const out = outBandwidth(network, root);
      return out > 0 ? a + ((p - 1) * S) / out : Infinity;
    }
    case 'reduce/direct': {
      const into = inBandwidth(network, root);
      const gamma = network.cards[root]!.reduceSecondsPerByte;
      return into > 0 ? Math.max(a + ((p - 1) * S) / into, hop(S) + (p - 1) * S * gamma) : Infinity;
    }
    default:
      return 0;
  }
}
