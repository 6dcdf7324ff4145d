/**
 * AllToAll, Bruck (Bruck et al. 1997; MPICH for short messages): ⌈lg p⌉
 * steps for any p, each card sending about half of the blocks per step.
 *
 * Block (s, d) has to travel δ = (d − s) mod p cards forward. Bruck moves it
 * along the binary digits of δ: in step k = 0 … ⌈lg p⌉ − 1 every block whose
 * δ has bit k set moves 2^k cards forward, so after the last step it has
 * moved exactly δ. Before step k block (s, d) sits on card s + (δ mod 2^k);
 * so card i sends to card i + 2^k, in one message, the blocks (s, s + δ)
 * with s = i − (δ mod 2^k) for every δ in 1 … p − 1 with bit k set:
 * c_k = #{δ < p with bit k set} blocks, p/2 for a power of two.
 * The working buffer keeps block (s, d) at the same offset on every card,
 * so Bruck's initial and final local rotations are not needed.
 */
import { ceilLog2, checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';
import { allToAllBlock } from './all-to-all-blocks.js';

/** Build the Bruck AllToAll schedule (⌈lg p⌉ steps). */
export function allToAllBruck(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allToAll', 'bruck', input);
  const { nSails: p, count } = input;
  const b = new ScheduleBuilder('allToAll', 'bruck', p, workingLength('allToAll', p, count));
  if (p === 1 || count === 0) return b.build();
  const K = ceilLog2(p);
  for (let k = 0; k < K; k++) {
    const bit = 1 << k;
    b.step();
    for (let i = 0; i < p; i++) {
      const segments: [number, number][] = [];
      for (let delta = bit; delta < p; delta++) {
        if ((delta & bit) === 0) continue;
        const s = (i - (delta & (bit - 1)) + p) % p;
        segments.push(allToAllBlock(s, (s + delta) % p, p, count));
      }
      b.send(i, (i + bit) % p, segments, false);
    }
  }
  return b.build();
}

/**
 * Seconds on a full mesh, s = count·bytes, K = ⌈lg p⌉. Step k carries
 * c_k = #{δ in 1 … p − 1 with bit k set} blocks; it leaves when the blocks
 * it forwards have arrived, i.e. after every step j < k that some δ < p
 * with bits k and j set used (2^k + 2^j < p):
 *     F(k) = max(0, max_{j < k, 2^k + 2^j < p} F(j) + α + c_j·sβ),
 *     T = max_k F(k) + α + c_k·sβ,
 * = lg p·(α + (p/2)sβ) for a power of two.
 */
export function allToAllBruckCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  const s = count * bytesPerElement;
  const K = ceilLog2(p);
  const blocks = (k: number) => {
    // δ in [1, p) with bit k set: full periods of 2^(k+1) contribute 2^k each, plus the partial one.
    const period = 2 << k;
    const full = Math.floor(p / period) * (1 << k);
    return full + Math.max(0, (p % period) - (1 << k));
  };
  const F = new Float64Array(K);
  let T = 0;
  for (let k = 0; k < K; k++) {
    let f = 0;
    for (let j = 0; j < k; j++) if ((1 << k) + (1 << j) < p) f = Math.max(f, F[j]! + c.alpha + blocks(j) * s * c.beta);
    F[k] = f;
    T = Math.max(T, f + c.alpha + blocks(k) * s * c.beta);
  }
  return T;
}
