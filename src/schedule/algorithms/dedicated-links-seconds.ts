/**
 * Seconds of a list of transfers when every ordered card pair has its own
 * link — the registry's cost model (registry.ts) evaluated event by event,
 * for algorithms whose timing has no closed expression but whose transfers
 * and dependencies are known from their structure (the double binary tree,
 * whose two trees meet on links and reducers in ways that depend on p).
 *
 * Model, as in the simulator (sim/simulate.ts, sim/event-queue.ts): a
 * transfer may leave when every transfer in `after` is done; its link
 * (src → dst) serves transfers one at a time in the order they ask, b·β
 * each, and a transfer arrives α after its serialization; a copy is then
 * done; a reduce waits until every transfer in `dstAfter` is done (the
 * destination's own copy is final) and for its destination's reducer,
 * which serves one transfer at a time in the order they ask, b·γ each.
 * Requests at one instant are served in the order they were made; the
 * first ones in transfer order. O(T log T) for T transfers.
 */
import type { CostParameters } from '../algorithm.js';

/** Transfers as parallel arrays, in schedule order. */
export interface TransferList {
  readonly src: readonly number[];
  readonly dst: readonly number[];
  readonly bytes: readonly number[];
  readonly reduce: readonly boolean[];
  /** Transfers that must be done before transfer i may leave its source. */
  readonly after: readonly (readonly number[])[];
  /** For a reduce: transfers that must be done before its destination may combine it. */
  readonly dstAfter: readonly (readonly number[])[];
}

const HOP = 0;
const REDUCE = 1;

/** When the last transfer of `list` is done, on `nSails` cards with a link per ordered pair. */
export function dedicatedLinksSeconds(list: TransferList, nSails: number, c: CostParameters): number {
  const T = list.src.length;
  if (T === 0) return 0;
  const waitSrc: number[][] = Array.from({ length: T }, () => []);
  const waitDst: number[][] = Array.from({ length: T }, () => []);
  const pendingSrc = new Int32Array(T);
  const pendingDst = new Int32Array(T);
  for (let i = 0; i < T; i++) {
    for (const d of list.after[i]!) waitSrc[d]!.push(i);
    for (const d of list.dstAfter[i]!) waitDst[d]!.push(i);
    pendingSrc[i] = list.after[i]!.length;
    pendingDst[i] = list.dstAfter[i]!.length;
  }
  const sendReady = new Float64Array(T);
  const dstReady = new Float64Array(T);
  const arrived = new Float64Array(T).fill(NaN);
  const linkFree = new Map<number, number>();
  const reducerFree = new Float64Array(nSails);

  // Events (time, creation order, kind, transfer) in a binary heap.
  const time: number[] = [];
  const order: number[] = [];
  const kind: number[] = [];
  const item: number[] = [];
  let created = 0;
  const before = (x: number, y: number) => time[x]! < time[y]! || (time[x] === time[y] && order[x]! < order[y]!);
  const swap = (x: number, y: number) => {
    [time[x], time[y]] = [time[y]!, time[x]!];
    [order[x], order[y]] = [order[y]!, order[x]!];
    [kind[x], kind[y]] = [kind[y]!, kind[x]!];
    [item[x], item[y]] = [item[y]!, item[x]!];
  };
  const push = (t: number, k: number, i: number) => {
    time.push(t);
    order.push(created++);
    kind.push(k);
    item.push(i);
    for (let n = time.length - 1; n > 0; ) {
      const parent = (n - 1) >> 1;
      if (!before(n, parent)) break;
      swap(n, parent);
      n = parent;
    }
  };
  const pop = (): [number, number, number] => {
    const top: [number, number, number] = [time[0]!, kind[0]!, item[0]!];
    swap(0, time.length - 1);
    time.pop();
    order.pop();
    kind.pop();
    item.pop();
    for (let n = 0; ; ) {
      const l = 2 * n + 1;
      let m = n;
      if (l < time.length && before(l, m)) m = l;
      if (l + 1 < time.length && before(l + 1, m)) m = l + 1;
      if (m === n) break;
      swap(n, m);
      n = m;
    }
    return top;
  };

  let finish = 0;
  let done = 0;
  const complete = (i: number, t: number) => {
    done++;
    if (t > finish) finish = t;
    for (const j of waitSrc[i]!) {
      if (t > sendReady[j]!) sendReady[j] = t;
      if (--pendingSrc[j]! === 0) push(sendReady[j]!, HOP, j);
    }
    for (const j of waitDst[i]!) {
      if (t > dstReady[j]!) dstReady[j] = t;
      if (--pendingDst[j]! === 0 && !Number.isNaN(arrived[j]!)) push(Math.max(arrived[j]!, dstReady[j]!), REDUCE, j);
    }
  };
  for (let i = 0; i < T; i++) if (pendingSrc[i] === 0) push(0, HOP, i);
  while (time.length > 0) {
    const [now, what, i] = pop();
    if (what === HOP) {
      const link = list.src[i]! * nSails + list.dst[i]!;
      const start = Math.max(now, linkFree.get(link) ?? 0);
      const end = start + list.bytes[i]! * c.beta;
      linkFree.set(link, end);
      const arrive = end + c.alpha;
      arrived[i] = arrive;
      if (!list.reduce[i]) complete(i, arrive);
      else if (pendingDst[i] === 0) push(Math.max(arrive, dstReady[i]!), REDUCE, i);
    } else {
      const card = list.dst[i]!;
      const start = Math.max(now, reducerFree[card]!);
      reducerFree[card] = start + list.bytes[i]! * c.gamma;
      complete(i, reducerFree[card]!);
    }
  }
  if (done !== T) throw new Error(`dedicatedLinksSeconds: ${T - done} transfers never ran (a dependency cycle)`);
  return finish;
}
