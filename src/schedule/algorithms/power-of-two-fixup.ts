/**
 * The non-power-of-two fix-up of MPICH's recursive-doubling and
 * recursive-halving algorithms (Thakur, Rabenseifner & Gropp 2005, §4):
 * with p' = 2^⌊lg p⌋ and r = p − p',
 *   1. the first 2r cards pair up: each even card 2i (i < r) sends its data
 *      to card 2i + 1, which combines it with its own (reduce for the
 *      reductions, a copy of the other block for allGather) — step 1;
 *   2. the p' cards left — the odd cards 1, 3, …, 2r − 1 and the cards
 *      2r … p − 1 — run the power-of-two algorithm as "new ranks"
 *      0 … p' − 1: new rank u is card 2u + 1 when u < r, else card u + r;
 *   3. a final step sends the result from each card 2i + 1 back to card 2i,
 *      which sat out.
 * Example, 6 cards: p' = 4, r = 2. Step 1: 0 → 1, 2 → 3. New ranks 0, 1,
 * 2, 3 are cards 1, 3, 4, 5 and run the 4-card algorithm (2 steps). Last:
 * 1 → 0, 3 → 2. With 8 cards r = 0 and there is no first or last step.
 *
 * New rank → card is increasing, so a group of consecutive new ranks covers
 * a contiguous range of card blocks; the halving/doubling phases rely on it.
 */
import { floorLog2 } from '../algorithm.js';
import type { ScheduleBuilder } from '../schedule.js';

/** The pairing of the fix-up for p cards. */
export interface PowerOfTwoFixup {
  /** p' = 2^⌊lg p⌋: cards in the power-of-two phase. */
  readonly pof2: number;
  /** lg p'. */
  readonly lgPof2: number;
  /** r = p − p': pairs folded in the first step and unfolded in the last. */
  readonly rem: number;
  /** Card playing new rank u (0 ≤ u < p'). */
  readonly cardOf: (u: number) => number;
  /** First card block covered by new rank u (0 ≤ u ≤ p'; cardBlockStart(p') = p): u < r covers blocks 2u and 2u + 1. */
  readonly cardBlockStart: (u: number) => number;
}

/** The fix-up pairing for p ≥ 1 cards. */
export function powerOfTwoFixup(p: number): PowerOfTwoFixup {
  const lgPof2 = floorLog2(p);
  const pof2 = 1 << lgPof2;
  const rem = p - pof2;
  return {
    pof2, lgPof2, rem,
    cardOf: (u) => (u < rem ? 2 * u + 1 : u + rem),
    cardBlockStart: (u) => (u < rem ? 2 * u : u + rem),
  };
}

/** Element ranges a fix-up message carries for pair i (cards 2i and 2i + 1). */
type PairSegments = (i: number) => readonly (readonly [number, number])[];

/**
 * The fix-up's first step, when p is not a power of two: even card 2i sends
 * `segments(i)` to card 2i + 1, which combines them (`reduce`) or keeps them.
 */
export function foldIn(b: ScheduleBuilder, fixup: PowerOfTwoFixup, segments: PairSegments, reduce: boolean): void {
  if (fixup.rem === 0) return;
  b.step();
  for (let i = 0; i < fixup.rem; i++) b.send(2 * i, 2 * i + 1, segments(i), reduce);
}

/** The fix-up's last step: card 2i + 1 copies `segments(i)` of the result back to card 2i. */
export function foldBack(b: ScheduleBuilder, fixup: PowerOfTwoFixup, segments: PairSegments): void {
  if (fixup.rem === 0) return;
  b.step();
  for (let i = 0; i < fixup.rem; i++) b.send(2 * i + 1, 2 * i, segments(i), false);
}
