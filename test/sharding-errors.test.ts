// Every error path of the sharded layers: the typed error, naming the card
// or argument; and after it every buffer — inputs, weights, plain arrays —
// bit-identical to before, and no kernel memory left allocated.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LinkState, TensorParallel, Topology, type CardBuffers, type LinearWeights, type ShardedLinear,
} from '../src/index.js';
import type { FreeList } from '../src/free-list.js';
import { catchError } from './expect-error.js';
import { QK_K, quantizeQ4K } from './matmul-reference.js';

function randoms(length: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.fround((s / 2 ** 32) * 2 - 1);
  });
}

const f32 = (n: number, k: number, seed = 1): LinearWeights => ({ format: 'f32', n, k, data: randoms(n * k, seed) });
const q4k = (n: number, k: number, seed = 1): LinearWeights => ({ format: 'q4_k', n, k, data: quantizeQ4K(randoms(n * k, seed)) });

/** The allocator's state: free blocks and the top. Equal before and after ⇔ nothing leaked. */
function heapState(topo: Topology): string {
  const heap = (topo.kernelRuntime as unknown as { heap: FreeList }).heap;
  return JSON.stringify({ free: (heap as unknown as { free: unknown }).free, top: heap.bytesAboveTop });
}

type Watched = CardBuffers | ShardedLinear | Float32Array | readonly Float32Array[];

/** Copies of every byte the user owns. */
function snapshot(items: readonly Watched[]): (number | bigint)[][] {
  return items.flatMap((item): (number | bigint)[][] => {
    if (item instanceof Float32Array) return [[...item]];
    if (Array.isArray(item)) return item.map((a: Float32Array) => [...a]);
    if ('parallel' in item) return (item as ShardedLinear).shards.map((s) => [...(item as ShardedLinear).cardWeights(s.card)]);
    return (item as CardBuffers).cards().map((v) => [...v]);
  });
}

/** `fn` throws a SpankerError matching `expected`; every watched buffer and the allocator are as before. */
function expectCleanError(topo: Topology, watched: readonly Watched[], fn: () => unknown, expected: Record<string, unknown>): void {
  const before = snapshot(watched);
  const heap = heapState(topo);
  expect(catchError(fn)).toMatchObject(expected);
  expect(snapshot(watched)).toEqual(before);
  expect(heapState(topo)).toBe(heap);
}

describe('sharded layers: errors leave everything as it was', () => {
  const m = 2, k = 6, n = 5;
  const x = randoms(m * k, 5);
  let topo: Topology;
  let tp: TensorParallel;
  let columns: ShardedLinear;
  let rows: ShardedLinear;
  let xCards: CardBuffers<'f32'>;
  let xRows: CardBuffers<'f32'>;
  let all: Watched[];
  beforeAll(async () => {
    topo = await Topology.mock(3);
    tp = new TensorParallel(topo);
    columns = tp.shardColumns(f32(n, k, 3));
    rows = tp.shardRows(f32(n, k, 4));
    xCards = tp.splitActivations(x, columns);
    xRows = tp.splitActivations(x, rows);
    all = [columns, rows, xCards, xRows, x];
  });

  it('SHAPE_MISMATCH names the card whose input has the wrong length', () => {
    const arrays = [x.slice(), x.slice(), x.slice(0, 11)];
    expectCleanError(topo, [...all, arrays], () => tp.columnParallel(arrays, columns), { code: 'SHAPE_MISMATCH', sail: 2, expected: 12, actual: 11 });
    const rowArrays = [new Float32Array(m * 2), new Float32Array(m * 2 + 1), new Float32Array(m * 2)];
    expectCleanError(topo, [...all, rowArrays], () => tp.rowParallel(rowArrays, rows), { code: 'SHAPE_MISMATCH', sail: 1, expected: 4, actual: 5 });
    const odd = topo.alloc('f32', 13);
    expectCleanError(topo, [...all, odd], () => tp.columnParallel(odd, columns), { code: 'SHAPE_MISMATCH', sail: 0, expected: 18, actual: 13 });
    odd.free();
  });

  it('TYPE_MISMATCH and TOPOLOGY_MISMATCH for inputs of the wrong type or card count', async () => {
    const mixed = [x.slice(), new Int32Array(12), x.slice()] as unknown as Float32Array[];
    expectCleanError(topo, all, () => tp.columnParallel(mixed, columns), { code: 'TYPE_MISMATCH', sail: 1 });
    const ints = topo.alloc('i32', 12);
    expectCleanError(topo, all, () => tp.columnParallel(ints as unknown as CardBuffers<'f32'>, columns), { code: 'TYPE_MISMATCH', sail: 0 });
    ints.free();
    expectCleanError(topo, all, () => tp.columnParallel([x, x], columns), { code: 'TOPOLOGY_MISMATCH', expected: 3, actual: 2 });
    const two = new TensorParallel(await Topology.mock(2));
    const foreign = two.shardColumns(f32(n, k));
    expectCleanError(topo, [...all, foreign], () => tp.columnParallel(xCards, foreign), { code: 'TOPOLOGY_MISMATCH', expected: 3, actual: 2 });
    foreign.free();
  });

  it('INVALID_ARGUMENT for the wrong kind of layer, a foreign runtime, and a bad activation', async () => {
    expectCleanError(topo, all, () => tp.columnParallel(xRows, rows), { code: 'INVALID_ARGUMENT', argument: 'layer' });
    expectCleanError(topo, all, () => tp.rowParallel(xCards, columns), { code: 'INVALID_ARGUMENT', argument: 'layer' });
    expectCleanError(topo, all, () => tp.columnParallel(xCards, {} as ShardedLinear), { code: 'INVALID_ARGUMENT', argument: 'layer' });
    const scalarTopo = await Topology.mock(3, { kernels: 'scalar' });
    const scalarInput = scalarTopo.alloc('f32', m * k);
    expectCleanError(topo, [...all, scalarInput], () => tp.columnParallel(scalarInput, columns), { code: 'INVALID_ARGUMENT', argument: 'x' });
    scalarInput.free();
    const up = tp.shardColumns(f32(6, k));
    const down = tp.shardRows(f32(4, 6));
    expectCleanError(topo, [...all, up, down], () => tp.megatron(xCards, up, down, { activation: 3 as unknown as () => void }), { code: 'INVALID_ARGUMENT', argument: 'activation' });
    const narrow = tp.shardRows(f32(4, 5));
    expectCleanError(topo, [...all, up, down, narrow], () => tp.megatron(xCards, up, narrow), { code: 'INVALID_ARGUMENT', argument: 'down' });
    [up, down, narrow].forEach((b) => b.free());
  });

  it('the Megatron pair needs down split where up is: SHAPE_MISMATCH naming the first card that differs', () => {
    const up = tp.shardColumns(f32(6, k), { unit: 3 }); // 3, 3, 0 columns
    const down = tp.shardRows(f32(4, 6)); // 2, 2, 2
    expectCleanError(topo, [...all, up, down], () => tp.megatron(xCards, up, down), { code: 'SHAPE_MISMATCH', sail: 0, expected: 2, actual: 3 });
    [up, down].forEach((b) => b.free());
  });

  it('INVALID_ARGUMENT when a card would get no Q4_K block — and uneven shards are not an error', () => {
    expectCleanError(topo, all, () => tp.shardRows(q4k(2, 2 * QK_K)), { code: 'INVALID_ARGUMENT', argument: 'weights' });
    expectCleanError(topo, all, () => tp.shardColumns(q4k(2, QK_K)), { code: 'INVALID_ARGUMENT', argument: 'weights' });
    // The pair: up (f32) is placed first, then down cannot be split — up is freed again.
    expectCleanError(topo, all, () => tp.shardPair(f32(2 * QK_K, 4), q4k(3, 2 * QK_K)), { code: 'INVALID_ARGUMENT', argument: 'down' });
    const uneven = tp.shardRows(q4k(2, 4 * QK_K));
    expect(uneven.shards.map((s) => (s.end - s.start) / QK_K)).toEqual([2, 1, 1]);
    uneven.free();
    // f32 shards may be empty: 2 columns on 3 cards.
    const narrow = tp.shardColumns(f32(2, k));
    expect(narrow.shards.map((s) => s.end - s.start)).toEqual([1, 1, 0]);
    narrow.free();
  });

  it('INVALID_ARGUMENT naming the field of malformed weights, before anything is allocated', () => {
    expectCleanError(topo, all, () => tp.shardColumns({ format: 'f32', n: 2, k: 3, data: new Float32Array(5) }), { code: 'INVALID_ARGUMENT', argument: 'weights.data' });
    expectCleanError(topo, all, () => tp.shardRows({ format: 'q4_k', n: 1, k: 100, data: new Uint8Array(144) }), { code: 'INVALID_ARGUMENT', argument: 'weights.k' });
    expectCleanError(topo, all, () => tp.shardRows({ format: 'q8_0', n: 1, k: 1, data: new Uint8Array(1) } as unknown as LinearWeights), { code: 'INVALID_ARGUMENT', argument: 'weights.format' });
    expectCleanError(topo, all, () => tp.shardColumns({ format: 'q4_k', n: 1, k: QK_K, data: new Float32Array(36) } as unknown as LinearWeights), { code: 'INVALID_ARGUMENT', argument: 'weights.data' });
    expectCleanError(topo, all, () => tp.shardColumns(f32(n, k), { unit: 2 }), { code: 'INVALID_ARGUMENT', argument: 'unit' });
    expectCleanError(topo, all, () => tp.shardPair(f32(6, k), f32(4, 5)), { code: 'INVALID_ARGUMENT', argument: 'down.k' });
    expect(catchError(() => new TensorParallel(topo, { card: { ddrBandwidth: -1 } }))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'card.ddrBandwidth' });
  });

  it('INVALID_USAGE for freed weights or inputs', () => {
    const gone = tp.shardColumns(f32(n, k));
    gone.free();
    expectCleanError(topo, all, () => tp.columnParallel(xCards, gone), { code: 'INVALID_USAGE' });
    const freedInput = tp.splitActivations(x, columns);
    freedInput.free();
    expectCleanError(topo, all, () => tp.columnParallel(freedInput, columns), { code: 'INVALID_USAGE' });
  });

  it('LINK_DOWN from the collective: computed results are dropped, nothing the caller owns changes, nothing leaks', async () => {
    const broken = (await Topology.ring(3)).withLink(0, 1, { state: LinkState.Down });
    const tpb = new TensorParallel(broken);
    const layer = tpb.shardColumns(f32(n, k, 9));
    const rowLayer = tpb.shardRows(f32(n, k, 10));
    const input = tpb.splitActivations(x, layer);
    const rowInput = tpb.splitActivations(x, rowLayer);
    const watched = [layer, rowLayer, input, rowInput];
    expectCleanError(broken, watched, () => tpb.columnParallel(input, layer), { code: 'LINK_DOWN', from: 0, to: 1 });
    expectCleanError(broken, watched, () => tpb.rowParallel(rowInput, rowLayer), { code: 'LINK_DOWN', from: 0, to: 1 });
    // Plain arrays are staged: the staging copy goes too.
    const arrays = [x.slice(), x.slice(), x.slice()];
    expectCleanError(broken, [...watched, arrays], () => tpb.columnParallel(arrays, layer), { code: 'LINK_DOWN' });
    watched.forEach((b) => b.free());
  });

  it('an activation that throws: its error comes through, and everything else is as before', () => {
    const up = tp.shardColumns(f32(6, k));
    const down = tp.shardRows(f32(4, 6));
    const before = snapshot([...all, up, down]);
    const heap = heapState(topo);
    expect(() => tp.megatron(xCards, up, down, { activation: () => { throw new RangeError('no'); } })).toThrow(RangeError);
    expect(snapshot([...all, up, down])).toEqual(before);
    expect(heapState(topo)).toBe(heap);
    [up, down].forEach((b) => b.free());
  });

  it('a successful call keeps only its output: freeing it restores the allocator exactly', () => {
    const up = tp.shardColumns(f32(6, k));
    const down = tp.shardRows(f32(4, 6));
    const heap = heapState(topo);
    for (const run of [() => tp.columnParallel(xCards, columns), () => tp.rowParallel(xRows, rows), () => tp.megatron([x, x, x], up, down)]) {
      const { output } = run();
      expect(heapState(topo)).not.toBe(heap);
      output.free();
      expect(heapState(topo)).toBe(heap);
    }
    [up, down].forEach((b) => b.free());
  });
});
