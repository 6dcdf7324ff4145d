/**
 * REFERENCE COPY (tests only): the event-driven simulator as it was before
 * the rewrite of src/sim/ for speed (issue 8), kept verbatim so tests can
 * check that the new simulator gives bit-identical results.
 *
 * The event-driven simulator: prices a schedule on a network of links.
 *
 * Model (congestion-aware, after ASTRA-sim's analytical backend):
 * - Every directed link is a FIFO resource. A message crossing it occupies it
 *   for its serialization time bytes / bandwidth, then needs `latency` more
 *   seconds to arrive at the far end. Messages queue in the order they ask
 *   for the link (ties: schedule order).
 * - Multi-hop routes are store-and-forward: each hop costs α + bytes·β, and
 *   the next hop is requested when the message has fully arrived.
 * - A card with an injection limit serializes everything it sends through one
 *   more FIFO of that bandwidth; the first hop then runs at the lower of the
 *   two rates.
 * - A reduce transfer, once arrived and once the destination's own copy of
 *   those elements is final, costs bytes·γ on the destination card; each card
 *   reduces one message at a time, in the order they become ready.
 * - A transfer leaves as soon as the data it carries is final on its source
 *   (dependencies.ts); step boundaries are not barriers, so pipelined
 *   schedules overlap as they would on hardware.
 *
 * Without contention (every transfer of a step on its own link) this gives
 * exactly the α-β-γ closed forms of the algorithm registry.
 */
import type { Schedule } from '../../src/schedule/schedule.js';
import { analyseDependencies } from './dependencies.js';
import { EventQueue } from './event-queue.js';

/** What the simulator needs of a network (src/network/network.ts satisfies it). */
export interface SimLinks {
  readonly nSails: number;
  readonly links: readonly { readonly bandwidth: number; readonly latency: number }[];
  readonly cards: readonly { readonly reduceSecondsPerByte: number; readonly injectionBandwidth?: number }[];
}

export interface SimulationOptions {
  /** Bytes per working-buffer element. */
  readonly bytesPerElement: number;
  /** Link ids of the route of transfer i's (src, dst) pair; every route exists. */
  readonly routeOf: (src: number, dst: number) => readonly number[];
  /** Keep per-transfer and per-hop times (memory grows with the schedule). Default: true. */
  readonly timeline?: boolean;
}

/** One use of a link by one message. */
export interface HopRecord {
  readonly link: number;
  readonly transfer: number;
  /** Seconds: serialization starts / ends (arrival at the far end is end + latency). */
  readonly start: number;
  readonly end: number;
}

export interface SimulationResult {
  /** Simulated seconds from the start until the last transfer has arrived and been reduced. */
  readonly seconds: number;
  /** Bytes each link carried, indexed by link id. */
  readonly linkBytes: Float64Array;
  /** Seconds each link spent serializing. */
  readonly linkBusySeconds: Float64Array;
  /** Seconds each card spent reducing. */
  readonly cardReduceSeconds: Float64Array;
  /** Per step: when its first transfer started and its last one finished. */
  readonly stepStart: Float64Array;
  readonly stepEnd: Float64Array;
  /** Per transfer (with `timeline`): first byte sent, arrival, reduction start (NaN for copies), done. */
  readonly transferStart?: Float64Array;
  readonly transferArrive?: Float64Array;
  readonly transferReduceStart?: Float64Array;
  readonly transferDone?: Float64Array;
  /** Every hop of every message (with `timeline`). */
  readonly hops?: HopRecord[];
}

const HOP = 0;
const REDUCE = 1;

/** Reverse a CSR dependency list: for each transfer, the transfers that wait on it. */
function dependents(start: Int32Array, deps: Int32Array, T: number): { start: Int32Array; list: Int32Array } {
  const counts = new Int32Array(T + 1);
  for (let k = 0; k < deps.length; k++) counts[deps[k]! + 1]!++;
  for (let i = 0; i < T; i++) counts[i + 1]! += counts[i]!;
  const fill = counts.slice(0, T);
  const list = new Int32Array(deps.length);
  for (let i = 0; i < T; i++) {
    for (let k = start[i]!; k < start[i + 1]!; k++) list[fill[deps[k]!]!++] = i;
  }
  return { start: counts, list };
}

export function simulate(schedule: Schedule, network: SimLinks, options: SimulationOptions): SimulationResult {
  const T = schedule.transferCount;
  const keepTimeline = options.timeline ?? true;
  const deps = analyseDependencies(schedule);
  const waitingOnSend = dependents(deps.srcDepStart, deps.srcDeps, T);
  const waitingOnDst = dependents(deps.dstDepStart, deps.dstDeps, T);

  const pendingSrc = new Int32Array(T);
  const pendingDst = new Int32Array(T);
  const sendReady = new Float64Array(T);
  const dstReady = new Float64Array(T);
  const arrived = new Float64Array(T).fill(NaN);
  const hopIndex = new Int32Array(T);
  const bytes = new Float64Array(T);
  const routes: (readonly number[])[] = new Array(T);
  for (let i = 0; i < T; i++) {
    pendingSrc[i] = deps.srcDepStart[i + 1]! - deps.srcDepStart[i]!;
    pendingDst[i] = deps.dstDepStart[i + 1]! - deps.dstDepStart[i]!;
    bytes[i] = schedule.elementsOf(i) * options.bytesPerElement;
    routes[i] = options.routeOf(schedule.transferSrc[i]!, schedule.transferDst[i]!);
  }

  const links = network.links;
  const linkFree = new Float64Array(links.length);
  const linkBytes = new Float64Array(links.length);
  const linkBusy = new Float64Array(links.length);
  const injectionFree = new Float64Array(network.nSails);
  const computeFree = new Float64Array(network.nSails);
  const cardReduceSeconds = new Float64Array(network.nSails);
  const stepStart = new Float64Array(schedule.stepCount).fill(Infinity);
  const stepEnd = new Float64Array(schedule.stepCount);
  const transferStart = new Float64Array(T);
  const transferDone = new Float64Array(T);
  const transferReduceStart = keepTimeline ? new Float64Array(T).fill(NaN) : undefined;
  const hops: HopRecord[] | undefined = keepTimeline ? [] : undefined;
  let finish = 0;

  const queue = new EventQueue();

  const complete = (i: number, time: number): void => {
    transferDone[i] = time;
    if (time > finish) finish = time;
    const step = schedule.transferStep[i]!;
    if (time > stepEnd[step]!) stepEnd[step] = time;
    for (let k = waitingOnSend.start[i]!; k < waitingOnSend.start[i + 1]!; k++) {
      const j = waitingOnSend.list[k]!;
      if (time > sendReady[j]!) sendReady[j] = time;
      if (--pendingSrc[j]! === 0) queue.push(sendReady[j]!, HOP, j);
    }
    for (let k = waitingOnDst.start[i]!; k < waitingOnDst.start[i + 1]!; k++) {
      const j = waitingOnDst.list[k]!;
      if (time > dstReady[j]!) dstReady[j] = time;
      if (--pendingDst[j]! === 0 && !Number.isNaN(arrived[j]!)) queue.push(Math.max(arrived[j]!, dstReady[j]!), REDUCE, j);
    }
  };

  for (let i = 0; i < T; i++) if (pendingSrc[i] === 0) queue.push(0, HOP, i);

  while (queue.length > 0) {
    queue.pop();
    const now = queue.poppedTime;
    const i = queue.item;
    switch (queue.kind) {
      case HOP: {
        const h = hopIndex[i]!;
        const link = routes[i]![h]!;
        const { bandwidth, latency } = links[link]!;
        const size = bytes[i]!;
        let start = Math.max(now, linkFree[link]!);
        let serialization = size / bandwidth;
        if (h === 0) {
          const src = schedule.transferSrc[i]!;
          const injection = network.cards[src]!.injectionBandwidth;
          if (injection !== undefined) {
            start = Math.max(start, injectionFree[src]!);
            serialization = size / Math.min(bandwidth, injection);
            injectionFree[src] = start + size / injection;
          }
          transferStart[i] = start;
          const step = schedule.transferStep[i]!;
          if (start < stepStart[step]!) stepStart[step] = start;
        }
        const end = start + serialization;
        linkFree[link] = end;
        linkBytes[link]! += size;
        linkBusy[link]! += serialization;
        hops?.push({ link, transfer: i, start, end });
        const next = end + latency;
        if (h + 1 < routes[i]!.length) {
          hopIndex[i] = h + 1;
          queue.push(next, HOP, i);
          break;
        }
        // Arrival needs no event of its own: its time is known now, and
        // everything it releases is queued at that time or later, so the
        // queue still runs every link and reducer request in time order.
        arrived[i] = next;
        if (schedule.transferReduce[i] === 1) {
          if (pendingDst[i] === 0) queue.push(Math.max(next, dstReady[i]!), REDUCE, i);
        } else {
          complete(i, next);
        }
        break;
      }
      case REDUCE: {
        const dst = schedule.transferDst[i]!;
        const start = Math.max(now, computeFree[dst]!);
        const cost = bytes[i]! * network.cards[dst]!.reduceSecondsPerByte;
        computeFree[dst] = start + cost;
        cardReduceSeconds[dst]! += cost;
        if (transferReduceStart) transferReduceStart[i] = start;
        complete(i, start + cost);
        break;
      }
    }
  }

  for (let i = 0; i < T; i++) {
    if (pendingSrc[i]! > 0 || Number.isNaN(arrived[i]!)) {
      throw new Error(`simulate: transfer ${i} never ran (a dependency cycle in the schedule)`);
    }
  }
  for (let s = 0; s < schedule.stepCount; s++) if (stepStart[s] === Infinity) stepStart[s] = 0;

  return {
    seconds: finish,
    linkBytes,
    linkBusySeconds: linkBusy,
    cardReduceSeconds,
    stepStart,
    stepEnd,
    ...(keepTimeline ? { transferStart, transferArrive: arrived, transferReduceStart: transferReduceStart!, transferDone, hops: hops! } : {}),
  };
}
