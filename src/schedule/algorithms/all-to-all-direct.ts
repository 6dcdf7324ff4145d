/**
 * AllToAll, direct: one step in which every card s sends block (s, d) to
 * every card d ≠ s, p(p − 1) transfers.
 * Each card sends in shifted order — to s + 1, s + 2, …, s − 1 (mod p), as
 * MPICH does — so that in a switch or a ring no card is everybody's first
 * destination (ascending order would queue p − 1 messages on the link into
 * card 0 first). On a full mesh the order changes nothing.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';
import { allToAllBlock } from './all-to-all-blocks.js';

/** Build the direct AllToAll schedule (1 step). */
export function allToAllDirect(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allToAll', 'direct', input);
  const { nSails: p, count } = input;
  const b = new ScheduleBuilder('allToAll', 'direct', p, workingLength('allToAll', p, count));
  if (p === 1 || count === 0) return b.build();
  b.step();
  for (let s = 0; s < p; s++) {
    for (let k = 1; k < p; k++) {
      const d = (s + k) % p;
      b.send(s, d, [allToAllBlock(s, d, p, count)], false);
    }
  }
  return b.build();
}

/** Seconds on a full mesh, s = count·bytes: α + sβ. */
export function allToAllDirectCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  return c.alpha + count * bytesPerElement * c.beta;
}
