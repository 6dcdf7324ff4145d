/**
 * AllGather: the concatenation of every card's buffer, in topology order.
 *
 * Two forms:
 * - the crate's: one typed array of n·count elements, card c's data at
 *   `[c·count, (c+1)·count)`;
 * - NCCL's: every card of a receive buffer of n·count elements per card gets
 *   that concatenation. The kernels gather all slices into card 0's receive
 *   slot, then broadcast that slot to the other n−1 cards (assembly/gather.ts).
 */
import { arrayName, bytesPerElement, viewOf, type CardArray, type DType } from '../dtype.js';
import { shapeMismatchError, typeMismatchError } from '../errors.js';
import type { KernelRuntime } from '../kernel-runtime.js';
import type { CollectiveReport } from '../report.js';
import { checkOperand, placeOperand, type CheckedOperand } from './operands.js';

/** The crate form: gather into one new typed array. */
export function allGatherToArray(runtime: KernelRuntime, nSails: number, input: unknown): { data: CardArray; report: CollectiveReport } {
  const send = checkOperand(input, runtime, nSails, 'buffers');
  const bytes = send.length * bytesPerElement(send.dtype);
  const data = viewOf(send.dtype, new ArrayBuffer(bytes * nSails), 0, send.length * nSails);
  for (let c = 0; c < nSails; c++) data.set(cardData(send, c), c * send.length);
  return { data, report: report(send, nSails, runtime) };
}

/** The NCCL form: every card of `recvInput` receives the concatenation. */
export function allGatherInto(runtime: KernelRuntime, nSails: number, input: unknown, recvInput: unknown): CollectiveReport {
  const send = checkOperand(input, runtime, nSails, 'buffers');
  const recv = checkOperand(recvInput, runtime, nSails, 'recv');
  const expectedLength = send.length * nSails;
  if (recv.dtype !== send.dtype) throw typeMismatchError(0, arrayName(send.dtype), arrayName(recv.dtype));
  if (recv.length !== expectedLength) throw shapeMismatchError(0, expectedLength, recv.length);

  const placedSend = placeOperand(send, runtime, true);
  try {
    const placedRecv = placeOperand(recv, runtime, false);
    try {
      const s = placedSend.buffers;
      const r = placedRecv.buffers;
      const bytes = s.bytesPerCard;
      runtime.kernels.gather_concat(r.byteOffset, s.byteOffset, s.strideBytes, nSails, bytes);
      if (nSails > 1) {
        runtime.kernels.broadcast_slice(r.byteOffset + r.strideBytes, r.strideBytes, nSails - 1, r.byteOffset, bytes * nSails);
      }
      placedRecv.writeBack();
    } finally {
      placedRecv.release();
    }
  } finally {
    placedSend.release();
  }
  return report(send, nSails, runtime);
}

function cardData(operand: CheckedOperand, c: number): CardArray {
  return operand.kind === 'cards' ? operand.buffers.card(c) : operand.arrays[c]!;
}

function report(send: CheckedOperand, nSails: number, runtime: KernelRuntime): CollectiveReport {
  const dtype: DType = send.dtype;
  return {
    collective: 'allGather', dtype, nSails, count: send.length,
    bytesPerCard: send.length * bytesPerElement(dtype), kernels: runtime.variant, staged: send.kind === 'arrays',
  };
}
