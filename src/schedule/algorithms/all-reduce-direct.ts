/**
 * AllReduce, direct (one-shot reduce-scatter + all-gather on a full mesh):
 * 2 steps.
 *
 * Block d of the buffer is chunk d of p: chunkBounds(count, p, d).
 * Step 0: every card s sends block d to card d for every d ≠ s; card d
 * reduces the p − 1 incoming copies into its own. Transfers are listed by
 * source card, so card d's result is the left fold in card order with its
 * own data first:
 *     (((x_d ∘ x_0) ∘ x_1) ∘ … ∘ x_{p−1})     (x_d itself skipped in the list).
 * Step 1: every card d sends its reduced block d to every other card (copy).
 * Each card sends in shifted order — to s + 1, s + 2, …, s − 1 (mod p), as
 * MPICH does — so that in a switch or a ring no card is everybody's first
 * destination (ascending order would queue p − 1 messages on the link into
 * card 0 first). On a full mesh the order changes nothing.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';

/** Build the direct AllReduce schedule (2 steps, p(p − 1) transfers each). */
export function allReduceDirect(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allReduce', 'direct', input);
  const { nSails: p, count } = input;
  const b = new ScheduleBuilder('allReduce', 'direct', p, count);
  if (p === 1 || count === 0) return b.build();
  b.step();
  for (let s = 0; s < p; s++) {
    for (let k = 1; k < p; k++) {
      const d = (s + k) % p;
      b.send(s, d, [chunkBounds(count, p, d)], true);
    }
  }
  b.step();
  for (let d = 0; d < p; d++) {
    for (let k = 1; k < p; k++) b.send(d, (d + k) % p, [chunkBounds(count, p, d)], false);
  }
  return b.build();
}

/**
 * Seconds on a full mesh: the largest block s = ⌈count/p⌉·bytes arrives
 * from p − 1 cards at once, is reduced p − 1 times in a row, then sent out:
 *     2α + 2sβ + (p − 1)sγ.
 */
export function allReduceDirectCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  const s = Math.ceil(count / p) * bytesPerElement;
  return 2 * c.alpha + 2 * s * c.beta + (p - 1) * s * c.gamma;
}
