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
 *
 * Channels (`rings`, k orders): the buffer is cut into k parts (part c =
 * chunk c of k) and part c runs the ring above over order c, its block j
 * being chunk j of p of the part; all rings share the steps. The card at
 * position j of ring c ends holding block j of part c, reduced in that
 * ring's order.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters, type CostShape } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';
import { channelsOf } from './channels.js';
import { multiRingSeconds } from './multi-ring-seconds.js';
import { RingForwarding } from './ring-forwarding.js';
import { ringAllGather, ringReduceScatter, type RingLayout } from './ring-phases.js';
import { symmetricRingSeconds } from './ring-pipeline-seconds.js';

/** Build the ring AllReduce schedule (2(p − 1) steps). */
export function allReduceRing(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allReduce', 'ring', input);
  const { nSails: p, count, pipeline } = input;
  // Capacity: 2(p − 1) steps of p messages, each cut into `pipeline` sub-chunks (fewer when sub-chunks are empty).
  const capacity = 2 * (p - 1) * p * Math.min(pipeline, Math.ceil(count / p));
  const b = new ScheduleBuilder('allReduce', 'ring', p, count, 0, capacity);
  if (p === 1 || count === 0) return b.build();
  const rings: RingLayout[] = channelsOf(input, count).map(({ order, start, end }) => ({
    p, card: (i) => order[i]!, pipeline,
    block: (j) => {
      const [a, z] = chunkBounds(end - start, p, j);
      return [start + a, start + z];
    },
  }));
  const forwarding = new RingForwarding(rings.length, p, Math.min(pipeline, Math.ceil(count / (rings.length * p)) + 1), capacity);
  ringReduceScatter(b, rings, forwarding);
  ringAllGather(b, rings, forwarding);
  return b.build(forwarding.forwardedBy());
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
 * k > 1 channels on disjoint links (shape.channels): the rings share only
 * each card's reducer; multiRingSeconds (multi-ring-seconds.ts) evaluates
 * one card, exact when count is divisible by k·p (every block of every ring
 * the same size), an approximation otherwise (within 15% of the simulation
 * in the cases tested: blocks that differ by an element desynchronise the
 * rings on the shared reducers).
 */
export function allReduceRingCost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1, shape?: CostShape): number {
  if (p === 1 || count === 0) return 0;
  const k = shape?.channels ?? 1;
  if (k > 1) {
    const blocks = Array.from({ length: k }, (_, ch) => { const [a, z] = chunkBounds(count, k, ch); return Math.ceil((z - a) / p); });
    return multiRingSeconds(p - 1, p - 1, blocks, pipeline, bytesPerElement, c);
  }
  if (pipeline > 1) return symmetricRingSeconds(p - 1, p - 1, Math.ceil(count / p), pipeline, bytesPerElement, c);
  const s = Math.ceil(count / p) * bytesPerElement;
  return (p - 1) * (2 * c.alpha + 2 * s * c.beta + s * c.gamma);
}
