// Collectives on an enumerated (device-backed) topology: NOT_IMPLEMENTED with
// the crate's message, thrown by the ABI 0.1 transport before anything else
// — before argument checks and before any byte is written — so every buffer
// is bit-identical afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABI_0_1_TRANSPORT } from '../src/device/abi-0-1-transport.js';
import { Topology, type CardBuffers } from '../src/index.js';
import { addNodes, makeDevRoot, removeDevRoot } from './device-fixture.js';
import { catchAsyncError, catchError } from './expect-error.js';

const N = 3;
const COUNT = 37; // per card; AllGather/ReduceScatter/AllToAll use N·COUNT where the collective needs it
let root = '';
let topo: Topology;

beforeAll(async () => {
  root = makeDevRoot();
  addNodes(root, [0, 1, 2]);
  topo = await Topology.enumerate({ devRoot: root });
});
afterAll(() => {
  topo.close();
  removeDevRoot(root);
});

/** Card c element i = c·1000 + i + 0.25: every card and element distinct. */
function plain(length: number): Float32Array[] {
  return Array.from({ length: N }, (_, c) => Float32Array.from({ length }, (_, i) => c * 1000 + i + 0.25));
}

function cards(length: number): CardBuffers<'f32'> {
  const buffers = topo.alloc('f32', length);
  plain(length).forEach((data, c) => buffers.card(c).set(data));
  return buffers;
}

type Operand = Float32Array[] | CardBuffers<'f32'>;
const snapshot = (b: Operand) => (Array.isArray(b) ? b : range(N).map((c) => b.card(c))).map((a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length)));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Every call form, with the crate's name for it and the lengths it takes (send, recv). */
const CALLS: [string, string, number, number, (send: Operand, recv: Operand) => unknown][] = [
  ['allReduce', 'AllReduce', COUNT, COUNT, (s, r) => topo.allReduce(s, 'sum', { recv: r })],
  ['allGather (crate form)', 'AllGather', COUNT, COUNT, (s) => topo.allGather(s)],
  ['allGather (NCCL form)', 'AllGather', COUNT, N * COUNT, (s, r) => topo.allGather(s, r)],
  ['reduceScatter', 'ReduceScatter', N * COUNT, COUNT, (s, r) => topo.reduceScatter(s, 'max', { recv: r })],
  ['broadcast', 'Broadcast', COUNT, COUNT, (s, r) => topo.broadcast(s, { root: 1, recv: r })],
  ['reduce', 'Reduce', COUNT, COUNT, (s, r) => topo.reduce(s, 'avg', { root: 2, recv: r })],
  ['allToAll', 'AllToAll', N * COUNT, N * COUNT, (s, r) => topo.allToAll(s, { recv: r })],
];

describe('collectives on enumerated devices', () => {
  it.each(CALLS)('%s: NOT_IMPLEMENTED "%s on real device requires SPANKER_IOC_WORK_SUBMIT", buffers untouched', (_, crateName, sendLength, recvLength, call) => {
    for (const make of [plain, cards]) {
      const send = make(sendLength);
      const recv = make(recvLength);
      const before = [snapshot(send), snapshot(recv)];
      const error = catchError(() => call(send, recv));
      expect(error.code).toBe('NOT_IMPLEMENTED');
      expect(error.message).toBe(`not implemented yet: ${crateName} on real device requires SPANKER_IOC_WORK_SUBMIT`);
      expect([snapshot(send), snapshot(recv)]).toEqual(before);
      if (!Array.isArray(send)) send.free();
      if (!Array.isArray(recv)) recv.free();
    }
  });

  it('is thrown before argument checks: buffers for 2 of 3 cards are still NOT_IMPLEMENTED', () => {
    const two = plain(COUNT).slice(0, 2);
    expect(catchError(() => topo.allReduce(two, 'sum')).code).toBe('NOT_IMPLEMENTED');
    expect(catchError(() => topo.broadcast(two, { root: 7 })).code).toBe('NOT_IMPLEMENTED');
  });

  it('host-side work still runs: alloc gives kernel memory; estimate prices the (empty) links', () => {
    const buffers = topo.alloc('f32', 8);
    expect(buffers.card(N - 1)).toHaveLength(8);
    buffers.free();
    // No links until the link protocol is fixed, so no route between cards.
    expect(catchError(() => topo.estimate('allReduce', { bytes: 1024 })).code).toBe('LINK_DOWN');
  });
});

describe('the ABI 0.1.0 transport', () => {
  it('refuses every collective by its crate name', () => {
    expect(ABI_0_1_TRANSPORT.abi).toBe('0.1.0');
    expect(catchError(() => ABI_0_1_TRANSPORT.assertCanRun('allToAll')).message).toBe(
      'not implemented yet: AllToAll on real device requires SPANKER_IOC_WORK_SUBMIT');
  });

  it('refuses card memory and work submission, leaving the host bytes alone', async () => {
    const data = Uint8Array.from(range(16));
    const into = new Uint8Array(16).fill(7);
    const write = await catchAsyncError(() => ABI_0_1_TRANSPORT.writeCardMemory(0, 0, data));
    const read = await catchAsyncError(() => ABI_0_1_TRANSPORT.readCardMemory(1, 64, into));
    const submit = await catchAsyncError(() => ABI_0_1_TRANSPORT.submitWork({
      collective: 'allReduce', dtype: 'f32', count: 4, op: 'sum', sendOffsets: [0, 0, 0], recvOffsets: [0, 0, 0],
    }));
    expect([write, read, submit].map((e) => e.code)).toEqual(['NOT_IMPLEMENTED', 'NOT_IMPLEMENTED', 'NOT_IMPLEMENTED']);
    expect(write.message).toBe('not implemented yet: card memory write on real device requires SPANKER_IOC_WORK_SUBMIT');
    expect(read.message).toBe('not implemented yet: card memory read on real device requires SPANKER_IOC_WORK_SUBMIT');
    expect(submit.message).toBe('not implemented yet: work submission on real device requires SPANKER_IOC_WORK_SUBMIT');
    expect(Array.from(data)).toEqual(range(16));
    expect(into.every((b) => b === 7)).toBe(true);
  });
});
