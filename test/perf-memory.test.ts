// spanker-perf's up-front memory check against the real allocator: for each
// collective shape, the largest count the check lets through is one whose
// buffers the allocator really serves (out of place and in place, with the
// library's in-place AllToAll copy), and one element more is refused by both
// — so a sweep never passes the check and then fails with OUT_OF_MEMORY
// (issue 13: `all_reduce -g 8 -b 256M -e 256M` did). Allocations are
// 'uninitialized' here, so growing kernel memory to 4 GiB reserves address
// space without touching pages.
import { describe, expect, it } from 'vitest';
import { Topology, type DType } from '../src/index.js';
import { KERNEL_HEAP_BYTES } from '../src/kernel-runtime.js';
import { allocateRun, bufferLengths, checkMemory, runMemoryBytes } from '../src/perf/buffers.js';
import { UsageError } from '../src/perf/usage-error.js';
import type { CollectiveKind } from '../src/schedule/schedule.js';

/** Allocate what a run of `count` takes at its peak, in both modes; true if every allocation succeeded. */
function allocatorServes(topo: Topology, collective: CollectiveKind, dtype: DType, count: number): boolean {
  for (const inPlace of [false, true]) {
    let run: ReturnType<typeof allocateRun> | undefined;
    let copy: { free(): void } | undefined;
    try {
      run = allocateRun(topo, collective, dtype, count, inPlace, 'uninitialized');
      // In-place AllToAll: the library copies the send buffer first (src/collectives/run.ts).
      if (inPlace && collective === 'allToAll') copy = topo.alloc(dtype, bufferLengths(collective, topo.nSails, count).send, { init: 'uninitialized' });
    } catch (error) {
      if ((error as { code?: string }).code === 'OUT_OF_MEMORY') return false;
      throw error;
    } finally {
      copy?.free();
      run?.free();
    }
  }
  return true;
}

const checkAccepts = (collective: CollectiveKind, n: number, dtype: DType, count: number) => {
  try {
    checkMemory(collective, n, dtype, count, count);
    return true;
  } catch (error) {
    if (error instanceof UsageError) return false;
    throw error;
  }
};

describe('spanker-perf memory check = the allocator', () => {
  const shapes: [CollectiveKind, number, DType][] = [
    ['allReduce', 8, 'f32'], ['allReduce', 3, 'f64'], ['allGather', 8, 'f32'], ['reduceScatter', 5, 'i32'],
    ['allToAll', 4, 'f32'], ['broadcast', 7, 'i32'], ['reduce', 2, 'f64'],
  ];
  it.each(shapes)('%s on %i cards of %s: the largest count the check passes fits, one more fits in neither', async (collective, n, dtype) => {
    const topo = await Topology.mock(n);
    // The largest count whose peak fits the heap, by bisection on the check's own arithmetic.
    let lo = 1;
    let hi = 2 ** 31;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (runMemoryBytes(collective, n, dtype, mid) <= KERNEL_HEAP_BYTES) lo = mid;
      else hi = mid;
    }
    expect(checkAccepts(collective, n, dtype, lo)).toBe(true);
    expect(allocatorServes(topo, collective, dtype, lo)).toBe(true);
    // One element more: 16-byte card strides and 64-byte blocks may absorb it; step to the next count that needs more memory.
    let next = lo + 1;
    while (runMemoryBytes(collective, n, dtype, next) <= KERNEL_HEAP_BYTES) next++;
    expect(checkAccepts(collective, n, dtype, next)).toBe(false);
    expect(allocatorServes(topo, collective, dtype, next)).toBe(false);
  });

  it('refuses all_reduce of 256M on 8 cards up front (4 GiB of buffers; the heap is 4 GiB less 64 B)', () => {
    expect(() => checkMemory('allReduce', 8, 'f32', 64 << 20, 256 << 20)).toThrow(new UsageError(
      'size 256M on 8 cards needs 4294967296 B of kernel memory for its buffers, and wasm32 kernel memory holds 4294967232 B (4G less 64 B): '
      + 'use --analytic for timing only, or lower -e or -g',
    ));
  });
});
