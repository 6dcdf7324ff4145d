/**
 * How many indivisible units one card must touch when a range is dealt out
 * in equal consecutive shares: card c owns [c·share, (c+1)·share), and every
 * unit of `unit` consecutive items that overlaps its share is needed whole.
 * Used for Q4_K blocks along a row (256 weights) and for grouped-query KV
 * heads (one KV head per `heads / kvHeads` query heads).
 */

/** The most units overlapping any one card's share (share, unit, ways: integers ≥ 1). */
export function mostSpannedUnits(share: number, unit: number, ways: number): number {
  let most = 0;
  for (let c = 0; c < ways; c++) {
    const first = Math.floor((c * share) / unit);
    const last = Math.floor(((c + 1) * share - 1) / unit);
    most = Math.max(most, last - first + 1);
  }
  return most;
}
