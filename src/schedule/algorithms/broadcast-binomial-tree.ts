/**
 * Broadcast, binomial tree (MPICH for short messages): ⌈lg p⌉ steps, whole
 * buffer in every message. Ranks are rotated so the root is rank 0; in step
 * k every rank r < 2^k sends to rank r + 2^k when it exists
 * (binomial-tree-phases.ts). Rank x receives after popcount(x) hops.
 */
import { cardOfRank, checkAlgorithmInput, floorLog2, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { binomialBroadcast } from './binomial-tree-phases.js';

/** Build the binomial-tree Broadcast schedule (⌈lg p⌉ steps). */
export function broadcastBinomialTree(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('broadcast', 'binomialTree', input);
  const { nSails: p, count, root } = input;
  const b = new ScheduleBuilder('broadcast', 'binomialTree', p, count, root);
  if (p === 1 || count === 0) return b.build();
  binomialBroadcast(b, p, (r) => cardOfRank(r, root, p), [[0, count]]);
  return b.build();
}

/**
 * Seconds on a full mesh, S = count·bytes: the root's messages all leave at
 * once (steps are not barriers and a card sends on several links at once),
 * so card x has the data after popcount(x) hops, at most ⌊lg p⌋:
 *     ⌊lg p⌋·(α + Sβ)     (= lg p·(α + Sβ) for a power of two).
 */
export function broadcastBinomialTreeCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  return floorLog2(p) * (c.alpha + count * bytesPerElement * c.beta);
}
