/**
 * Recursive halving (reduce-scatter) and recursive doubling (all-gather) over
 * q = 2^L *units* (the new ranks of the fix-up, power-of-two-fixup.ts).
 * Unit u sits on card `card(u)`; `start(u)` is where its part of the working
 * buffer begins, increasing, so units [g, g + m) own elements
 * [start(g), start(g + m)) — one contiguous segment.
 *
 * Recursive halving, L steps, distance halving (Thakur et al. 2005, §4.4).
 * Before step k = 0 … L − 1, unit u holds partial results for its *window*:
 * the aligned group of 2d units containing u, d = q / 2^(k+1) (at k = 0 the
 * whole buffer). It exchanges with v = u XOR d: it sends v the half of the
 * window containing v and reduces v's copy of its own half into its own.
 * After step L − 1 (d = 1) the window is u alone: u holds its part reduced
 * over all q units. Every element is reduced once per step by the unit
 * whose half it is in. Reduction order of unit u's part, with y_w the data
 * unit w entered the phase with: at step k the partial result of group
 * g ∘ that of group g XOR d, receiver's first — a balanced tree pairing
 * units at distance q/2 first, then q/4, …, e.g. for q = 4 and u = 0:
 *     (y0 ∘ y2) ∘ (y1 ∘ y3).
 *
 * Recursive doubling, L steps, distance doubling. Before step j = 0 … L − 1
 * unit u holds (final) data for the aligned group of 2^j units containing u;
 * it sends all of it to u XOR 2^j, so both then hold the group of 2^(j+1).
 */
import type { ScheduleBuilder } from '../schedule.js';

/** Units of a halving/doubling phase. */
export interface Units {
  /** q = 2^L units. */
  readonly q: number;
  /** Card of unit u. */
  readonly card: (u: number) => number;
  /** Element offset where unit u's part begins (start(q) is the end of the last part). */
  readonly start: (u: number) => number;
}

/** Emit lg q recursive-halving steps: unit u ends holding its part reduced over all units. */
export function recursiveHalvingReduceScatter(b: ScheduleBuilder, units: Units): void {
  const { q } = units;
  for (let d = q >> 1; d >= 1; d >>= 1) {
    b.step();
    for (let u = 0; u < q; u++) {
      const v = u ^ d;
      const half = v & ~(d - 1); // first unit of v's half of the window
      b.send(units.card(u), units.card(v), [[units.start(half), units.start(half + d)]], true);
    }
  }
}

/** Emit lg q recursive-doubling steps: unit u starts holding its part and ends holding every part. */
export function recursiveDoublingAllGather(b: ScheduleBuilder, units: Units): void {
  const { q } = units;
  for (let m = 1; m < q; m <<= 1) {
    b.step();
    for (let u = 0; u < q; u++) {
      const group = u & ~(m - 1); // first unit of u's group of m
      b.send(units.card(u), units.card(u ^ m), [[units.start(group), units.start(group + m)]], false);
    }
  }
}
