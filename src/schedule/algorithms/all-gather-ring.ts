/**
 * AllGather, ring (NCCL): p − 1 steps; in step k card i sends block
 * (i − k) mod p to card i + 1 (ring-phases.ts), cut into `pipeline`
 * sub-chunks. Block b = [b·count, (b+1)·count).
 *
 * Channels (`rings`, k orders): every block is cut into k parts (part c =
 * chunk c of k of the block) and part c of every block travels ring c: the
 * card at position i of order c starts with part c of its own block.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters, type CostShape } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';
import { channelsOf } from './channels.js';
import { RingForwarding } from './ring-forwarding.js';
import { ringAllGather } from './ring-phases.js';

/** Build the ring AllGather schedule (p − 1 steps). */
export function allGatherRing(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allGather', 'ring', input);
  const { nSails: p, count, pipeline } = input;
  if (p === 1 || count === 0) return new ScheduleBuilder('allGather', 'ring', p, workingLength('allGather', p, count)).build();
  const channels = channelsOf(input, count);
  // Exactly (p − 1)·p blocks per channel, each in min(pipeline, its elements) non-empty sub-chunks.
  const capacity = (p - 1) * p * channels.reduce((sum, { start, end }) => sum + Math.min(pipeline, end - start), 0);
  const b = new ScheduleBuilder('allGather', 'ring', p, workingLength('allGather', p, count), 0, capacity);
  const rings = channels.map(({ order, start, end }) => ({
    p, card: (i: number) => order[i]!, pipeline,
    block: (i: number) => [order[i]! * count + start, order[i]! * count + end] as const,
  }));
  const forwarding = new RingForwarding(rings.length, p, Math.min(pipeline, Math.ceil(count / rings.length) + 1), capacity);
  ringAllGather(b, rings, forwarding);
  return b.build(forwarding.forwardedBy());
}

/**
 * Seconds on a unidirectional ring (or a full mesh), s = count·bytes, with
 * `pipeline` = P sub-chunks of at most σ = ⌈count/P⌉·bytes. Each link
 * carries p − 1 blocks, one sub-chunk at a time (FIFO); a sub-chunk may
 * leave a card once it has arrived there. The finishing time is the longer
 * of two paths through (step, sub-chunk): follow one sub-chunk column down
 * the ring (p − 1 latencies, every sub-chunk serialized once on the first
 * link and the largest p − 2 more times), or keep the first link busy with
 * all (p − 1) blocks and pay one latency:
 *     max( (p − 1)α + (s + (p − 2)σ)β,  α + (p − 1)sβ ),
 * which for P = 1 is (p − 1)(α + sβ). Exact for every count.
 * k channels on disjoint links (shape.channels) do not interact (nothing is
 * reduced): the time is that of the largest part, count → ⌈count/k⌉ above.
 * Exact for every count.
 */
export function allGatherRingCost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1, shape?: CostShape): number {
  if (p === 1 || count === 0) return 0;
  const part = Math.ceil(count / (shape?.channels ?? 1));
  const s = part * bytesPerElement;
  const sigma = Math.ceil(part / pipeline) * bytesPerElement;
  return Math.max((p - 1) * c.alpha + (s + (p - 2) * sigma) * c.beta, c.alpha + (p - 1) * s * c.beta);
}
