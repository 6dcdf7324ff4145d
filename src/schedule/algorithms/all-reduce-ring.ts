/**
 * AllReduce, ring (NCCL, Baidu): a ring reduce-scatter then a ring
 * all-gather, 2(p − 1) steps, each card sending one block (times
 * `pipeline` sub-chunks) to the next card per step.
 *
 * Block j of the buffer is chunk j of p: chunkBounds(count, p, j). After the
 * reduce-scatter card j holds block j reduced over all cards (ring-phases.ts
 * for the derivation), in the order
 *     x_j ∘ (x_{j−1} ∘ ( … ∘ (x_{j+2} ∘ x_{j+1})))     (card ids mod p),
 * and the all-gather copies that same value to every card, so all cards end
 * bitwise identical.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';
import { ringAllGather, ringReduceScatter, type RingLayout } from './ring-phases.js';
import { symmetricRingSeconds } from './ring-pipeline-seconds.js';

/** Build the ring AllReduce schedule (2(p − 1) steps). */
export function allReduceRing(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allReduce', 'ring', input);
  const { nSails: p, count, pipeline } = input;
  // Capacity: 2(p − 1) steps of p messages, each cut into `pipeline` sub-chunks (fewer when sub-chunks are empty).
  const b = new ScheduleBuilder('allReduce', 'ring', p, count, 0, 2 * (p - 1) * p * Math.min(pipeline, Math.ceil(count / p)));
  if (p === 1 || count === 0) return b.build();
  const ring: RingLayout = { p, card: (i) => i, block: (j) => chunkBounds(count, p, j), pipeline };
  ringReduceScatter(b, ring);
  ringAllGather(b, ring);
  return b.build();
}

/**
 * Seconds on a unidirectional ring (or a full mesh). Pipeline 1: every block
 * travels p − 1 hops reducing (α + sβ + sγ each) then p − 1 hops copying
 * (α + sβ), all blocks at once, s = ⌈count/p⌉·bytes the largest block:
 *     (p − 1)(2α + 2sβ + sγ).
 * Exact when count is divisible by p. Otherwise the smaller blocks finish
 * their reduce-scatter earlier and their all-gather copies can hold a link
 * a larger block needs, so this is a lower bound (within a few element
 * times), exact once α ≥ (p − 1)·bytes·(β + γ) (checked for p ≤ 24).
 * Pipeline P > 1: symmetricRingSeconds (ring-pipeline-seconds.ts), exact
 * when count is divisible by p, an approximation otherwise.
 */
export function allReduceRingCost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1): number {
  if (p === 1 || count === 0) return 0;
  if (pipeline > 1) return symmetricRingSeconds(p - 1, p - 1, Math.ceil(count / p), pipeline, bytesPerElement, c);
  const s = Math.ceil(count / p) * bytesPerElement;
  return (p - 1) * (2 * c.alpha + 2 * s * c.beta + s * c.gamma);
}
