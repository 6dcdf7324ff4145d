// Test helper: reduce many pairs of narrow-float codes on 2 cards through the
// public API (card 0 holds the a's, card 1 the b's, one pair per element),
// and the reference result of each pair, fast enough for 2^32 pairs
// (test/narrow-float-reference.ts's integer rounding on a decode table).
import type { ReduceOp, Topology } from '../src/index.js';
import type { NarrowFloat } from '../src/dtype.js';
import { decodeTable, encodeF32 } from './narrow-float-reference.js';

export type Codes = Uint16Array | Uint8Array;

const tables = new Map<NarrowFloat, Float64Array>();

/** Every code's value, cached. */
export function valuesOf(format: NarrowFloat): Float64Array {
  let table = tables.get(format);
  if (table === undefined) {
    table = decodeTable(format);
    tables.set(format, table);
  }
  return table;
}

/** The reference of one step a ∘ b: computed in f32 (an f64 result rounded once to f32: innocuous, see test/reference.ts), rounded once to the format. */
export function referencePair(format: NarrowFloat, op: ReduceOp, a: number, b: number): number {
  const v = valuesOf(format);
  const x = v[a]!;
  const y = v[b]!;
  switch (op) {
    case 'sum': return encodeF32(format, x + y);
    case 'prod': return encodeF32(format, x * y);
    case 'max': return encodeF32(format, Math.max(x, y));
    case 'min': return encodeF32(format, Math.min(x, y));
    case 'avg': return encodeF32(format, valuesOf(format)[encodeF32(format, x + y)]! / 2);
  }
}

/** The codes the kernels write for `a[i] ∘ b[i]` on 2 cards: an in-place allReduce on CardBuffers. */
export function kernelPairs(topo: Topology, format: NarrowFloat, op: ReduceOp, a: Codes, b: Codes): Codes {
  const cards = topo.alloc(format, a.length, { init: 'uninitialized' });
  try {
    cards.card(0).set(a);
    cards.card(1).set(b);
    topo.allReduce(cards, op, { timeline: false });
    return cards.card(0).slice();
  } finally {
    cards.free();
  }
}

/** Indices where the kernels' codes differ from the reference (the first `limit`). */
export function pairMismatches(format: NarrowFloat, op: ReduceOp, a: Codes, b: Codes, got: Codes, limit = 10): number[] {
  const wrong: number[] = [];
  for (let i = 0; i < a.length && wrong.length < limit; i++) {
    if (got[i] !== referencePair(format, op, a[i]!, b[i]!)) wrong.push(i);
  }
  return wrong;
}

/** Describe a mismatch for a failure message. */
export function describePair(format: NarrowFloat, op: ReduceOp, a: Codes, b: Codes, got: Codes, i: number): string {
  const hex = (c: number) => `0x${c.toString(16)}`;
  const v = valuesOf(format);
  return `${format} ${op}(${hex(a[i]!)} = ${v[a[i]!]}, ${hex(b[i]!)} = ${v[b[i]!]}): got ${hex(got[i]!)} (${v[got[i]!]}), want ${hex(referencePair(format, op, a[i]!, b[i]!))}`;
}
