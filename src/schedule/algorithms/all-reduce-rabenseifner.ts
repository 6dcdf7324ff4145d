/**
 * AllReduce, Rabenseifner (MPICH for long messages): a recursive-halving
 * reduce-scatter then a recursive-doubling all-gather, 2·lg p steps.
 *
 * Power of two, p = 2^L: the buffer is cut into p blocks, block u =
 * chunkBounds(count, p, u). Reduce-scatter (halving-doubling-phases.ts):
 * in step k = 0 … L − 1 card u exchanges with u XOR p/2^(k+1), sending the
 * half of its current window that the partner keeps, count/2^(k+1)
 * elements; card u ends with block u reduced over all cards, as the
 * balanced tree pairing cards at distance p/2 first (for 4 cards, block 0:
 * (x0 ∘ x2) ∘ (x1 ∘ x3), own operand first). All-gather: in step j = 0 …
 * L − 1 card u sends the 2^j blocks it holds to u XOR 2^j. Every card ends
 * with block u exactly as card u reduced it.
 *
 * Any other p: MPICH's fix-up (power-of-two-fixup.ts). With p' = 2^⌊lg p⌋
 * and r = p − p', cards 2i (i < r) first send their whole buffer to 2i + 1,
 * which reduces it (x_{2i+1} ∘ x_{2i}); the p' remaining cards run the
 * algorithm above on p' blocks (block u = chunkBounds(count, p', u)) as
 * new ranks; each 2i + 1 finally copies the whole result to 2i. 8 cards:
 * 6 steps (halving at distance 4, 2, 1, doubling at 1, 2, 4). 6 cards:
 * p' = 4, r = 2 — step 1: 0 → 1, 2 → 3; then cards 1, 3, 4, 5 as new ranks
 * 0 … 3 on 4 blocks: halving 1 ↔ 4, 3 ↔ 5 then 1 ↔ 3, 4 ↔ 5, doubling in
 * the reverse pairing; last step: 1 → 0, 3 → 2. Steps: 2·lg p' + 2 when
 * r > 0.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';
import { maxWeightedDistanceBelow } from './butterfly-costs.js';
import { recursiveDoublingAllGather, recursiveHalvingReduceScatter, type Units } from './halving-doubling-phases.js';
import { foldBack, foldIn, powerOfTwoFixup } from './power-of-two-fixup.js';

/** Build the Rabenseifner AllReduce schedule (2·lg p steps; 2·lg p' + 2 when p is not a power of two). */
export function allReduceRabenseifner(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allReduce', 'rabenseifner', input);
  const { nSails: p, count } = input;
  const b = new ScheduleBuilder('allReduce', 'rabenseifner', p, count);
  if (p === 1 || count === 0) return b.build();
  const all: [number, number][] = [[0, count]];
  const fixup = powerOfTwoFixup(p);
  const { pof2, cardOf } = fixup;
  foldIn(b, fixup, () => all, true);
  const units: Units = { q: pof2, card: cardOf, start: (u) => chunkBounds(count, pof2, u)[0] };
  recursiveHalvingReduceScatter(b, units);
  recursiveDoublingAllGather(b, units);
  foldBack(b, fixup, () => all);
  return b.build();
}

/**
 * Seconds on a full mesh. Power of two with count divisible by p, S =
 * count·bytes: 2·lg p·α + 2S(p − 1)/p·β + S(p − 1)/p·γ (Thakur et al.).
 * In general (butterfly-costs.ts), with G_b(x) the bytes of the aligned
 * group of 2^b blocks containing block x (b = 0 … lg p' − 1) and
 * c_b(x) = α + G_b(x)β: every path to new rank x pays every reduction
 * Σ_b G_b(x)γ, plus c_b(x) for each bit crossed in the halving (start z)
 * and in the doubling (end w); new ranks below r start after the fold-in
 * h = α + Sβ + Sγ and ranks below r end with the copy back α + Sβ:
 *     T = max_x [ Σ_b G_b(x)γ + max_z (start(z) + Σ_{b ∈ z⊕x} c_b(x))
 *                              + max_w (Σ_{b ∈ x⊕w} c_b(x) + [w < r](α + Sβ)) ].
 */
export function allReduceRabenseifnerCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  const S = count * bytesPerElement;
  const { pof2, lgPof2: L, rem: r } = powerOfTwoFixup(p);
  const foldIn = c.alpha + S * c.beta + S * c.gamma;
  const copyBack = c.alpha + S * c.beta;
  const weight = new Float64Array(L);
  let worst = 0;
  for (let x = 0; x < pof2; x++) {
    let reduces = 0;
    let crossAll = 0;
    for (let b = 0; b < L; b++) {
      const group = x & ~((1 << b) - 1);
      const bytes = (chunkBounds(count, pof2, group + (1 << b) - 1)[1] - chunkBounds(count, pof2, group)[0]) * bytesPerElement;
      weight[b] = c.alpha + bytes * c.beta;
      reduces += bytes * c.gamma;
      crossAll += weight[b]!;
    }
    const complement = x ^ (pof2 - 1);
    const halving = Math.max(crossAll + (complement < r ? foldIn : 0), foldIn + maxWeightedDistanceBelow(x, r, weight));
    const doubling = Math.max(crossAll + (complement < r ? copyBack : 0), copyBack + maxWeightedDistanceBelow(x, r, weight));
    worst = Math.max(worst, reduces + halving + doubling);
  }
  return worst;
}
