/**
 * Broadcast, pipelined chain: root → root + 1 → … → root + p − 1 (card ids
 * mod p), p − 1 steps. In step r, rank r (card root + r) sends the whole
 * buffer to rank r + 1 as `pipeline` transfers, sub-chunk q being chunk q of
 * `pipeline` (sub-chunks.ts). Step boundaries are not barriers: sub-chunk q
 * leaves rank r + 1 as soon as it has arrived there, so with P sub-chunks
 * the chain works like a pipeline of depth p − 1 fed P times — the classic
 * pipelined chain, whose textbook form numbers the P + p − 2 "waves" as
 * steps instead. Only links card i → card i + 1 are used: a unidirectional
 * ring suffices.
 *
 * Channels (`rings`, k orders): the buffer is cut into k parts (part c =
 * chunk c of k) and part c runs down its own chain, the root followed by
 * the cards after it in order c (cyclically). Two counter-rotating chains
 * from the root use the two directions of a bidirectional ring.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters, type CostShape } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { channelsOf } from './channels.js';
import { sendPipelined } from './sub-chunks.js';

/** Build the chain Broadcast schedule (p − 1 steps of `pipeline` transfers). */
export function broadcastChain(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('broadcast', 'chain', input);
  const { nSails: p, count, root, pipeline } = input;
  const b = new ScheduleBuilder('broadcast', 'chain', p, count, root);
  if (p === 1 || count === 0) return b.build();
  const channels = channelsOf(input, count);
  for (let r = 0; r <= p - 2; r++) {
    b.step();
    for (const { order, positionOf, start, end } of channels) {
      const at = (rank: number) => order[(positionOf[root]! + rank) % p]!;
      sendPipelined(b, at(r), at(r + 1), start, end, pipeline, false);
    }
  }
  return b.build();
}

/**
 * Seconds on a unidirectional ring with `pipeline` = P sub-chunks, the
 * largest σ = ⌈count/P⌉ elements. A link sends one sub-chunk at a time
 * (FIFO); sub-chunk q reaches the last card after p − 1 latencies, having
 * waited behind the sub-chunks before it on the first link and crossed
 * p − 2 more links itself; the worst path serializes every sub-chunk once
 * and the largest p − 2 more times:
 *     (p − 1)α + (count + (p − 2)σ)·bytes·β     (= (p − 1)(α + Sβ) for P = 1).
 * k chains on disjoint links (shape.channels) do not interact: the largest
 * part, count → ⌈count/k⌉ above. Exact for every count.
 */
export function broadcastChainCost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1, shape?: CostShape): number {
  if (p === 1 || count === 0) return 0;
  const part = Math.ceil(count / (shape?.channels ?? 1));
  const sigma = Math.ceil(part / pipeline);
  return (p - 1) * c.alpha + (part + (p - 2) * sigma) * bytesPerElement * c.beta;
}
