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
  for (let k = 0; k <= p - 2; k++) ringStep(b, all, (i) => (((i - k - 1) % p) + p) % p, true, forwarding);
}

/**
 * Emit the p − 1 all-gather steps of every ring in `rings`; position i of
 * each ring starts holding its block i and every position ends holding all.
 */
export function ringAllGather(b: ScheduleBuilder, rings: RingLayout | readonly RingLayout[], forwarding?: RingForwarding): void {
  const all = layouts(rings);
  const p = all[0]!.p;
  for (let k = 0; k <= p - 2; k++) ringStep(b, all, (i) => (((i - k) % p) + p) % p, false, forwarding);
}

/**
 * One step: position i of every ring sends block blockOf(i) to position i + 1.
 * Without `forwarding`, each position's sub-chunks are consecutive transfers.
 * With it (a pure ring schedule), sub-chunk-major: sub-chunk 0 of every
 * position of every ring, then sub-chunk 1, … — the order in which they run
 * (every position is at the same sub-chunk at once), so a simulation of
 * millions of them reads its per-transfer state in order rather than with a
 * stride of `pipeline` (about a fifth of its time on a 256-card ring in 64
 * sub-chunks). Each position's own sub-chunks keep their order; only where
 * several positions' messages share a link (multi-hop routes) can a tie
 * between them fall the other way (a 3×4 torus AllReduce of 1 MiB in 4
 * sub-chunks moved by 6 ns of 2.3 ms when this order came in).
 */
function ringStep(
  b: ScheduleBuilder, all: readonly RingLayout[], blockOf: (position: number) => number, reduce: boolean, forwarding: RingForwarding | undefined,
): void {
  const p = all[0]!.p;
  b.step();
  if (forwarding === undefined) {
    for (const ring of all) {
      for (let i = 0; i < p; i++) {
        const [start, end] = ring.block(blockOf(i));
        sendPipelined(b, ring.card(i), ring.card((i + 1) % p), start, end, ring.pipeline, reduce);
      }
    }
    return;
  }
  forwarding.step();
  // Per sender x = ring · p + position: its cards and its block's sub-chunk range ids.
  const n = all.length * p;
  const cuts: Int32Array[] = new Array<Int32Array>(n);
  const src = new Int32Array(n);
  const dst = new Int32Array(n);
  let most = 0;
  let fewest = Infinity;
  all.forEach((ring, c) => {
    for (let i = 0; i < p; i++) {
      const [start, end] = ring.block(blockOf(i));
      const ids = end > start ? b.subChunks(start, end, ring.pipeline) : NONE;
      cuts[c * p + i] = ids;
      src[c * p + i] = ring.card(i);
      dst[c * p + i] = ring.card((i + 1) % p);
      if (ids.length > most) most = ids.length;
      if (ids.length < fewest) fewest = ids.length;
    }
  });
  const row = new Int32Array(n);
  for (let q = 0; q < most; q++) {
    if (q < fewest) {
      // Every sender has a sub-chunk q: the whole row at once.
      for (let x = 0; x < n; x++) row[x] = cuts[x]![q]!;
      forwarding.sentRow(q, b.transferCount, n);
      b.sendRow(src, dst, row, reduce);
      continue;
    }
    for (let x = 0; x < n; x++) {
      const ids = cuts[x]!;
      if (q >= ids.length) continue;
      forwarding.sent(x, q, b.transferCount);
      b.sendSubChunk(src[x]!, dst[x]!, ids[q]!, reduce);
    }
  }
}

const NONE = new Int32Array(0);

function layouts(rings: RingLayout | readonly RingLayout[]): readonly RingLayout[] {
  const all = Array.isArray(rings) ? (rings as readonly RingLayout[]) : [rings as RingLayout];
  if (all.length === 0 || all.some((r) => r.p !== all[0]!.p)) throw new Error('ring phases: expected one or more rings of the same length');
  return all;
}
