/**
 * Broadcast, direct: one step in which the root sends the whole buffer to
 * every other card (p − 1 transfers, in rank order).
 */
import { cardOfRank, checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';

/** Build the direct Broadcast schedule (1 step). */
export function broadcastDirect(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('broadcast', 'direct', input);
  const { nSails: p, count, root } = input;
  const b = new ScheduleBuilder('broadcast', 'direct', p, count, root);
  if (p === 1 || count === 0) return b.build();
  b.step();
  for (let r = 1; r < p; r++) b.send(root, cardOfRank(r, root, p), [[0, count]], false);
  return b.build();
}

/** Seconds on a full mesh, S = count·bytes: α + Sβ. */
export function broadcastDirectCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  return c.alpha + count * bytesPerElement * c.beta;
}
