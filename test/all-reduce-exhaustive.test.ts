// Every op × dtype × card count 1..16 × a set of lengths that straddle the
// vector width (16 bytes) and the block (64 bytes of a native type, 8
// elements of a narrow float), for both kernel builds, against the scalar
// reference of the canonical order: bit-identical on every card.
import { describe, expect, it } from 'vitest';
import { DTYPES, REDUCE_OPS, Topology, type DType, type KernelVariant } from '../src/index.js';
import { arrayOf, elementsOf, mismatches, orderSensitiveValue, referenceReduce, rng, setElements, type Element } from './reference.js';

const LENGTHS = [0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 1000];
const CARD_COUNTS = Array.from({ length: 16 }, (_, i) => i + 1);
const VARIANTS: KernelVariant[] = ['simd', 'scalar'];

function fill(dtype: DType, n: number, length: number, seed: number): Element[][] {
  const random = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length }, () => orderSensitiveValue(dtype, random)));
}

describe.each(VARIANTS)('allReduce with %s kernels', (variant) => {
  describe.each(DTYPES)('%s', (dtype) => {
    it.each(REDUCE_OPS)('%s matches the canonical-order reference for n = 1..16 and every length', async (op) => {
      for (const n of CARD_COUNTS) {
        const topo = await Topology.mock(n, { kernels: variant });
        expect(topo.kernels).toBe(variant);
        for (const length of LENGTHS) {
          const data = fill(dtype, n, length, n * 1009 + length);
          const expected = referenceReduce(op, dtype, data);
          // Alternate between the zero-copy and the plain-array paths.
          if (length % 2 === 0) {
            const buffers = topo.alloc(dtype, length);
            data.forEach((card, c) => setElements(buffers.card(c), card));
            topo.allReduce(buffers, op);
            for (let c = 0; c < n; c++) {
              expect(mismatches(dtype, elementsOf(buffers.card(c)), expected), `card ${c} n=${n} len=${length}`).toEqual([]);
            }
            buffers.free();
          } else {
            const arrays = data.map((card) => arrayOf(dtype, card));
            const report = topo.allReduce(arrays, op, { dtype });
            expect(report.staged).toBe(true);
            arrays.forEach((array, c) => {
              expect(mismatches(dtype, elementsOf(array), expected), `card ${c} n=${n} len=${length}`).toEqual([]);
            });
          }
        }
      }
    });
  });
});
