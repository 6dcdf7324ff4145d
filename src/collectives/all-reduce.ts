/**
 * AllReduce, in place: every card ends with the element-wise reduction of all
 * cards' buffers (the crate's `all_reduce`, NCCL's in-place ncclAllReduce).
 *
 * One kernel pass reads every card once and writes every card once: for each
 * 64-byte block it loads the block from card 0, 1, …, n−1, combines in that
 * canonical order, and stores the result to all n cards (assembly/reduce.ts).
 * Results are bit-identical to the crate's scalar card-outer loop.
 */
import { reduceKernelName } from '../kernel-abi.js';
import type { KernelRuntime } from '../kernel-runtime.js';
import { assertReduceOp, type ReduceOp } from '../reduce-op.js';
import type { CollectiveReport } from '../report.js';
import { bytesPerElement } from '../dtype.js';
import { checkOperand, placeOperand } from './operands.js';

export function allReduce(runtime: KernelRuntime, nSails: number, input: unknown, op: unknown): CollectiveReport {
  assertReduceOp(op);
  const operand = checkOperand(input, runtime, nSails, 'buffers');
  const placed = placeOperand(operand, runtime, true);
  try {
    const { buffers } = placed;
    const kernel = runtime.kernels[reduceKernelName(op, buffers.dtype)];
    kernel(buffers.byteOffset, buffers.strideBytes, nSails, buffers.byteOffset, buffers.strideBytes, nSails, buffers.length);
    placed.writeBack();
  } finally {
    placed.release();
  }
  return report(op, operand.dtype, nSails, operand.length, runtime, operand.kind === 'arrays');
}

function report(op: ReduceOp, dtype: CollectiveReport['dtype'], nSails: number, count: number, runtime: KernelRuntime, staged: boolean): CollectiveReport {
  return {
    collective: 'allReduce', op, dtype, nSails, count,
    bytesPerCard: count * bytesPerElement(dtype), kernels: runtime.variant, staged,
  };
}
