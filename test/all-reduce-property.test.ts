// Property-based: random card counts, lengths, ops, dtypes and values —
// including NaN, ±0, ±Infinity and subnormals; any code of a narrow float;
// the full range of every integer type — against the canonical-order scalar
// reference, bit for bit, through both kernel builds and both input kinds
// (CardBuffers and plain arrays).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTYPES, REDUCE_OPS, Topology, type DType } from '../src/index.js';
import { arrayOf, elementsOf, mismatches, referenceReduce, setElements, type Element } from './reference.js';

function valueOf(dtype: DType): fc.Arbitrary<Element> {
  switch (dtype) {
    case 'i32': return fc.integer({ min: -2147483648, max: 2147483647 });
    case 'u32': return fc.integer({ min: 0, max: 4294967295 });
    case 'i8': return fc.integer({ min: -128, max: 127 });
    case 'u8': case 'f8e4m3': case 'f8e5m2': return fc.integer({ min: 0, max: 255 }); // every FP8 code
    case 'f16': case 'bf16': return fc.integer({ min: 0, max: 65535 }); // every code: NaNs, ±Inf, subnormals
    case 'i64': return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'u64': return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    default: break;
  }
  const specials = fc.constantFrom(NaN, 0, -0, Infinity, -Infinity, 2 ** -149, -(2 ** -149), 2 ** -1074, 1e-310, 1.5, -3);
  const plain = dtype === 'f32'
    ? fc.float({ noDefaultInfinity: false, noNaN: false }).map(Math.fround)
    : fc.double({ noDefaultInfinity: false, noNaN: false });
  return fc.oneof({ weight: 1, arbitrary: specials }, { weight: 4, arbitrary: plain });
}

const caseArb = fc
  .record({
    dtype: fc.constantFrom(...DTYPES),
    op: fc.constantFrom(...REDUCE_OPS),
    n: fc.integer({ min: 1, max: 16 }),
    length: fc.integer({ min: 0, max: 80 }),
    kernels: fc.constantFrom('simd' as const, 'scalar' as const),
    zeroCopy: fc.boolean(),
  })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      data: fc.array(fc.array(valueOf(c.dtype), { minLength: c.length, maxLength: c.length }), { minLength: c.n, maxLength: c.n }),
    }),
  );

describe('allReduce properties', () => {
  it('equals the canonical-order reference bit for bit (NaN payloads aside)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ c, data }) => {
        const topo = await Topology.mock(c.n, { kernels: c.kernels });
        const arrays = data.map((card) => arrayOf(c.dtype, card));
        const expected = referenceReduce(c.op, c.dtype, arrays.map((a) => elementsOf(a))); // as stored: an f64 subnormal in f32 is 0
        let results: Element[][];
        if (c.zeroCopy) {
          const buffers = topo.alloc(c.dtype, c.length);
          arrays.forEach((a, i) => setElements(buffers.card(i), a));
          topo.allReduce(buffers, c.op);
          results = buffers.cards().map((v) => elementsOf(v));
          buffers.free();
        } else {
          topo.allReduce(arrays, c.op, { dtype: c.dtype });
          results = arrays.map((a) => elementsOf(a));
        }
        results.forEach((r) => expect(mismatches(c.dtype, r, expected)).toEqual([]));
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic: the same inputs give the same bits on every run and in both kernel builds', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ c, data }) => {
        const outputs = [];
        for (const kernels of ['simd', 'scalar'] as const) {
          const topo = await Topology.mock(c.n, { kernels });
          const arrays = data.map((card) => arrayOf(c.dtype, card));
          topo.allReduce(arrays, c.op, { dtype: c.dtype });
          outputs.push(elementsOf(arrays[0]!));
        }
        expect(mismatches(c.dtype, outputs[0]!, outputs[1]!)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
