// All six collectives on real data, every algorithm, in place and out of
// place, CardBuffers and plain arrays: canonical numerics give exactly the
// reference result (card order 0..n−1) whatever the algorithm; schedule
// numerics equal a scalar replay of the algorithm's own schedule.
import { describe, expect, it } from 'vitest';
import { COLLECTIVES, DTYPES, REDUCE_OPS, Topology, preMulSum, type CollectiveKind, type CollectiveReport, type DType, type ReduceOp } from '../src/index.js';
import { algorithmsFor } from '../src/schedule/registry.js';
import { workingLength } from '../src/schedule/working-buffer.js';
import { arrayOf, elementsOf, mismatches, orderSensitiveValue, rng, setElements, storeAs, type Element } from './reference.js';
import { expectedOutputs, finishAvg, preMultiply, replaySchedule } from './reference-collectives.js';

const REDUCING = new Set<CollectiveKind>(['allReduce', 'reduce', 'reduceScatter']);
const ROOTED = new Set<CollectiveKind>(['broadcast', 'reduce']);

/** Send and receive lengths per card for NCCL count `count`. */
function lengths(collective: CollectiveKind, n: number, count: number): { send: number; recv: number } {
  switch (collective) {
    case 'allReduce': case 'broadcast': case 'reduce': return { send: count, recv: count };
    case 'allGather': return { send: count, recv: n * count };
    case 'reduceScatter': return { send: n * count, recv: count };
    case 'allToAll': return { send: n * count, recv: n * count };
  }
}

interface Case {
  collective: CollectiveKind; algorithm: string; n: number; count: number; dtype: DType; op: ReduceOp;
  root: number; inPlace: boolean; zeroCopy: boolean; premul?: number[]; numerics: 'canonical' | 'schedule';
}

/** Run one case through the public API; returns each card's output as stored elements. */
async function run(c: Case, inputs: Element[][], previous: Element[][]): Promise<{ outputs: Element[][]; reportAlgorithm: string }> {
  const topo = await Topology.mock(c.n);
  const { send, recv } = lengths(c.collective, c.n, c.count);
  const op = c.premul ? preMulSum(c.premul) : c.op;
  // Only the keys each call declares: root for the rooted collectives.
  // `dtype` says what plain Uint16Arrays and Uint8Arrays hold.
  const options = { algorithm: c.algorithm as never, numerics: c.numerics, dtype: c.dtype, ...(ROOTED.has(c.collective) ? { root: c.root } : {}) };
  // In place: the send buffer has the receive shape (and AllGather's data sits at block c).
  const inPlaceInputs = c.inPlace && c.collective === 'allGather'
    ? inputs.map((card, k) => { const full = new Array<Element>(recv).fill(storeAs(c.dtype, 0)); full.splice(k * c.count, c.count, ...card); return full; })
    : inputs;
  const sendData = c.inPlace ? inPlaceInputs : inputs;
  const call = (sendBuf: never, recvBuf: never | undefined) => {
    const withRecv = recvBuf === undefined ? options : { ...options, recv: recvBuf };
    switch (c.collective) {
      case 'allReduce': return topo.allReduce(sendBuf, op, withRecv);
      case 'reduce': return topo.reduce(sendBuf, op, withRecv);
      case 'reduceScatter': return topo.reduceScatter(sendBuf, op, withRecv);
      case 'broadcast': return topo.broadcast(sendBuf, withRecv);
      case 'allToAll': return topo.allToAll(sendBuf, withRecv);
      case 'allGather': return topo.allGather(sendBuf, (recvBuf ?? sendBuf) as never, options) as unknown as CollectiveReport;
    }
  };
  if (c.zeroCopy) {
    const s = topo.alloc(c.dtype, c.inPlace ? Math.max(send, c.collective === 'allGather' ? recv : 0) : send);
    sendData.forEach((card, k) => setElements(s.card(k), card));
    const r = c.inPlace ? undefined : topo.alloc(c.dtype, recv);
    if (r) previous.forEach((card, k) => setElements(r.card(k), card));
    const report = call(s as never, r as never);
    const out = (r ?? s).cards().map((v) => elementsOf(v));
    s.free();
    r?.free();
    return { outputs: out, reportAlgorithm: report.algorithm };
  }
  const s = sendData.map((card) => arrayOf(c.dtype, card));
  const r = c.inPlace ? undefined : previous.map((card) => arrayOf(c.dtype, card));
  const report = call(s as never, r as never);
  return { outputs: (r ?? s).map((v) => elementsOf(v)), reportAlgorithm: report.algorithm };
}

/** In-place outputs for comparison: reduceScatter's result sits in block c; reduce leaves non-roots' inputs. */
function comparable(c: Case, outputs: Element[][]): Element[][] {
  if (c.inPlace && c.collective === 'reduceScatter') return outputs.map((card, k) => card.slice(k * c.count, (k + 1) * c.count));
  return outputs;
}

function makeInputs(c: Case, seed: number): { inputs: Element[][]; previous: Element[][] } {
  const random = rng(seed);
  const { send, recv } = lengths(c.collective, c.n, c.count);
  const value = () => (c.premul && c.dtype === 'i32' ? (random() * 2000 - 1000) | 0 : orderSensitiveValue(c.dtype, random));
  const inputs = Array.from({ length: c.n }, () => Array.from({ length: send }, value));
  const previous = Array.from({ length: c.n }, () => Array.from({ length: recv }, value));
  return { inputs, previous };
}

/** PreMulSum scalars the dtype holds: small integers (unsigned ones non-negative) for integer types. */
function scalarsFor(dtype: DType, n: number, random: () => number): number[] {
  return Array.from({ length: n }, () => {
    if (dtype === 'u8' || dtype === 'u32' || dtype === 'u64') return Math.floor(random() * 4);
    if (dtype === 'i8' || dtype === 'i32' || dtype === 'i64') return Math.floor(random() * 7) - 3;
    return random() * 4 - 2;
  });
}

function expected(c: Case, inputs: Element[][], previous: Element[][]): Element[][] {
  const data = c.premul ? preMultiply(c.dtype, inputs, c.premul) : inputs;
  const op = c.premul ? 'sum' : c.op;
  const prev = c.inPlace ? inputs : previous;
  return expectedOutputs(c.collective, c.dtype, op, data, c.count, c.root, prev);
}

describe('collectives, canonical numerics: the reference result whatever the algorithm', () => {
  for (const collective of COLLECTIVES) {
    it(`${collective}: every algorithm, n = 1..16, in/out of place, CardBuffers and arrays`, async () => {
      const random = rng(collective.length * 7919);
      let cases = 0;
      for (let n = 1; n <= 16; n++) {
        for (const algorithm of ['auto', ...algorithmsFor(collective).map((a) => a.name)]) {
          for (const count of [0, 1, 5, 17]) {
            const dtype = DTYPES[Math.floor(random() * DTYPES.length)]!;
            const op = REDUCE_OPS[Math.floor(random() * 5)]!;
            const c: Case = {
              collective, algorithm, n, count, dtype, op, root: Math.floor(random() * n),
              inPlace: random() < 0.5, zeroCopy: random() < 0.5, numerics: 'canonical',
              ...(REDUCING.has(collective) && random() < 0.2 ? { premul: scalarsFor(dtype, n, random) } : {}),
            };
            if (!ROOTED.has(collective)) c.root = 0;
            const { inputs, previous } = makeInputs(c, cases);
            const { outputs, reportAlgorithm } = await run(c, inputs, previous);
            if (algorithm !== 'auto') expect(reportAlgorithm).toBe(algorithm);
            const want = expected(c, inputs, previous);
            comparable(c, outputs).forEach((card, k) => {
              expect(mismatches(dtype, card, want[k]!), `${JSON.stringify(c)} card ${k}`).toEqual([]);
            });
            cases++;
          }
        }
      }
      expect(cases).toBeGreaterThan(100);
    });
  }
});

/** The working buffers a schedule starts from (schedule/working-buffer.ts), built independently of the library. */
function initialWorking(c: Case, inputs: Element[][]): Element[][] {
  const W = workingLength(c.collective, c.n, c.count);
  return inputs.map((card, k) => {
    const w = new Array<Element>(W).fill(storeAs(c.dtype, 0));
    switch (c.collective) {
      case 'allReduce': case 'reduce': case 'reduceScatter': return card.slice();
      case 'broadcast': return k === c.root ? card.slice() : w;
      case 'allGather': w.splice(k * c.count, c.count, ...card); return w;
      case 'allToAll': w.splice(k * c.n * c.count, c.n * c.count, ...card); return w;
    }
  });
}

function outputsFromWorking(c: Case, work: Element[][], previous: Element[][]): Element[][] {
  const { count, n } = c;
  return work.map((w, k) => {
    switch (c.collective) {
      case 'allReduce': case 'broadcast': case 'allGather': return w;
      case 'reduce': return k === c.root ? w : previous[k]!;
      case 'reduceScatter': return w.slice(k * count, (k + 1) * count);
      case 'allToAll': return Array.from({ length: n }, (_, s) => w.slice((s * n + k) * count, (s * n + k + 1) * count)).flat();
    }
  });
}

describe('collectives, schedule numerics: equal to a scalar replay of the schedule', () => {
  for (const collective of COLLECTIVES) {
    it(`${collective}: every algorithm, n = 1..12`, async () => {
      const random = rng(collective.length * 104729);
      for (let n = 1; n <= 12; n++) {
        for (const info of algorithmsFor(collective)) {
          for (const count of [1, 6, 19]) {
            const dtype = DTYPES[Math.floor(random() * DTYPES.length)]!;
            const op = REDUCE_OPS[Math.floor(random() * 5)]!;
            const c: Case = {
              collective, algorithm: info.name, n, count, dtype, op, root: ROOTED.has(collective) ? Math.floor(random() * n) : 0,
              inPlace: random() < 0.5, zeroCopy: random() < 0.5, numerics: 'schedule',
            };
            const { inputs, previous } = makeInputs(c, n * 1000 + count);
            const { outputs } = await run(c, inputs, previous);
            const schedule = info.build({ nSails: n, count, root: c.root, pipeline: 1 });
            let work = replaySchedule(schedule, dtype, op, initialWorking(c, inputs));
            if (op === 'avg' && REDUCING.has(collective)) work = work.map((w) => w.map((v) => finishAvg(dtype, v, n)));
            const want = outputsFromWorking(c, work, c.inPlace ? inputs : previous);
            comparable(c, outputs).forEach((card, k) => {
              expect(mismatches(dtype, card, want[k]!), `${JSON.stringify(c)} card ${k}`).toEqual([]);
            });
          }
        }
      }
    });
  }

  it('integer sum is exact, so schedule and canonical numerics agree for every algorithm', async () => {
    const topo = await Topology.mock(7);
    for (const info of algorithmsFor('allReduce')) {
      const a = Array.from({ length: 7 }, (_, c) => Int32Array.from({ length: 50 }, (_, i) => (c * 7919 + i * 104729) | 0));
      const b = a.map((x) => x.slice());
      topo.allReduce(a, 'sum', { algorithm: info.name as never, numerics: 'schedule' });
      topo.allReduce(b, 'sum', { algorithm: info.name as never });
      expect(a).toEqual(b);
    }
  });
});
