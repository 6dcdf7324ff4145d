/**
 * AllToAll, pairwise exchange, shift variant (MPICH for long messages):
 * p − 1 steps; in step k = 1 … p − 1 card i sends block (i, i + k mod p) to
 * card i + k and receives block (i − k, i) from card i − k. The shift
 * variant works for every p; MPICH's XOR variant (partner i XOR k) needs a
 * power of two and is not used.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';
import { allToAllBlock } from './all-to-all-blocks.js';

/** Build the pairwise AllToAll schedule (p − 1 steps). */
export function allToAllPairwise(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allToAll', 'pairwise', input);
  const { nSails: p, count } = input;
  const b = new ScheduleBuilder('allToAll', 'pairwise', p, workingLength('allToAll', p, count));
  if (p === 1 || count === 0) return b.build();
  for (let k = 1; k < p; k++) {
    b.step();
    for (let i = 0; i < p; i++) {
      const d = (i + k) % p;
      b.send(i, d, [allToAllBlock(i, d, p, count)], false);
    }
  }
  return b.build();
}

/**
 * Seconds on a full mesh, s = count·bytes: every block is ready at the
 * start and every step uses other links, so the p − 1 steps overlap
 * completely: α + sβ. MPICH's (p − 1)α + nβ (ANCHORS.md; n = p·s bytes per
 * card, of which only (p − 1)s leave it) assumes a card sends one message
 * at a time, so the steps follow one another.
 */
export function allToAllPairwiseCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  return c.alpha + count * bytesPerElement * c.beta;
}
