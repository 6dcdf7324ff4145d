// The slow suite's exhaustive check, shared by its f16 and bf16 files (two
// files so vitest runs them side by side): every one of the 2^32 ordered
// pairs of codes, reduced with sum, max and min on 2 cards, by both kernel
// builds, against the reference — each step computed in f32 (an f64 sum of
// two values rounded to f32: innocuous, test/reference.ts) and rounded once
// to the format; max and min exactly Math.max and Math.min; NaN as the
// format's quiet NaN.
//
// Work is split into chunks of 256 values of card 0 × all 65536 of card 1
// (2^24 pairs): each chunk runs through both builds, then the reference of
// each pair is worked out once and compared with both.
import { expect } from 'vitest';
import { Topology } from '../../src/index.js';
import { kernelPairs, valuesOf } from '../pair-harness.js';
import { encodeF32 } from '../narrow-float-reference.js';
import { f32BitsToBf16, f32BitsToF16 } from './f32-to-half-bits.js';

const CODES = 65536;
const CHUNK_A = 256;
const OPS = ['sum', 'max', 'min'] as const;

export async function checkAllPairs(format: 'f16' | 'bf16'): Promise<void> {
  const toBits = format === 'f16' ? f32BitsToF16 : f32BitsToBf16;
  const values = valuesOf(format);
  const nan = format === 'f16' ? 0x7e00 : 0x7fc0;
  const f32 = new Float32Array(1);
  const f32Bits = new Uint32Array(f32.buffer);

  // The fast rounding is the reference's, first: on every value and midpoint, and on a spread of f32 patterns.
  const check: number[] = [];
  for (let c = 0; c < CODES; c++) check.push(values[c]!, (values[c]! + values[(c + 1) % CODES]!) / 2);
  for (let k = 0; k < 1 << 20; k++) check.push(new Float32Array(new Uint32Array([Math.imul(k, 0x9e3779b1) >>> 0]).buffer)[0]!);
  for (const v of check) {
    f32[0] = v;
    expect(toBits(f32Bits[0]!), `${format} rounding of ${f32[0]}`).toBe(encodeF32(format, v));
  }

  const builds = [await Topology.mock(2, { kernels: 'simd' }), await Topology.mock(2, { kernels: 'scalar' })];
  const a = new Uint16Array(CHUNK_A * CODES);
  const b = new Uint16Array(CHUNK_A * CODES);
  for (let k = 0; k < CHUNK_A; k++) for (let c = 0; c < CODES; c++) b[k * CODES + c] = c;
  const wrong: string[] = [];
  let checked = 0;
  for (let first = 0; first < CODES; first += CHUNK_A) {
    for (let k = 0; k < CHUNK_A; k++) a.fill(first + k, k * CODES, (k + 1) * CODES);
    for (const op of OPS) {
      const results = builds.map((topo) => kernelPairs(topo, format, op, a, b));
      for (let i = 0; i < a.length; i++) {
        const x = values[a[i]!]!;
        const y = values[b[i]!]!;
        let want: number;
        if (op === 'sum') {
          f32[0] = x + y;
          want = toBits(f32Bits[0]!);
        } else {
          const m = op === 'max' ? Math.max(x, y) : Math.min(x, y);
          want = m !== m ? nan : Object.is(m, x) ? a[i]! : b[i]!;
        }
        for (let r = 0; r < results.length; r++) {
          if (results[r]![i] !== want && wrong.length < 20) {
            wrong.push(`${r === 0 ? 'simd' : 'scalar'} ${format} ${op}(0x${a[i]!.toString(16)}, 0x${b[i]!.toString(16)}) = 0x${results[r]![i]!.toString(16)}, want 0x${want.toString(16)}`);
          }
        }
      }
      checked += a.length;
    }
    expect(wrong).toEqual([]);
  }
  expect(checked).toBe(2 ** 32 * OPS.length);
}
