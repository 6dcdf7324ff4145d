/**
 * AllReduce, recursive doubling (MPICH for short messages): every step each
 * card exchanges its whole buffer with a partner and reduces.
 *
 * Power of two, p = 2^L: L steps. In step k = 0 … L − 1 card u exchanges
 * with u XOR 2^k (distance 1, 2, 4, …). Before step k, u holds the reduction
 * over its aligned group of 2^k cards; after it, over the group of 2^(k+1).
 * Reduction order: a balanced binary tree over card ids in pairs (0,1),
 * (2,3), … then pairs of pairs, every card computing the same tree with the
 * two operands of some nodes swapped (u puts its own partial result first);
 * e.g. card 0 of 4 computes (x0 ∘ x1) ∘ (x2 ∘ x3) and card 3 computes
 * (x3 ∘ x2) ∘ (x1 ∘ x0). For the commutative ops (sum, max, min, prod —
 * IEEE a + b = b + a) all cards therefore end bitwise identical.
 *
 * Any other p: MPICH's fix-up (power-of-two-fixup.ts). With p' = 2^⌊lg p⌋
 * and r = p − p', cards 2i (i < r) first send their buffer to 2i + 1, which
 * reduces it (x_{2i+1} ∘ x_{2i}); the p' remaining cards run the algorithm
 * above as new ranks (odd cards 1 … 2r − 1, then 2r … p − 1); each 2i + 1
 * finally copies the result to 2i. 8 cards: 3 steps, partners at distance
 * 1, 2, 4. 6 cards: p' = 4, r = 2 — step 1: 0 → 1 and 2 → 3; steps 2–3:
 * cards 1, 3, 4, 5 as new ranks 0 … 3 (1 ↔ 3 and 4 ↔ 5, then 1 ↔ 4 and
 * 3 ↔ 5); step 4: 1 → 0 and 3 → 2. Steps: lg p' + 2 when r > 0.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { foldBack, foldIn, powerOfTwoFixup } from './power-of-two-fixup.js';

/** Build the recursive-doubling AllReduce schedule (lg p steps; lg p' + 2 when p is not a power of two). */
export function allReduceRecursiveDoubling(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allReduce', 'recursiveDoubling', input);
  const { nSails: p, count } = input;
  const b = new ScheduleBuilder('allReduce', 'recursiveDoubling', p, count);
  if (p === 1 || count === 0) return b.build();
  const all: [number, number][] = [[0, count]];
  const fixup = powerOfTwoFixup(p);
  const { pof2, cardOf } = fixup;
  foldIn(b, fixup, () => all, true);
  for (let m = 1; m < pof2; m <<= 1) {
    b.step();
    for (let u = 0; u < pof2; u++) b.send(cardOf(u), cardOf(u ^ m), all, true);
  }
  foldBack(b, fixup, () => all);
  return b.build();
}

/**
 * Seconds on a full mesh. With S = count·bytes, m = α + Sβ a message and
 * g = Sγ a reduction: power of two, lg p·(m + g) (Thakur et al.).
 * Otherwise, with L = lg p' and r = p − p' (butterfly-costs.ts): every
 * step costs g on a path plus m if the path crosses to the partner; new
 * ranks u < r start at m + g (the fold-in) and end with one more m (the
 * copy back), so T = max over new ranks x and start ranks z of
 *     start(z) + L·g + m·popcount(z XOR x) + [x < r]·m.
 * A late start (z < r) crossing all L bits gives (L + 1)(m + g); it can
 * also end on a rank x < r — adding the copy back — exactly when some
 * z < r has its complement below r too, i.e. when 2r > p'. Crossing one
 * bit fewer to reach such an x instead trades m + g for g + m, no gain. So
 *     T = (L + 1)(m + g) + [2r > p']·m.
 * Not ⌈lg p⌉(m + g): the ranks that skipped the fold-in run ahead, since
 * steps are not barriers.
 */
export function allReduceRecursiveDoublingCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  const S = count * bytesPerElement;
  const m = c.alpha + S * c.beta;
  const g = S * c.gamma;
  const { pof2, lgPof2: L, rem: r } = powerOfTwoFixup(p);
  if (r === 0) return L * (m + g);
  return (L + 1) * (m + g) + (2 * r > pof2 ? m : 0);
}
