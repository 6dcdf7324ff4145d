/**
 * AllReduce, binomial tree: a binomial reduce to card 0 then a binomial
 * broadcast from card 0 (binomial-tree-phases.ts), 2·⌈lg p⌉ steps, whole
 * buffer in every message. Any p.
 *
 * Reduction order: card 0 reduces in card order with binomial-tree
 * parenthesisation, e.g. 8 cards ((x0 ∘ x1) ∘ (x2 ∘ x3)) ∘ ((x4 ∘ x5) ∘
 * (x6 ∘ x7)), 6 cards ((x0 ∘ x1) ∘ (x2 ∘ x3)) ∘ (x4 ∘ x5); the broadcast
 * copies that value to every card.
 */
import { checkAlgorithmInput, floorLog2, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { binomialBroadcast, binomialReduce, binomialReduceSeconds } from './binomial-tree-phases.js';

/** Build the binomial-tree AllReduce schedule (2⌈lg p⌉ steps). */
export function allReduceBinomialTree(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allReduce', 'binomialTree', input);
  const { nSails: p, count } = input;
  const b = new ScheduleBuilder('allReduce', 'binomialTree', p, count);
  if (p === 1 || count === 0) return b.build();
  const all: [number, number][] = [[0, count]];
  const card = (r: number) => r;
  binomialReduce(b, p, card, all);
  binomialBroadcast(b, p, card, all);
  return b.build();
}

/**
 * Seconds on a full mesh, with S = count·bytes: the binomial reduce to
 * card 0 (binomialReduceSeconds; lg p·(α + Sβ + Sγ) for a power of two),
 * then a broadcast whose copies reach card x after popcount(x) hops, at
 * most ⌊lg p⌋: + ⌊lg p⌋·(α + Sβ).
 */
export function allReduceBinomialTreeCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  const S = count * bytesPerElement;
  return binomialReduceSeconds(p, S, c) + floorLog2(p) * (c.alpha + S * c.beta);
}
