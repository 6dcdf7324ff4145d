/**
 * ReduceScatter, ring (NCCL): p − 1 steps; in step k card i sends block
 * (i − k − 1) mod p to card i + 1, which reduces it (ring-phases.ts), cut
 * into `pipeline` sub-chunks. Block b = [b·count, (b+1)·count); card c ends
 * with block c, reduced in the order
 *     x_c ∘ (x_{c−1} ∘ ( … ∘ (x_{c+2} ∘ x_{c+1})))     (card ids mod p).
 *
 * Channels (`rings`, k orders): every block is cut into k parts (part c =
 * chunk c of k of the block) and part c of every block is reduced along
 * ring c, ending at the block's card; its reduction order is the one above
 * with ring c's order in place of card ids.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters, type CostShape } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';
import { channelsOf } from './channels.js';
import { multiRingSeconds } from './multi-ring-seconds.js';
import { RingForwarding } from './ring-forwarding.js';
import { ringReduceScatter } from './ring-phases.js';
import { symmetricRingSeconds } from './ring-pipeline-seconds.js';

/** Build the ring ReduceScatter schedule (p − 1 steps). */
export function reduceScatterRing(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('reduceScatter', 'ring', input);
  const { nSails: p, count, pipeline } = input;
  if (p === 1 || count === 0) return new ScheduleBuilder('reduceScatter', 'ring', p, workingLength('reduceScatter', p, count)).build();
  const channels = channelsOf(input, count);
  // Exactly (p − 1)·p blocks per channel, each in min(pipeline, its elements) non-empty sub-chunks.
  const capacity = (p - 1) * p * channels.reduce((sum, { start, end }) => sum + Math.min(pipeline, end - start), 0);
  const b = new ScheduleBuilder('reduceScatter', 'ring', p, workingLength('reduceScatter', p, count), 0, capacity);
  const rings = channels.map(({ order, start, end }) => ({
    p, card: (i: number) => order[i]!, pipeline,
    block: (i: number) => [order[i]! * count + start, order[i]! * count + end] as const,
  }));
  const forwarding = new RingForwarding(rings.length, p, Math.min(pipeline, Math.ceil(count / rings.length) + 1), capacity);
  ringReduceScatter(b, rings, forwarding);
  return b.build(forwarding.forwardedBy());
}

/**
 * Seconds on a unidirectional ring (or a full mesh), s = count·bytes.
 * Pipeline 1: every block travels p − 1 hops, each α + sβ + sγ:
 *     (p − 1)(α + sβ + sγ).
 * Pipeline P > 1: symmetricRingSeconds (ring-pipeline-seconds.ts) — link
 * and reducer pipelines in series, no simpler closed form when β ≠ γ and
 * the sub-chunks are uneven. Exact for every count (all blocks are equal).
 * k > 1 channels on disjoint links (shape.channels): multiRingSeconds
 * (multi-ring-seconds.ts), the rings sharing each card's reducer; exact for
 * every count (within a channel all blocks are equal).
 */
export function reduceScatterRingCost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1, shape?: CostShape): number {
  if (p === 1 || count === 0) return 0;
  const k = shape?.channels ?? 1;
  if (k > 1) {
    const parts = Array.from({ length: k }, (_, ch) => { const [a, z] = chunkBounds(count, k, ch); return z - a; });
    return multiRingSeconds(p - 1, 0, parts, pipeline, bytesPerElement, c);
  }
  if (pipeline > 1) return symmetricRingSeconds(p - 1, 0, count, pipeline, bytesPerElement, c);
  const s = count * bytesPerElement;
  return (p - 1) * (c.alpha + s * c.beta + s * c.gamma);
}
