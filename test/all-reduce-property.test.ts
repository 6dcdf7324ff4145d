// Property-based: random card counts, lengths, ops, dtypes and values —
// including NaN, ±0, ±Infinity and subnormals — against the canonical-order
// scalar reference, bit for bit, through both kernel builds and both input
// kinds (CardBuffers and plain arrays).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTYPES, REDUCE_OPS, Topology, type DType } from '../src/index.js';
import { ARRAY_OF, mismatches, referenceReduce } from './reference.js';

function valueOf(dtype: DType): fc.Arbitrary<number> {
  if (dtype === 'i32') return fc.integer({ min: -2147483648, max: 2147483647 });
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
        const arrays = data.map((card) => ARRAY_OF[c.dtype].from(card));
        const expected = referenceReduce(c.op, c.dtype, arrays);
        let results: ArrayLike<number>[];
        if (c.zeroCopy) {
          const buffers = topo.alloc(c.dtype, c.length);
          arrays.forEach((a, i) => buffers.card(i).set(a));
          topo.allReduce(buffers, c.op);
          results = buffers.cards().map((v) => v.slice());
          buffers.free();
        } else {
          topo.allReduce(arrays, c.op);
          results = arrays;
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
          const arrays = data.map((card) => ARRAY_OF[c.dtype].from(card));
          topo.allReduce(arrays, c.op);
          outputs.push(arrays[0]!);
        }
        expect(mismatches(c.dtype, outputs[0]!, outputs[1]!)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
