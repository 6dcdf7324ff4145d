/**
 * The two halves of every ring algorithm (NCCL's and Baidu's ring
 * AllReduce), over a ring of p positions where position i sends only to
 * position i + 1 (mod p), so a unidirectional ring of links suffices.
 *
 * The data is cut into p blocks; `block(j)` gives block j's element range.
 *
 * Reduce-scatter (p − 1 steps). In step k = 0 … p − 2, position i sends
 * block (i − k − 1) mod p to position i + 1, which reduces it into its own
 * copy. Block j therefore starts at position j + 1 (step 0), picks up one
 * contribution per hop and, after p − 1 hops, arrives complete at position
 * j: the position receiving at step k is i + 1 and the block it receives
 * is (i − k − 1) = ((i + 1) − k − 2), which at the last step k = p − 2 is
 * (i + 1) − p ≡ i + 1. So position i ends holding block i reduced over all p
 * positions. Reduction order of block j (dst ← dst ∘ incoming, x_i being
 * position i's data):
 *     x_j ∘ (x_{j−1} ∘ ( … ∘ (x_{j+2} ∘ x_{j+1})))     (indices mod p).
 * Each block is reduced once per hop, by the receiving position.
 *
 * All-gather (p − 1 steps). Position i starts with (final) block i. In step
 * k = 0 … p − 2, position i sends block (i − k) mod p to position i + 1:
 * step 0 sends its own block, and each later step forwards the block it
 * received in the previous step ((i − 1) − (k − 1) = i − k). After p − 1
 * steps position i + 1 has received blocks i, i − 1, …, i − p + 2, i.e.
 * every block but its own.
 *
 * Every block transfer is cut into `pipeline` sub-chunks (sub-chunks.ts).
 *
 * Channels (NCCL's): several rings, each over its own card order and its
 * own part of the data, run side by side. Both phases take one layout or a
 * list of them; step k then holds step k of every ring, channel by channel
 * (channel 0's transfers first), so the step count stays that of one ring.
 *
 * A schedule made only of these phases can pass a RingForwarding to both, which
 * records who waits on whom as the transfers are emitted (ring-forwarding.ts).
 */
import type { ScheduleBuilder } from '../schedule.js';
import type { RingForwarding } from './ring-forwarding.js';
import { sendPipelined } from './sub-chunks.js';

/** How positions map to cards and blocks to elements. */
export interface RingLayout {
  /** Ring length p (≥ 2). */
  readonly p: number;
  /** Card at ring position i. */
  readonly card: (position: number) => number;
  /** Element range of block j. */
  readonly block: (j: number) => readonly [number, number];
  /** Sub-chunks per block transfer (≥ 1). */
  readonly pipeline: number;
}

/**
 * Emit the p − 1 reduce-scatter steps of every ring in `rings` (one layout
 * or one per channel, all of the same p); position i of each ring ends
 * holding its block i reduced over every position.
 */
export function ringReduceScatter(b: ScheduleBuilder, rings: RingLayout | readonly RingLayout[], forwarding?: RingForwarding): void {
  const all = layouts(rings);
  const p = all[0]!.p;
  for (let k = 0; k <= p - 2; k++) {
    b.step();
    forwarding?.step();
    all.forEach((ring, c) => {
      for (let i = 0; i < p; i++) {
        const [start, end] = ring.block((((i - k - 1) % p) + p) % p);
        const first = b.transferCount;
        sendPipelined(b, ring.card(i), ring.card((i + 1) % p), start, end, ring.pipeline, true);
        forwarding?.sent(c, i, first, b.transferCount);
      }
    });
  }
}

/**
 * Emit the p − 1 all-gather steps of every ring in `rings`; position i of
 * each ring starts holding its block i and every position ends holding all.
 */
export function ringAllGather(b: ScheduleBuilder, rings: RingLayout | readonly RingLayout[], forwarding?: RingForwarding): void {
  const all = layouts(rings);
  const p = all[0]!.p;
  for (let k = 0; k <= p - 2; k++) {
    b.step();
    forwarding?.step();
    all.forEach((ring, c) => {
      for (let i = 0; i < p; i++) {
        const [start, end] = ring.block((((i - k) % p) + p) % p);
        const first = b.transferCount;
        sendPipelined(b, ring.card(i), ring.card((i + 1) % p), start, end, ring.pipeline, false);
        forwarding?.sent(c, i, first, b.transferCount);
      }
    });
  }
}

function layouts(rings: RingLayout | readonly RingLayout[]): readonly RingLayout[] {
  const all = Array.isArray(rings) ? (rings as readonly RingLayout[]) : [rings as RingLayout];
  if (all.length === 0 || all.some((r) => r.p !== all[0]!.p)) throw new Error('ring phases: expected one or more rings of the same length');
  return all;
}
