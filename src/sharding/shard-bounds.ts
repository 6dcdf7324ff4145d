/**
 * How a dimension is cut into one contiguous shard per card.
 *
 * A dimension of `units` whole units (elements, or 256-weight Q4_K blocks)
 * over `parts` cards: with q = ⌊units/parts⌋ and r = units mod parts, cards
 * 0 … r−1 get q + 1 units and the others q — ⌈units/parts⌉ or
 * ⌊units/parts⌋ each, the larger shards first. Llama-2-7B's FFN of
 * 11008 = 43 · 256 over 4 cards is 11, 11, 11, 10 blocks. The card with the
 * largest shard sets the layer's time.
 */

/** One card's shard: units [start, end) of the dimension (in elements, after scaling by the unit). */
export interface Shard {
  readonly card: number;
  readonly start: number;
  readonly end: number;
}

/**
 * The shards of `units` whole units of `unit` elements over `parts` cards
 * (larger shards first), as element ranges: card c gets
 * [start·unit, end·unit). Shards are empty when units < parts.
 */
export function shardBounds(units: number, parts: number, unit = 1): Shard[] {
  const q = Math.floor(units / parts);
  const r = units % parts;
  const shards: Shard[] = [];
  let start = 0;
  for (let card = 0; card < parts; card++) {
    const size = q + (card < r ? 1 : 0);
    shards.push(Object.freeze({ card, start: start * unit, end: (start + size) * unit }));
    start += size;
  }
  return shards;
}

/** Elements in the largest shard (card 0's). */
export function largestShard(shards: readonly Shard[]): number {
  return shards.reduce((max, s) => Math.max(max, s.end - s.start), 0);
}
