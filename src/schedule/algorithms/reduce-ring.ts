/**
 * Reduce, ring: a ring reduce-scatter over ranks (rank r = card root + r mod
 * p, block j = chunkBounds(count, p, j), ring-phases.ts), after which rank j
 * holds block j reduced over all cards, then one step in which every rank
 * j ≠ 0 sends block j to the root. p steps. Block j's reduction order, with
 * y_r the data of rank r:
 *     y_j ∘ (y_{j−1} ∘ ( … ∘ (y_{j+2} ∘ y_{j+1})))     (ranks mod p).
 *
 * Channels (`rings`, k orders): the buffer is cut into k parts (part c =
 * chunk c of k); part c runs the above with rank r = the card r places
 * after the root in order c, its blocks chunks of the part. In the last
 * step every card sends the root its finished block of every channel, one
 * transfer per channel.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters, type CostShape } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';
import { channelsOf } from './channels.js';
import { subChunkSizes } from './multi-ring-seconds.js';
import { ringPhasesSeconds } from './ring-phases-seconds.js';
import { ringReduceScatter, type RingLayout } from './ring-phases.js';
import { symmetricRingSeconds } from './ring-pipeline-seconds.js';
import { sendPipelined } from './sub-chunks.js';

/** Build the ring Reduce schedule (p steps). */
export function reduceRing(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('reduce', 'ring', input);
  const { nSails: p, count, root, pipeline } = input;
  const b = new ScheduleBuilder('reduce', 'ring', p, count, root);
  if (p === 1 || count === 0) return b.build();
  const rings: RingLayout[] = channelsOf(input, count).map(({ order, positionOf, start, end }) => ({
    p, pipeline,
    card: (r) => order[(positionOf[root]! + r) % p]!,
    block: (j) => {
      const [a, z] = chunkBounds(end - start, p, j);
      return [start + a, start + z];
    },
  }));
  ringReduceScatter(b, rings);
  b.step();
  for (const ring of rings) {
    for (let j = 1; j < p; j++) {
      const [start, end] = ring.block(j);
      sendPipelined(b, ring.card(j), root, start, end, pipeline, false);
    }
  }
  return b.build();
}

/**
 * Seconds on a full mesh (the ring steps use links card i → i + 1, the last
 * step links to the root). Pipeline 1, with s = ⌈count/p⌉·bytes the largest
 * block — rank p − 1's block always has that size, so a block of that size
 * always needs the final copy: p − 1 reducing hops then the copy,
 *     (p − 1)(α + sβ + sγ) + α + sβ.
 * Pipeline P > 1: symmetricRingSeconds with p − 1 reduce steps and the copy
 * to the root as one more step (from rank p − 1 it shares the link to the
 * root with its ring traffic); exact when count is divisible by p, an
 * approximation otherwise.
 * k > 1 channels (shape.channels): ringPhasesSeconds (ring-phases-seconds.ts)
 * with each ring on its own link and the k copies to the root sharing one
 * more link per card — an approximation, since the cards next to the root
 * send some copies over their ring links instead, and the evaluation
 * treats every card as one that sends copies (within 15% of the simulation
 * in the cases tested).
 */
export function reduceRingCost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1, shape?: CostShape): number {
  if (p === 1 || count === 0) return 0;
  const k = shape?.channels ?? 1;
  if (k > 1) {
    // Ring c on link c; every channel's copy to the root on one more link, shared (key −1).
    return ringPhasesSeconds(Array.from({ length: k }, (_, ch) => {
      const [a, z] = chunkBounds(count, k, ch);
      const subChunks = subChunkSizes(Math.ceil((z - a) / p), pipeline);
      return [
        { steps: p - 1, reduce: true, link: ch, subChunks },
        { steps: 1, reduce: false, link: -1, subChunks, continues: true },
      ];
    }), bytesPerElement, c);
  }
  if (pipeline > 1) return symmetricRingSeconds(p - 1, 1, Math.ceil(count / p), pipeline, bytesPerElement, c);
  const s = Math.ceil(count / p) * bytesPerElement;
  return (p - 1) * (c.alpha + s * c.beta + s * c.gamma) + c.alpha + s * c.beta;
}
