/**
 * Binomial trees (binomial-tree-phases.ts) priced without building their
 * schedule: linear in the cards (plus route lengths), for trees at any
 * scale on any topology.
 *
 * Broadcast: rank x receives from its parent x − 2^⌊lg x⌋ and then sends to
 * its children x + 2^k, k above its highest bit, in that order — the root's
 * data is ready at once, so on a full mesh all its messages leave together,
 * but messages that share the sender's first link (a ring, a switch's
 * up-link) go one after another: each waits for the previous one's
 * serialization there. Reduce: the mirror — rank r receives from its
 * children r + 2^k, k below its lowest bit, once each child has reduced its
 * own subtree; the children's messages queue for r's incoming link they
 * share (a switch's down-link) and for r's reducer, in order of arrival.
 * Beyond the first (broadcast) or last (reduce) link a message is taken to
 * travel alone — the trees' messages in flight at one time go between
 * disjoint pairs, so elsewhere they rarely meet. On a mesh this is the
 * closed form exactly.
 */
import type { RouteCosts } from './route-costs.js';

/** Seconds until every rank holds the root's `bytes` (ranks → cards by `card`). */
export function binomialBroadcastSeconds(costs: RouteCosts, p: number, card: (rank: number) => number, bytes: number): number {
  if (p <= 1 || bytes === 0) return 0;
  const have = new Float64Array(p); // when rank x has the data
  let worst = 0;
  for (let x = 0; x < p; x++) {
    // Children in send order; x's first links are busy until firstLinkFree.
    const firstLinkFree = new Map<number, number>();
    const high = x === 0 ? 1 : 2 << Math.floor(Math.log2(x));
    for (let step = high; x + step < p; step *= 2) {
      const child = x + step;
      const src = card(x);
      const route = costs.route(src, card(child));
      const first = route[0]!;
      const start = Math.max(have[x]!, firstLinkFree.get(first) ?? 0);
      firstLinkFree.set(first, start + costs.serializationSeconds(src, route, 0, bytes));
      have[child] = start + costs.pathSeconds(src, card(child), bytes);
      if (have[child]! > worst) worst = have[child]!;
    }
  }
  return worst;
}

/** Seconds until rank 0 holds the reduction of every rank's `bytes` (ranks → cards by `card`). */
export function binomialReduceSeconds(costs: RouteCosts, p: number, card: (rank: number) => number, bytes: number): number {
  if (p <= 1 || bytes === 0) return 0;
  const done = new Float64Array(p); // when rank r's subtree is reduced into r
  for (let r = p - 1; r >= 0; r--) {
    const low = r === 0 ? p : r & -r;
    const arrivals: { at: number; lastLink: number; lastSerialization: number }[] = [];
    for (let step = 1; step < low && r + step < p; step *= 2) {
      const child = r + step;
      const src = card(child);
      const route = costs.route(src, card(r));
      const k = route.length - 1;
      arrivals.push({
        at: done[child]! + costs.pathSeconds(src, card(r), bytes),
        lastLink: route[k]!,
        lastSerialization: costs.serializationSeconds(src, route, k, bytes),
      });
    }
    // Messages sharing r's incoming link arrive one serialization apart at least; then r reduces them in order.
    arrivals.sort((a, b) => a.at - b.at);
    const lastLinkFree = new Map<number, number>();
    let reducer = 0;
    const gamma = bytes * costs.gamma[card(r)]!;
    for (const a of arrivals) {
      const free = lastLinkFree.get(a.lastLink);
      const latency = costs.latency[a.lastLink]!;
      const at = free === undefined ? a.at : Math.max(a.at, free + a.lastSerialization + latency);
      lastLinkFree.set(a.lastLink, at - latency);
      reducer = Math.max(reducer, at) + gamma;
    }
    done[r] = reducer;
  }
  return done[0]!;
}
