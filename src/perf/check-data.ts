/**
 * nccl-tests-style verification: inputs built so the exact result is
 * representable whatever the reduction order, and the expected outputs in
 * closed form, so `#wrong` counts real errors, not rounding.
 *
 * Card c's send element i holds
 *   sum, avg:  ((7c + i) mod 13) + 1          small integers: every partial sum is exact;
 *   prod:      ±1, 2 or ½ (±1, 2 for int32)   products are exact powers of two;
 *   max, min:  ((13c + 7i) mod 101) − 50      any order gives the same extreme.
 * Tolerance is 0 ulp, except float avg: 2 ulp (nccl-tests' allowance for a
 * division that implementations may do as a multiplication by 1/n).
 */
import type { CardBuffers } from '../card-buffers.js';
import type { DType } from '../dtype.js';
import type { ReduceOp } from '../reduce-op.js';
import type { CollectiveKind } from '../schedule/schedule.js';

const PROD_FLOAT = [1, -1, 2, 0.5];
const PROD_INT = [1, -1, 2];

/** Card c's input element i. */
export function inputValue(op: ReduceOp, dtype: DType, c: number, i: number): number {
  switch (op) {
    case 'sum':
    case 'avg':
      return ((7 * c + i) % 13) + 1;
    case 'prod': {
      const values = dtype === 'i32' ? PROD_INT : PROD_FLOAT;
      return values[(c + i) % values.length]!;
    }
    case 'max':
    case 'min':
      return ((13 * c + 7 * i) % 101) - 50;
  }
}

function store(dtype: DType, v: number): number {
  if (dtype === 'f32') return Math.fround(v);
  if (dtype === 'i32') return v | 0;
  return v;
}

/** The reduction over all n cards of input element i, in closed form (exact in f64 for these inputs). */
export function reducedValue(op: ReduceOp, dtype: DType, n: number, i: number): number {
  let acc = inputValue(op, dtype, 0, i);
  for (let c = 1; c < n; c++) {
    const x = inputValue(op, dtype, c, i);
    if (op === 'sum' || op === 'avg') acc += x;
    else if (op === 'prod') acc = dtype === 'i32' ? Math.imul(acc, x) : acc * x;
    else acc = op === 'max' ? Math.max(acc, x) : Math.min(acc, x);
  }
  if (op === 'avg') return dtype === 'i32' ? Math.trunc(acc / n) : store(dtype, acc / n);
  return store(dtype, acc);
}

/** Fill every card's send buffer with its inputs. `sendLength` elements per card. */
export function fillInputs(send: CardBuffers, op: ReduceOp, n: number, collective: CollectiveKind, count: number, inPlace: boolean): void {
  for (let c = 0; c < n; c++) {
    const card = send.card(c);
    card.fill(0);
    if (collective === 'allGather' && inPlace) {
      // NCCL in-place AllGather: card c's contribution sits at block c.
      for (let i = 0; i < count; i++) card[c * count + i] = inputValue(op, send.dtype, c, c * count + i);
    } else {
      for (let i = 0; i < card.length; i++) card[i] = inputValue(op, send.dtype, c, collective === 'allGather' ? c * count + i : i);
    }
  }
}

/** Units in the last place of `v` as stored in `dtype`. */
function ulp(dtype: DType, v: number): number {
  const exponent = Math.floor(Math.log2(Math.abs(v) || Number.MIN_VALUE));
  return 2 ** (exponent - (dtype === 'f32' ? 23 : 52));
}

/**
 * Count elements of `out` (the receive buffers) that differ from the
 * expected result. `sendCopyOf(c, i)` is card c's input i (for collectives
 * that move data rather than reduce it).
 */
export function countWrong(
  out: CardBuffers, collective: CollectiveKind, op: ReduceOp, n: number, count: number, root: number, inPlace: boolean,
): number {
  const dtype = out.dtype;
  const tolerance = op === 'avg' && dtype !== 'i32' ? 2 : 0;
  const input = (c: number, i: number) => store(dtype, inputValue(op, dtype, c, i));
  let wrong = 0;
  const compare = (actual: number, expected: number) => {
    if (actual === expected) return;
    if (tolerance > 0 && Math.abs(actual - expected) <= tolerance * ulp(dtype, expected)) return;
    wrong++;
  };
  for (let c = 0; c < n; c++) {
    const card = out.card(c);
    switch (collective) {
      case 'allReduce':
        for (let i = 0; i < count; i++) compare(card[i]!, reducedValue(op, dtype, n, i));
        break;
      case 'reduce':
        if (c === root) for (let i = 0; i < count; i++) compare(card[i]!, reducedValue(op, dtype, n, i));
        else if (inPlace) for (let i = 0; i < count; i++) compare(card[i]!, input(c, i)); // non-roots keep their input
        break;
      case 'broadcast':
        for (let i = 0; i < count; i++) compare(card[i]!, input(root, i));
        break;
      case 'reduceScatter': {
        const base = inPlace ? c * count : 0;
        for (let i = 0; i < count; i++) compare(card[base + i]!, reducedValue(op, dtype, n, c * count + i));
        break;
      }
      case 'allGather':
        for (let b = 0; b < n; b++) for (let i = 0; i < count; i++) compare(card[b * count + i]!, input(b, b * count + i));
        break;
      case 'allToAll':
        // Card c, block s = card s's block c.
        for (let s = 0; s < n; s++) for (let i = 0; i < count; i++) compare(card[s * count + i]!, input(s, c * count + i));
        break;
    }
  }
  return wrong;
}
