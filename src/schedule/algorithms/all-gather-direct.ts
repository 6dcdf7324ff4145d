/**
 * AllGather, direct: one step in which every card sends its block to every
 * other card, p(p − 1) transfers. Block b = [b·count, (b+1)·count).
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
    for (let d = 0; d < p; d++) if (d !== s) b.send(s, d, [[s * count, (s + 1) * count]], false);
  }
  return b.build();
}

/** Seconds on a full mesh, s = count·bytes: α + sβ (every block in one hop, all at once). */
export function allGatherDirectCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  return c.alpha + count * bytesPerElement * c.beta;
}
