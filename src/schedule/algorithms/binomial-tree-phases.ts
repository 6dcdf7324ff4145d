/**
 * Binomial trees over ranks 0 … p − 1 rooted at rank 0 (MPICH's binomial
 * reduce and broadcast), for any p ≥ 2. K = ⌈lg p⌉ steps each.
 *
 * Reduce. In step k = 0 … K − 1 every rank r with r mod 2^(k+1) = 2^k (its
 * lowest set bit is k) sends its partial result to r − 2^k, which reduces it
 * into its own; r then has nothing left to do. A rank r receives, in steps
 * k = 0, 1, … below its lowest set bit, from r + 2^k whenever r + 2^k < p
 * (the root receives in every step). Ranks that send at step k are
 * 2^k, 3·2^k, 5·2^k, …, so the loop runs r = 2^k, r += 2^(k+1), while r < p.
 * Since the incoming partial result always covers higher ranks than the
 * receiver's own, dst ← dst ∘ incoming keeps rank order, with the
 * parenthesisation of a binomial tree, e.g. for 8 ranks
 *     ((x0 ∘ x1) ∘ (x2 ∘ x3)) ∘ ((x4 ∘ x5) ∘ (x6 ∘ x7)),
 * and for 6: ((x0 ∘ x1) ∘ (x2 ∘ x3)) ∘ (x4 ∘ x5).
 *
 * Broadcast. In step k = 0 … K − 1 every rank r < 2^k (all of which hold
 * the data after step k − 1) sends to r + 2^k when r + 2^k < p. Rank x
 * receives once, from x minus its highest set bit, so the data reaches x
 * after popcount(x) hops.
 */
import { ceilLog2 } from '../algorithm.js';
import type { ScheduleBuilder } from '../schedule.js';

/** Emit the K = ⌈lg p⌉ steps of a binomial reduce of `segments` to rank 0. */
export function binomialReduce(b: ScheduleBuilder, p: number, card: (rank: number) => number, segments: readonly (readonly [number, number])[]): void {
  const K = ceilLog2(p);
  for (let k = 0; k < K; k++) {
    b.step();
    for (let r = 1 << k; r < p; r += 2 << k) b.send(card(r), card(r - (1 << k)), segments, true);
  }
}

/** Emit the K = ⌈lg p⌉ steps of a binomial broadcast of `segments` from rank 0. */
export function binomialBroadcast(b: ScheduleBuilder, p: number, card: (rank: number) => number, segments: readonly (readonly [number, number])[]): void {
  const K = ceilLog2(p);
  for (let k = 0; k < K; k++) {
    b.step();
    for (let r = 0; r < 1 << k && r + (1 << k) < p; r++) b.send(card(r), card(r + (1 << k)), segments, false);
  }
}

/**
 * Seconds until rank 0 has reduced everything in the binomial reduce of S
 * bytes (full mesh). Rank r's children are r + 2^j for j = 0 … k_r − 1
 * (those below p and below r's lowest set bit); it reduces them in that
 * order, each only after the previous one, so with m = α + Sβ and g = Sγ
 *     D(r) = max_j ( D(r + 2^j) + m + (k_r − j)·g ),   D(leaf) = 0,
 * the path from a child's subtree paying the message and every reduction
 * from its own on. For p = 2^L this is L·(m + g).
 */
export function binomialReduceSeconds(p: number, S: number, c: { readonly alpha: number; readonly beta: number; readonly gamma: number }): number {
  const m = c.alpha + S * c.beta;
  const g = S * c.gamma;
  const D = new Float64Array(p);
  for (let r = p - 1; r >= 0; r--) {
    const limit = r === 0 ? p : r & -r; // children r + 2^j need 2^j below r's lowest set bit
    let k = 0;
    while ((1 << k) < limit && r + (1 << k) < p) k++;
    let d = 0;
    for (let j = 0; j < k; j++) d = Math.max(d, D[r + (1 << j)]! + m + (k - j) * g);
    D[r] = d;
  }
  return D[0]!;
}
