/**
 * The buffers one spanker-perf size runs on, and the kernel memory they take.
 * The sweep allocates exactly these (allocateRun), and the up-front memory
 * check adds up exactly these, in the allocator's own block sizes
 * (cardBuffersBlockBytes) against what the allocator can hand out
 * (KERNEL_HEAP_BYTES) — so a size the check lets through is a size the
 * allocator can serve, and the other way round (test/perf-memory.test.ts).
 */
import { cardBuffersBlockBytes, type AllocInit } from '../alloc.js';
import type { CardBuffers } from '../card-buffers.js';
import type { DType } from '../dtype.js';
import { KERNEL_HEAP_BYTES } from '../kernel-runtime.js';
import type { CollectiveKind } from '../schedule/schedule.js';
import type { Topology } from '../topology.js';
import { formatSize } from './sizes.js';
import { UsageError } from './usage-error.js';

/** Elements per card of the send and receive buffers for NCCL count `count`. */
export function bufferLengths(collective: CollectiveKind, n: number, count: number): { send: number; recv: number } {
  switch (collective) {
    case 'allGather': return { send: count, recv: n * count };
    case 'reduceScatter': return { send: n * count, recv: count };
    case 'allToAll': return { send: n * count, recv: n * count };
    default: return { send: count, recv: count };
  }
}

/**
 * Kernel memory in use at the peak of one size: out of place, the send and
 * receive buffers; in place, the one buffer (the larger shape), plus the copy
 * of the send buffer an in-place AllToAll takes inside the library
 * (src/collectives/run.ts: it reads the blocks it overwrites).
 */
export function runMemoryBytes(collective: CollectiveKind, n: number, dtype: DType, count: number): number {
  const { send, recv } = bufferLengths(collective, n, count);
  const block = (length: number) => cardBuffersBlockBytes(dtype, n, length);
  const outOfPlace = block(send) + block(recv);
  const inPlace = block(Math.max(send, recv)) + (collective === 'allToAll' ? block(send) : 0);
  return Math.max(outOfPlace, inPlace);
}

/**
 * Throws a one-line UsageError when the largest size cannot fit in kernel
 * memory, before anything runs. `count` is the NCCL count of that size.
 */
export function checkMemory(collective: CollectiveKind, n: number, dtype: DType, count: number, sizeBytes: number): void {
  const needed = runMemoryBytes(collective, n, dtype, count);
  if (needed > KERNEL_HEAP_BYTES) {
    throw new UsageError(
      `size ${formatSize(sizeBytes)} on ${n} cards needs ${needed} B of kernel memory for its buffers, `
      + `and wasm32 kernel memory holds ${KERNEL_HEAP_BYTES} B (4G less 64 B): use --analytic for timing only, or lower -e or -g`,
    );
  }
}

/** The buffers of one run (out of place: send and recv; in place: one buffer of the larger shape). */
export interface RunBuffers {
  readonly send: CardBuffers;
  readonly recv: CardBuffers | undefined;
  free(): void;
}

/** `init` as Topology.alloc takes it: the sweep zeroes (a receive buffer may be read where a collective does not write). */
export function allocateRun(topo: Topology, collective: CollectiveKind, dtype: DType, count: number, inPlace: boolean, init: AllocInit = 'zero'): RunBuffers {
  const { send: sendLength, recv: recvLength } = bufferLengths(collective, topo.nSails, count);
  const send = topo.alloc(dtype, inPlace ? Math.max(sendLength, recvLength) : sendLength, { init });
  let recv: CardBuffers | undefined;
  try {
    recv = inPlace ? undefined : topo.alloc(dtype, recvLength, { init });
  } catch (error) {
    send.free();
    throw error;
  }
  return { send, recv, free: () => { send.free(); recv?.free(); } };
}
