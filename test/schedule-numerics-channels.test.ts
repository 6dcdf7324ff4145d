// Schedule numerics for the schedules the public API cannot ask for yet —
// several channels (rings) and several dimensions (dims): the executor
// (collectives/schedule-executor.ts, the wasm combine kernels) gives
// bit-for-bit what a scalar replay of the same schedule gives
// (test/reference-collectives.ts), for every dtype and reduction, on values
// whose rounding depends on the reduction order. The registry's own
// default schedules (new algorithms included) are covered through the
// public API by collectives-data.test.ts.
import { describe, expect, it } from 'vitest';
import { allocCardBuffers } from '../src/alloc.js';
import { DTYPES, type DType } from '../src/dtype.js';
import type { CombineOp } from '../src/kernel-abi.js';
import { sharedRuntime } from '../src/kernel-runtime.js';
import { executeSchedule, maxStepElements } from '../src/collectives/schedule-executor.js';
import type { AlgorithmInput } from '../src/schedule/algorithm.js';
import { findAlgorithm } from '../src/schedule/registry.js';
import type { CollectiveKind, Schedule } from '../src/schedule/schedule.js';
import { bytesPerElement } from '../src/dtype.js';
import { elementsOf, mismatches, orderSensitiveValue, rng, setElements, storeAs, type Element } from './reference.js';
import { replaySchedule } from './reference-collectives.js';

const OPS: readonly CombineOp[] = ['sum', 'prod', 'max', 'min'];

/** Working buffers as the collective starts them (schedule/working-buffer.ts), random where a card holds data. */
function initialWorking(schedule: Schedule, dtype: DType, seed: number): Element[][] {
  const random = rng(seed);
  const n = schedule.nSails;
  const W = schedule.workingLength;
  const holds = (card: number, e: number): boolean => {
    switch (schedule.collective) {
      case 'broadcast': return card === schedule.root;
      case 'allGather': return Math.floor(e / (W / n)) === card;
      default: return true;
    }
  };
  return Array.from({ length: n }, (_, c) => Array.from({ length: W }, (_, e) => (holds(c, e) ? orderSensitiveValue(dtype, random) : storeAs(dtype, 0))));
}

async function runOnKernels(schedule: Schedule, dtype: DType, op: CombineOp, working: Element[][]): Promise<Element[][]> {
  const runtime = await sharedRuntime('simd');
  const work = allocCardBuffers(runtime, dtype, schedule.nSails, schedule.workingLength);
  const inFlight = runtime.allocate(Math.max(1, maxStepElements(schedule)) * bytesPerElement(dtype), false);
  try {
    working.forEach((values, c) => setElements(work.card(c), values));
    executeSchedule(runtime, schedule, work, op, inFlight.offset);
    return work.cards().map((v) => elementsOf(v));
  } finally {
    runtime.release(inFlight.offset, inFlight.size);
    work.free();
  }
}

const CASES: [CollectiveKind, string, (n: number) => Partial<AlgorithmInput>][] = [
  ['allReduce', 'ring', (n) => ({ rings: [ident(n), reverse(n)] })],
  ['allReduce', 'ring', (n) => ({ rings: [ident(n), reverse(n), ident(n)] })],
  ['reduceScatter', 'ring', (n) => ({ rings: [ident(n), reverse(n)] })],
  ['allGather', 'ring', (n) => ({ rings: [reverse(n), ident(n)] })],
  ['broadcast', 'chain', (n) => ({ rings: [ident(n), reverse(n)] })],
  ['reduce', 'ring', (n) => ({ rings: [ident(n), reverse(n)] })],
  ['allReduce', 'hierarchical', (n) => ({ dims: split(n), rings: [ident(n), ident(n)] })],
  ['reduceScatter', 'hierarchical', (n) => ({ dims: split(n), rings: [ident(n), ident(n)] })],
  ['allGather', 'hierarchical', (n) => ({ dims: split(n), rings: [ident(n), ident(n)] })],
  ['allReduce', 'torus2d', (n) => ({ dims: split(n) })],
  ['allReduce', 'doubleBinaryTree', () => ({})],
];

function ident(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
function reverse(n: number): number[] {
  return ident(n).map((i) => (n - i) % n);
}
/** n as [a, n / a] with a the smallest factor ≥ 2, or [n]. */
function split(n: number): number[] {
  for (let a = 2; a * a <= n; a++) if (n % a === 0) return [a, n / a];
  return [n];
}

describe('schedule numerics with channels and dimensions: the kernels equal a scalar replay', () => {
  for (const [collective, name, extra] of CASES) {
    it(`${collective} ${name} ${JSON.stringify(extra(4)).slice(0, 60)}…`, async () => {
      const info = findAlgorithm(collective, name)!;
      let checked = 0;
      for (const n of [2, 3, 4, 6, 9, 12]) {
        for (const [count, pipeline] of [[1, 1], [7, 2], [37, 3]] as const) {
          for (const dtype of DTYPES) {
            const op = OPS[(n + count + dtype.length) % OPS.length]!;
            const root = collective === 'broadcast' || collective === 'reduce' ? n - 1 : 0;
            const schedule = info.build({ nSails: n, count, root, pipeline, ...extra(n) });
            const working = initialWorking(schedule, dtype, n * 1000 + count);
            const want = replaySchedule(schedule, dtype, op, working);
            const got = await runOnKernels(schedule, dtype, op, working);
            got.forEach((card, c) => expect(mismatches(dtype, card, want[c]!), `n=${n} count=${count} P=${pipeline} ${dtype} ${op} card ${c}`).toEqual([]));
            checked++;
          }
        }
      }
      expect(checked).toBe(6 * 3 * DTYPES.length);
    });
  }

  it('integer sums end exactly as the reference reduction, whatever the channels and dimensions', async () => {
    // Order-independent check that the replays above reduce every contribution once.
    for (const [collective, name, extra] of CASES.filter(([c]) => c === 'allReduce')) {
      const n = 12;
      const schedule = findAlgorithm(collective, name)!.build({ nSails: n, count: 50, root: 0, pipeline: 3, ...extra(n) });
      const working = Array.from({ length: n }, (_, c) => Array.from({ length: 50 }, (_, e) => (c * 7919 + e * 104729) | 0));
      const expected = working[0]!.map((_, e) => working.reduce((sum, card) => (sum + card[e]!) | 0, 0));
      for (const card of await runOnKernels(schedule, 'i32', 'sum', working)) expect(card).toEqual(expected);
    }
  });
});
