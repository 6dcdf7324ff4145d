/**
 * Moving data between a collective's buffers and the per-card working
 * buffers a schedule runs on (layouts in schedule/working-buffer.ts), for the
 * schedule-numerics path.
 */
import { bytesPerElement } from '../dtype.js';
import type { CardBuffers } from '../card-buffers.js';
import type { KernelRuntime } from '../kernel-runtime.js';
import type { CollectiveKind } from '../schedule/schedule.js';

export interface WorkingArgs {
  readonly runtime: KernelRuntime;
  readonly collective: CollectiveKind;
  readonly n: number;
  readonly count: number;
  readonly root: number;
  readonly send: CardBuffers;
  readonly recv: CardBuffers;
  readonly work: CardBuffers;
  /** PreMulSum: card c's input is multiplied by scalars[c] (the kernel's form, reduce-op.ts) on the way in. */
  readonly scalars?: readonly (number | bigint)[] | undefined;
}

/** Byte address of element `e` of card `c` of `b`. */
function at(b: CardBuffers, c: number, e: number): number {
  return b.byteOffset + c * b.strideBytes + e * bytesPerElement(b.dtype);
}

/** Fill the working buffers from `send`. */
export function loadWorking(a: WorkingArgs): void {
  const { runtime, n, count, send, work } = a;
  const size = bytesPerElement(send.dtype);
  const memory = new Uint8Array(runtime.memory.buffer);
  const copy = (to: number, from: number, elements: number, card: number) => {
    if (a.scalars) runtime.kernels[`scale_${send.dtype}`](to, from, elements, a.scalars[card]!);
    else memory.copyWithin(to, from, from + elements * size);
  };
  switch (a.collective) {
    case 'allReduce':
    case 'reduce':
      for (let c = 0; c < n; c++) copy(at(work, c, 0), at(send, c, 0), count, c);
      return;
    case 'reduceScatter':
      for (let c = 0; c < n; c++) copy(at(work, c, 0), at(send, c, 0), n * count, c);
      return;
    case 'broadcast':
      copy(at(work, a.root, 0), at(send, a.root, 0), count, a.root);
      return;
    case 'allGather': {
      const inPlace = send === a.recv;
      for (let c = 0; c < n; c++) copy(at(work, c, c * count), at(send, c, inPlace ? c * count : 0), count, c);
      return;
    }
    case 'allToAll':
      for (let s = 0; s < n; s++) copy(at(work, s, s * n * count), at(send, s, 0), n * count, s);
      return;
  }
}

/** The elements of card c's working buffer that hold its results: [start, end) ranges. */
export function resultRanges(collective: CollectiveKind, n: number, count: number, root: number, c: number): [number, number][] {
  switch (collective) {
    case 'allReduce':
    case 'broadcast':
      return [[0, count]];
    case 'reduce':
      return c === root ? [[0, count]] : [];
    case 'reduceScatter':
      return [[c * count, (c + 1) * count]];
    case 'allGather':
      return [[0, n * count]];
    case 'allToAll':
      return Array.from({ length: n }, (_, s) => [(s * n + c) * count, (s * n + c + 1) * count] as [number, number]);
  }
}

/** Copy the results from the working buffers to `recv`. */
export function storeWorking(a: WorkingArgs): void {
  const { runtime, n, count, recv, work } = a;
  const size = bytesPerElement(recv.dtype);
  const memory = new Uint8Array(runtime.memory.buffer);
  const copy = (to: number, from: number, elements: number) => memory.copyWithin(to, from, from + elements * size);
  const inPlace = a.send === recv;
  for (let c = 0; c < n; c++) {
    const ranges = resultRanges(a.collective, n, count, a.root, c);
    ranges.forEach(([start, end], s) => {
      let target: number;
      switch (a.collective) {
        case 'reduceScatter':
          target = inPlace ? at(recv, c, c * count) : at(recv, c, 0);
          break;
        case 'allToAll':
          target = at(recv, c, s * count);
          break;
        default:
          target = at(recv, c, start);
      }
      copy(target, at(work, c, start), end - start);
    });
  }
}
