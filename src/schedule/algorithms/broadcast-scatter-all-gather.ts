/**
 * Broadcast, scatter + all-gather (van de Geijn; MPICH for long messages):
 * a binomial scatter of p blocks from the root, then a ring all-gather,
 * ⌈lg p⌉ + p − 1 steps. Ranks are rotated so the root is rank 0; block b
 * (the one rank b is responsible for) is chunkBounds(count, p, b).
 *
 * Scatter (MPICH's scatter_for_bcast). Rank r ≠ 0 receives once, from
 * r − lowbit(r), the blocks r … r + lowbit(r) − 1 of its subtree (those
 * below p); the root starts with all blocks. With K = ⌈lg p⌉, in step
 * k = 0 … K − 1 the distance is m = 2^(K−1−k): every rank r that is a
 * multiple of 2m (it holds blocks r … r + 2m − 1 by now) sends blocks
 * r + m … min(r + 2m, p) − 1 to rank r + m, when r + m < p. So at k = 0
 * the root sends the upper part to rank 2^(K−1), and the last step (m = 1)
 * hands single blocks to the odd ranks.
 *
 * All-gather: the ring of ring-phases.ts over ranks, rank r sending to
 * r + 1, p − 1 steps, one block per transfer. Some of these copies land on
 * a rank that already holds the block from the scatter (all those into the
 * root, for instance); they are kept, as in MPICH, so every step is a plain
 * ring step. `pipeline` is ignored: the ring's blocks start at different
 * times (when the scatter delivers them), so cutting them would not give
 * the regular pipeline of the ring algorithms, and the closed form would
 * no longer hold.
 */
import { cardOfRank, ceilLog2, checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';
import { ringAllGather } from './ring-phases.js';

/** Build the scatter + all-gather Broadcast schedule (⌈lg p⌉ + p − 1 steps). */
export function broadcastScatterAllGather(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('broadcast', 'scatterAllGather', input);
  const { nSails: p, count, root } = input;
  const b = new ScheduleBuilder('broadcast', 'scatterAllGather', p, count, root);
  if (p === 1 || count === 0) return b.build();
  const card = (r: number) => cardOfRank(r, root, p);
  const blockStart = (j: number) => chunkBounds(count, p, j)[0];
  const K = ceilLog2(p);
  for (let m = 1 << (K - 1); m >= 1; m >>= 1) {
    b.step();
    for (let r = 0; r + m < p; r += 2 * m) {
      b.send(card(r), card(r + m), [[blockStart(r + m), blockStart(Math.min(r + 2 * m, p))]], false);
    }
  }
  ringAllGather(b, { p, card, block: (j) => chunkBounds(count, p, j), pipeline: 1 });
  return b.build();
}

/**
 * Seconds on a full mesh, pipeline ignored. Block b (s_b bytes) reaches rank
 * b through the scatter at Sc(b): the root sends all its scatter messages at
 * once, and rank t receives blocks t … min(t + lowbit(t), p) − 1 from
 * t − lowbit(t), so Sc(t) = Sc(t − lowbit(t)) + α + (those blocks' bytes)·β.
 * Then the block travels p − 1 ring hops:
 *     T = max_b ( Sc(b) + (p − 1)(α + s_b·β) ),
 * = (lg p + p − 1)α + 2S(p − 1)/p·β for p = 2^L and count divisible by p
 * (Thakur et al.), S = count·bytes. Exact when count is divisible by p;
 * otherwise blocks of different sizes start the ring at different times
 * and may queue behind each other on a link, and T is a lower bound, exact
 * once α ≥ (p − 1)·bytes·β (checked for p ≤ 24). With α = 0, transfers of
 * the ring tie exactly on many links, and rounding can break those ties
 * the other way: use α > 0.
 */
export function broadcastScatterAllGatherCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  const start = (j: number) => chunkBounds(count, p, j)[0];
  const scattered = new Float64Array(p); // Sc(t)
  for (let t = 1; t < p; t++) {
    const low = t & -t;
    const bytes = (start(Math.min(t + low, p)) - start(t)) * bytesPerElement;
    scattered[t] = scattered[t - low]! + c.alpha + bytes * c.beta;
  }
  let T = 0;
  for (let j = 0; j < p; j++) {
    const s = (start(j + 1) - start(j)) * bytesPerElement;
    if (s > 0) T = Math.max(T, scattered[j]! + (p - 1) * (c.alpha + s * c.beta));
  }
  return T;
}
