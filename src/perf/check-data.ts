/**
 * nccl-tests-style verification: inputs built so the exact result is
 * representable, and the expected outputs in closed form, so `#wrong` counts
 * real errors, not rounding.
 *
 * Card c's send element i holds, before it is stored as the dtype:
 *   sum, avg:  small positive integers whose every partial sum the dtype
 *              holds exactly: ((7c + i) mod m) + 1 with m = min(13, ⌊L/n⌋),
 *              L the largest integer up to which the dtype holds every
 *              integer (2^24 for f32, 2^11 for f16, 2^8 for bf16, 16 for
 *              f8e4m3, 8 for f8e5m2; integers wrap, so any sum is exact).
 *              With more cards than L, one card in ⌈n/L⌉ holds 1 and the
 *              rest 0, so the sum is at most L whatever the order.
 *   prod:      ±1, 2 or ½ (±1, 2 for integers; −1 wraps to the top value of
 *              an unsigned type): products are exact powers of two — in card
 *              order, the order spanker-perf's canonical numerics use, the
 *              partial products stay within a factor of 2 of ±1 — or wrap.
 *   max, min:  ((13c + 7i) mod 101) − 50: any order picks the same element.
 * Tolerance is 0 ulp (the same bits), except float avg: 2 ulp of the dtype
 * (nccl-tests' allowance for a division done as a multiplication by 1/n).
 */
import type { CardBuffers } from '../card-buffers.js';
import { isNarrowFloat, type DType } from '../dtype.js';
import { bitsToFloat, floatToBits } from '../narrow-float.js';
import type { ReduceOp } from '../reduce-op.js';
import type { CollectiveKind } from '../schedule/schedule.js';

/** One element as stored: a number, a bigint (i64, u64) or the bits of a narrow float. */
type Element = number | bigint;

const PROD_FLOAT = [1, -1, 2, 0.5];
const PROD_INT = [1, -1, 2];

/** The largest L such that the dtype holds every integer 0..L exactly (integers: unbounded, they wrap). */
const EXACT_INTEGERS: { readonly [D in DType]: number } = {
  f32: 2 ** 24, f64: 2 ** 53, f16: 2 ** 11, bf16: 2 ** 8, f8e4m3: 2 ** 4, f8e5m2: 2 ** 3,
  i8: Infinity, u8: Infinity, i32: Infinity, u32: Infinity, i64: Infinity, u64: Infinity,
};

/** Significand bits (with the implicit one) and smallest normal exponent of each float dtype, for ulps. */
const FLOAT_FORMAT: Partial<Record<DType, readonly [number, number]>> = {
  f32: [24, -126], f64: [53, -1022], f16: [11, -14], bf16: [8, -126], f8e4m3: [4, -6], f8e5m2: [3, -14],
};

/** Card c's input element i (of n cards), as a number before it is stored. */
export function inputValue(op: ReduceOp, dtype: DType, n: number, c: number, i: number): number {
  switch (op) {
    case 'sum':
    case 'avg': {
      const limit = EXACT_INTEGERS[dtype];
      if (n <= limit) return ((7 * c + i) % Math.min(13, Math.floor(limit / n))) + 1;
      return (c + 7 * i) % Math.ceil(n / limit) === 0 ? 1 : 0;
    }
    case 'prod': {
      const values = FLOAT_FORMAT[dtype] === undefined ? PROD_INT : PROD_FLOAT;
      return values[(c + i) % values.length]!;
    }
    case 'max':
    case 'min':
      return ((13 * c + 7 * i) % 101) - 50;
  }
}

/** A number (an integer for integer dtypes) as `dtype` stores it: rounded, wrapped, or a narrow float's bits. */
function store(dtype: DType, v: number): Element {
  switch (dtype) {
    case 'f32': return Math.fround(v);
    case 'f64': return v;
    case 'i32': return v | 0;
    case 'u32': return v >>> 0;
    case 'i8': return (v << 24) >> 24;
    case 'u8': return v & 0xff;
    case 'i64': return BigInt.asIntN(64, BigInt(v));
    case 'u64': return BigInt.asUintN(64, BigInt(v));
    default: return floatToBits(dtype, v);
  }
}

/** The number an element stands for. */
function numberOf(dtype: DType, e: Element): number {
  if (typeof e === 'bigint') return Number(e);
  return isNarrowFloat(dtype) ? bitsToFloat(dtype, e) : e;
}

/** Card c's input element i as stored. */
function storedInput(op: ReduceOp, dtype: DType, n: number, c: number, i: number): Element {
  return store(dtype, inputValue(op, dtype, n, c, i));
}

/** The reduction over all n cards of input element i, in closed form (exact: see the module comment). */
export function reducedValue(op: ReduceOp, dtype: DType, n: number, i: number): Element {
  const float = FLOAT_FORMAT[dtype] !== undefined;
  if (op === 'max' || op === 'min') {
    let best = storedInput(op, dtype, n, 0, i);
    for (let c = 1; c < n; c++) {
      const x = storedInput(op, dtype, n, c, i);
      // 64-bit integers compare as bigints (near 2^64 a double cannot tell them apart).
      const [a, b] = typeof x === 'bigint' ? [x, best as bigint] : [numberOf(dtype, x), numberOf(dtype, best)];
      const better = op === 'max' ? a > b : a < b;
      if (better) best = x;
    }
    return best;
  }
  if (op === 'prod') {
    // Exact: a power of two with a sign (floats), or the product modulo 2^64, wrapped to the dtype (integers).
    let product = 1n;
    let value = 1;
    for (let c = 0; c < n; c++) {
      const x = inputValue(op, dtype, n, c, i);
      if (float) value *= x;
      else product = BigInt.asIntN(64, product * BigInt(x));
    }
    return float ? store(dtype, value) : storeWrapped(dtype, product);
  }
  let sum = 0; // exact: at most max(13n, L) for floats; integers wrap only when stored
  for (let c = 0; c < n; c++) sum += inputValue(op, dtype, n, c, i);
  if (op === 'sum') return float ? store(dtype, sum) : storeWrapped(dtype, BigInt(sum));
  // avg: floats divide in f32 (f64 for f64) and round once to the dtype; integers truncate the wrapped sum toward zero.
  if (dtype === 'f64') return sum / n;
  if (float) return store(dtype, Math.fround(sum / n));
  const wrapped = storeWrapped(dtype, BigInt(sum));
  return typeof wrapped === 'bigint' ? wrapped / BigInt(n) : Math.trunc(wrapped / n);
}

/** A 64-bit integer product as an i64 or u64 stores it. */
function store64(dtype: DType, v: bigint): Element {
  return dtype === 'i64' ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v);
}

/** An integer (as a bigint, any size) wrapped as the integer dtype stores it. */
function storeWrapped(dtype: DType, v: bigint): Element {
  if (dtype === 'i64' || dtype === 'u64') return store64(dtype, v);
  return store(dtype, Number(BigInt.asIntN(32, v)));
}

/** Fill every card's send buffer with its inputs. `sendLength` elements per card. */
export function fillInputs(send: CardBuffers, op: ReduceOp, n: number, collective: CollectiveKind, count: number, inPlace: boolean): void {
  const dtype = send.dtype;
  for (let c = 0; c < n; c++) {
    const card = send.card(c) as unknown as Element[] & { fill(v: Element): void; length: number };
    card.fill(store(dtype, 0));
    if (collective === 'allGather' && inPlace) {
      // NCCL in-place AllGather: card c's contribution sits at block c.
      for (let i = 0; i < count; i++) card[c * count + i] = storedInput(op, dtype, n, c, c * count + i);
    } else {
      for (let i = 0; i < card.length; i++) card[i] = storedInput(op, dtype, n, c, collective === 'allGather' ? c * count + i : i);
    }
  }
}

/** Units in the last place of `v` as stored in the float dtype (subnormals: the smallest step). */
function ulp(dtype: DType, v: number): number {
  const [precision, minExponent] = FLOAT_FORMAT[dtype]!;
  const exponent = Math.max(Math.floor(Math.log2(Math.abs(v) || Number.MIN_VALUE)), minExponent);
  return 2 ** (exponent - (precision - 1));
}

/**
 * Count elements of `out` (the receive buffers) that differ from the
 * expected result.
 */
export function countWrong(
  out: CardBuffers, collective: CollectiveKind, op: ReduceOp, n: number, count: number, root: number, inPlace: boolean,
): number {
  const dtype = out.dtype;
  const tolerance = op === 'avg' && FLOAT_FORMAT[dtype] !== undefined ? 2 : 0;
  const input = (c: number, i: number) => storedInput(op, dtype, n, c, i);
  let wrong = 0;
  const compare = (actual: Element, expected: Element) => {
    if (actual === expected) return;
    if (tolerance > 0 && Math.abs(numberOf(dtype, actual) - numberOf(dtype, expected)) <= tolerance * ulp(dtype, numberOf(dtype, expected))) return;
    wrong++;
  };
  if (collective === 'allReduce') {
    // Each reduced element is worked out once (O(n)) and compared on every card.
    const cards = Array.from({ length: n }, (_, c) => out.card(c) as unknown as ArrayLike<Element>);
    for (let i = 0; i < count; i++) {
      const expected = reducedValue(op, dtype, n, i);
      for (let c = 0; c < n; c++) compare(cards[c]![i]!, expected);
    }
    return wrong;
  }
  for (let c = 0; c < n; c++) {
    const card = out.card(c) as unknown as ArrayLike<Element>;
    switch (collective) {
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
