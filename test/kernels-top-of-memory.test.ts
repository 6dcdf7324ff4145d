// Slow suite (its own file): every reducing and gathering kernel, both kernel
// builds, on slices placed at the very top of the 4 GiB wasm32 memory — so
// the buffers end exactly at 2³², or just below it with the end of the card
// span (src + n·stride) landing past 2³² for some element offsets. That is
// where 32-bit end pointers wrap (issue 9: a `p < pEnd` loop whose pEnd
// wrapped to a small number never ran, and elements were silently left
// unreduced).
//
// Memory: kernel memory grows to the full 4 GiB of address space, but only
// the few KiB at the top are ever written or read by this file (a filler
// block reserves the rest, uninitialized and untouched), so the process's
// resident memory stays small (a few MiB). The tests take under a second
// on the shared 2-core machine, so the file runs in `npm test`.
import { describe, expect, it } from 'vitest';
import { DTYPES, Topology, type DType, type ReduceOp } from '../src/index.js';
import { bytesPerElement } from '../src/dtype.js';
import { KernelRuntime, KERNEL_MEMORY_LIMIT_BYTES, sharedRuntime, type KernelVariant } from '../src/kernel-runtime.js';
import { reduceKernelName } from '../src/kernel-abi.js';
import {
  arrayOf, elementsOf, finish, isBig, mismatches, orderSensitiveValue, referenceReduce, rng, stepFor, storeAs, viewElements, type Element,
} from './reference.js';
import { expectedOutputs } from './reference-collectives.js';

const TOP = KERNEL_MEMORY_LIMIT_BYTES; // 2³²
const VARIANTS: readonly KernelVariant[] = ['simd', 'scalar'];
const OPS: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min', 'avg'];
const SIZE = (dtype: DType) => bytesPerElement(dtype);
/** Bytes of the region at the top of memory the tests place slices in. */
const REGION = 64 * 1024;

/**
 * A runtime whose memory is grown to 4 GiB, with the top REGION bytes reserved
 * for the test (a filler below them holds the rest, never touched).
 */
async function topRegion(variant: KernelVariant): Promise<{ runtime: KernelRuntime; base: number }> {
  const runtime = await KernelRuntime.create(variant);
  const probe = runtime.allocate(64, false);
  runtime.release(probe.offset, probe.size);
  runtime.allocate(TOP - REGION - probe.offset, false); // the filler
  const region = runtime.allocate(REGION, false);
  expect(region.offset + region.size).toBe(TOP);
  expect(runtime.memory.buffer.byteLength).toBe(TOP);
  return { runtime, base: region.offset };
}

/** Element count covering 64-byte blocks (8-element blocks of a narrow float), one more 16-byte vector and a scalar tail. */
function countFor(dtype: DType): number {
  return (128 + 16 + 8) / SIZE(dtype) + 1;
}

function stride(dtype: DType, count: number): number {
  return Math.ceil((count * SIZE(dtype)) / 16) * 16;
}

function view(runtime: KernelRuntime, dtype: DType, offset: number, count: number): ArrayLike<Element> {
  return viewElements(dtype, runtime.memory.buffer, offset, count);
}

/** Values of both signs; i32 small enough that prod stays well inside range. */
function fill(runtime: KernelRuntime, dtype: DType, offset: number, count: number, random: () => number): Element[] {
  const v = view(runtime, dtype, offset, count) as unknown as Element[];
  for (let i = 0; i < count; i++) v[i] = dtype === 'i32' ? Math.floor(random() * 200) - 100 : orderSensitiveValue(dtype, random);
  return elementsOf(v);
}

describe.each(VARIANTS)('%s kernels at the top of 4 GiB of memory', (variant) => {
  it('reduce_<op>_<dtype>: in place, out of place and rooted, ending at 2³² and straddling the wrap point', async () => {
    const { runtime, base } = await topRegion(variant);
    const random = rng(9);
    let calls = 0;
    for (const dtype of DTYPES) {
      const count = countFor(dtype);
      const bytes = count * SIZE(dtype);
      const s = stride(dtype, count);
      for (const n of [1, 2, 3, 5]) {
        // gap = bytes between the end of the last card and 2³²: the old loops wrapped for element offsets ≥ gap.
        for (const gap of [0, 16, 48, 64, bytes - 16 - ((bytes - 16) % 16)]) {
          for (const layout of ['inPlace', 'outBelow', 'outOnTop', 'rooted'] as const) {
            for (const op of OPS) {
              const topStart = TOP - gap - n * s;
              const lowStart = topStart - n * s - 64;
              expect(lowStart).toBeGreaterThanOrEqual(base);
              const src = layout === 'outOnTop' ? lowStart : topStart;
              // rooted: a reduce in place onto the last card, the one that ends nearest 2³².
              const out = layout === 'inPlace' ? src : layout === 'outOnTop' ? topStart : layout === 'rooted' ? src + (n - 1) * s : lowStart;
              const nOut = layout === 'rooted' ? 1 : n;
              const aliased = layout === 'inPlace' || layout === 'rooted';
              const inputs = Array.from({ length: n }, (_, c) => fill(runtime, dtype, src + c * s, count, random));
              // Outputs start as garbage that must be overwritten everywhere.
              if (!aliased) for (let k = 0; k < nOut; k++) fill(runtime, dtype, out + k * s, count, random);
              runtime.kernels[reduceKernelName(op, dtype)](out, s, nOut, src, s, n, count);
              calls++;
              const expected = referenceReduce(op, dtype, inputs);
              for (let k = 0; k < nOut; k++) {
                const wrong = mismatches(dtype, view(runtime, dtype, out + k * s, count), expected);
                expect(wrong, `${variant} ${op} ${dtype} n=${n} gap=${gap} ${layout} output ${k}`).toEqual([]);
              }
              // Inputs that are not outputs are untouched.
              const untouched = layout === 'inPlace' ? 0 : layout === 'rooted' ? n - 1 : n;
              for (let c = 0; c < untouched; c++) expect(elementsOf(view(runtime, dtype, src + c * s, count))).toEqual(inputs[c]);
            }
          }
        }
      }
    }
    expect(calls).toBe(DTYPES.length * 4 * 5 * 4 * 5);
  });

  it('combine, scale and divide on slices ending at 2³²', async () => {
    const { runtime } = await topRegion(variant);
    const random = rng(11);
    for (const dtype of DTYPES) {
      const count = countFor(dtype);
      const bytes = count * SIZE(dtype);
      for (const gap of [0, 4, 16]) {
        const dst = TOP - gap - bytes - ((TOP - gap - bytes) % SIZE(dtype));
        const src = dst - 2 * bytes - 64;
        for (const op of ['sum', 'prod', 'max', 'min'] as const) {
          const a = fill(runtime, dtype, dst, count, random);
          const b = fill(runtime, dtype, src, count, random);
          runtime.kernels[`combine_${op}_${dtype}`](dst, src, count);
          expect(mismatches(dtype, view(runtime, dtype, dst, count), referenceReduce(op, dtype, [a, b]))).toEqual([]);
        }
        const x = fill(runtime, dtype, src, count, random);
        runtime.kernels[`scale_${dtype}`](dst, src, count, isBig(dtype) ? 3n : 3);
        const times3 = stepFor('prod', dtype);
        const scaled = x.map((v) => times3(v, storeAs(dtype, 3)));
        expect(mismatches(dtype, view(runtime, dtype, dst, count), scaled)).toEqual([]);
        const y = fill(runtime, dtype, dst, count, random);
        runtime.kernels[`divide_${dtype}`](dst, count, 3);
        const divided = y.map((v) => finish('avg', dtype, v, 3));
        expect(mismatches(dtype, view(runtime, dtype, dst, count), divided)).toEqual([]);
      }
    }
  });

  it('gather_concat and broadcast_slice with their last slice ending at 2³²', async () => {
    const { runtime, base } = await topRegion(variant);
    const memory = () => new Uint8Array(runtime.memory.buffer);
    for (const n of [1, 2, 3, 5]) {
      for (const bytes of [16, 100 * 16, 4 * 16 + 4]) {
        const s = Math.ceil(bytes / 16) * 16;
        // Concatenate n card slices at the top into a dense region below them, and back up to the top.
        const src = TOP - n * s;
        const dense = src - n * bytes - 64;
        expect(dense).toBeGreaterThanOrEqual(base);
        for (let c = 0; c < n; c++) memory().fill(c + 1, src + c * s, src + c * s + bytes);
        runtime.kernels.gather_concat(dense, src, s, n, bytes);
        for (let c = 0; c < n; c++) expect(memory().subarray(dense + c * bytes, dense + (c + 1) * bytes).every((v) => v === c + 1)).toBe(true);
        memory().fill(0, src, TOP);
        memory().fill(77, dense, dense + bytes);
        runtime.kernels.broadcast_slice(src, s, n, dense, bytes);
        for (let c = 0; c < n; c++) expect(memory().subarray(src + c * s, src + c * s + bytes).every((v) => v === 77)).toBe(true);
        expect(memory()[TOP - 1]).toBe(s === bytes ? 77 : 0); // padding past the last slice untouched
      }
    }
  });
});

describe.each(VARIANTS)('%s build: public collectives on buffers that end exactly at 2³²', (variant) => {
  it('all six collectives (canonical and schedule numerics) and plain arrays staged at the top equal the reference', async () => {
    const runtime = await sharedRuntime(variant);
    const n = 3;
    const count = 48; // f32: a 192-byte stride; 3 cards of 48 or 144 elements fill whole 64-byte blocks
    const topo = await Topology.mock(n, { kernels: variant });
    const random = rng(5);
    // Reserve everything from the allocator's top up to 2³² − bytes: the next allocation of `bytes` ends at 2³².
    const fillUpTo = (bytes: number) => {
      const probe = runtime.allocate(64, false);
      runtime.release(probe.offset, probe.size);
      return runtime.allocate(TOP - bytes - probe.offset, false);
    };
    // A hole low in memory for the collective's scratch and separate send buffers (first fit takes it).
    const hole = runtime.allocate(1 << 20, false);
    const cases = [
      { collective: 'allReduce', send: count, recv: count },
      { collective: 'reduce', send: count, recv: count },
      { collective: 'reduceScatter', send: n * count, recv: count },
      { collective: 'broadcast', send: count, recv: count },
      { collective: 'allGather', send: count, recv: n * count },
      { collective: 'allToAll', send: n * count, recv: n * count },
    ] as const;
    for (const numerics of ['canonical', 'schedule'] as const) {
      for (const c of cases) {
        for (const inPlace of [true, false]) {
          const length = inPlace ? Math.max(c.send, c.recv) : c.recv;
          const filler = fillUpTo(n * stride('f32', length));
          const top = topo.alloc('f32', length, { init: 'uninitialized' });
          expect(top.byteOffset + n * top.strideBytes).toBe(TOP);
          runtime.release(hole.offset, hole.size);
          const send = inPlace ? top : topo.alloc('f32', c.send, { init: 'uninitialized' });
          for (let card = 0; card < n; card++) {
            const v = send.card(card);
            for (let i = 0; i < v.length; i++) v[i] = Math.floor(random() * 64) - 32;
            if (!inPlace) top.card(card).fill(-1);
          }
          const before = top.cards().map((v) => Array.from(v));
          // The reference's inputs: each card's send data (in-place AllGather: card c's block c).
          const inputs = send.cards().map((v, card) =>
            inPlace && c.collective === 'allGather' ? Array.from(v.subarray(card * count, (card + 1) * count)) : Array.from(v));
          const root = c.collective === 'reduce' ? 2 : 1;
          const options = { numerics, ...(inPlace ? {} : { recv: top }) };
          switch (c.collective) {
            case 'allReduce': topo.allReduce(send, 'sum', options); break;
            case 'reduce': topo.reduce(send, 'sum', { ...options, root }); break;
            case 'reduceScatter': topo.reduceScatter(send, 'sum', options); break;
            case 'broadcast': topo.broadcast(send, { ...options, root }); break;
            case 'allGather': topo.allGather(send, top, { numerics }); break;
            case 'allToAll': topo.allToAll(send, options); break;
          }
          const expected = expectedOutputs(c.collective, 'f32', 'sum', inputs, count, root, before);
          for (let card = 0; card < n; card++) {
            let got = Array.from(top.card(card));
            if (inPlace && c.collective === 'reduceScatter') got = got.slice(card * count, (card + 1) * count);
            expect(mismatches('f32', got, expected[card]!), `${variant} ${numerics} ${c.collective} ${inPlace ? 'in place' : 'out of place'} card ${card}`).toEqual([]);
          }
          if (!inPlace) send.free();
          top.free();
          runtime.release(filler.offset, filler.size);
          expect(runtime.allocate(1 << 20, false).offset).toBe(hole.offset); // the hole again, for the next case
        }
      }
    }
    runtime.release(hole.offset, hole.size);
    // Plain arrays of every dtype: the staging copy is what lands at the top of memory
    // (64 elements: 3 cards fill whole 64-byte allocator blocks for every element size).
    for (const dtype of DTYPES) {
      const stagedCount = 64;
      const arrays = Array.from({ length: n }, (_, card) => arrayOf(dtype, Array.from({ length: stagedCount }, (_, i) => storeAs(dtype, (i % 7) + card))));
      const expected = referenceReduce('sum', dtype, arrays.map((a) => elementsOf(a)));
      const filler = fillUpTo(n * stride(dtype, stagedCount));
      topo.allReduce(arrays as never, 'sum', { dtype });
      for (let card = 0; card < n; card++) expect(mismatches(dtype, elementsOf(arrays[card]!), expected), `${variant} ${dtype} staged`).toEqual([]);
      runtime.release(filler.offset, filler.size);
    }
  });
});
