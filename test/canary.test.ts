// Canary: kernels never write outside the bytes they own. Every kernel, both
// builds, every length 0..70 plus a few long ones, 1..5 cards: the whole
// region around the data — guard bytes before and after, and the stride
// padding between cards — is filled with a sentinel, and after the call
// every byte outside the destination slices still holds it.
// Also checks the out-of-place reduce (nOut = 1 and 2), which the public
// collectives of this version do not reach, and the pairwise kernels of
// schedule numerics (combine, scale, divide) for every dtype.
import { describe, expect, it } from 'vitest';
import { DTYPES, REDUCE_OPS, type DType } from '../src/index.js';
import { bytesPerElement } from '../src/dtype.js';
import { reduceKernelName } from '../src/kernel-abi.js';
import { KernelRuntime, type KernelVariant } from '../src/kernel-runtime.js';
import { mismatches, orderSensitiveValue, referenceReduce, rng, setElements, viewElements } from './reference.js';

const SENTINEL = 0xa5;
const GUARD = 64;
const LENGTHS = [...Array.from({ length: 71 }, (_, i) => i), 255, 1000, 1001];
const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

interface Region { start: number; bytes: number }

/** Bytes in [base, base + span) that differ from the sentinel outside `allowed`. */
function strayWrites(memory: WebAssembly.Memory, base: number, span: number, allowed: Region[]): number[] {
  const bytes = new Uint8Array(memory.buffer, base, span);
  const stray: number[] = [];
  for (let i = 0; i < span; i++) {
    const address = base + i;
    if (allowed.some((r) => address >= r.start && address < r.start + r.bytes)) continue;
    if (bytes[i] !== SENTINEL) stray.push(address);
  }
  return stray;
}

function cardRegions(start: number, stride: number, n: number, bytes: number): Region[] {
  return Array.from({ length: n }, (_, c) => ({ start: start + c * stride, bytes }));
}

describe.each<KernelVariant>(['simd', 'scalar'])('canary (%s kernels)', (variant) => {
  it('reduce kernels, in place and out of place, write only the destination slices', async () => {
    const runtime = await KernelRuntime.create(variant);
    const random = rng(7);
    for (const dtype of DTYPES) {
      const size = bytesPerElement(dtype);
      for (const op of REDUCE_OPS) {
        const kernel = runtime.kernels[reduceKernelName(op, dtype)];
        for (const n of [1, 2, 3, 5]) {
          for (const length of LENGTHS) {
            const bytes = length * size;
            const stride = align16(bytes);
            const span = GUARD + n * stride + GUARD + 2 * stride + GUARD;
            const block = runtime.allocate(span, false);
            const base = block.offset;
            const src = base + GUARD;
            const out = src + n * stride + GUARD; // two output slots for the out-of-place check
            const memory = runtime.memory;
            new Uint8Array(memory.buffer, base, span).fill(SENTINEL);
            const data = Array.from({ length: n }, () => Array.from({ length }, () => orderSensitiveValue(dtype, random)));
            data.forEach((card, c) => setElements(viewElements(dtype, memory.buffer, src + c * stride, length), card));
            const expected = referenceReduce(op, dtype, data);

            const inputsBefore = new Uint8Array(memory.buffer, src, n * stride).slice();
            kernel(out, stride, 2, src, stride, n, length); // out of place, two outputs
            const inputs = cardRegions(src, stride, n, bytes);
            expect(strayWrites(memory, base, span, [...inputs, ...cardRegions(out, stride, 2, bytes)]), `${op} ${dtype} n=${n} len=${length} out-of-place`).toEqual([]);
            expect(Buffer.compare(new Uint8Array(memory.buffer, src, n * stride), inputsBefore), 'inputs unchanged').toBe(0);
            for (let k = 0; k < 2; k++) {
              expect(mismatches(dtype, viewElements(dtype, memory.buffer, out + k * stride, length), expected)).toEqual([]);
            }
            new Uint8Array(memory.buffer, out, 2 * stride).fill(SENTINEL);

            kernel(src, stride, n, src, stride, n, length); // in place
            expect(strayWrites(memory, base, span, cardRegions(src, stride, n, bytes)), `${op} ${dtype} n=${n} len=${length} in-place`).toEqual([]);
            runtime.release(block.offset, block.size);
          }
        }
      }
    }
  });

  it('combine, scale and divide kernels write only their destination slice', async () => {
    const runtime = await KernelRuntime.create(variant);
    const random = rng(8);
    for (const dtype of DTYPES) {
      const size = bytesPerElement(dtype);
      const big = dtype === 'i64' || dtype === 'u64';
      const calls: [string, (dst: number, src: number, length: number) => void][] = [
        ...(['sum', 'prod', 'max', 'min'] as const).map((op) => [`combine_${op}`, (dst: number, src: number, length: number) => runtime.kernels[`combine_${op}_${dtype}`](dst, src, length)] as [string, (dst: number, src: number, length: number) => void]),
        ['scale', (dst, src, length) => runtime.kernels[`scale_${dtype}`](dst, src, length, big ? 3n : 3)],
        ['divide', (dst, _src, length) => runtime.kernels[`divide_${dtype}`](dst, length, 3)],
      ];
      for (const [name, call] of calls) {
        for (const length of LENGTHS) {
          const bytes = length * size;
          const span = GUARD + align16(bytes) + GUARD + bytes + GUARD;
          const block = runtime.allocate(span, false);
          const dst = block.offset + GUARD;
          const src = dst + align16(bytes) + GUARD;
          const memory = runtime.memory;
          new Uint8Array(memory.buffer, block.offset, span).fill(SENTINEL);
          for (const at of [dst, src]) setElements(viewElements(dtype, memory.buffer, at, length), Array.from({ length }, () => orderSensitiveValue(dtype, random)));
          const srcBefore = new Uint8Array(memory.buffer, src, bytes).slice();
          call(dst, src, length);
          expect(strayWrites(memory, block.offset, span, [{ start: dst, bytes }, { start: src, bytes }]), `${name} ${dtype} len=${length}`).toEqual([]);
          expect(Buffer.compare(new Uint8Array(memory.buffer, src, bytes), srcBefore), `${name} ${dtype}: src unchanged`).toBe(0);
          runtime.release(block.offset, block.size);
        }
      }
    }
  });

  it('gather_concat and broadcast_slice write only the destination', async () => {
    const runtime = await KernelRuntime.create(variant);
    for (const n of [1, 2, 3, 5]) {
      for (const length of LENGTHS) {
        const bytes = length * 4;
        const stride = align16(bytes);
        const span = GUARD + n * stride + GUARD + n * bytes + 16 + GUARD;
        const block = runtime.allocate(span, false);
        const base = block.offset;
        const src = base + GUARD;
        const out = align16(src + n * stride + GUARD);
        const memory = runtime.memory;
        new Uint8Array(memory.buffer, base, span).fill(SENTINEL);
        for (let c = 0; c < n; c++) new Int32Array(memory.buffer, src + c * stride, length).fill(c + 1);

        runtime.kernels.gather_concat(out, src, stride, n, bytes);
        expect(strayWrites(memory, base, span, [...cardRegions(src, stride, n, bytes), { start: out, bytes: n * bytes }])).toEqual([]);
        const gathered = Array.from(new Int32Array(memory.buffer, out, n * length));
        expect(gathered).toEqual(Array.from({ length: n * length }, (_, i) => Math.floor(i / Math.max(length, 1)) + 1));

        // Broadcast card 0's slice over cards 1..n−1.
        runtime.kernels.broadcast_slice(src + stride, stride, n - 1, src, bytes);
        expect(strayWrites(memory, base, span, [...cardRegions(src, stride, n, bytes), { start: out, bytes: n * bytes }])).toEqual([]);
        for (let c = 0; c < n; c++) expect(new Int32Array(memory.buffer, src + c * stride, length).every((v) => v === 1)).toBe(true);
        runtime.release(block.offset, block.size);
      }
    }
  });
});
