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

/**
 * Transfers as flat arrays, in schedule order. Dependencies in compressed
 * rows: transfer i waits for after[afterStart[i] … afterStart[i + 1]) before
 * it may leave its source and, if a reduce, for dstAfter[dstAfterStart[i] …
 * dstAfterStart[i + 1]) before its destination may combine it.
 */
export interface TransferList {
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly bytes: Float64Array;
  readonly reduce: Uint8Array;
  readonly afterStart: Int32Array;
  readonly after: Int32Array;
  readonly dstAfterStart: Int32Array;
  readonly dstAfter: Int32Array;
}

const HOP = 0;
const REDUCE = 1;

/** Reverse compressed rows: for each transfer, the transfers that wait on it. */
function waiters(start: Int32Array, deps: Int32Array, T: number): { start: Int32Array; list: Int32Array } {
  const counts = new Int32Array(T + 1);
  for (let k = 0; k < deps.length; k++) counts[deps[k]! + 1]!++;
  for (let i = 0; i < T; i++) counts[i + 1]! += counts[i]!;
  const fill = counts.slice(0, T);
  const list = new Int32Array(deps.length);
  for (let i = 0; i < T; i++) for (let k = start[i]!; k < start[i + 1]!; k++) list[fill[deps[k]!]!++] = i;
  return { start: counts, list };
}

/** When the last transfer of `list` is done, on `nSails` cards with a link per ordered pair. */
export function dedicatedLinksSeconds(list: TransferList, nSails: number, c: CostParameters): number {
  const T = list.src.length;
  if (T === 0) return 0;
  const onSend = waiters(list.afterStart, list.after, T);
  const onDst = waiters(list.dstAfterStart, list.dstAfter, T);
  const pendingSrc = new Int32Array(T);
  const pendingDst = new Int32Array(T);
  for (let i = 0; i < T; i++) {
    pendingSrc[i] = list.afterStart[i + 1]! - list.afterStart[i]!;
    pendingDst[i] = list.dstAfterStart[i + 1]! - list.dstAfterStart[i]!;
  }
  const sendReady = new Float64Array(T);
  const dstReady = new Float64Array(T);
  const arrived = new Float64Array(T).fill(NaN);
  // Dense ids for the (src, dst) pairs used, so the event loop indexes a typed array.
  const linkOf = new Int32Array(T);
  const ids = new Map<number, number>();
  for (let i = 0; i < T; i++) {
    const key = list.src[i]! * nSails + list.dst[i]!;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    linkOf[i] = id;
  }
  const linkFree = new Float64Array(ids.size);
  const reducerFree = new Float64Array(nSails);

  // Events in a binary heap of slots; each event is (time, creation order, kind, transfer).
  // A transfer makes at most two events (its hop, its reduce), so 2T slots never fill.
  const capacity = 2 * T;
  const time = new Float64Array(capacity);
  const order = new Float64Array(capacity);
  const payload = new Int32Array(capacity * 2);
  let size = 0;
  let created = 0;
  const push = (t: number, kind: number, item: number) => {
    const o = created++;
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const tp = time[parent]!;
      if (tp < t || (tp === t && order[parent]! < o)) break;
      time[i] = tp;
      order[i] = order[parent]!;
      payload[2 * i] = payload[2 * parent]!;
      payload[2 * i + 1] = payload[2 * parent + 1]!;
      i = parent;
    }
    time[i] = t;
    order[i] = o;
    payload[2 * i] = kind;
    payload[2 * i + 1] = item;
  };
  let poppedTime = 0;
  let poppedKind = 0;
  let poppedItem = 0;
  const pop = () => {
    poppedTime = time[0]!;
    poppedKind = payload[0]!;
    poppedItem = payload[1]!;
    const last = --size;
    if (last === 0) return;
    const t = time[last]!;
    const o = order[last]!;
    const kind = payload[2 * last]!;
    const item = payload[2 * last + 1]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      let child = left;
      if (right < last && (time[right]! < time[left]! || (time[right] === time[left] && order[right]! < order[left]!))) child = right;
      const tc = time[child]!;
      if (tc > t || (tc === t && order[child]! > o)) break;
      time[i] = tc;
      order[i] = order[child]!;
      payload[2 * i] = payload[2 * child]!;
      payload[2 * i + 1] = payload[2 * child + 1]!;
      i = child;
    }
    time[i] = t;
    order[i] = o;
    payload[2 * i] = kind;
    payload[2 * i + 1] = item;
  };

  let finish = 0;
  let done = 0;
  const complete = (i: number, t: number) => {
    done++;
    if (t > finish) finish = t;
    for (let k = onSend.start[i]!; k < onSend.start[i + 1]!; k++) {
      const j = onSend.list[k]!;
      if (t > sendReady[j]!) sendReady[j] = t;
      if (--pendingSrc[j]! === 0) push(sendReady[j]!, HOP, j);
    }
    for (let k = onDst.start[i]!; k < onDst.start[i + 1]!; k++) {
      const j = onDst.list[k]!;
      if (t > dstReady[j]!) dstReady[j] = t;
      if (--pendingDst[j]! === 0 && !Number.isNaN(arrived[j]!)) push(Math.max(arrived[j]!, dstReady[j]!), REDUCE, j);
    }
  };
  for (let i = 0; i < T; i++) if (pendingSrc[i] === 0) push(0, HOP, i);
  while (size > 0) {
    pop();
    const i = poppedItem;
    if (poppedKind === HOP) {
      const link = linkOf[i]!;
      const start = Math.max(poppedTime, linkFree[link]!);
      const end = start + list.bytes[i]! * c.beta;
      linkFree[link] = end;
      const arrive = end + c.alpha;
      arrived[i] = arrive;
      if (list.reduce[i] === 0) complete(i, arrive);
      else if (pendingDst[i] === 0) push(Math.max(arrive, dstReady[i]!), REDUCE, i);
    } else {
      const card = list.dst[i]!;
      const start = Math.max(poppedTime, reducerFree[card]!);
      reducerFree[card] = start + list.bytes[i]! * c.gamma;
      complete(i, reducerFree[card]!);
    }
  }
  if (done !== T) throw new Error(`dedicatedLinksSeconds: ${T - done} transfers never ran (a dependency cycle)`);
  return finish;
}
