// Independent plain-JS references for the six collectives: what every card's
// output must hold, in the canonical card order (test/reference.ts for the
// element-wise reduction), and a scalar replay of a schedule on plain arrays
// (for the schedule-numerics mode).
import type { CollectiveKind, DType, ReduceOp } from '../src/index.js';
import type { Schedule } from '../src/schedule/schedule.js';
import { finish, referenceReduce, stepFor, storeAs, type Element } from './reference.js';

/**
 * PreMulSum inputs: card c's elements times s_c — the scalar itself stored as
 * the dtype first, as NCCL's is — each product rounded (or wrapped) as the
 * dtype does.
 */
export function preMultiply(dtype: DType, inputs: Element[][], scalars: readonly number[]): Element[][] {
  return inputs.map((card, c) => {
    const s = storeAs(dtype, scalars[c]!);
    const multiply = stepFor('prod', dtype);
    return card.map((v) => multiply(v, s));
  });
}

/**
 * Expected outputs per card. `inputs[c]` is card c's send buffer; `previous[c]`
 * is what its receive buffer held before (only a rooted reduce leaves some
 * unchanged). Shapes follow NCCL (schedule/working-buffer.ts).
 */
export function expectedOutputs(
  collective: CollectiveKind, dtype: DType, op: ReduceOp, inputs: Element[][], count: number, root: number, previous?: Element[][],
): Element[][] {
  const n = inputs.length;
  const block = (card: Element[], b: number) => card.slice(b * count, (b + 1) * count);
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
 * Replays a schedule on plain JS arrays, element by element, with the same
 * message semantics as the executor (sources read at step start; reduces
 * applied in schedule order as dst ∘ incoming). Avg combines as sum; the
 * caller finishes it (`finishAvg`).
 */
export function replaySchedule(schedule: Schedule, dtype: DType, op: ReduceOp, working: Element[][]): Element[][] {
  const work = working.map((w) => w.slice());
  const combine = stepFor(op === 'avg' ? 'sum' : op, dtype);
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

/** An element reduced by a schedule, divided by n as avg's divide kernel does. */
export function finishAvg(dtype: DType, e: Element, n: number): Element {
  return finish('avg', dtype, e, n);
}
