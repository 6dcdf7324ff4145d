/**
 * The canonical data paths: each collective's result computed directly with
 * the kernels, reductions in card order 0, 1, …, n−1 (bit-identical to the
 * foundation's scalar reference whatever algorithm is priced).
 *
 * Buffers are already validated and placed in kernel memory. In place
 * (NCCL's conventions) the results land in `recv` laid out as:
 *   allReduce / broadcast / reduce: recv = send;
 *   reduceScatter: card c's result lands at block c of its own send buffer;
 *   allGather: card c's contribution already sits at block c of its buffer.
 * AllToAll in place is handled by the caller with a staged copy of send.
 */
import { bytesPerElement, type DType } from '../dtype.js';
import type { CardBuffers } from '../card-buffers.js';
import { reduceKernelName, type ReduceKernel } from '../kernel-abi.js';
import type { KernelRuntime } from '../kernel-runtime.js';
import type { ReduceOp } from '../reduce-op.js';
import type { CollectiveKind } from '../schedule/schedule.js';

export interface CanonicalArgs {
  readonly runtime: KernelRuntime;
  readonly collective: CollectiveKind;
  readonly n: number;
  /** NCCL count (schedule/working-buffer.ts). */
  readonly count: number;
  readonly root: number;
  readonly op: ReduceOp;
  /** Inputs, already pre-multiplied for PreMulSum. */
  readonly send: CardBuffers;
  readonly recv: CardBuffers;
  /** NCCL's in-place form (the layouts above); `send` may then be a pre-multiplied copy of `recv`. */
  readonly inPlace: boolean;
}

/** The reduce kernel of (op, dtype), its name built once per pair rather than on every call. */
const reduceNames = new Map<string, ReturnType<typeof reduceKernelName>>();
function reduceKernel(runtime: KernelRuntime, op: ReduceOp, dtype: DType): ReduceKernel {
  const pair = op + dtype;
  let name = reduceNames.get(pair);
  if (name === undefined) {
    name = reduceKernelName(op, dtype);
    reduceNames.set(pair, name);
  }
  return runtime.kernels[name];
}

export function runCanonical(a: CanonicalArgs): void {
  const { runtime, n, count, root, send, recv } = a;
  const k = runtime.kernels;
  const dtype: DType = send.dtype;
  const size = bytesPerElement(dtype);
  const chunkBytes = count * size;
  const inPlace = a.inPlace;
  switch (a.collective) {
    case 'allReduce':
      reduceKernel(runtime, a.op, dtype)(recv.byteOffset, recv.strideBytes, n, send.byteOffset, send.strideBytes, n, count);
      return;
    case 'reduce':
      // One output: its stride is never stepped over, but the kernel bounds its store loop by nOut·outStride, so it must be non-zero.
      reduceKernel(runtime, a.op, dtype)(recv.byteOffset + root * recv.strideBytes, recv.strideBytes, 1, send.byteOffset, send.strideBytes, n, count);
      return;
    case 'broadcast':
      k.broadcast_slice(recv.byteOffset, recv.strideBytes, n, send.byteOffset + root * send.strideBytes, chunkBytes);
      return;
    case 'reduceScatter':
      for (let c = 0; c < n; c++) {
        const out = inPlace ? recv.byteOffset + c * recv.strideBytes + c * chunkBytes : recv.byteOffset + c * recv.strideBytes;
        reduceKernel(runtime, a.op, dtype)(out, recv.strideBytes, 1, send.byteOffset + c * chunkBytes, send.strideBytes, n, count);
      }
      return;
    case 'allGather':
      if (inPlace) {
        for (let c = 0; c < n; c++) {
          k.broadcast_slice(recv.byteOffset + c * chunkBytes, recv.strideBytes, n, recv.byteOffset + c * recv.strideBytes + c * chunkBytes, chunkBytes);
        }
      } else {
        k.gather_concat(recv.byteOffset, send.byteOffset, send.strideBytes, n, chunkBytes);
        if (n > 1) k.broadcast_slice(recv.byteOffset + recv.strideBytes, recv.strideBytes, n - 1, recv.byteOffset, n * chunkBytes);
      }
      return;
    case 'allToAll':
      // Card d receives block d of every card s, at position s.
      for (let d = 0; d < n; d++) {
        k.gather_concat(recv.byteOffset + d * recv.strideBytes, send.byteOffset + d * chunkBytes, send.strideBytes, n, chunkBytes);
      }
      return;
  }
}
