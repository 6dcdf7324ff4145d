// max/min must follow Math.max/Math.min element by element, exactly: NaN on
// any card propagates, −0 < +0, infinities and subnormals order normally.
// The kernels use pmin/pmax with bit fix-ups (assembly/ops.ts), so every pair
// of special values is tried in every position of the card order, and in
// every lane position of a vector, block and scalar tail.
import { describe, expect, it } from 'vitest';
import { Topology, type KernelVariant } from '../src/index.js';
import { bitKeys } from './reference.js';

const F32_MIN_SUBNORMAL = 2 ** -149;
const SPECIALS = [
  NaN, -NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, -2.5,
  F32_MIN_SUBNORMAL, -F32_MIN_SUBNORMAL, 3.4028234663852886e38, -3.4028234663852886e38, 1e-40, -1e-40,
];
// Signalling-style and negative NaNs by bit pattern, which JS arithmetic never produces.
const NAN_BITS_F32 = [0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fffffff];

describe.each<KernelVariant>(['simd', 'scalar'])('max/min vs Math.max/Math.min (%s kernels)', (variant) => {
  for (const dtype of ['f32', 'f64'] as const) {
    for (const op of ['max', 'min'] as const) {
      const math = op === 'max' ? Math.max : Math.min;

      it(`${dtype} ${op}: every ordered triple of special values on 3 cards, in every element position`, async () => {
        const topo = await Topology.mock(3, { kernels: variant });
        // One element per triple; 16³ = 4096 elements covers blocks, vectors and a tail.
        const triples: [number, number, number][] = [];
        for (const a of SPECIALS) for (const b of SPECIALS) for (const c of SPECIALS) triples.push([a, b, c]);
        const length = triples.length + 5; // + 5: a scalar tail after the last full vector
        const buffers = topo.alloc(dtype, length);
        for (let c = 0; c < 3; c++) {
          const card = buffers.card(c);
          triples.forEach((t, i) => { card[i] = t[c]!; });
          for (let i = triples.length; i < length; i++) card[i] = triples[i - triples.length]![c]!;
        }
        const expected = Array.from({ length }, (_, i) => {
          const t = triples[i < triples.length ? i : i - triples.length]!;
          const round = dtype === 'f32' ? Math.fround : (v: number) => v;
          return math(math(round(t[0]), round(t[1])), round(t[2]));
        });
        topo.allReduce(buffers, op);
        for (let c = 0; c < 3; c++) expect(bitKeys(dtype, buffers.card(c))).toEqual(bitKeys(dtype, expected));
        buffers.free();
      });
    }
  }

  it('f32 max/min propagate NaNs of any bit pattern (negative, signalling-style) from any card', async () => {
    const n = 4;
    const topo = await Topology.mock(n, { kernels: variant });
    for (const bits of NAN_BITS_F32) {
      for (let nanCard = 0; nanCard < n; nanCard++) {
        for (const op of ['max', 'min'] as const) {
          const buffers = topo.alloc('f32', 21);
          for (let c = 0; c < n; c++) buffers.card(c).fill(c - 1.5);
          new Uint32Array(buffers.card(nanCard).buffer, buffers.card(nanCard).byteOffset, 21).fill(bits);
          topo.allReduce(buffers, op);
          for (let c = 0; c < n; c++) {
            expect(Array.from(buffers.card(c)).every(Number.isNaN), `bits ${bits.toString(16)} on card ${nanCard}, ${op}`).toBe(true);
          }
          buffers.free();
        }
      }
    }
  });

  it('i32 max/min order the full signed range', async () => {
    const topo = await Topology.mock(2, { kernels: variant });
    const values = [-2147483648, -1, 0, 1, 2147483647, 123456789, -987654321];
    const a = new Int32Array(values.length * values.length);
    const b = new Int32Array(a.length);
    values.forEach((x, i) => values.forEach((y, j) => { a[i * values.length + j] = x; b[i * values.length + j] = y; }));
    const mx = [a.slice(), b.slice()];
    const mn = [a.slice(), b.slice()];
    topo.allReduce(mx, 'max');
    topo.allReduce(mn, 'min');
    expect(Array.from(mx[0]!)).toEqual(Array.from(a, (x, i) => Math.max(x, b[i]!)));
    expect(Array.from(mn[1]!)).toEqual(Array.from(a, (x, i) => Math.min(x, b[i]!)));
  });
});
