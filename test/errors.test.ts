// Every error path: the right code and fields, a message naming what is
// wrong, and — the contract — every buffer (the user's arrays and all of
// kernel memory) bit-identical to what it was before the call.
import { describe, expect, it } from 'vitest';
import { SpankerError, Topology, type CardBuffers, type DType, type TypedArrayFor } from '../src/index.js';
import { arrayOf } from './reference.js';
import { sharedRuntime } from '../src/kernel-runtime.js';
import { catchError } from './expect-error.js';

type Snapshot = { memory: Uint8Array; arrays: Uint8Array[]; memoryBytes: number; highWater: number };

async function snapshot(arrays: ArrayBufferView[] = []): Promise<Snapshot> {
  const runtime = await sharedRuntime('simd');
  return {
    memory: new Uint8Array(runtime.memory.buffer).slice(),
    memoryBytes: runtime.memory.buffer.byteLength,
    highWater: runtime.highWaterBytes,
    arrays: arrays.map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice()),
  };
}

async function expectUnchanged(before: Snapshot, arrays: ArrayBufferView[] = []): Promise<void> {
  const after = await snapshot(arrays);
  expect(after.memoryBytes).toBe(before.memoryBytes);
  expect(after.highWater).toBe(before.highWater);
  expect(Buffer.compare(after.memory, before.memory)).toBe(0);
  after.arrays.forEach((a, i) => expect(Buffer.compare(a, before.arrays[i]!)).toBe(0));
}

function patterned<D extends DType = 'f32'>(n: number, length: number, dtype: D = 'f32' as D): TypedArrayFor<D>[] {
  return Array.from({ length: n }, (_, c) => arrayOf(dtype, Array.from({ length }, (_, i) => c * 1000 + i + 0.25)));
}

function fillCards(buffers: CardBuffers): void {
  for (let c = 0; c < buffers.nCards; c++) buffers.card(c).forEach((_, i, card) => { card[i] = c * 100 + i + 0.5; });
}

/** Runs `fn`, expects a SpankerError with `fields`, and checks nothing changed. */
async function expectCleanError(fn: () => unknown, fields: Partial<SpankerError>, arrays: ArrayBufferView[] = []) {
  const before = await snapshot(arrays);
  const error = catchError(fn);
  expect(error).toBeInstanceOf(SpankerError);
  expect(error).toMatchObject(fields);
  await expectUnchanged(before, arrays);
  return error;
}

describe('allReduce errors leave every buffer untouched', () => {
  it('TOPOLOGY_MISMATCH: too few / too many arrays, CardBuffers of another card count', async () => {
    const topo = await Topology.mock(4);
    const three = patterned(3, 33);
    await expectCleanError(() => topo.allReduce(three, 'sum'), { code: 'TOPOLOGY_MISMATCH', expected: 4, actual: 3 }, three);
    const five = patterned(5, 33);
    await expectCleanError(() => topo.allReduce(five, 'sum'), { code: 'TOPOLOGY_MISMATCH', expected: 4, actual: 5 }, five);
    const other = (await Topology.mock(2)).alloc('f32', 33);
    fillCards(other);
    await expectCleanError(() => topo.allReduce(other, 'sum'), { code: 'TOPOLOGY_MISMATCH', expected: 4, actual: 2 });
  });

  it('SHAPE_MISMATCH names the first card whose length differs', async () => {
    const topo = await Topology.mock(4);
    const arrays = patterned(4, 40);
    arrays[3] = new Float32Array(39);
    await expectCleanError(() => topo.allReduce(arrays, 'max'), { code: 'SHAPE_MISMATCH', sail: 3, expected: 40, actual: 39 }, arrays);
  });

  it('TYPE_MISMATCH names the card with another element type', async () => {
    const topo = await Topology.mock(3);
    const arrays: (Float32Array | Int32Array)[] = patterned(3, 16);
    arrays[1] = new Int32Array(16);
    const error = await expectCleanError(
      () => topo.allReduce(arrays as Float32Array[], 'sum'),
      { code: 'TYPE_MISMATCH', sail: 1, expected: 'Float32Array', actual: 'Int32Array' },
      arrays,
    );
    expect(error.message).toBe('buffer type mismatch on sail 1: expected Float32Array, got Int32Array');
  });

  it('INVALID_ARGUMENT: unknown ops, unsupported arrays, non-arrays, views into kernel memory', async () => {
    const topo = await Topology.mock(2);
    const arrays = patterned(2, 20);
    for (const op of ['SUM', 'mean', '', undefined, null, 0]) {
      const error = await expectCleanError(() => topo.allReduce(arrays, op as never), { code: 'INVALID_ARGUMENT', argument: 'op' }, arrays);
      expect(error.message).toContain('sum, prod, max, min, avg');
    }
    const shorts = [new Int16Array(4), new Int16Array(4)]; // no dtype is stored as Int16Array
    const e1 = await expectCleanError(() => topo.allReduce(shorts as never, 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers' }, shorts);
    expect(e1.message).toContain('Int16Array');
    await expectCleanError(() => topo.allReduce('cards' as never, 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers' });
    await expectCleanError(() => topo.allReduce(new Float32Array(4) as never, 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers' });
    const buffers = topo.alloc('f32', 8);
    fillCards(buffers);
    const e2 = await expectCleanError(() => topo.allReduce(buffers.cards(), 'sum'), { code: 'INVALID_ARGUMENT' });
    expect(e2.message).toContain('view into kernel memory');
    buffers.free();
  });

  it('INVALID_USAGE: freed CardBuffers', async () => {
    const topo = await Topology.mock(2);
    const buffers = topo.alloc('f64', 10);
    buffers.free();
    expect(buffers.freed).toBe(true);
    await expectCleanError(() => topo.allReduce(buffers, 'sum'), { code: 'INVALID_USAGE' });
    await expectCleanError(() => buffers.card(0), { code: 'INVALID_USAGE' });
    buffers.free(); // idempotent
  });

  it('INVALID_ARGUMENT: CardBuffers of a topology running the other kernel build', async () => {
    const simd = await Topology.mock(2, { kernels: 'simd' });
    const scalar = await Topology.mock(2, { kernels: 'scalar' });
    const foreign = scalar.alloc('f32', 4);
    await expectCleanError(() => simd.allReduce(foreign, 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers' });
  });
});

describe('allGather errors leave every buffer untouched', () => {
  it('recv of the wrong length or dtype', async () => {
    const topo = await Topology.mock(3);
    const send = topo.alloc('i32', 5);
    fillCards(send);
    const shortRecv = topo.alloc('i32', 14);
    fillCards(shortRecv);
    await expectCleanError(() => topo.allGather(send, shortRecv), { code: 'SHAPE_MISMATCH', expected: 15, actual: 14 });
    const floatRecv = topo.alloc('f32', 15);
    fillCards(floatRecv);
    await expectCleanError(() => topo.allGather(send, floatRecv as never), { code: 'TYPE_MISMATCH', expected: 'Int32Array', actual: 'Float32Array' });
    const arrays = patterned(3, 15, 'i32');
    arrays[2] = new Int32Array(16);
    await expectCleanError(() => topo.allGather(send, arrays), { code: 'SHAPE_MISMATCH', sail: 2, expected: 15, actual: 16 }, arrays);
  });
});

describe('alloc and topology errors allocate nothing', () => {
  it('bad lengths, dtypes and init', async () => {
    const topo = await Topology.mock(2);
    for (const length of [-1, 1.5, NaN, Infinity, 2 ** 53, '4', undefined]) {
      await expectCleanError(() => topo.alloc('f32', length as never), { code: 'INVALID_ARGUMENT', argument: 'length' });
    }
    for (const dtype of ['float32', 'i16', 'F32', '', undefined]) {
      await expectCleanError(() => topo.alloc(dtype as never, 4), { code: 'INVALID_ARGUMENT', argument: 'dtype' });
    }
    await expectCleanError(() => topo.alloc('f32', 4, { init: 'random' as never }), { code: 'INVALID_ARGUMENT', argument: 'init' });
  });

  it('OUT_OF_MEMORY beyond the 4 GiB wasm32 memory, with the sizes in bytes', async () => {
    const topo = await Topology.mock(4);
    const error = await expectCleanError(() => topo.alloc('f32', 2 ** 28), { code: 'OUT_OF_MEMORY', actual: 2 ** 32 });
    expect(error.message).toContain('4294967296 bytes requested');
    await expectCleanError(() => topo.alloc('f64', 2 ** 40), { code: 'OUT_OF_MEMORY' });
  });

  it('card index out of range', async () => {
    const topo = await Topology.mock(2);
    const buffers = topo.alloc('f32', 3);
    for (const i of [-1, 2, 0.5]) await expectCleanError(() => buffers.card(i), { code: 'INVALID_ARGUMENT', argument: 'card' });
    buffers.free();
  });

  it('Topology.mock: bad card counts and kernel choices', async () => {
    for (const n of [-1, 1.5, NaN, '2']) {
      await expect(Topology.mock(n as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'n' });
    }
    await expect(Topology.mock(65537)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'n' });
    await expect(Topology.mock(2, { kernels: 'gpu' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'kernels' });
  });
});

describe('SpankerError', () => {
  it('is an Error with a name, a code and a stack', async () => {
    const error = catchError(() => { throw new SpankerError('RUNTIME', 'x', {}, { cause: new Error('inner') }); });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SpankerError');
    expect((error.cause as Error).message).toBe('inner');
    expect(typeof error.stack).toBe('string');
  });
});

describe('crate messages of the device-side errors', () => {
  it('NotImplemented and Runtime read as the crate wrote them, keeping the cause', async () => {
    const { notImplementedError, runtimeError } = await import('../src/errors.js');
    expect(notImplementedError('AllReduce on real device requires SPANKER_IOC_WORK_SUBMIT')).toMatchObject({
      code: 'NOT_IMPLEMENTED',
      message: 'not implemented yet: AllReduce on real device requires SPANKER_IOC_WORK_SUBMIT',
    });
    const cause = new Error('EACCES: permission denied');
    const error = runtimeError('open /dev/spanker0', cause);
    expect(error).toMatchObject({ code: 'RUNTIME', message: 'runtime error: open /dev/spanker0: EACCES: permission denied' });
    expect(error.cause).toBe(cause);
  });
});
