/**
 * The ring family priced without building its schedule: linear in the
 * cards, for ring algorithms on any topology at any scale.
 *
 * In a ring algorithm (ring-phases.ts) position i sends to position i + 1
 * every step, and what it sends in step k is what it received in step k − 1
 * (reduced, in the reduce-scatter half). So every block travels a *chain*:
 * it leaves its first position at step 0 and is forwarded one position per
 * step. When no two positions' routes share a link, nothing ever waits for
 * anything but its own chain, and a chain's time is the sum of its hops'
 * durations: position i's message takes
 *     d(i) = its route's time (route-costs.ts) [+ b·γ of the receiver]
 * the same in every step. So with K steps (the first R reducing), without
 * pipelining, the collective takes the longest chain,
 *     max over j of Σ_{k<K} d_k(j + k),
 * found in O(p) with prefix sums over the positions, twice round: the
 * simulation's result exactly for counts divisible by the cards, on any
 * topology where the ring's routes share no link; on a uniform ring it is
 * the closed form.
 *
 * With `pipeline` = P sub-chunks of σ = b/P bytes, each position's link
 * (and reducer) serves K·P sub-chunks: the collective takes at least the
 * busiest position's K·P occupancies (link or reducer per sub-chunk) plus
 * one sub-chunk's own latency, and at least the first sub-chunk's chain
 * plus P − 1 occupancies (the classic pipeline fill) — the larger of the
 * two. Channels (k rings over their own orders, each with its part of the
 * data) are priced ring by ring and the slowest counts; a card's reducer
 * serves all k rings. Where routes of several positions or channels share
 * links, a step's messages leave together and queue: like a batch through
 * a line of FIFO links, the last one arrives about the busiest link's load
 * after the route's own time, so each hop is charged the others'
 * serialization on its most shared link (charging every shared link
 * instead doubled a hierarchical AllGather with opposite channels on a
 * one-way ring, whose backward routes cross every link).
 */
import type { RouteCosts } from './route-costs.js';

/** Rings over card orders, each carrying blocks of `blockBytes[c]` bytes, cut into `pipeline` sub-chunks. */
export interface RingChains {
  /** One cyclic card order per channel: position i sends to position i + 1. */
  readonly orders: readonly (readonly number[])[];
  /** Bytes one position sends per step on each channel (the largest block). */
  readonly blockBytes: readonly number[];
  readonly pipeline: number;
  /**
   * Whether every position sends in every step (ring all-gather and
   * reduce-scatter: default), or each once as the data passes (a chain).
   */
  readonly everyStep?: boolean;
}

/**
 * Seconds of `reduceSteps` reduce-scatter steps followed by `copySteps`
 * all-gather steps over the rings, the block starting at position j at time
 * start(j) (0 unless given: a scatter before an all-gather; −∞ for
 * positions where no block starts, as in a chain broadcast).
 */
export function ringChainSeconds(
  costs: RouteCosts, rings: RingChains, reduceSteps: number, copySteps: number, start?: (position: number) => number,
): number {
  const steps = reduceSteps + copySteps;
  const k = rings.orders.length;
  if (steps === 0 || k === 0) return 0;
  // How many ring positions (over all channels) route through each link: sharing stretches every user.
  const users = new Map<number, number>();
  for (const order of rings.orders) {
    const p = order.length;
    for (let i = 0; i < p; i++) for (const link of costs.route(order[i]!, order[(i + 1) % p]!)) users.set(link, (users.get(link) ?? 0) + 1);
  }
  let worst = 0;
  rings.orders.forEach((order, c) => {
    const p = order.length;
    const block = rings.blockBytes[c]!;
    if (p <= 1 || block === 0) return;
    const P = Math.max(1, Math.min(rings.pipeline, block));
    const sub = block / P;
    // Per position, one sub-chunk's hop time (copy and reduce steps) and what it holds its busiest resource for.
    const copy = new Float64Array(p);
    const reduce = new Float64Array(p);
    const occupancy = new Float64Array(p);
    let extra = 0; // one sub-chunk's time beyond its occupancy (latencies, other hops)
    for (let i = 0; i < p; i++) {
      const src = order[i]!;
      const dst = order[(i + 1) % p]!;
      const route = costs.route(src, dst);
      let busiest = 0;
      let stretch = 0;
      for (let h = 0; h < route.length; h++) {
        const ser = costs.serializationSeconds(src, route, h, sub);
        const shared = (users.get(route[h]!) ?? 1) - 1;
        stretch = Math.max(stretch, ser * shared);
        busiest = Math.max(busiest, ser * (1 + shared));
      }
      const hop = costs.pathSeconds(src, dst, sub) + stretch;
      const gamma = sub * costs.gamma[dst]!;
      copy[i] = hop;
      reduce[i] = hop + gamma;
      // The receiver's reducer serves every channel's sub-chunks.
      occupancy[i] = Math.max(busiest, reduceSteps > 0 ? k * gamma : 0);
      extra = Math.max(extra, hop - busiest);
    }
    const prefix = (values: Float64Array) => {
      const sums = new Float64Array(3 * p + 1);
      for (let x = 0; x < 3 * p; x++) sums[x + 1] = sums[x]! + values[x % p]!;
      return sums;
    };
    const reduceSums = prefix(reduce);
    const copySums = prefix(copy);
    let chain = 0;
    let latestStart = 0;
    for (let j = 0; j < p; j++) {
      const begin = start ? start(j) : 0;
      if (begin === -Infinity) continue;
      latestStart = Math.max(latestStart, begin);
      const total = begin + (reduceSums[j + reduceSteps]! - reduceSums[j]!) + (copySums[j + steps]! - copySums[j + reduceSteps]!);
      if (total > chain) chain = total;
    }
    let busiest = 0;
    for (let i = 0; i < p; i++) busiest = Math.max(busiest, occupancy[i]!);
    // Every position serving steps × P sub-chunks (not a chain, where each position forwards the data once).
    const steady = rings.everyStep === false ? 0 : steps * P * busiest + extra + latestStart;
    worst = Math.max(worst, chain + (P - 1) * busiest, steady);
  });
  return worst;
}
