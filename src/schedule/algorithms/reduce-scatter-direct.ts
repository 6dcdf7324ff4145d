/**
 * ReduceScatter, direct: one step in which every card s sends block d to
 * card d for every d ≠ s, p(p − 1) transfers. Transfers are listed by source
 * card, so card d's block is the left fold in card order with its own data
 * first: (((x_d ∘ x_0) ∘ x_1) ∘ … ∘ x_{p−1}), x_d skipped in the list.
 * Each card sends in shifted order — to s + 1, s + 2, …, s − 1 (mod p), as
 * MPICH does — so that in a switch or a ring no card is everybody's first
 * destination (ascending order would queue p − 1 messages on the link into
 * card 0 first). On a full mesh the order changes nothing.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';

/** Build the direct ReduceScatter schedule (1 step). */
export function reduceScatterDirect(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('reduceScatter', 'direct', input);
  const { nSails: p, count } = input;
  const b = new ScheduleBuilder('reduceScatter', 'direct', p, workingLength('reduceScatter', p, count));
  if (p === 1 || count === 0) return b.build();
  b.step();
  for (let s = 0; s < p; s++) {
    for (let k = 1; k < p; k++) {
      const d = (s + k) % p;
      b.send(s, d, [[d * count, (d + 1) * count]], true);
    }
  }
  return b.build();
}

/** Seconds on a full mesh, s = count·bytes: α + sβ + (p − 1)sγ (the p − 1 reductions on a card serialize). */
export function reduceScatterDirectCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  const s = count * bytesPerElement;
  return c.alpha + s * c.beta + (p - 1) * s * c.gamma;
}
