// nccl-tests-style checks: inputs built so the exact result is representable
// whatever the reduction order, compared with a closed form (not with the
// reference implementation), 0 wrong elements allowed. Sizes cross several
// vector blocks and end in a remainder.
import { describe, expect, it } from 'vitest';
import { Topology, type DType } from '../src/index.js';
import { elementsOf, setElements, storeAs, type Element } from './reference.js';

/**
 * The dtypes that hold every value of these patterns exactly. The narrow
 * floats and the 8-bit integers have closed forms of their own
 * (test/dtype-semantics.test.ts).
 */
const DTYPES: readonly DType[] = ['f32', 'f64', 'i32', 'u32', 'i64', 'u64'];
const INTEGER = new Set<DType>(['i32', 'u32', 'i64', 'u64']);

const LENGTHS = [0, 1, 4, 100, 1000, 10_000, 65_537];

/** Card c, element i: an integer in 1..17 scaled by (c + 1): exact in every dtype. */
const base = (c: number, i: number) => (c + 1) * ((i % 17) + 1);

describe.each(DTYPES)('closed forms, %s', (dtype: DType) => {
  it('rank-id fill: sum over n cards of c is n(n−1)/2 (gloo-style), n = 1..16', async () => {
    for (let n = 1; n <= 16; n++) {
      const topo = await Topology.mock(n);
      for (const length of LENGTHS) {
        const buffers = topo.alloc(dtype, length);
        for (let c = 0; c < n; c++) buffers.card(c).fill(storeAs(dtype, c) as never);
        topo.allReduce(buffers, 'sum');
        const expected = (n * (n - 1)) / 2;
        for (let c = 0; c < n; c++) expect(wrong(buffers.card(c), () => expected)).toBe(0);
        buffers.free();
      }
    }
  });

  it('sum, max, min, avg of scaled patterns match their closed forms', async () => {
    for (const n of [2, 3, 4, 7, 8, 16]) {
      const topo = await Topology.mock(n);
      for (const length of LENGTHS) {
        const triangular = (n * (n + 1)) / 2;
        const cases = [
          { op: 'sum', expect: (i: number) => ((i % 17) + 1) * triangular },
          { op: 'max', expect: (i: number) => base(n - 1, i) },
          { op: 'min', expect: (i: number) => base(0, i) },
          // (i%17+1)·(n+1)/2: for integers the sum's quotient truncates toward zero.
          { op: 'avg', expect: (i: number) => (INTEGER.has(dtype) ? Math.trunc : (v: number) => v)((((i % 17) + 1) * triangular) / n) },
        ] as const;
        for (const { op, expect: closedForm } of cases) {
          const buffers = topo.alloc(dtype, length);
          for (let c = 0; c < n; c++) setElements(buffers.card(c), Array.from({ length }, (_, i) => storeAs(dtype, base(c, i))));
          topo.allReduce(buffers, op);
          for (let c = 0; c < n; c++) expect(wrong(buffers.card(c), closedForm), `${op} n=${n} len=${length} card ${c}`).toBe(0);
          buffers.free();
        }
      }
    }
  });

  it('prod of ±1, ±2 and 0.5 (integers: 1 and 2, and −1, −2 if signed) is an exact power of two', async () => {
    const values = dtype === 'u32' || dtype === 'u64' ? [1, 2, 1, 2, 1] : INTEGER.has(dtype) ? [1, -1, 2, -2, 1] : [1, -1, 2, 0.5, -2];
    for (const n of [1, 2, 5, 9]) {
      const topo = await Topology.mock(n);
      const length = 1001;
      const value = (c: number, i: number) => values[(c + i) % values.length]!;
      const buffers = topo.alloc(dtype, length);
      for (let c = 0; c < n; c++) setElements(buffers.card(c), Array.from({ length }, (_, i) => storeAs(dtype, value(c, i))));
      topo.allReduce(buffers, 'prod');
      const expected = (i: number) => Array.from({ length: n }, (_, c) => value(c, i)).reduce((a, b) => a * b, 1);
      for (let c = 0; c < n; c++) expect(wrong(buffers.card(c), expected)).toBe(0);
      buffers.free();
    }
  });
});

describe('i32 wrap-around and truncation, as documented', () => {
  it('sum and prod wrap modulo 2³²; avg truncates toward zero', async () => {
    const topo = await Topology.mock(2);
    const sum = [new Int32Array([2147483647, -2147483648]), new Int32Array([1, -1])];
    topo.allReduce(sum, 'sum');
    expect(Array.from(sum[0]!)).toEqual([-2147483648, 2147483647]);
    const prod = [new Int32Array([65536, 3]), new Int32Array([65536, -1431655765])];
    topo.allReduce(prod, 'prod');
    expect(Array.from(prod[0]!)).toEqual([0, 1]); // 2³² ≡ 0; 3 · −1431655765 = −4294967295 ≡ 1
    const avg = [new Int32Array([7, -7, 1, -1]), new Int32Array([0, 0, 0, 0])];
    topo.allReduce(avg, 'avg');
    expect(Array.from(avg[1]!)).toEqual([3, -3, 0, 0]);
  });
});

/** nccl-tests' #wrong: elements that differ from the closed form (bigints compared as numbers: these are small). */
function wrong(actual: unknown, expected: (i: number) => number): number {
  const elements: Element[] = elementsOf(actual);
  let count = 0;
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i]!;
    if (!Object.is(typeof e === 'bigint' ? Number(e) : e, expected(i))) count++;
  }
  return count;
}
