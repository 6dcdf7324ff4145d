// Test helper for the fault tests: one collective through the public API, on
// CardBuffers (zero-copy) or plain arrays, in place or out of place, with the
// bytes of every user buffer recorded before and after the call — so a test
// can check the result against the reference when the call succeeds, and
// that nothing changed when it throws.
import { expect } from 'vitest';
import { SpankerError, type CollectiveKind, type CollectiveReport, type DType, type ReduceOp, type Topology } from '../src/index.js';
import { arrayOf } from './reference.js';
import { expectedOutputs } from './reference-collectives.js';

/** Send and receive lengths per card for NCCL count `count`. */
export function lengths(collective: CollectiveKind, n: number, count: number): { send: number; recv: number } {
  switch (collective) {
    case 'allReduce': case 'broadcast': case 'reduce': return { send: count, recv: count };
    case 'allGather': return { send: count, recv: n * count };
    case 'reduceScatter': return { send: n * count, recv: count };
    case 'allToAll': return { send: n * count, recv: n * count };
  }
}

export interface CallCase {
  readonly collective: CollectiveKind;
  readonly algorithm: string;
  readonly count: number;
  readonly dtype: DType;
  readonly op: ReduceOp;
  readonly root: number;
  readonly inPlace: boolean;
  readonly zeroCopy: boolean;
  /** More options (faults, onFault, timeout, timeline, …). */
  readonly options?: Record<string, unknown>;
}

export interface CallOutcome {
  /** Each card's output (the receive buffer, or the send buffer in place), as numbers; in-place ReduceScatter: its block. */
  readonly outputs: number[][];
  readonly report?: CollectiveReport;
  readonly error?: SpankerError;
  /** Whether every byte of every user buffer is as it was before the call. */
  readonly untouched: boolean;
}

/** Integer inputs small enough that every op and order is exact (so the reference is the only right answer). */
export function integerInputs(n: number, length: number, seed: number): number[][] {
  return Array.from({ length: n }, (_, c) => Array.from({ length }, (_, e) => ((c * 7 + e * 3 + seed) % 23) - 11));
}

/** Run one case. `inputs[c]` is card c's send data; `previous[c]` what its receive buffer holds first. */
export function callCollective(topo: Topology, c: CallCase, inputs: number[][], previous: number[][]): CallOutcome {
  const n = topo.nSails;
  const { send, recv } = lengths(c.collective, n, c.count);
  const rooted = c.collective === 'broadcast' || c.collective === 'reduce';
  // Algorithm names are checked by the library (INVALID_ARGUMENT), not by the types here.
  const options = { algorithm: c.algorithm, ...(rooted ? { root: c.root } : {}), ...c.options } as never as Record<string, unknown>;
  // In place: the send buffer has the receive shape (and AllGather's data sits at block c).
  const sendData = c.inPlace && c.collective === 'allGather'
    ? inputs.map((card, k) => { const full = [...previous[k]!]; full.splice(k * c.count, c.count, ...card); return full; })
    : inputs;
  const call = (sendBuf: never, recvBuf: never | undefined): CollectiveReport => {
    const withRecv = (recvBuf === undefined ? options : { ...options, recv: recvBuf }) as never;
    switch (c.collective) {
      case 'allReduce': return topo.allReduce(sendBuf, c.op, withRecv);
      case 'reduce': return topo.reduce(sendBuf, c.op, withRecv);
      case 'reduceScatter': return topo.reduceScatter(sendBuf, c.op, withRecv);
      case 'broadcast': return topo.broadcast(sendBuf, withRecv);
      case 'allToAll': return topo.allToAll(sendBuf, withRecv);
      case 'allGather': return topo.allGather(sendBuf, (recvBuf ?? sendBuf) as never, options as never) as unknown as CollectiveReport;
    }
  };
  const bytesOf = (views: ArrayLike<number>[]) => views.map((v) => new Uint8Array((v as Float32Array).buffer, (v as Float32Array).byteOffset, (v as Float32Array).byteLength).slice());
  const same = (a: Uint8Array[], b: Uint8Array[]) => a.length === b.length && a.every((x, k) => x.length === b[k]!.length && x.every((byte, i) => byte === b[k]![i]));
  let report: CollectiveReport | undefined;
  let error: SpankerError | undefined;
  const attempt = (fn: () => CollectiveReport) => {
    try {
      report = fn();
    } catch (e) {
      if (!(e instanceof SpankerError)) throw e;
      error = e;
    }
  };
  if (c.zeroCopy) {
    const s = topo.alloc(c.dtype, c.inPlace && c.collective === 'allGather' ? recv : send);
    // The fault tests use number types (f32, i32): their cards take number arrays.
    sendData.forEach((card, k) => (s.card(k) as Float32Array).set(card));
    const r = c.inPlace ? undefined : topo.alloc(c.dtype, recv);
    if (r) previous.forEach((card, k) => (r.card(k) as Float32Array).set(card));
    const views = () => [...s.cards(), ...(r ? r.cards() : [])] as ArrayLike<number>[];
    const before = bytesOf(views());
    attempt(() => call(s as never, r as never));
    const untouched = same(before, bytesOf(views()));
    const outputs = (r ?? s).cards().map((v) => Array.from(v as ArrayLike<number>));
    s.free();
    r?.free();
    return { outputs: comparable(c, n, outputs), untouched, ...(report ? { report } : {}), ...(error ? { error } : {}) };
  }
  const s = sendData.map((card) => arrayOf(c.dtype, card) as ArrayLike<number>);
  const r = c.inPlace ? undefined : previous.map((card) => arrayOf(c.dtype, card) as ArrayLike<number>);
  const before = bytesOf([...s, ...(r ?? [])]);
  attempt(() => call(s as never, r as never));
  const untouched = same(before, bytesOf([...s, ...(r ?? [])]));
  return { outputs: comparable(c, n, (r ?? s).map((v) => Array.from(v))), untouched, ...(report ? { report } : {}), ...(error ? { error } : {}) };
}

function comparable(c: CallCase, n: number, outputs: number[][]): number[][] {
  if (c.inPlace && c.collective === 'reduceScatter') return outputs.map((card, k) => card.slice(k * c.count, (k + 1) * c.count));
  return outputs;
}

/** The reference outputs of a case (in-place reduce leaves the non-roots' send data: `previous` is the inputs then). */
export function expectedFor(c: CallCase, n: number, inputs: number[][], previous: number[][]): number[][] {
  return expectedOutputs(c.collective, c.dtype, c.op, inputs, c.count, c.root, c.inPlace ? inputs : previous) as number[][];
}

/** Card outputs equal the reference, element for element. */
export function expectOutputs(actual: number[][], expected: number[][], where: string): void {
  expect(actual.length, where).toBe(expected.length);
  actual.forEach((card, k) => {
    const bad = card.length === expected[k]!.length ? card.findIndex((v, e) => !Object.is(v, expected[k]![e])) : 0;
    if (bad >= 0) expect.fail(`${where}: card ${k} element ${bad}: ${card[bad]} instead of ${expected[k]![bad]} (${card.length} elements, ${expected[k]!.length} expected)`);
  });
}
