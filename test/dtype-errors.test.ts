// Error paths of the element types: arrays of mixed classes across cards
// (TYPE_MISMATCH naming the card), a Uint16Array without `dtype`, a `dtype`
// option the buffers do not hold, unknown dtypes, PreMulSum scalars an
// integer dtype cannot hold. Each leaves every buffer and all of kernel
// memory bit-identical (test/untouched.ts).
import { describe, expect, it } from 'vitest';
import { DTYPES, Topology, preMulSum, type DType } from '../src/index.js';
import { describeDType } from '../src/dtype.js';
import { arrayOf, orderSensitiveValue, rng, setElements } from './reference.js';
import { expectCleanError } from './untouched.js';

/** Plain arrays of `dtype` (the class `card(i)` returns) with order-sensitive contents. */
function arraysOf(dtype: DType, n: number, length: number, seed: number): ArrayBufferView[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => arrayOf(dtype, Array.from({ length }, () => orderSensitiveValue(dtype, random))));
}

/** The array class of each dtype's plain arrays, as `typedArrayTag` reports it. */
const CLASS_OF: Record<DType, string> = {
  f32: 'Float32Array', f64: 'Float64Array', i32: 'Int32Array', f16: 'Uint16Array', bf16: 'Uint16Array', f8e4m3: 'Uint8Array',
  f8e5m2: 'Uint8Array', i8: 'Int8Array', u8: 'Uint8Array', u32: 'Uint32Array', i64: 'BigInt64Array', u64: 'BigUint64Array',
};

describe('element types: every error before any byte is written', () => {
  it('TYPE_MISMATCH names the card whose array class differs, for every pair of classes', async () => {
    const topo = await Topology.mock(3);
    // One dtype per class (the ambiguous classes with their dtype said).
    const representatives: DType[] = ['f32', 'f64', 'i32', 'f16', 'u8', 'i8', 'u32', 'i64', 'u64'];
    for (const base of representatives) {
      for (const other of representatives) {
        if (CLASS_OF[other] === CLASS_OF[base]) continue;
        const arrays = arraysOf(base, 3, 9, 1);
        arrays[2] = arraysOf(other, 1, 9, 2)[0]!;
        const error = await expectCleanError(
          () => topo.allReduce(arrays as never, 'sum', { dtype: base }),
          { code: 'TYPE_MISMATCH', sail: 2, expected: describeDType(base), actual: CLASS_OF[other] },
          arrays,
        );
        expect(error.message).toBe(`buffer type mismatch on sail 2: expected ${describeDType(base)}, got ${CLASS_OF[other]}`);
      }
    }
  });

  it('without `dtype`, card 0 decides: a later card of another class is TYPE_MISMATCH naming it', async () => {
    const topo = await Topology.mock(4);
    const arrays = arraysOf('u8', 4, 20, 3); // Uint8Array: u8 unless `dtype` says otherwise
    arrays[3] = new Int8Array(20);
    await expectCleanError(() => topo.allReduce(arrays as never, 'max'), { code: 'TYPE_MISMATCH', sail: 3, expected: 'u8 (Uint8Array)', actual: 'Int8Array' }, arrays);
    const bf16 = arraysOf('bf16', 4, 20, 4);
    bf16[1] = new Float32Array(20);
    await expectCleanError(() => topo.allReduce(bf16 as never, 'sum', { dtype: 'bf16' }), { code: 'TYPE_MISMATCH', sail: 1, expected: 'bf16 (Uint16Array)' }, bf16);
  });

  it('a Uint16Array (f16 or bf16 bits) without `dtype` is INVALID_ARGUMENT asking for it, in every collective', async () => {
    const topo = await Topology.mock(2);
    const arrays = arraysOf('f16', 2, 8, 5);
    const recv = arraysOf('f16', 2, 16, 6);
    const calls: (() => unknown)[] = [
      () => topo.allReduce(arrays as never, 'sum'),
      () => topo.reduce(arrays as never, 'sum', { root: 1 }),
      () => topo.reduceScatter(arrays as never, 'sum'),
      () => topo.broadcast(arrays as never),
      () => topo.allToAll(arrays as never),
      () => topo.allGather(arrays as never),
      () => topo.allGather(arrays as never, recv as never),
    ];
    for (const call of calls) {
      const error = await expectCleanError(call, { code: 'INVALID_ARGUMENT', argument: 'dtype' }, [...arrays, ...recv]);
      expect(error.message).toContain("{ dtype: 'f16' } or { dtype: 'bf16' }");
    }
  });

  it('receive arrays of an ambiguous class follow the send buffers; a class that cannot hold them is TYPE_MISMATCH on recv', async () => {
    const topo = await Topology.mock(2);
    const send = topo.alloc('bf16', 6);
    send.cards().forEach((card, c) => card.fill(0x3f80 + c)); // 1.0 and 1.0078125
    const recv = [new Uint16Array(6), new Uint16Array(6)];
    topo.allReduce(send, 'sum', { recv }); // no dtype: the CardBuffers say bf16
    expect(Array.from(recv[1]!)).toEqual(new Array(6).fill(0x4000)); // 2.0078125 rounds to 2 (ties to even)
    const wrongRecv = [new Float32Array(6), new Float32Array(6)];
    await expectCleanError(() => topo.allReduce(send, 'sum', { recv: wrongRecv as never }), { code: 'TYPE_MISMATCH', sail: 0, expected: 'bf16 (Uint16Array)', actual: 'Float32Array' }, wrongRecv);
    const f16Recv = topo.alloc('f16', 6);
    await expectCleanError(() => topo.allReduce(send, 'sum', { recv: f16Recv as never }), { code: 'TYPE_MISMATCH', sail: 0, expected: 'bf16 (Uint16Array)', actual: 'f16 (Uint16Array)' });
    send.free();
    f16Recv.free();
  });

  it('a `dtype` the CardBuffers do not hold is TYPE_MISMATCH; an unknown dtype is INVALID_ARGUMENT', async () => {
    const topo = await Topology.mock(2);
    const cards = topo.alloc('f8e4m3', 10);
    await expectCleanError(() => topo.allReduce(cards, 'sum', { dtype: 'f8e5m2' }), { code: 'TYPE_MISMATCH', sail: 0, expected: 'f8e5m2 (Uint8Array)', actual: 'f8e4m3 (Uint8Array)' });
    await expectCleanError(() => topo.broadcast(cards, { dtype: 'u8' }), { code: 'TYPE_MISMATCH', expected: 'u8 (Uint8Array)' });
    const arrays = arraysOf('u8', 2, 10, 7);
    for (const dtype of ['float16', 'F16', 'half', 'f8', 7, null]) {
      const error = await expectCleanError(() => topo.allReduce(arrays as never, 'sum', { dtype: dtype as never }), { code: 'INVALID_ARGUMENT', argument: 'dtype' }, arrays);
      expect(error.message).toContain(DTYPES.join(', '));
    }
    const bf16Arrays = arraysOf('f16', 2, 10, 8);
    await expectCleanError(() => topo.allReduce(bf16Arrays as never, 'sum', { dtype: 'f32' }), { code: 'TYPE_MISMATCH', sail: 0, expected: 'Float32Array', actual: 'Uint16Array' }, bf16Arrays);
    expect(() => topo.alloc('fp16' as never, 4)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'dtype', message: expect.stringContaining("did you mean 'f16'?") }));
    cards.free();
  });

  it('PreMulSum on an integer dtype: scalars must be integers the dtype holds', async () => {
    const topo = await Topology.mock(3);
    const bad: [DType, number][] = [['u8', -1], ['u8', 256], ['i8', 128], ['i8', -129], ['u32', -1], ['u32', 2 ** 32], ['i32', 2 ** 31], ['u64', -3], ['i64', 2 ** 53], ['i8', 1.5]];
    for (const [dtype, scalar] of bad) {
      const arrays = arraysOf(dtype, 3, 5, 9);
      const error = await expectCleanError(() => topo.allReduce(arrays as never, preMulSum([1, scalar, 1]), { dtype }), { code: 'INVALID_ARGUMENT', argument: 'op.scalar[1]' }, arrays);
      expect(error.message).toContain(`${dtype} PreMulSum needs integer scalars`);
    }
    // In range they work, and the products wrap like the typed array.
    const u8 = [Uint8Array.of(200), Uint8Array.of(100), Uint8Array.of(1)];
    topo.allReduce(u8, preMulSum([255, 2, 0]));
    expect(u8[0]![0]).toBe((200 * 255 + 100 * 2) % 256);
  });

  it('buffers of a new dtype on the other kernel build, freed, or detached: the usual errors, nothing written', async () => {
    const topo = await Topology.mock(2, { kernels: 'scalar' });
    const cards = topo.alloc('i64', 4);
    setElements(cards.card(0), [1n, 2n, 3n, 4n]);
    cards.free();
    await expectCleanError(() => topo.allReduce(cards, 'sum'), { code: 'INVALID_USAGE' }, [], 'scalar');
    const arrays = arraysOf('bf16', 2, 4, 10);
    structuredClone(arrays[1], { transfer: [arrays[1]!.buffer] });
    await expectCleanError(() => topo.allReduce(arrays as never, 'sum', { dtype: 'bf16' }), { code: 'INVALID_USAGE', sail: 1 }, [arrays[0]!], 'scalar');
  });
});
