/**
 * AllGather, recursive doubling (MPICH for short messages, power of two).
 *
 * Power of two, p = 2^L: L steps. Before step j = 0 … L − 1 card u holds the
 * 2^j blocks of its aligned group; it sends them all to u XOR 2^j (one
 * contiguous segment of 2^j·count elements), so after the step both hold the
 * group of 2^(j+1) (halving-doubling-phases.ts).
 *
 * Any other p: the fix-up of power-of-two-fixup.ts, used for all the
 * recursive algorithms here (MPICH's own allgather uses a different,
 * tree-shaped correction). With p' = 2^⌊lg p⌋ and r = p − p', cards 2i
 * (i < r) first send their block to 2i + 1, which then holds blocks 2i and
 * 2i + 1; the p' remaining cards run the algorithm above as new ranks, new
 * rank u owning blocks 2u, 2u + 1 when u < r and block u + r otherwise (so
 * a group of new ranks owns a contiguous run of blocks); finally each
 * 2i + 1 sends card 2i every block but 2i (two segments). 8 cards: 3 steps.
 * 6 cards: p' = 4, r = 2 — step 1: 0 → 1, 2 → 3; then cards 1, 3, 4, 5 as
 * new ranks 0 … 3 (1 ↔ 3 with blocks 0–1 and 2–3, 4 ↔ 5; then 1 ↔ 4 and
 * 3 ↔ 5 with blocks 0–3 and 4–5); last: 1 → 0, 3 → 2. Steps: lg p' + 2.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';
import { maxWeightedDistanceBelow } from './butterfly-costs.js';
import { recursiveDoublingAllGather } from './halving-doubling-phases.js';
import { foldBack, foldIn, powerOfTwoFixup } from './power-of-two-fixup.js';

/** Build the recursive-doubling AllGather schedule (lg p steps; lg p' + 2 when p is not a power of two). */
export function allGatherRecursiveDoubling(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allGather', 'recursiveDoubling', input);
  const { nSails: p, count } = input;
  const W = workingLength('allGather', p, count);
  const b = new ScheduleBuilder('allGather', 'recursiveDoubling', p, W);
  if (p === 1 || count === 0) return b.build();
  const fixup = powerOfTwoFixup(p);
  const { pof2, cardOf, cardBlockStart } = fixup;
  foldIn(b, fixup, (i) => [[2 * i * count, (2 * i + 1) * count]], false);
  recursiveDoublingAllGather(b, { q: pof2, card: cardOf, start: (u) => cardBlockStart(u) * count });
  foldBack(b, fixup, (i) => [[0, 2 * i * count], [(2 * i + 1) * count, W]]);
  return b.build();
}

/**
 * Seconds on a full mesh, s = count·bytes. Power of two: lg p·α + (p − 1)sβ.
 * Otherwise (butterfly-costs.ts): with E_j(z) the bytes new rank z's group
 * of 2^j new ranks owns (a new rank below r owns two blocks) and
 * c_j(z) = α + E_j(z)β, a block starting on new rank z (after the fold-in
 * α + sβ when z < r) crosses the bits of z XOR w to reach w, and w < r
 * then copies p − 1 blocks back:
 *     T = max_{z, w} ( [z < r](α + sβ) + Σ_{j ∈ z⊕w} c_j(z) + [w < r](α + (p − 1)sβ) ).
 */
export function allGatherRecursiveDoublingCost(p: number, count: number, bytesPerElement: number, c: CostParameters): number {
  if (p === 1 || count === 0) return 0;
  const s = count * bytesPerElement;
  const { pof2, lgPof2: L, rem: r, cardBlockStart } = powerOfTwoFixup(p);
  const foldIn = c.alpha + s * c.beta;
  const copyBack = c.alpha + (p - 1) * s * c.beta;
  const weight = new Float64Array(L);
  let worst = 0;
  for (let z = 0; z < pof2; z++) {
    let crossAll = 0;
    for (let j = 0; j < L; j++) {
      const group = z & ~((1 << j) - 1);
      weight[j] = c.alpha + (cardBlockStart(group + (1 << j)) - cardBlockStart(group)) * s * c.beta;
      crossAll += weight[j]!;
    }
    const complement = z ^ (pof2 - 1);
    const toEnd = Math.max(crossAll + (complement < r ? copyBack : 0), copyBack + maxWeightedDistanceBelow(z, r, weight));
    worst = Math.max(worst, (z < r ? foldIn : 0) + toEnd);
  }
  return worst;
}
