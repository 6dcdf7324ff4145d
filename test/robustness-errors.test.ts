// Issue 9, item 5: every failure is a SpankerError with the right code and
// honest fields, thrown before any byte is written. Each reproduction from the
// issue is asserted as reported, then generalised.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COLLECTIVES, SpankerError, Topology, type CollectiveKind } from '../src/index.js';
import { KernelRuntime, KERNEL_MEMORY_LIMIT_BYTES } from '../src/kernel-runtime.js';
import { allocCardBuffers } from '../src/alloc.js';
import { catchAsyncError, catchError } from './expect-error.js';
import { expectCleanError } from './untouched.js';

const n = 4;
const ones = (length = 8) => Array.from({ length: n }, () => new Float32Array(length).fill(1));

function call(topo: Topology, collective: CollectiveKind, buffers: Float32Array[], options: unknown): unknown {
  const o = options as never;
  switch (collective) {
    case 'allReduce': return topo.allReduce(buffers, 'sum', o);
    case 'reduce': return topo.reduce(buffers, 'sum', o);
    case 'reduceScatter': return topo.reduceScatter(buffers, 'sum', o);
    case 'broadcast': return topo.broadcast(buffers, o);
    case 'allToAll': return topo.allToAll(buffers, o);
    case 'allGather': return topo.allGather(buffers, buffers, o);
  }
}

describe('options that are not an options object', () => {
  it('null and non-object options: INVALID_ARGUMENT options (not a TypeError), for every collective', async () => {
    const topo = await Topology.mock(n);
    for (const collective of COLLECTIVES) {
      for (const options of [null, 5, 'x', true, [], () => 1]) {
        const arrays = ones();
        const error = await expectCleanError(() => call(topo, collective, arrays, options), { code: 'INVALID_ARGUMENT', argument: 'options' }, arrays);
        expect(error.message).toContain('expected undefined or an object');
      }
    }
    const cards = ones();
    await expectCleanError(() => topo.allReduce(cards, 'sum', null as never), { code: 'INVALID_ARGUMENT', argument: 'options', actual: 'null' }, cards);
  });

  it('null options of Topology builders, alloc and estimate', async () => {
    await expect(catchAsyncError(() => Topology.mock(3, null as never))).resolves.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'options' });
    await expect(catchAsyncError(() => Topology.ring(3, 7 as never))).resolves.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'options' });
    await expect(catchAsyncError(() => Topology.fromJSON({ cards: 2, links: [] }, null as never))).resolves.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'options' });
    await expect(catchAsyncError(() => Topology.fromJSON({ cards: 2, links: [] }, { kernel: 'simd' } as never))).resolves.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'options.kernel' });
    const topo = await Topology.mock(n);
    await expectCleanError(() => topo.alloc('f32', 4, null as never), { code: 'INVALID_ARGUMENT', argument: 'options' });
    await expectCleanError(() => topo.estimate('allReduce', null as never), { code: 'INVALID_ARGUMENT', argument: 'request' });
    await expectCleanError(() => topo.estimate('allReduce', undefined as never), { code: 'INVALID_ARGUMENT', argument: 'request' });
  });
});

describe('unknown option keys: named, with the accepted keys and the nearest one', () => {
  it('the reported { algoritm: "ring" }', async () => {
    const topo = await Topology.mock(n);
    const arrays = ones();
    const error = await expectCleanError(() => topo.allReduce(arrays, 'sum', { algoritm: 'ring' } as never), { code: 'INVALID_ARGUMENT', argument: 'options.algoritm', actual: 'algoritm' }, arrays);
    expect(error.message).toContain('accepted keys: algorithm, numerics, pipeline, channels, timeline, faults, onFault, timeout, dtype, recv');
    expect(error.message).toContain("did you mean 'algorithm'?");
  });

  it('keys another call declares are unknown here: root on allReduce, recv in allGather options, op and root on estimates that do not take them', async () => {
    const topo = await Topology.mock(n);
    const arrays = ones();
    const root = await expectCleanError(() => topo.allReduce(arrays, 'sum', { root: 1 } as never), { code: 'INVALID_ARGUMENT', argument: 'options.root' }, arrays);
    expect(root.message).not.toContain('did you mean');
    await expectCleanError(() => topo.allGather(arrays, arrays, { recv: arrays } as never), { code: 'INVALID_ARGUMENT', argument: 'options.recv' }, arrays);
    await expectCleanError(() => topo.reduce(arrays, 'sum', { roots: 1 } as never), { code: 'INVALID_ARGUMENT', argument: 'options.roots' }, arrays);
    await expectCleanError(() => topo.estimate('allGather', { bytes: 64, op: 'sum' } as never), { code: 'INVALID_ARGUMENT', argument: 'request.op' });
    await expectCleanError(() => topo.estimate('allReduce', { bytes: 64, root: 0 } as never), { code: 'INVALID_ARGUMENT', argument: 'request.root' });
    const method = await expectCleanError(() => topo.estimate('broadcast', { bytes: 64, mehtod: 'simulate' } as never), { code: 'INVALID_ARGUMENT', argument: 'request.mehtod' });
    expect(method.message).toContain("did you mean 'method'?");
    await expectCleanError(() => topo.algorithmTable('allReduce', { bytes: 64, algorithm: 'ring' } as never), { code: 'INVALID_ARGUMENT', argument: 'request.algorithm' });
    const init = await expectCleanError(() => topo.alloc('f32', 4, { inti: 'zero' } as never), { code: 'INVALID_ARGUMENT', argument: 'options.inti' });
    expect(init.message).toContain("did you mean 'init'?");
    // Symbol keys are not options; they are ignored, as JSON would.
    topo.allReduce(arrays, 'sum', { [Symbol('tag')]: 1 } as never);
  });

  it('JSON topology keys get the same suggestion', async () => {
    const error = await catchAsyncError(() => Topology.fromJSON({ cards: 2, links: [{ from: 0, to: 1, bandwith: 1e9 }] }));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'spec.links[0].bandwith' });
    expect(error.message).toContain("did you mean 'bandwidth'?");
  });
});

describe('values: method, algorithm, root, op', () => {
  it('estimate method "bogus" is an error, not an analytic estimate', async () => {
    const topo = await Topology.mock(n);
    const error = await expectCleanError(() => topo.estimate('allReduce', { bytes: 64, method: 'bogus' as never }), { code: 'INVALID_ARGUMENT', argument: 'method', actual: 'bogus' });
    expect(error.message).toContain("'auto', 'simulate' or 'analytic'");
    await expectCleanError(() => topo.algorithmTable('allReduce', { bytes: 64, method: 5 as never }), { code: 'INVALID_ARGUMENT', argument: 'method', actual: 5 });
  });

  it('an algorithm of another collective, or a typo, is named with the available ones', async () => {
    const topo = await Topology.mock(n);
    const arrays = ones();
    const bruck = await expectCleanError(() => topo.allReduce(arrays, 'sum', { algorithm: 'bruck' as never }), { code: 'INVALID_ARGUMENT', argument: 'algorithm', actual: 'bruck' }, arrays);
    expect(bruck.message).toBe('invalid algorithm: unknown algorithm "bruck" for allReduce (available: auto, ring, direct, recursiveDoubling, rabenseifner, binomialTree, hierarchical, torus2d, doubleBinaryTree)');
    const typo = await expectCleanError(() => topo.allReduce(arrays, 'sum', { algorithm: 'rign' as never }), { code: 'INVALID_ARGUMENT', argument: 'algorithm' }, arrays);
    expect(typo.message).toContain("did you mean 'ring'?");
    await expectCleanError(() => topo.allReduce(arrays, 'sum', { algorithm: 3 as never }), { code: 'INVALID_ARGUMENT', argument: 'algorithm', actual: 3 }, arrays);
  });

  it('root: integers only, of type number; the message says what was received and its type', async () => {
    const topo = await Topology.mock(n);
    const cases: [unknown, string, number | string][] = [
      [null, 'got null', 'null'],
      ['1', 'got the string "1"', '1'],
      [1.5, 'root 1.5 is not a card', 1.5],
      [-1, 'root -1 is not a card', -1],
      [8, 'root 8 is not a card', 8],
      [Number.NaN, 'root NaN is not a card', Number.NaN],
      [true, 'got a boolean (true)', 'a boolean (true)'],
      [1n, 'got a bigint (1n)', 'a bigint (1n)'],
      [{ valueOf: () => 1 }, 'got an object', 'an object'],
    ];
    for (const [root, says, actual] of cases) {
      for (const run of [
        (a: Float32Array[]) => topo.reduce(a, 'sum', { root: root as never }),
        (a: Float32Array[]) => topo.broadcast(a, { root: root as never }),
      ]) {
        const arrays = ones();
        const error = await expectCleanError(() => run(arrays), { code: 'INVALID_ARGUMENT', argument: 'root' }, arrays);
        expect(error.message).toContain(says);
        expect(error.message).toContain('expected an integer (a number) 0..3');
        expect(error.actual).toEqual(actual);
      }
      await expectCleanError(() => topo.estimate('reduce', { bytes: 64, root: root as never }), { code: 'INVALID_ARGUMENT', argument: 'root' });
    }
    // The reported case: a number keeps its type in `actual`.
    const arrays = ones();
    const error = catchError(() => topo.broadcast(arrays, { root: 8 }));
    expect(error.actual).toBe(8);
    expect(typeof error.actual).toBe('number');
    // undefined is "not given": card 0.
    topo.broadcast(arrays, { root: undefined as never });
  });

  it('an op that is neither a name nor preMulSum', async () => {
    const topo = await Topology.mock(n);
    const arrays = ones();
    for (const op of [{ op: 'sum' }, { op: 'premulsum' }, { op: 'premulsum', scalar: [1, 2] }, { op: 'premulsum', scalar: new Float64Array(4) }, new String('sum')]) {
      const error = await expectCleanError(() => topo.allReduce(arrays, op as never), { code: 'INVALID_ARGUMENT' }, arrays);
      expect(error.argument).toMatch(/^op/);
    }
    const typo = await expectCleanError(() => topo.allReduce(arrays, 'smu' as never), { code: 'INVALID_ARGUMENT', argument: 'op', actual: 'smu' }, arrays);
    expect(typo.message).toContain("did you mean 'sum'?");
  });
});

describe('detached and stale arrays: INVALID_USAGE before any write', () => {
  const detach = (a: Float32Array) => structuredClone(a.buffer, { transfer: [a.buffer] });

  it('the reported all-detached plain arrays: INVALID_USAGE, no TypeError after the kernel ran', async () => {
    const topo = await Topology.mock(n);
    for (const collective of COLLECTIVES) {
      const arrays = ones();
      for (const a of arrays) detach(a);
      const error = await expectCleanError(() => call(topo, collective, arrays, undefined), { code: 'INVALID_USAGE', sail: 0, argument: 'buffers' });
      expect(error.message).toContain('detached');
    }
  });

  it('one detached send or recv array among live ones: nothing written to the live ones', async () => {
    const topo = await Topology.mock(n);
    for (let card = 0; card < n; card++) {
      const send = ones();
      const recv = ones().map((a) => a.fill(-5));
      detach(send[card]!);
      const live = [...send.filter((_, c) => c !== card), ...recv];
      await expectCleanError(() => topo.allReduce(send, 'sum', { recv }), { code: 'INVALID_USAGE', sail: card, argument: 'buffers' }, live);
      const send2 = ones();
      const recv2 = ones();
      detach(recv2[card]!);
      await expectCleanError(() => topo.allReduce(send2, 'sum', { recv: recv2 }), { code: 'INVALID_USAGE', sail: card, argument: 'recv' }, [...send2, ...recv2.filter((_, c) => c !== card)]);
    }
  });

  it('a view of kernel memory taken before the memory grew is stale: INVALID_USAGE that says so', async () => {
    const runtime = await KernelRuntime.create('simd');
    const cards = allocCardBuffers(runtime, 'f32', 2, 8);
    const stale = cards.cards();
    allocCardBuffers(runtime, 'f32', 2, 1 << 20); // grows memory: `stale` views are detached now
    const topo = await Topology.mock(2);
    const error = catchError(() => topo.allReduce(stale, 'sum'));
    expect(error).toMatchObject({ code: 'INVALID_USAGE', sail: 0 });
    expect(error.message).toContain('taken before the memory grew');
  });
});

describe('JSON topologies: bandwidth ≥ 1 B/s, latency finite ≥ 0, LINK_DOWN fields always set', () => {
  it('the reported bandwidth 5e-324 is rejected (it gave seconds = Infinity)', async () => {
    for (const bandwidth of [5e-324, 0.5, 0, -1, Number.NaN, Infinity, '1e9']) {
      const links = await catchAsyncError(() => Topology.fromJSON({ cards: 2, links: [{ from: 0, to: 1, duplex: true, bandwidth }] }));
      expect(links).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'spec.links[0].bandwidth' });
      expect(links.message).toContain('≥ 1');
      const model = await catchAsyncError(() => Topology.fromJSON({ cards: 2, link: { bandwidth }, links: [] }));
      expect(model).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'spec.link.bandwidth' });
    }
    expect((await catchAsyncError(() => Topology.mock(2, { link: { bandwidth: 5e-324 } }))).argument).toBe('link.bandwidth');
    const slowest = await Topology.fromJSON({ cards: 2, links: [{ from: 0, to: 1, duplex: true, bandwidth: 1, latency: 0 }] });
    // At the minimum bandwidth times stay finite: simulated, and analytically up to the 2⁵⁰ bytes estimates take.
    const simulated = slowest.estimate('allReduce', { bytes: 2 ** 32, method: 'simulate' });
    expect(simulated.seconds).toBeGreaterThanOrEqual(2 ** 32);
    expect(Number.isFinite(simulated.seconds)).toBe(true);
    const analytic = slowest.estimate('allReduce', { bytes: 2 ** 50, method: 'analytic' });
    expect(analytic.seconds).toBeGreaterThanOrEqual(2 ** 50);
    expect(Number.isFinite(analytic.seconds)).toBe(true);
  });

  it('latency: finite and ≥ 0, and 0 is legitimate', async () => {
    for (const latency of [-1e-9, Number.NaN, Infinity, -Infinity, null]) {
      const error = await catchAsyncError(() => Topology.fromJSON({ cards: 2, links: [{ from: 0, to: 1, latency }] }));
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'spec.links[0].latency' });
    }
    const zero = await Topology.fromJSON({ cards: 2, links: [{ from: 0, to: 1, duplex: true, latency: 0 }] });
    expect(zero.links.every((l) => l.latency === 0)).toBe(true);
  });

  it('LINK_DOWN on a disconnected graph names both cards and says there is no path', async () => {
    const topo = await Topology.fromJSON({ cards: 4, links: [{ from: 0, to: 1, duplex: true }, { from: 2, to: 3, duplex: true }] });
    const arrays = ones();
    const error = await expectCleanError(() => topo.allReduce(arrays, 'sum', { algorithm: 'direct' }), { code: 'LINK_DOWN' }, arrays);
    expect(error.from).toBeTypeOf('number');
    expect(error.to).toBeTypeOf('number');
    expect(error.actual).toBe('NoPath');
    expect(error.message).toContain(`no route from card ${error.from} to card ${error.to}`);
    const estimate = catchError(() => topo.estimate('allGather', { bytes: 64, method: 'analytic' }));
    expect(estimate).toMatchObject({ code: 'LINK_DOWN', actual: 'NoPath' });
    expect(estimate.from).toBeTypeOf('number');
    expect(estimate.to).toBeTypeOf('number');
  });
});

describe('OUT_OF_MEMORY says what is really free', () => {
  it('reports the largest free block and the 4 GiB limit, not the limit as if it were free', async () => {
    const runtime = await KernelRuntime.create('scalar');
    const MiB = 2 ** 20;
    // Hold all but 128 MiB at the top (virtual, never touched), with a 256 MiB hole low down.
    const hole = runtime.allocate(256 * MiB, false);
    const held = runtime.allocate(KERNEL_MEMORY_LIMIT_BYTES - (hole.offset + hole.size) - 128 * MiB, false);
    runtime.release(hole.offset, hole.size);
    const topRoom = KERNEL_MEMORY_LIMIT_BYTES - (held.offset + held.size);
    expect(topRoom).toBeLessThan(hole.size);
    const count = 25_165_859; // 4 cards × 100 663 440-byte strides = 402 653 760 bytes, about the request: more than the hole
    const requested = 4 * Math.ceil((count * 4) / 16) * 16;
    const error = catchError(() => allocCardBuffers(runtime, 'f32', 4, count));
    expect(error).toMatchObject({ code: 'OUT_OF_MEMORY', actual: requested, expected: hole.size });
    expect(error.message).toBe(
      `out of kernel memory: ${requested} bytes requested, the largest free block is ${hole.size} bytes ` +
      `(kernel memory is at most ${KERNEL_MEMORY_LIMIT_BYTES} bytes: wasm32)`,
    );
    // What it says is free really is: that much fits.
    const fits = runtime.allocate(hole.size, false);
    expect(fits.offset).toBe(hole.offset);
    runtime.release(fits.offset, fits.size);
    runtime.release(held.offset, held.size);
  });

  it('beyond 4 GiB: the request and the largest free block', async () => {
    const topo = await Topology.mock(4);
    const error = await expectCleanError(() => topo.alloc('f32', 2 ** 28), { code: 'OUT_OF_MEMORY', actual: 2 ** 32 });
    expect(error.expected).toBeLessThan(2 ** 32);
    expect(error.message).toContain('the largest free block is');
  });
});

describe('SpankerError prints only the fields it has', () => {
  it('inspect and toString omit undefined fields', async () => {
    const topo = await Topology.mock(2);
    const error = catchError(() => topo.allReduce([new Float32Array(2)], 'sum'));
    expect(Object.keys(error).sort()).toEqual(['actual', 'code', 'expected']);
    const printed = inspect(error);
    expect(printed).not.toContain('undefined');
    expect(printed).toContain("code: 'TOPOLOGY_MISMATCH'");
    expect(printed.split('\n')[0]).toBe('SpankerError: topology mismatch: expected 2 sails, got 1');
    expect(String(error)).toBe('SpankerError [TOPOLOGY_MISMATCH]: topology mismatch: expected 2 sails, got 1');
    expect(error.name).toBe('SpankerError');
    const bare = new SpankerError('NO_SAILS', 'x');
    expect(Object.keys(bare)).toEqual(['code']);
    expect(inspect(bare)).not.toContain('undefined');
    expect('sail' in bare).toBe(false);
  });
});
