/**
 * Reduce, direct: one step in which every other card sends its whole buffer
 * to the root. Transfers are listed in card order, so the root computes
 *     (((x_root ∘ x_0) ∘ x_1) ∘ … ∘ x_{p−1})     (x_root skipped in the list).
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';

/** Build the direct Reduce schedule (1 step). */
export function reduceDirect(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('reduce', 'direct', input);
  const { nSails: p, count, root } = input;
  const b = new ScheduleBuilder('reduce', 'direct', p, count, root);
  if (p === 1 || count === 0) return b.build();
  b.step();
  for (let s = 0; s < p; s++) if (s !== root) b.send(s, root, [[0, count]], true);
  return b.build();
}

/** Seconds on a full mesh, S = count·bytes: α + Sβ + (p − 1)Sγ (the root's p − 1 reductions serialize). */
export function reduceDirectCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  const S = count * bytesPerElement;
  return c.alpha + S * c.beta + (p - 1) * S * c.gamma;
}
