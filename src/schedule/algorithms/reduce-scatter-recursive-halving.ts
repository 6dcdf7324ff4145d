/**
 * ReduceScatter, recursive halving (MPICH for commutative ops).
 *
 * Power of two, p = 2^L: L steps (halving-doubling-phases.ts). In step
 * k = 0 … L − 1 card u exchanges with u XOR p/2^(k+1): it sends the
 * p/2^(k+1) blocks of its window the partner keeps and reduces the partner's
 * copy of the half it keeps. Card u ends with block u, reduced as the
 * balanced tree pairing cards at distance p/2 first (4 cards, block 0:
 * (x0 ∘ x2) ∘ (x1 ∘ x3), own operand first).
 *
 * Any other p: MPICH's fix-up (power-of-two-fixup.ts). With p' = 2^⌊lg p⌋
 * and r = p − p', cards 2i (i < r) first send all p blocks to 2i + 1, which
 * reduces them (x_{2i+1} ∘ x_{2i}); the p' remaining cards run the
 * algorithm above as new ranks, new rank u being responsible for blocks 2u
 * and 2u + 1 when u < r and block u + r otherwise (contiguous runs); each
 * 2i + 1 finally copies the reduced block 2i to card 2i. 8 cards: 3 steps at
 * distance 4, 2, 1. 6 cards: p' = 4, r = 2 — step 1: 0 → 1, 2 → 3; then
 * cards 1, 3, 4, 5 as new ranks 0 … 3 (1 ↔ 4 and 3 ↔ 5 exchanging blocks
 * 0–3 against 4–5, then 1 ↔ 3 exchanging blocks 0–1 against 2–3, 4 ↔ 5);
 * last: 1 → 0 (block 0), 3 → 2 (block 2). Steps: lg p' + 2.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';
import { maxWeightedDistanceBelow } from './butterfly-costs.js';
import { recursiveHalvingReduceScatter } from './halving-doubling-phases.js';
import { foldBack, foldIn, powerOfTwoFixup } from './power-of-two-fixup.js';

/** Build the recursive-halving ReduceScatter schedule (lg p steps; lg p' + 2 when p is not a power of two). */
export function reduceScatterRecursiveHalving(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('reduceScatter', 'recursiveHalving', input);
  const { nSails: p, count } = input;
  const W = workingLength('reduceScatter', p, count);
  const b = new ScheduleBuilder('reduceScatter', 'recursiveHalving', p, W);
  if (p === 1 || count === 0) return b.build();
  const fixup = powerOfTwoFixup(p);
  const { pof2, cardOf, cardBlockStart } = fixup;
  foldIn(b, fixup, () => [[0, W]], true);
  recursiveHalvingReduceScatter(b, { q: pof2, card: cardOf, start: (u) => cardBlockStart(u) * count });
  foldBack(b, fixup, (i) => [[2 * i * count, (2 * i + 1) * count]]);
  return b.build();
}

/**
 * Seconds on a full mesh, s = count·bytes. Power of two: lg p·α +
 * (p − 1)s(β + γ). Otherwise (butterfly-costs.ts): with H_b(x) the bytes of
 * the group of 2^b new ranks containing x and c_b(x) = α + H_b(x)β, every
 * path to new rank x pays all of x's reductions Σ_b H_b(x)γ plus c_b(x) per
 * crossed bit from its start z; z < r starts after the fold-in
 * α + p·s(β + γ), and x < r ends with the copy of block 2x, α + sβ:
 *     T = max_x [ Σ_b H_b(x)γ + max_z (start(z) + Σ_{b ∈ z⊕x} c_b(x)) + [x < r](α + sβ) ].
 */
export function reduceScatterRecursiveHalvingCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  const s = count * bytesPerElement;
  const { pof2, lgPof2: L, rem: r, cardBlockStart } = powerOfTwoFixup(p);
  const foldIn = c.alpha + p * s * (c.beta + c.gamma);
  const copyBack = c.alpha + s * c.beta;
  const weight = new Float64Array(L);
  let worst = 0;
  for (let x = 0; x < pof2; x++) {
    let reduces = 0;
    let crossAll = 0;
    for (let b = 0; b < L; b++) {
      const group = x & ~((1 << b) - 1);
      const bytes = (cardBlockStart(group + (1 << b)) - cardBlockStart(group)) * s;
      weight[b] = c.alpha + bytes * c.beta;
      reduces += bytes * c.gamma;
      crossAll += weight[b]!;
    }
    const complement = x ^ (pof2 - 1);
    const halving = Math.max(crossAll + (complement < r ? foldIn : 0), foldIn + maxWeightedDistanceBelow(x, r, weight));
    worst = Math.max(worst, reduces + halving + (x < r ? copyBack : 0));
  }
  return worst;
}
