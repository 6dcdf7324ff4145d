/**
 * The ring family priced without building its schedule: linear in the
 * cards, for ring algorithms on any topology at any scale.
 *
 * In a ring algorithm (ring-phases.ts) position i sends to position i + 1
 * every step, and what it sends in step k is what it received in step k − 1
 * (reduced, in the reduce-scatter half). So every block travels a *chain*:
 * it leaves position j at step 0 and is forwarded one position per step.
 * When no two positions' routes share a link, nothing ever waits for
 * anything but its own chain, and a chain's time is the sum of its hops'
 * durations: position i's message takes
 *     d(i) = path time of its route (Σ α_l + b/bw_l) [+ b·γ of the receiver]
 * (route-costs.ts), the same in every step. So with K steps (the first R
 * reducing) the collective takes the longest chain,
 *     max over j of Σ_{k<K} d_k(j + k),
 * found in O(p) with prefix sums over the positions, twice round. This is
 * the simulation's result exactly for counts divisible by the cards (every
 * block the same size), without pipelining and without shared links; on a
 * ring whose positions all take the same time it is the closed form.
 *
 * Where routes of several positions share a link (a ring order laid over a
 * topology that does not contain it), each of those messages is charged the
 * others' serialization on the link as well — an upper bound of the FIFO.
 * With `pipeline` = P sub-chunks the chain becomes a pipeline: the first
 * sub-chunk's chain time plus P − 1 times the busiest stage's occupancy (its
 * link or its reducer per sub-chunk) — the classic pipeline formula, exact
 * when stages are uniform.
 */
import type { RouteCosts } from './route-costs.js';

/** A ring over positions 0 … p − 1; `card(i)` plays position i. */
export interface RingChains {
  readonly p: number;
  readonly card: (position: number) => number;
  /** Bytes one position sends per step (the largest block), and per sub-chunk. */
  readonly blockBytes: number;
  readonly pipeline: number;
}

/** Per-position durations of one block (or sub-chunk) of `bytes` in a reducing and in a copying step. */
interface StageTimes {
  readonly reduce: Float64Array;
  readonly copy: Float64Array;
  /** Per position: the longest its resources are held per message (busiest link, or reducer). */
  readonly occupancy: Float64Array;
}

function stageTimes(costs: RouteCosts, ring: RingChains, bytes: number): StageTimes {
  const { p } = ring;
  // How many positions' routes use each link: sharing stretches every user.
  const users = new Map<number, number>();
  for (let i = 0; i < p; i++) {
    for (const link of costs.route(ring.card(i), ring.card((i + 1) % p))) users.set(link, (users.get(link) ?? 0) + 1);
  }
  const reduce = new Float64Array(p);
  const copy = new Float64Array(p);
  const occupancy = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const src = ring.card(i);
    const dst = ring.card((i + 1) % p);
    const route = costs.route(src, dst);
    let t = 0;
    let busiest = 0;
    for (let k = 0; k < route.length; k++) {
      const ser = costs.serializationSeconds(src, route, k, bytes);
      const shared = users.get(route[k]!)! - 1;
      t += ser * (1 + shared) + costs.latency[route[k]!]!;
      busiest = Math.max(busiest, ser * (1 + shared));
    }
    const gamma = bytes * costs.gamma[dst]!;
    copy[i] = t;
    reduce[i] = t + gamma;
    occupancy[i] = Math.max(busiest, gamma);
  }
  return { reduce, copy, occupancy };
}

/**
 * Seconds of `reduceSteps` reduce-scatter steps followed by `copySteps`
 * all-gather steps over the ring, every block starting at its own position
 * at time start(j) (0 unless given: a scatter before an all-gather).
 */
export function ringChainSeconds(
  costs: RouteCosts, ring: RingChains, reduceSteps: number, copySteps: number, start?: (position: number) => number,
): number {
  const { p, pipeline } = ring;
  const steps = reduceSteps + copySteps;
  if (p <= 1 || steps === 0 || ring.blockBytes === 0) return 0;
  const P = Math.max(1, Math.min(pipeline, ring.blockBytes));
  const sub = ring.blockBytes / P;
  const stage = stageTimes(costs, ring, sub);
  // Prefix sums over positions, twice round (a chain of up to 2(p − 1) steps wraps once).
  const prefix = (values: Float64Array) => {
    const sums = new Float64Array(3 * p + 1);
    for (let x = 0; x < 3 * p; x++) sums[x + 1] = sums[x]! + values[x % p]!;
    return sums;
  };
  const reduceSums = prefix(stage.reduce);
  const copySums = prefix(stage.copy);
  const occupancyMax = (from: number, count: number): number => {
    let worst = 0;
    for (let k = 0; k < Math.min(count, p); k++) worst = Math.max(worst, stage.occupancy[(from + k) % p]!);
    return worst;
  };
  let worstChain = 0;
  let worstOccupancy = 0;
  for (let j = 0; j < p; j++) {
    // The chain of the block that starts at position j: reducing hops j … j+R−1, then copying hops.
    const chain = (reduceSums[j + reduceSteps]! - reduceSums[j]!) + (copySums[j + steps]! - copySums[j + reduceSteps]!);
    const total = (start ? start(j) : 0) + chain;
    if (total > worstChain) worstChain = total;
  }
  if (P > 1) worstOccupancy = occupancyMax(0, p);
  return worstChain + (P - 1) * worstOccupancy;
}
