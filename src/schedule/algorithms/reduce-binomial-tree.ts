/**
 * Reduce, binomial tree (MPICH): ⌈lg p⌉ steps, whole buffer in every
 * message (binomial-tree-phases.ts). Ranks are rotated so the root is rank
 * 0 (rank r = card root + r mod p). The root's result keeps rank order with
 * binomial parenthesisation: for 8 ranks ((y0 ∘ y1) ∘ (y2 ∘ y3)) ∘
 * ((y4 ∘ y5) ∘ (y6 ∘ y7)), for 6 ranks ((y0 ∘ y1) ∘ (y2 ∘ y3)) ∘ (y4 ∘ y5),
 * where y_r is the data of card root + r.
 */
import { cardOfRank, checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { binomialReduce, binomialReduceSeconds } from './binomial-tree-phases.js';

/** Build the binomial-tree Reduce schedule (⌈lg p⌉ steps). */
export function reduceBinomialTree(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('reduce', 'binomialTree', input);
  const { nSails: p, count, root } = input;
  const b = new ScheduleBuilder('reduce', 'binomialTree', p, count, root);
  if (p === 1 || count === 0) return b.build();
  binomialReduce(b, p, (r) => cardOfRank(r, root, p), [[0, count]]);
  return b.build();
}

/** Seconds on a full mesh, S = count·bytes: binomialReduceSeconds (= lg p·(α + Sβ + Sγ) for a power of two). */
export function reduceBinomialTreeCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  return binomialReduceSeconds(p, count * bytesPerElement, c);
}
