// Reductions on the narrow floats, bit for bit against the reference of
// test/narrow-float-reference.ts (each step computed in f32, rounded once to
// the format, ties to even; e4m3 saturating; one quiet NaN per format), both
// kernel builds:
//   - f8e4m3 and f8e5m2: all 256 × 256 pairs of codes on 2 cards, every op;
//   - f16 and bf16: every code against each special value (zeros, extremes,
//     Inf, NaNs, subnormals) in both positions and 2^20 random pairs, every
//     op — all 2^32 pairs of sum, max and min run in the slow suite
//     (test/slow/narrow-float-pairs.test.ts, `npm run test:slow`);
//   - 3–16 cards of random codes, every op, through the generic reference;
//   - the claim that one step rounded once equals the correctly rounded
//     operation (sum and prod: the exact result rounded once, computed in f64
//     where it is exact);
//   - the documented choices, spelt out.
import { describe, expect, it } from 'vitest';
import { REDUCE_OPS, Topology, type KernelVariant } from '../src/index.js';
import type { NarrowFloat } from '../src/dtype.js';
import { codeCount, encode } from './narrow-float-reference.js';
import { describePair, kernelPairs, pairMismatches, valuesOf, type Codes } from './pair-harness.js';
import { arrayOf, elementsOf, mismatches, referenceReduce, rng } from './reference.js';

const VARIANTS: readonly KernelVariant[] = ['simd', 'scalar'];

function codesArray(format: NarrowFloat, length: number): Codes {
  return codeCount(format) === 256 ? new Uint8Array(length) : new Uint16Array(length);
}

/** Pairs: every code against each of `specials`, in both positions, then `random` random pairs. */
function pairsFor(format: NarrowFloat, specials: readonly number[], random: number, seed: number): { a: Codes; b: Codes } {
  const codes = codeCount(format);
  const total = 2 * specials.length * codes + random;
  const a = codesArray(format, total);
  const b = codesArray(format, total);
  let k = 0;
  for (const s of specials) {
    for (let c = 0; c < codes; c++, k++) { a[k] = s; b[k] = c; }
    for (let c = 0; c < codes; c++, k++) { a[k] = c; b[k] = s; }
  }
  const next = rng(seed);
  for (; k < total; k++) { a[k] = Math.floor(next() * codes); b[k] = Math.floor(next() * codes); }
  return { a, b };
}

/** Codes of values at the edges of each 16-bit format. */
const SPECIALS: Record<'f16' | 'bf16', number[]> = {
  // ±0, ±1, max, −max, min normal, min and max subnormal, ±Inf, quiet and signalling NaNs, 1 + ulp, 2048, 65504 − ulp
  f16: [0x0000, 0x8000, 0x3c00, 0xbc00, 0x7bff, 0xfbff, 0x0400, 0x0001, 0x83ff, 0x7c00, 0xfc00, 0x7e00, 0x7c01, 0xfe01, 0x3c01, 0x6800, 0x7bfe],
  bf16: [0x0000, 0x8000, 0x3f80, 0xbf80, 0x7f7f, 0xff7f, 0x0080, 0x0001, 0x807f, 0x7f80, 0xff80, 0x7fc0, 0x7f81, 0xffc1, 0x3f81, 0x4380, 0x7f7e],
};

describe.each(VARIANTS)('narrow floats, %s kernels', (variant) => {
  for (const format of ['f8e4m3', 'f8e5m2'] as const) {
    it(`${format}: all 256 × 256 pairs on 2 cards, every op, equal the reference`, async () => {
      const topo = await Topology.mock(2, { kernels: variant });
      const a = new Uint8Array(65536);
      const b = new Uint8Array(65536);
      for (let i = 0; i < 65536; i++) { a[i] = i >> 8; b[i] = i & 0xff; }
      for (const op of REDUCE_OPS) {
        const got = kernelPairs(topo, format, op, a, b);
        const wrong = pairMismatches(format, op, a, b, got);
        expect(wrong.map((i) => describePair(format, op, a, b, got, i))).toEqual([]);
      }
    });
  }

  for (const format of ['f16', 'bf16'] as const) {
    it(`${format}: every code against the specials, both ways, and 2^20 random pairs, every op`, async () => {
      const topo = await Topology.mock(2, { kernels: variant });
      const { a, b } = pairsFor(format, SPECIALS[format], 1 << 20, variant === 'simd' ? 1 : 2);
      for (const op of REDUCE_OPS) {
        const got = kernelPairs(topo, format, op, a, b);
        const wrong = pairMismatches(format, op, a, b, got);
        expect(wrong.map((i) => describePair(format, op, a, b, got, i))).toEqual([]);
      }
    });
  }

  it('3–16 cards of random codes, every op and format, in and out of the vector blocks', async () => {
    const random = rng(variant === 'simd' ? 31 : 32);
    for (const format of ['f16', 'bf16', 'f8e4m3', 'f8e5m2'] as const) {
      for (let n = 3; n <= 16; n++) {
        const topo = await Topology.mock(n, { kernels: variant });
        const length = 8 * 37 + 5; // blocks of 8 elements and a tail
        // Codes of moderate values (and a few specials), so sums of many cards stay interesting rather than Inf.
        const data = Array.from({ length: n }, () => Array.from({ length }, () => {
          const r = random();
          return r < 0.02 ? Math.floor(random() * codeCount(format)) : encode(format, (random() - 0.5) * 2 ** Math.floor(random() * 8 - 4));
        }));
        for (const op of REDUCE_OPS) {
          const arrays = data.map((card) => arrayOf(format, card));
          topo.allReduce(arrays, op, { dtype: format });
          const expected = referenceReduce(op, format, data);
          arrays.forEach((array, c) => expect(mismatches(format, elementsOf(array), expected), `${format} ${op} n=${n} card ${c}`).toEqual([]));
        }
      }
    }
  });
});

describe('one step rounded once is the correctly rounded operation', () => {
  it('sum and prod of every fp8 pair and of 2^20 f16/bf16 pairs equal the exact result rounded once', async () => {
    // An f64 holds every sum of two f16 or fp8 values and every product of two values of any of the
    // formats exactly; a bf16 sum rounds in f64 first, which is innocuous (53 ≥ 2·8 + 2).
    const topo = await Topology.mock(2);
    for (const format of ['f8e4m3', 'f8e5m2', 'f16', 'bf16'] as const) {
      const codes = codeCount(format);
      const { a, b } = codes === 256
        ? { a: Uint8Array.from({ length: 65536 }, (_, i) => i >> 8), b: Uint8Array.from({ length: 65536 }, (_, i) => i & 0xff) }
        : pairsFor(format, [], 1 << 20, 3);
      const v = valuesOf(format);
      for (const op of ['sum', 'prod'] as const) {
        const got = kernelPairs(topo, format, op, a, b);
        const wrong: string[] = [];
        for (let i = 0; i < a.length && wrong.length < 5; i++) {
          const exact = op === 'sum' ? v[a[i]!]! + v[b[i]!]! : v[a[i]!]! * v[b[i]!]!;
          if (got[i] !== encode(format, exact)) wrong.push(`${format} ${op} 0x${a[i]!.toString(16)} 0x${b[i]!.toString(16)}`);
        }
        expect(wrong).toEqual([]);
      }
    }
  });
});

describe('documented choices', () => {
  /** `op` over one element per card, given as codes; returns the result code. */
  async function reduce(format: NarrowFloat, op: 'sum' | 'prod' | 'max' | 'min' | 'avg', ...codes: number[]): Promise<number> {
    const topo = await Topology.mock(codes.length);
    const arrays = codes.map((c) => arrayOf(format, [c]));
    topo.allReduce(arrays, op, { dtype: format });
    return Number(elementsOf(arrays[0])[0]);
  }

  it('f8e4m3 saturates at ±448 instead of overflowing (it has no Inf); NaN stays NaN', async () => {
    expect(await reduce('f8e4m3', 'sum', 0x7e, 0x7e)).toBe(0x7e); // 448 + 448 → 448
    expect(await reduce('f8e4m3', 'sum', 0xfe, 0xf8)).toBe(0xfe); // −448 − 256 → −448
    expect(await reduce('f8e4m3', 'prod', 0x78, 0x40)).toBe(0x7e); // 256 · 2 → 448
    expect(await reduce('f8e4m3', 'sum', 0x7e, 0x68)).toBe(0x7e); // 448 + 64 = 512 → 448
    expect(await reduce('f8e4m3', 'sum', 0xff, 0x38)).toBe(0x7f); // −NaN + 1 → the quiet NaN 0x7f
  });

  it('f16, bf16 and f8e5m2 overflow to ±Inf (ties to even at the top: 65504 + 16 = 65520 → Inf)', async () => {
    expect(await reduce('f16', 'sum', 0x7bff, 0x4c00)).toBe(0x7c00); // 65504 + 16
    expect(await reduce('f16', 'sum', 0x7bff, 0x4bff)).toBe(0x7bff); // 65504 + 15.99…
    expect(await reduce('f8e5m2', 'sum', 0x7b, 0x6c)).toBe(0x7c); // 57344 + 4096 = 61440 → Inf
    expect(await reduce('bf16', 'prod', 0x7f7f, 0x4000)).toBe(0x7f80);
    expect(await reduce('f16', 'sum', 0x7c00, 0xfc00)).toBe(0x7e00); // Inf − Inf → the quiet NaN
  });

  it('every NaN result is the one quiet NaN of the format, whatever NaN came in', async () => {
    expect(await reduce('f16', 'max', 0xfe01, 0x3c00)).toBe(0x7e00);
    expect(await reduce('f16', 'min', 0x3c00, 0x7c01)).toBe(0x7e00);
    expect(await reduce('bf16', 'sum', 0xff81)).toBe(0x7fc0); // one card: stored once more, canonical
    expect(await reduce('f8e5m2', 'avg', 0xfd, 0x3c)).toBe(0x7e);
  });

  it('signed zeros and subnormals as IEEE 754 says; max/min exactly Math.max/Math.min', async () => {
    expect(await reduce('f16', 'sum', 0x8000, 0x8000)).toBe(0x8000); // −0 + −0 = −0
    expect(await reduce('f16', 'sum', 0x8000, 0x0000)).toBe(0x0000); // −0 + 0 = +0
    expect(await reduce('f16', 'max', 0x8000, 0x0000)).toBe(0x0000);
    expect(await reduce('f16', 'min', 0x0000, 0x8000)).toBe(0x8000);
    expect(await reduce('f16', 'sum', 0x0001, 0x0001)).toBe(0x0002); // subnormals add exactly
    expect(await reduce('f16', 'prod', 0x0001, 0x3800)).toBe(0x0000); // 2^-24 · ½ = 2^-25: a tie, to even (0)
    expect(await reduce('f16', 'prod', 0x0003, 0x3800)).toBe(0x0002); // 3·2^-25 = 1.5 ulps: ties to even (2)
    // avg(1, 1 + 2^-7, 1 + 2^-7): each step of the sum rounds (2.0078125 ties to 2, 3.0078125 to 3), then 3 ÷ 3 = 1 —
    // not the 1.0078125 the exact mean 1.0052… would round to.
    expect(await reduce('bf16', 'avg', 0x3f80, 0x3f81, 0x3f81)).toBe(0x3f80);
  });
});
