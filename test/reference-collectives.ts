// Independent plain-JS references for the six collectives: what every card's
// output must hold, in the canonical card order (test/reference.ts for the
// element-wise reduction), and a scalar replay of a schedule on plain arrays
// (for the schedule-numerics mode).
import type { CollectiveKind, DType, ReduceOp } from '../src/index.js';
import type { Schedule } from '../src/schedule/schedule.js';
import { referenceReduce } from './reference.js';

/** Round as the dtype stores. */
export function storeAs(dtype: DType, v: number): number {
  if (dtype === 'f32') return Math.fround(v);
  if (dtype === 'i32') return v | 0;
  return v;
}

/** PreMulSum inputs: card c's values times s_c (the scalar itself stored as the dtype, as NCCL's is), rounded as the dtype does. */
export function preMultiply(dtype: DType, inputs: number[][], scalars: readonly number[]): number[][] {
  return inputs.map((card, c) => {
    const s = storeAs(dtype, scalars[c]!);
    return card.map((v) => (dtype === 'i32' ? Math.imul(v, s) : storeAs(dtype, v * s)));
  });
}

/**
 * Expected outputs per card. `inputs[c]` is card c's send buffer; `previous[c]`
 * is what its receive buffer held before (only a rooted reduce leaves some
 * unchanged). Shapes follow NCCL (schedule/working-buffer.ts).
 */
export function expectedOutputs(
  collective: CollectiveKind, dtype: DType, op: ReduceOp, inputs: number[][], count: number, root: number, previous?: number[][],
): number[][] {
  const n = inputs.length;
  const block = (card: number[], b: number) => card.slice(b * count, (b + 1) * count);
  switch (collective) {
    case 'allReduce':
      return inputs.map(() => referenceReduce(op, dtype, inputs));
    case 'reduce':
      return inputs.map((_, c) => (c === root ? referenceReduce(op, dtype, inputs) : previous![c]!));
    case 'broadcast':
      return inputs.map(() => inputs[root]!.slice());
    case 'reduceScatter':
      return inputs.map((_, c) => referenceReduce(op, dtype, inputs.map((card) => block(card, c))));
    case 'allGather':
      return inputs.map(() => inputs.flat());
    case 'allToAll':
      return inputs.map((_, d) => inputs.flatMap((card) => block(card, d)));
  }
}

/**
 * Replays a schedule on plain JS arrays, scalar by scalar, with the same
 * message semantics as the executor (sources read at step start; reduces
 * applied in schedule order as dst ∘ incoming), then finishes avg.
 */
export function replaySchedule(schedule: Schedule, dtype: DType, op: ReduceOp, working: number[][]): number[][] {
  const work = working.map((w) => w.slice());
  const combine = (a: number, b: number): number => {
    switch (op) {
      case 'sum':
      case 'avg':
        return storeAs(dtype, a + b);
      case 'prod':
        return dtype === 'i32' ? Math.imul(a, b) : storeAs(dtype, a * b);
      case 'max':
        return Math.max(a, b);
      case 'min':
        return Math.min(a, b);
    }
  };
  const transfers = schedule.transfers();
  let i = 0;
  while (i < transfers.length) {
    const step = transfers[i]!.step;
    const group = [];
    while (i < transfers.length && transfers[i]!.step === step) group.push(transfers[i++]!);
    const wire = group.map((t) => t.segments.map(([a, b]) => work[t.src]!.slice(a, b)));
    group.forEach((t, k) => {
      t.segments.forEach(([a, b], s) => {
        for (let e = a; e < b; e++) {
          const incoming = wire[k]![s]![e - a]!;
          work[t.dst]![e] = t.reduce ? combine(work[t.dst]![e]!, incoming) : incoming;
        }
      });
    });
  }
  return work;
}
