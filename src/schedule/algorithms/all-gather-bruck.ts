/**
 * AllGather, Bruck (Bruck et al. 1997; MPICH for short messages and any p):
 * ⌈lg p⌉ steps, no fix-up needed.
 *
 * Before step k card i holds the 2^k blocks i, i + 1, …, i + 2^k − 1 (mod p).
 * In step k = 0 … K − 2 (K = ⌈lg p⌉) it sends all of them to card
 * i − 2^k, which thereby gains blocks i, …, i + 2^k − 1 = (i − 2^k) + 2^k, …
 * (i − 2^k) + 2^(k+1) − 1, doubling its run. In the last step only
 * p − 2^(K−1) blocks are missing, so card i sends blocks i … i + p − 2^(K−1)
 * − 1. A run that wraps past block p − 1 is two segments. The working
 * buffer keeps every block at its own offset, so Bruck's final local
 * rotation is not needed.
 */
import { ceilLog2, checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';

/** Segments of the run of `length` blocks starting at block `first` (mod p). */
export function blockRun(first: number, length: number, p: number, count: number): [number, number][] {
  const end = first + length;
  if (end <= p) return [[first * count, end * count]];
  return [[first * count, p * count], [0, (end - p) * count]];
}

/** Build the Bruck AllGather schedule (⌈lg p⌉ steps). */
export function allGatherBruck(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allGather', 'bruck', input);
  const { nSails: p, count } = input;
  const b = new ScheduleBuilder('allGather', 'bruck', p, workingLength('allGather', p, count));
  if (p === 1 || count === 0) return b.build();
  const K = ceilLog2(p);
  for (let k = 0; k < K; k++) {
    const distance = 1 << k;
    const blocks = Math.min(distance, p - distance);
    b.step();
    for (let i = 0; i < p; i++) b.send(i, (i - distance + p) % p, blockRun(i, blocks, p, count), false);
  }
  return b.build();
}

/**
 * Seconds on a full mesh, s = count·bytes, K = ⌈lg p⌉. Steps are not
 * barriers: a step's message leaves once the blocks it carries have
 * arrived. Step j < K − 1 carries 2^j blocks and needs step j − 1's, so
 * F(j) = j·α + (2^j − 1)sβ is when step j leaves; the last step carries
 * m = p − 2^(K−1) blocks, i.e. only what arrived in the first q = ⌈lg m⌉
 * steps, and leaves at F(q):
 *     T = max( F(K − 1), F(q) + α + m·sβ ),
 * = lg p·α + (p − 1)sβ for a power of two.
 */
export function allGatherBruckCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  const s = count * bytesPerElement;
  const K = ceilLog2(p);
  const m = p - (1 << (K - 1));
  const q = ceilLog2(m);
  const F = (j: number) => j * c.alpha + ((1 << j) - 1) * s * c.beta;
  return Math.max(F(K - 1), F(q) + c.alpha + m * s * c.beta);
}
