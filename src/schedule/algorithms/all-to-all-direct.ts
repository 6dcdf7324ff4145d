/**
 * AllToAll, direct: one step in which every card s sends block (s, d) to
 * every card d ≠ s, p(p − 1) transfers.
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
    for (let d = 0; d < p; d++) if (d !== s) b.send(s, d, [allToAllBlock(s, d, p, count)], false);
  }
  return b.build();
}

/** Seconds on a full mesh, s = count·bytes: α + sβ. */
export function allToAllDirectCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  return c.alpha + count * bytesPerElement * c.beta;
}
