/**
 * AllGather, direct: one step in which every card sends its block to every
 * other card, p(p − 1) transfers. Block b = [b·count, (b+1)·count).
 * Each card sends in shifted order — to s + 1, s + 2, …, s − 1 (mod p), as
 * MPICH does — so that in a switch or a ring no card is everybody's first
 * destination (ascending order would queue p − 1 messages on the link into
 * card 0 first). On a full mesh the order changes nothing.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';

/** Build the direct AllGather schedule (1 step). */
export function allGatherDirect(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allGather', 'direct', input);
  const { nSails: p, count } = input;
  const b = new ScheduleBuilder('allGather', 'direct', p, workingLength('allGather', p, count));
  if (p === 1 || count === 0) return b.build();
  b.step();
  for (let s = 0; s < p; s++) {
    for (let k = 1; k < p; k++) b.send(s, (s + k) % p, [[s * count, (s + 1) * count]], false);
  }
  return b.build();
}

/** Seconds on a full mesh, s = count·bytes: α + sβ (every block in one hop, all at once). */
export function allGatherDirectCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  return c.alpha + count * bytesPerElement * c.beta;
}
