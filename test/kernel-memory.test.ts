// Kernel memory: CardBuffers layout, views that stay correct when memory
// grows, reuse after free, bounded growth under alloc/free churn.
import { describe, expect, it } from 'vitest';
import { Topology } from '../src/index.js';
import { KernelRuntime } from '../src/kernel-runtime.js';
import { allocCardBuffers } from '../src/alloc.js';

const MiB = 1024 * 1024;

describe('CardBuffers layout', () => {
  it('is card-contiguous, 64-byte based, with 16-byte-aligned strides', async () => {
    const topo = await Topology.mock(5);
    for (const [dtype, length] of [['f32', 0], ['f32', 1], ['f32', 5], ['f64', 3], ['i32', 17], ['f64', 1000]] as const) {
      const buffers = topo.alloc(dtype, length);
      expect(buffers.byteOffset % 64).toBe(0);
      expect(buffers.strideBytes % 16).toBe(0);
      expect(buffers.strideBytes).toBeGreaterThanOrEqual(buffers.bytesPerCard);
      expect(buffers.strideBytes - buffers.bytesPerCard).toBeLessThan(16);
      for (let c = 0; c < 5; c++) {
        const view = buffers.card(c);
        expect(view.length).toBe(length);
        expect(view.byteOffset).toBe(buffers.byteOffset + c * buffers.strideBytes);
      }
      buffers.free();
    }
  });

  it('starts zeroed, even where a freed buffer left data', async () => {
    const runtime = await KernelRuntime.create('simd');
    const dirty = allocCardBuffers(runtime, 'f32', 4, 1000);
    for (let c = 0; c < 4; c++) dirty.card(c).fill(7);
    dirty.free();
    const clean = allocCardBuffers(runtime, 'f32', 4, 1000);
    expect(clean.byteOffset).toBe(dirty.byteOffset); // same memory reused
    for (let c = 0; c < 4; c++) expect(clean.card(c).every((v) => v === 0)).toBe(true);
    clean.card(0).fill(9);
    clean.free();
    const raw = allocCardBuffers(runtime, 'f32', 4, 1000, { init: 'uninitialized' });
    expect(raw.card(0)[0]).toBe(9); // documented: uninitialized may show old bytes
  });
});

describe('memory growth', () => {
  it('card(i) returns live views after memory grows past its initial size', async () => {
    const runtime = await KernelRuntime.create('simd');
    const initialBytes = runtime.memory.buffer.byteLength;
    const small = allocCardBuffers(runtime, 'f64', 3, 100);
    for (let c = 0; c < 3; c++) small.card(c).fill(c + 0.5);
    const heldView = small.card(1);
    // Force growth well past the initial memory.
    const big = allocCardBuffers(runtime, 'f32', 4, 4 * MiB);
    expect(runtime.memory.buffer.byteLength).toBeGreaterThan(initialBytes + 16 * MiB);
    expect(heldView.length).toBe(0); // the old view is detached by growth: documented
    for (let c = 0; c < 3; c++) expect(small.card(c).every((v) => v === c + 0.5)).toBe(true);
    big.card(3)[4 * MiB - 1] = 42;
    expect(big.card(3)[4 * MiB - 1]).toBe(42);
    small.free();
    big.free();
  });

  it('a collective on plain arrays that grows memory keeps CardBuffers views correct', async () => {
    const topo = await Topology.mock(2, { kernels: 'scalar' });
    const resident = topo.alloc('i32', 10);
    resident.card(0).fill(3);
    const arrays = [new Int32Array(2 * MiB).fill(1), new Int32Array(2 * MiB).fill(2)];
    topo.allReduce(arrays, 'sum');
    expect(arrays[1]![2 * MiB - 1]).toBe(3);
    expect(Array.from(resident.card(0))).toEqual(new Array(10).fill(3));
    resident.free();
  });
});

describe('free and reuse', () => {
  it('10 000 alloc/free cycles of 4 MiB per card do not grow memory', async () => {
    const runtime = await KernelRuntime.create('simd');
    const first = allocCardBuffers(runtime, 'f32', 4, MiB, { init: 'uninitialized' });
    first.free();
    const bytesAfterFirst = runtime.memory.buffer.byteLength;
    const highWater = runtime.highWaterBytes;
    for (let i = 0; i < 10_000; i++) {
      allocCardBuffers(runtime, 'f32', 4, MiB, { init: 'uninitialized' }).free();
    }
    expect(runtime.memory.buffer.byteLength).toBe(bytesAfterFirst);
    expect(runtime.highWaterBytes).toBe(highWater);
  });

  it('zero-filled alloc/free cycles of mixed sizes stay within the largest live set', async () => {
    const runtime = await KernelRuntime.create('simd');
    const sizes = [1, 100, 4096, 65536, 3, 250_000];
    let peak = 0;
    for (let round = 0; round < 200; round++) {
      const live = sizes.map((len, i) => allocCardBuffers(runtime, i % 2 ? 'f64' : 'f32', 3, (len * (round % 7 + 1)) % 300_000));
      peak = Math.max(peak, runtime.highWaterBytes);
      // Free in a rotating order so holes open in different places.
      for (let k = 0; k < live.length; k++) live[(k + round) % live.length]!.free();
    }
    // The live set is at most 6 allocations of ≤ 300 000 f64 × 3 cards ≈ 43 MB; the heap never drifts past it.
    expect(runtime.highWaterBytes).toBeLessThanOrEqual(6 * 3 * 300_000 * 8 + 64 * 18);
    expect(runtime.highWaterBytes).toBe(peak);
  });
});
