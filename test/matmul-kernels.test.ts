// The matmul kernels (assembly/matmul-f32.ts, matmul-q4k.ts) against the
// plain-TypeScript references of test/matmul-reference.ts, bit for bit, in
// both kernel builds; SIMD == scalar; Q4_K blocks built by hand (known
// scales, mins and nibbles) through the kernel's dequantization; quantize →
// dequantize round trips; and no kernel writes outside its output.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelRuntime, type KernelVariant } from '../src/kernel-runtime.js';
import {
  QK_K, Q4K_BLOCK_BYTES, dequantizeQ4K, dequantizeQ4KBlock, f16ToNumber, numberToF16, packQ4KBlock, quantizeQ4K,
  referenceMatmul, referenceMatmulQ4K, unpackQ4KBlock, type Q4KBlock,
} from './matmul-reference.js';
import { mismatches } from './reference.js';

const VARIANTS: readonly KernelVariant[] = ['simd', 'scalar'];
const runtimes = new Map<KernelVariant, Promise<KernelRuntime>>();
function runtimeFor(variant: KernelVariant): Promise<KernelRuntime> {
  let r = runtimes.get(variant);
  if (r === undefined) runtimes.set(variant, (r = KernelRuntime.create(variant)));
  return r;
}

/** Bytes around every region the kernel may not touch. */
const GUARD = 64;
const CANARY = 0xa5;

/** Lay regions out in kernel memory, each surrounded by canary bytes. */
function place(runtime: KernelRuntime, regions: Record<string, Uint8Array | number>) {
  const sizes = Object.values(regions).map((r) => (typeof r === 'number' ? r : r.byteLength));
  const total = sizes.reduce((s, b) => s + Math.ceil(b / 16) * 16 + 2 * GUARD, 0);
  const block = runtime.allocate(total, false);
  new Uint8Array(runtime.memory.buffer, block.offset, total).fill(CANARY);
  const at: Record<string, number> = {};
  let offset = block.offset;
  for (const [name, r] of Object.entries(regions)) {
    offset += GUARD;
    at[name] = offset;
    if (typeof r !== 'number') new Uint8Array(runtime.memory.buffer).set(r, offset);
    offset += Math.ceil((typeof r === 'number' ? r : r.byteLength) / 16) * 16 + GUARD;
  }
  return {
    at,
    /** Offsets of canary bytes that changed, outside the writable regions. */
    damaged(writable: Record<string, number>): number[] {
      const bytes = new Uint8Array(runtime.memory.buffer, block.offset, total);
      const bad: number[] = [];
      for (let i = 0; i < total; i++) {
        const address = block.offset + i;
        const inside = Object.entries(writable).some(([name, size]) => address >= at[name]! && address < at[name]! + size);
        if (!inside && bytes[i] !== CANARY && !Object.entries(regions).some(([name, r]) => typeof r !== 'number' && address >= at[name]! && address < at[name]! + r.byteLength)) bad.push(i);
      }
      return bad;
    },
    free: () => runtime.release(block.offset, block.size),
  };
}

function bytesOf(array: Float32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

async function runF32(variant: KernelVariant, a: Float32Array, w: Float32Array, m: number, k: number, n: number): Promise<Float32Array> {
  const runtime = await runtimeFor(variant);
  const mem = place(runtime, { a: bytesOf(a), w: bytesOf(w), out: m * n * 4 });
  runtime.kernels.matmul_f32(mem.at.out!, mem.at.a!, mem.at.w!, m, k, n);
  const out = new Float32Array(runtime.memory.buffer, mem.at.out!, m * n).slice();
  expect(mem.damaged({ out: m * n * 4 })).toEqual([]);
  mem.free();
  return out;
}

async function runQ4K(variant: KernelVariant, a: Float32Array, w: Uint8Array, m: number, k: number, n: number): Promise<Float32Array> {
  const runtime = await runtimeFor(variant);
  const mem = place(runtime, { a: bytesOf(a), w, out: m * n * 4, scratch: 4 * k * 4 });
  runtime.kernels.matmul_q4k(mem.at.out!, mem.at.a!, mem.at.w!, m, k, n, mem.at.scratch!);
  const out = new Float32Array(runtime.memory.buffer, mem.at.out!, m * n).slice();
  expect(mem.damaged({ out: m * n * 4, scratch: 4 * k * 4 })).toEqual([]);
  mem.free();
  return out;
}

async function dequantize(variant: KernelVariant, w: Uint8Array, blocks: number): Promise<Float32Array> {
  const runtime = await runtimeFor(variant);
  const mem = place(runtime, { w, out: blocks * QK_K * 4 });
  runtime.kernels.dequantize_q4k(mem.at.out!, mem.at.w!, blocks);
  const out = new Float32Array(runtime.memory.buffer, mem.at.out!, blocks * QK_K).slice();
  expect(mem.damaged({ out: blocks * QK_K * 4 })).toEqual([]);
  mem.free();
  return out;
}

/** Finite f32 values of mixed magnitudes and signs, with exact zeros of both signs. */
const f32Value = fc.oneof(
  { weight: 6, arbitrary: fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }).map(Math.fround) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-30, -3e-39, 65504, 1.5) },
);

function f32Array(length: number): fc.Arbitrary<Float32Array> {
  return fc.array(f32Value, { minLength: length, maxLength: length }).map((v) => Float32Array.from(v));
}

describe('matmul_f32', () => {
  it('equals the reference of the documented order bit for bit, in both builds (random shapes, k around the vector width)', async () => {
    const shape = fc.record({ m: fc.integer({ min: 0, max: 5 }), k: fc.integer({ min: 0, max: 37 }), n: fc.integer({ min: 0, max: 11 }) });
    await fc.assert(
      fc.asyncProperty(shape.chain((s) => fc.record({ s: fc.constant(s), a: f32Array(s.m * s.k), w: f32Array(s.n * s.k) })), async ({ s, a, w }) => {
        const expected = referenceMatmul(a, w, s.m, s.k, s.n);
        for (const variant of VARIANTS) {
          expect(mismatches('f32', await runF32(variant, a, w, s.m, s.k, s.n), expected)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the order is the documented one, not another: lanes then tail differ from a sequential sum here', async () => {
    // Products 1e8, 1, −1e8, 1 in lanes 0..3, then a tail product 1. In f32 (ulp 8 at 1e8):
    // lanes: (1e8 + 1) + (−1e8 + 1) = 1e8 − 1e8 = 0, then + 1 = 1;
    // sequentially: ((1e8 + 1) − 1e8) + 1 + 1 = 0 + 1 + 1 = 2.
    const a = Float32Array.from([1e8, 1, -1e8, 1, 0.25]);
    const w = Float32Array.from([1, 1, 1, 1, 4]);
    expect(referenceMatmul(a, w, 1, 5, 1)[0]).toBe(1);
    for (const variant of VARIANTS) expect((await runF32(variant, a, w, 1, 5, 1))[0]).toBe(1);
  });

  it('SIMD == scalar bit for bit on layer-sized shapes', async () => {
    const m = 3, k = 1030, n = 67;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const a = Float32Array.from({ length: m * k }, random);
    const w = Float32Array.from({ length: n * k }, random);
    const simd = await runF32('simd', a, w, m, k, n);
    const scalar = await runF32('scalar', a, w, m, k, n);
    expect(mismatches('f32', simd, scalar)).toEqual([]);
    expect(mismatches('f32', simd, referenceMatmul(a, w, m, k, n))).toEqual([]);
  });
});

/** A hand-built block: d = 0.5, dmin = 0.25, scales and mins that use all six bits, nibbles 0…15 in a pattern. */
const HAND_BLOCK: Q4KBlock = {
  d: 0x3800, // 0.5
  dmin: 0x3400, // 0.25
  scales: [1, 17, 63, 32, 5, 48, 33, 62],
  mins: [0, 63, 16, 7, 49, 2, 31, 40],
  q: Array.from({ length: QK_K }, (_, t) => (t * 7 + (t >> 5)) % 16),
};

describe('Q4_K format', () => {
  it('f16 conversions: known values, subnormals, ties to even', () => {
    expect(f16ToNumber(0x3c00)).toBe(1);
    expect(f16ToNumber(0xc000)).toBe(-2);
    expect(f16ToNumber(0x7bff)).toBe(65504);
    expect(f16ToNumber(0x0001)).toBe(2 ** -24);
    expect(f16ToNumber(0x3555)).toBe(0.333251953125);
    expect(numberToF16(1)).toBe(0x3c00);
    expect(numberToF16(65504)).toBe(0x7bff);
    expect(numberToF16(2 ** -24)).toBe(0x0001);
    expect(numberToF16(1 + 2 ** -11)).toBe(0x3c00); // tie → even mantissa 0
    expect(numberToF16(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even mantissa 2
    for (let bits = 0; bits < 0x7c00; bits += 37) expect(numberToF16(f16ToNumber(bits))).toBe(bits);
  });

  it('a block written byte by byte decodes to its known fields (layout of quantize_row_q4_K_ref / get_scale_min_k4)', () => {
    const bytes = new Uint8Array(Q4K_BLOCK_BYTES);
    bytes.set([0x00, 0x38, 0x00, 0x34]); // d = 0.5, dmin = 0.25, little-endian f16
    // Sub-blocks 0–3: scale in byte j (low 6 bits), min in byte j+4 (low 6 bits).
    // Sub-blocks 4–7: low nibbles in byte j+4 (scale low, min high); top 2 bits in bits 6–7 of bytes j−4 (scale) and j (min).
    // scales 1, 17, 63, 32 | 5, 48, 33, 62 → sub-blocks 4–7 top bits: 0, 3, 2, 3 ; low nibbles 5, 0, 1, 14
    // mins   0, 63, 16, 7  | 49, 2, 31, 40 → top bits: 3, 0, 1, 2 ; low nibbles 1, 2, 15, 8
    bytes.set([1 | (0 << 6), 17 | (3 << 6), 63 | (2 << 6), 32 | (3 << 6)], 4);
    bytes.set([0 | (3 << 6), 63 | (0 << 6), 16 | (1 << 6), 7 | (2 << 6)], 8);
    bytes.set([5 | (1 << 4), 0 | (2 << 4), 1 | (15 << 4), 14 | (8 << 4)], 12);
    for (let c = 0; c < 4; c++) {
      for (let l = 0; l < 32; l++) bytes[16 + 32 * c + l] = HAND_BLOCK.q[64 * c + l]! | (HAND_BLOCK.q[64 * c + 32 + l]! << 4);
    }
    const packed = new Uint8Array(Q4K_BLOCK_BYTES);
    packQ4KBlock(HAND_BLOCK, packed);
    expect([...packed]).toEqual([...bytes]);
    expect(unpackQ4KBlock(bytes)).toEqual(HAND_BLOCK);
  });

  it('the kernel dequantizes the hand-built block to d·sc·q − dmin·m, in both builds', async () => {
    const bytes = new Uint8Array(Q4K_BLOCK_BYTES);
    packQ4KBlock(HAND_BLOCK, bytes);
    // Expected from the known fields directly: every value here is exact in f32.
    const expected = Array.from({ length: QK_K }, (_, t) => {
      const j = t >> 5;
      return 0.5 * HAND_BLOCK.scales[j]! * HAND_BLOCK.q[t]! - 0.25 * HAND_BLOCK.mins[j]!;
    });
    expect([...dequantizeQ4KBlock(HAND_BLOCK)]).toEqual(expected);
    for (const variant of VARIANTS) expect([...(await dequantize(variant, bytes, 1))]).toEqual(expected);
  });

  it('dequantizes every block the way the reference does: random bytes, including f16 subnormals, Inf and NaN scales', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }).chain((blocks) => fc.uint8Array({ minLength: blocks * Q4K_BLOCK_BYTES, maxLength: blocks * Q4K_BLOCK_BYTES })), async (bytes) => {
        const blocks = bytes.length / Q4K_BLOCK_BYTES;
        const expected = dequantizeQ4K(bytes, blocks);
        for (const variant of VARIANTS) expect(mismatches('f32', await dequantize(variant, bytes, blocks), expected)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('quantize → dequantize round trips: within half a step of each sub-block, and re-quantizing is a fixed point', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const x = Float32Array.from({ length: 4 * QK_K }, (_, i) => random() * (1 + (i % 97) / 10));
    const q = quantizeQ4K(x);
    const y = dequantizeQ4K(q, 4);
    for (let b = 0; b < 4; b++) {
      const block = unpackQ4KBlock(q, b * Q4K_BLOCK_BYTES);
      for (let t = 0; t < QK_K; t++) {
        const step = f16ToNumber(block.d) * block.scales[t >> 5]!;
        // The 6-bit scale and min are rounded too, so allow their error on top of half a step.
        const slack = step / 2 + f16ToNumber(block.d) * 16 + f16ToNumber(block.dmin) * 0.5 + 1e-6;
        expect(Math.abs(y[b * QK_K + t]! - x[b * QK_K + t]!)).toBeLessThanOrEqual(slack);
      }
    }
    expect([...dequantizeQ4K(quantizeQ4K(y), 4)]).toEqual([...y]);
  });
});

describe('matmul_q4k', () => {
  it('equals the f32 reference over the dequantized weights bit for bit, in both builds', async () => {
    const shape = fc.record({ m: fc.integer({ min: 0, max: 4 }), blocks: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 0, max: 9 }) });
    await fc.assert(
      fc.asyncProperty(
        shape.chain((s) => fc.record({
          s: fc.constant(s),
          a: f32Array(s.m * s.blocks * QK_K),
          w: fc.float({ min: -2, max: 2, noNaN: true }).chain((scale) =>
            fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: s.n * s.blocks * QK_K, maxLength: s.n * s.blocks * QK_K })
              .map((v) => quantizeQ4K(v.map((x) => x * scale)))),
        })),
        async ({ s, a, w }) => {
          const k = s.blocks * QK_K;
          const expected = referenceMatmulQ4K(a, w, s.m, k, s.n);
          for (const variant of VARIANTS) expect(mismatches('f32', await runQ4K(variant, a, w, s.m, k, s.n), expected)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('equals matmul_f32 on the dequantized weights, SIMD == scalar, on a layer-sized shape', async () => {
    const m = 2, k = 4 * QK_K, n = 23;
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const a = Float32Array.from({ length: m * k }, random);
    const w = quantizeQ4K(Float32Array.from({ length: n * k }, random));
    const simd = await runQ4K('simd', a, w, m, k, n);
    expect(mismatches('f32', simd, await runQ4K('scalar', a, w, m, k, n))).toEqual([]);
    expect(mismatches('f32', simd, await runF32('simd', a, dequantizeQ4K(w, (n * k) / QK_K), m, k, n))).toEqual([]);
  });
});
