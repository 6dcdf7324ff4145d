/**
 * Critical paths of the butterfly algorithms (recursive doubling and
 * halving, with the fix-up of power-of-two-fixup.ts), for their cost
 * functions.
 *
 * In a butterfly on q = 2^L units, a piece of data reaching unit x after
 * the L exchange steps has come from some unit z: at every step the path
 * either crossed to the partner (a message: α plus its serialization) or
 * stayed (only the card's own work, e.g. a reduction). The crossed steps
 * are the bits of z XOR x. Under the fix-up, units z < r start late (they
 * first receive their pair's data) and units x < r end with one more
 * message (back to their pair). So the finishing time is a maximum over
 * (start unit, end unit) of a sum of per-bit weights — computed here in
 * O(L) per end unit by the digit recursion below, instead of O(q) per end
 * unit by trying every start unit.
 */

/**
 * max over z in [0, r) of Σ_{bits b where z and x differ} weight[b]
 * (−∞ when r = 0). z < r means: for some bit t with r_t = 1, z agrees with
 * r above t, has z_t = 0, and is free below t (where it can differ from x
 * everywhere).
 */
export function maxWeightedDistanceBelow(x: number, r: number, weight: ArrayLike<number>): number {
  const L = weight.length;
  let best = -Infinity;
  let above = 0; // Σ over bits > t where r and x differ
  let below = 0; // Σ over bits < t of weight
  for (let b = 0; b < L; b++) below += weight[b]!;
  for (let t = L - 1; t >= 0; t--) {
    below -= weight[t]!;
    const rt = (r >> t) & 1;
    const xt = (x >> t) & 1;
    if (rt === 1) best = Math.max(best, above + (xt !== 0 ? weight[t]! : 0) + below);
    if (rt !== xt) above += weight[t]!;
  }
  return best;
}
