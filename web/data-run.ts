/**
 * The collective on real data, checked the nccl-tests way: every card's
 * inputs are chosen so the exact result is representable whatever the
 * reduction order (spanker-perf's check-data: for sum, card c element i is
 * ((7c + i) mod 13) + 1), and every element of the output is compared with
 * the closed form. Out of place: send and receive buffers in kernel memory.
 */
import type { CardBuffers, CollectiveName, CollectiveReport, DType, Topology } from 'spanker-scheduler';
import { countWrong, fillInputs } from '../src/perf/check-data.js';
import { collectiveOptions, ELEMENT_BYTES, isReducing, sizeUnit, type Settings } from './settings.js';

/** Most kernel memory one page run may take for send plus receive buffers. */
export const MAX_DATA_BYTES = 512 * 1024 * 1024;

export interface DataRun {
  readonly report: CollectiveReport;
  /** Elements compared. */
  readonly checked: number;
  /** Elements that differ from the expected result. */
  readonly wrong: number;
  /** Host milliseconds of the real run (the wasm kernels on this machine). */
  readonly hostMs: number;
}

/** Elements of the NCCL count per card, and of the send and receive buffers. */
export function bufferShape(collective: CollectiveName, n: number, bytes: number, dtype: DType): { count: number; send: number; recv: number } {
  const count = bytes / sizeUnit(collective, n, dtype);
  switch (collective) {
    case 'allGather': return { count, send: count, recv: n * count };
    case 'reduceScatter': return { count, send: n * count, recv: count };
    case 'allToAll': return { count, send: n * count, recv: n * count };
    default: return { count, send: count, recv: count };
  }
}

/** Run the collective of `s` once on `topo`, on checkable inputs, and count wrong elements. */
export function runOnData(topo: Topology, s: Settings): DataRun {
  const n = topo.nSails;
  const elementSize = ELEMENT_BYTES[s.dtype];
  const { count, send: sendLength, recv: recvLength } = bufferShape(s.collective, n, s.bytes, s.dtype);
  const needed = n * (sendLength + recvLength) * elementSize;
  if (needed > MAX_DATA_BYTES) {
    throw new RangeError(`${s.bytes} B on ${n} cards needs ${(needed / 2 ** 20).toFixed(0)} MiB of buffers; a run on real data takes at most ${MAX_DATA_BYTES / 2 ** 20} MiB: lower the size or the cards, or choose timing only`);
  }
  // Non-reducing collectives only move data: any checkable inputs do, the sum ones are used.
  const op = isReducing(s.collective) ? s.op : 'sum';
  const send = topo.alloc(s.dtype, sendLength);
  let recv: CardBuffers | undefined;
  try {
    recv = topo.alloc(s.dtype, recvLength);
    fillInputs(send, op, n, s.collective, count, false);
    const options = { ...collectiveOptions(s), recv };
    const start = performance.now();
    const report = ((): CollectiveReport => {
      switch (s.collective) {
        case 'allReduce': return topo.allReduce(send, op, options);
        case 'reduce': return topo.reduce(send, op, { ...options, root: s.root });
        case 'reduceScatter': return topo.reduceScatter(send, op, options);
        case 'broadcast': return topo.broadcast(send, { ...options, root: s.root });
        case 'allToAll': return topo.allToAll(send, options);
        case 'allGather': return topo.allGather(send, recv, collectiveOptions(s));
      }
    })();
    const hostMs = performance.now() - start;
    const wrong = countWrong(recv, s.collective, op, n, count, s.root, false);
    // Out of place, reduce writes only the root's receive buffer.
    const checked = (s.collective === 'reduce' ? 1 : n) * recvLength;
    return { report, checked, wrong, hostMs };
  } finally {
    send.free();
    recv?.free();
  }
}
