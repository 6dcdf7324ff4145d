// Issue 9, items 2 and 3: one snapshot of the user's arguments. Sparse
// arrays, getters that free and reallocate buffers, custom iterators, Array
// subclasses, typed-array subclasses and proxies either behave exactly like
// the plain values they stand for or are rejected — naming the card — before
// any byte is written. Each reproduction of the issue is here as it was
// reported, asserting the right outcome.
import { describe, expect, it } from 'vitest';
import { COLLECTIVES, SpankerError, Topology, preMulSum, type CollectiveKind } from '../src/index.js';
import { catchError } from './expect-error.js';
import { referenceReduce } from './reference.js';
import { expectCleanError } from './untouched.js';

const n = 4;

function ones(length = 8): Float32Array[] {
  return Array.from({ length: n }, () => new Float32Array(length).fill(1));
}

/** Calls `collective` with the plain-array list `buffers` (shapes that fit length-8 arrays on 4 cards). */
function call(topo: Topology, collective: CollectiveKind, buffers: unknown, options?: object): unknown {
  const b = buffers as Float32Array[];
  switch (collective) {
    case 'allReduce': return topo.allReduce(b, 'sum', options);
    case 'reduce': return topo.reduce(b, 'sum', options);
    case 'reduceScatter': return topo.reduceScatter(b, 'sum', options);
    case 'broadcast': return topo.broadcast(b, options);
    case 'allToAll': return topo.allToAll(b, options);
    case 'allGather': return topo.allGather(b, b, options);
  }
}

describe('issue 9.2: holes are rejected, naming the card, before anything is read from kernel memory', () => {
  it('the reported sparse AllReduce: no freed data leaks in, INVALID_ARGUMENT on card 1', async () => {
    const topo = await Topology.mock(n);
    const s = topo.alloc('f32', 8);
    for (let c = 0; c < n; c++) s.card(c).fill(1000 + c);
    s.free();
    // eslint-disable-next-line no-sparse-arrays
    const a = [new Float32Array(8).fill(1), , new Float32Array(8).fill(1), new Float32Array(8).fill(1)] as Float32Array[];
    const live = [a[0]!, a[2]!, a[3]!];
    const error = await expectCleanError(() => topo.allReduce(a, 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers', sail: 1 }, live);
    expect(error.message).toContain('card 1 holds nothing (a hole');
    expect(a[0]![0]).toBe(1); // was 1004: the freed buffer's 1001 leaked in
  });

  it('every collective, a hole at every card, in the send list and in the recv list', async () => {
    const topo = await Topology.mock(n);
    for (const collective of COLLECTIVES) {
      for (let hole = 0; hole < n; hole++) {
        const send = ones();
        const sparse: (Float32Array | undefined)[] = send.slice();
        delete sparse[hole];
        expect(hole in sparse).toBe(false);
        await expectCleanError(() => call(topo, collective, sparse), { code: 'INVALID_ARGUMENT', argument: 'buffers', sail: hole }, send);
      }
    }
    for (let hole = 0; hole < n; hole++) {
      const send = ones();
      const recv = ones();
      const sparse: (Float32Array | undefined)[] = recv.slice();
      delete sparse[hole];
      await expectCleanError(() => topo.allReduce(send, 'sum', { recv: sparse as Float32Array[] }), { code: 'INVALID_ARGUMENT', argument: 'recv', sail: hole }, [...send, ...recv]);
    }
    await expectCleanError(() => topo.allReduce(new Array(n) as Float32Array[], 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers', sail: 0 });
    await expectCleanError(() => topo.allReduce([...ones(), null].slice(1) as never, 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers', sail: 3 });
  });

  it('holes among PreMulSum scalars', async () => {
    const topo = await Topology.mock(n);
    const arrays = ones();
    // eslint-disable-next-line no-sparse-arrays
    const scalars = [1, , 1, 1] as number[];
    await expectCleanError(() => topo.allReduce(arrays, preMulSum(scalars)), { code: 'INVALID_ARGUMENT', argument: 'op.scalar[1]' }, arrays);
  });
});

describe('issue 9.3: user code runs only while the arguments are read, never after the checks', () => {
  it('the reported op getter that frees the buffer and allocates a victim: INVALID_USAGE, victim untouched', async () => {
    const topo = await Topology.mock(n);
    const a = topo.alloc('f32', 16);
    for (let c = 0; c < n; c++) a.card(c).fill(c + 1);
    let victim: ReturnType<typeof topo.alloc<'f32'>> | undefined;
    let reads = 0;
    const op = {
      get op() {
        reads++;
        a.free();
        victim = topo.alloc('f32', 16);
        for (let c = 0; c < n; c++) victim.card(c).fill(100);
        return 'premulsum';
      },
      scalar: 1,
    };
    const error = catchError(() => topo.allReduce(a, op as never));
    expect(error).toMatchObject({ code: 'INVALID_USAGE' });
    expect(reads).toBe(1);
    expect(victim!.byteOffset).toBe(a.byteOffset); // the attack did land the victim where `a` was
    for (let c = 0; c < n; c++) expect(Array.from(victim!.card(c))).toEqual(new Array(16).fill(100)); // was 406 where 100 was
    victim!.free();
  });

  it('option getters (algorithm, recv, root) that free or swap buffers cannot act after the checks', async () => {
    const topo = await Topology.mock(n);
    for (const key of ['algorithm', 'numerics', 'pipeline', 'timeline', 'recv', 'root'] as const) {
      const a = topo.alloc('f32', 16);
      for (let c = 0; c < n; c++) a.card(c).fill(c + 1);
      let victim: ReturnType<typeof topo.alloc<'f32'>> | undefined;
      const options = Object.defineProperty({}, key, {
        enumerable: true,
        get() {
          a.free();
          victim = topo.alloc('f32', 16);
          for (let c = 0; c < n; c++) victim.card(c).fill(100);
          return undefined;
        },
      });
      const error = catchError(() => topo.reduce(a, 'sum', options));
      expect(error, key).toMatchObject({ code: 'INVALID_USAGE' });
      for (let c = 0; c < n; c++) expect(Array.from(victim!.card(c)), key).toEqual(new Array(16).fill(100));
      victim!.free();
    }
  });

  it('a getter that detaches a plain array: INVALID_USAGE naming the card, nothing written', async () => {
    const topo = await Topology.mock(n);
    const arrays = ones();
    const options = {
      get algorithm() {
        structuredClone(arrays[2]!.buffer, { transfer: [arrays[2]!.buffer] });
        return 'auto' as const;
      },
    };
    const live = [arrays[0]!, arrays[1]!, arrays[3]!];
    const error = await expectCleanError(() => topo.allReduce(arrays, 'sum', options), { code: 'INVALID_USAGE', sail: 2, argument: 'buffers' }, live);
    expect(error.message).toContain('detached');
  });

  it('a PreMulSum scalar array with its own iterator: read by index, the iterator never runs', async () => {
    const topo = await Topology.mock(n);
    const scalars = [1, 2, 3, 4];
    let iterated = 0;
    Object.defineProperty(scalars, Symbol.iterator, {
      value: function* iterate() {
        iterated++;
        yield* [100, 100, 100, 100];
      },
    });
    const arrays = ones(8);
    topo.allReduce(arrays, preMulSum(scalars));
    expect(iterated).toBe(0);
    for (const a of arrays) expect(Array.from(a)).toEqual(new Array(8).fill(10));
  });

  it('an Array subclass overriding forEach, map and the iterator: read by index, none of them runs', async () => {
    const topo = await Topology.mock(n);
    let ran = 0;
    class Sneaky extends Array<Float32Array> {
      override forEach(): void { ran++; throw new RangeError('forEach'); }
      override map<U>(): U[] { ran++; throw new RangeError('map'); }
      override [Symbol.iterator](): ArrayIterator<Float32Array> { ran++; throw new RangeError('iterator'); }
    }
    const list = new Sneaky();
    const inputs = Array.from({ length: n }, (_, c) => new Float32Array(8).fill(c + 1));
    for (const a of inputs) Array.prototype.push.call(list, a);
    topo.allReduce(list, 'sum');
    expect(ran).toBe(0);
    for (const a of inputs) expect(Array.from(a)).toEqual(new Array(8).fill(10));
    // The same subclass holding a wrong shape on card 2: the error comes before any card is written.
    const bad = new Sneaky();
    const arrays = [new Float32Array(8).fill(1), new Float32Array(8).fill(1), new Float32Array(7).fill(1), new Float32Array(8).fill(1)];
    for (const a of arrays) Array.prototype.push.call(bad, a);
    await expectCleanError(() => topo.allReduce(bad, 'sum'), { code: 'SHAPE_MISMATCH', sail: 2 }, arrays);
    expect(ran).toBe(0);
  });

  it('a Proxy that returns different arrays on every read: each index and the length read once', async () => {
    const topo = await Topology.mock(n);
    const first = Array.from({ length: n }, (_, c) => new Float32Array(8).fill(c + 1));
    const later = Array.from({ length: n }, () => new Float32Array(8).fill(-7));
    const reads = new Map<PropertyKey, number>();
    const list = new Proxy(first.slice(), {
      get(target, key, receiver) {
        reads.set(key, (reads.get(key) ?? 0) + 1);
        if (typeof key === 'string' && /^\d+$/.test(key) && reads.get(key)! > 1) return later[Number(key)];
        return Reflect.get(target, key, receiver);
      },
    });
    topo.allReduce(list, 'sum');
    for (let c = 0; c < n; c++) expect(reads.get(String(c))).toBe(1);
    expect(reads.get('length')).toBe(1);
    for (const a of first) expect(Array.from(a)).toEqual(new Array(8).fill(10));
    for (const a of later) expect(Array.from(a)).toEqual(new Array(8).fill(-7));
  });

  it('typed-array subclasses are normalised: their overridden length and set never run', async () => {
    const topo = await Topology.mock(n);
    let ran = 0;
    class Lying extends Float32Array {
      override get length(): number { ran++; return 3; }
      override set(): void { ran++; }
    }
    const arrays = Array.from({ length: n }, (_, c) => new Lying(8).fill(c + 1));
    topo.allReduce(arrays, 'sum');
    expect(ran).toBe(0);
    for (const a of arrays) expect(Array.from(new Float32Array(a.buffer))).toEqual(new Array(8).fill(10));
    const gathered = topo.allGather(arrays);
    expect(ran).toBe(0);
    expect(gathered.data.constructor).toBe(Float32Array);
    expect(gathered.data.length).toBe(n * 8);
  });

  it('proxies and look-alikes of typed arrays and of CardBuffers are rejected naming what they are', async () => {
    const topo = await Topology.mock(n);
    const arrays = ones();
    const proxied = arrays.slice() as unknown[];
    proxied[1] = new Proxy(arrays[1]!, {});
    let error = await expectCleanError(() => topo.allReduce(proxied as never, 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers', sail: 1 }, arrays);
    expect(error.message).toContain('Proxy');
    const fake = arrays.slice() as unknown[];
    fake[3] = Object.create(Float32Array.prototype);
    await expectCleanError(() => topo.allReduce(fake as never, 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers', sail: 3 }, arrays);
    const cards = topo.alloc('f32', 8);
    error = await expectCleanError(() => topo.allReduce(new Proxy(cards, {}), 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers' });
    expect(error.message).toContain('Proxy of CardBuffers');
    const { proxy, revoke } = Proxy.revocable(arrays.slice(), {});
    revoke();
    await expectCleanError(() => topo.allReduce(proxy, 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers' });
    cards.free();
  });

  it('CardBuffers fields cannot be rewritten to point elsewhere', async () => {
    const topo = await Topology.mock(n);
    const cards = topo.alloc('f32', 8);
    expect(Object.isFrozen(cards)).toBe(true);
    expect(() => { (cards as { byteOffset: number }).byteOffset = 64; }).toThrow(TypeError);
    cards.free();
  });

  it('a getter that throws becomes INVALID_ARGUMENT naming the option, with the thrown error as cause', async () => {
    const topo = await Topology.mock(n);
    const arrays = ones();
    const boom = new Error('boom');
    const options = { get pipeline(): number { throw boom; } };
    const error = await expectCleanError(() => topo.allReduce(arrays, 'sum', options), { code: 'INVALID_ARGUMENT', argument: 'options.pipeline' }, arrays);
    expect(error.cause).toBe(boom);
    const list = new Proxy(arrays.slice(), { get(t, k, r) { if (k === '2') throw boom; return Reflect.get(t, k, r); } });
    const listError = await expectCleanError(() => topo.allReduce(list, 'sum'), { code: 'INVALID_ARGUMENT', argument: 'buffers[2]' }, arrays);
    expect(listError.cause).toBe(boom);
    expect(listError).toBeInstanceOf(SpankerError);
  });

  it('every value is read exactly once per call', async () => {
    const topo = await Topology.mock(n);
    const counts = new Map<string, number>();
    const counted = <T extends object>(name: string, target: T): T => new Proxy(target, {
      get(t, k, r) {
        if (typeof k === 'string') counts.set(`${name}.${k}`, (counts.get(`${name}.${k}`) ?? 0) + 1);
        return Reflect.get(t, k, r);
      },
    });
    const send = ones();
    const recv = ones();
    topo.reduce(counted('send', send.slice()), counted('op', preMulSum(counted('scalar', [1, 2, 3, 4]))), counted('options', { root: 2, recv: counted('recv', recv.slice()), algorithm: 'direct' as const }));
    for (const [key, times] of counts) expect(times, key).toBe(1);
    expect([...counts.keys()].sort()).toEqual([
      'op.op', 'op.scalar', 'options.algorithm', 'options.recv', 'options.root',
      'recv.0', 'recv.1', 'recv.2', 'recv.3', 'recv.length', 'scalar.0', 'scalar.1', 'scalar.2', 'scalar.3', 'scalar.length',
      'send.0', 'send.1', 'send.2', 'send.3', 'send.length',
    ]);
    expect(Array.from(recv[2]!)).toEqual(referenceReduce('sum', 'f32', [[1], [2], [3], [4]]).flatMap((v) => new Array(8).fill(v)));
  });
});
