/**
 * The event-driven simulator: prices a schedule on a network of links.
 *
 * Model (congestion-aware, after ASTRA-sim's analytical backend):
 * - Every directed link is a FIFO resource. A message crossing it occupies it
 *   for its serialization time bytes / bandwidth, then needs `latency` more
 *   seconds to arrive at the far end. Messages queue in the order they ask
 *   for the link (ties: the order the requests were made).
 * - Multi-hop routes are store-and-forward at cards: each hop costs
 *   α + bytes·β, and the next hop is requested when the message has fully
 *   arrived. Switches of a cut-through network (network/switch-model.ts)
 *   request the next hop once the first packet has arrived, and that hop
 *   cannot end before the last byte is in plus one packet.
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
 *
 * Implementation: one event per hop request and per reduce request, in a
 * queue ordered by (time, request order) (event-queue.ts); all state in
 * typed arrays indexed by transfer, link or card; routes interned per card
 * pair. Cost is O(messages × hops) plus the queue, independent of bytes.
 * Per-message and per-hop times are kept only with `timeline` and only up to
 * `timelineLimit` messages (memory).
 */
import type { SwitchModel } from '../network/switch-model.js';
import type { Schedule } from '../schedule/schedule.js';
import { analyseDependencies } from './dependencies.js';
import { EventQueue } from './event-queue.js';
import { linkArraysOf } from './link-arrays.js';

/** What the simulator needs of a network (src/network/network.ts satisfies it). */
export interface SimLinks {
  readonly nSails: number;
  readonly links: readonly { readonly bandwidth: number; readonly latency: number; readonly remoteSail?: number }[];
  readonly cards: readonly { readonly reduceSecondsPerByte: number; readonly injectionBandwidth?: number }[];
  /** How switch nodes (ids ≥ nSails) forward; absent: store-and-forward. */
  readonly switch?: SwitchModel;
}

/**
 * Per link, 1 when it leads into a node that forwards cut-through (a switch
 * of a cut-through network), else 0; undefined when there is none.
 */
export function cutThroughLinks(network: SimLinks): Uint8Array | undefined {
  if (network.switch?.forwarding !== 'cut-through') return undefined;
  const into = new Uint8Array(network.links.length);
  let any = false;
  network.links.forEach((l, id) => {
    if ((l.remoteSail ?? 0) >= network.nSails) {
      into[id] = 1;
      any = true;
    }
  });
  return any ? into : undefined;
}

export interface SimulationOptions {
  /** Bytes per working-buffer element. */
  readonly bytesPerElement: number;
  /** Link ids of the route from card `src` to card `dst`; called once per pair the schedule uses; every route exists. */
  readonly routeOf: (src: number, dst: number) => readonly number[];
  /** Keep per-transfer and per-hop times (default true), for schedules up to `timelineLimit` transfers. */
  readonly timeline?: boolean;
  /** Most transfers a timeline is kept for (default TIMELINE_LIMIT). */
  readonly timelineLimit?: number;
}

/** Schedules above this many transfers get no timeline (its per-hop records would dominate memory). */
export const TIMELINE_LIMIT = 200_000;

/** Every hop of every message, flat: hop k used link `link[k]` for transfer `transfer[k]` from `start[k]` to `end[k]`. */
export interface HopRecords {
  readonly link: Int32Array;
  readonly transfer: Int32Array;
  /** Seconds: serialization starts / ends (arrival at the far end is end + latency). */
  readonly start: Float64Array;
  readonly end: Float64Array;
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
  /** Messages crossed over all hops (Σ transfers × route length). */
  readonly hopCount: number;
  /** Per transfer (with the timeline): first byte sent, arrival, reduction start (NaN for copies), done. */
  readonly transferStart?: Float64Array;
  readonly transferArrive?: Float64Array;
  readonly transferReduceStart?: Float64Array;
  readonly transferDone?: Float64Array;
  /** Every hop of every message (with the timeline). */
  readonly hops?: HopRecords;
}

/** Link ids of each card pair's route, interned: pair p's route is links[start[p] .. start[p+1]). */
export interface RouteTable {
  /** Per transfer: its pair. */
  readonly pairOf: Int32Array;
  readonly start: Int32Array;
  readonly links: Int32Array;
}

/** Intern the routes of every (src, dst) pair the schedule uses. */
export function routeTable(schedule: Schedule, routeOf: (src: number, dst: number) => readonly number[]): RouteTable {
  const T = schedule.transferCount;
  const n = schedule.nSails;
  const pairOf = new Int32Array(T);
  const starts: number[] = [0];
  const links: number[] = [];
  const add = (src: number, dst: number): number => {
    for (const link of routeOf(src, dst)) links.push(link);
    starts.push(links.length);
    return starts.length - 2;
  };
  // Dense pair ids for up to 1024 cards (4 MiB); a Map beyond. Either way the
  // previous transfer's pair is tried first (pipelined sub-chunks repeat it).
  const dense = n * n <= 1 << 20 ? new Int32Array(n * n).fill(-1) : undefined;
  const sparse = dense === undefined ? new Map<number, number>() : undefined;
  let lastKey = -1;
  let lastPair = -1;
  for (let i = 0; i < T; i++) {
    const src = schedule.transferSrc[i]!;
    const dst = schedule.transferDst[i]!;
    const key = src * n + dst;
    if (key !== lastKey) {
      let pair: number;
      if (dense !== undefined) {
        pair = dense[key]!;
        if (pair < 0) dense[key] = pair = add(src, dst);
      } else {
        pair = sparse!.get(key) ?? -1;
        if (pair < 0) sparse!.set(key, (pair = add(src, dst)));
      }
      lastKey = key;
      lastPair = pair;
    }
    pairOf[i] = lastPair;
  }
  return { pairOf, start: Int32Array.from(starts), links: Int32Array.from(links) };
}

/** Bytes of every transfer: its elements (the sum of its segments' lengths) times the element size. */
export function transferBytes(schedule: Schedule, bytesPerElement: number): Float64Array {
  const { transferSegments, segmentRange, rangeStart, rangeEnd } = schedule;
  const rangeLength = new Float64Array(rangeStart.length);
  for (let r = 0; r < rangeLength.length; r++) rangeLength[r] = rangeEnd[r]! - rangeStart[r]!;
  const T = schedule.transferCount;
  const bytes = new Float64Array(T);
  for (let i = 0; i < T; i++) {
    let elements = 0;
    for (let s = transferSegments[i]!, end = transferSegments[i + 1]!; s < end; s++) elements += rangeLength[segmentRange[s]!]!;
    bytes[i] = elements * bytesPerElement;
  }
  return bytes;
}

/** Growable flat hop records. */
class HopLog {
  link = new Int32Array(256);
  transfer = new Int32Array(256);
  start = new Float64Array(256);
  end = new Float64Array(256);
  length = 0;

  add(link: number, transfer: number, start: number, end: number): void {
    if (this.length === this.link.length) {
      const c = this.length * 2;
      const l = new Int32Array(c); l.set(this.link); this.link = l;
      const t = new Int32Array(c); t.set(this.transfer); this.transfer = t;
      const s = new Float64Array(c); s.set(this.start); this.start = s;
      const e = new Float64Array(c); e.set(this.end); this.end = e;
    }
    this.link[this.length] = link;
    this.transfer[this.length] = transfer;
    this.start[this.length] = start;
    this.end[this.length] = end;
    this.length++;
  }

  records(): HopRecords {
    const n = this.length;
    return { link: this.link.slice(0, n), transfer: this.transfer.slice(0, n), start: this.start.slice(0, n), end: this.end.slice(0, n) };
  }
}

/** Bytes transfer i carries: the sum of its ranges' bytes (without `transferSegments`, its one range's). */
function bytesOf(i: number, transferSegments: Int32Array | undefined, segmentRange: Int32Array, rangeBytes: Float64Array): number {
  if (transferSegments === undefined) return rangeBytes[segmentRange[i]!]!;
  const first = transferSegments[i]!;
  const end = transferSegments[i + 1]!;
  if (end - first === 1) return rangeBytes[segmentRange[first]!]!;
  let total = 0;
  for (let s = first; s < end; s++) total += rangeBytes[segmentRange[s]!]!;
  return total;
}

const HOP = 0;
const REDUCE = 1;
/** pendingSrc of a transfer that has arrived at its destination. */
const ARRIVED = -1;

export function simulate(schedule: Schedule, network: SimLinks, options: SimulationOptions): SimulationResult {
  const T = schedule.transferCount;
  const keepTimeline = (options.timeline ?? true) && T <= (options.timelineLimit ?? TIMELINE_LIMIT);
  // Routes first: a pair without one fails before any other work.
  const routes = routeTable(schedule, options.routeOf);
  const deps = analyseDependencies(schedule);
  const { pairOf } = routes;
  const routeStart = routes.start;
  const routeLinks = routes.links;
  const { transferSrc, transferDst, transferReduce, transferStep } = schedule;
  const srcHead = deps.srcWaiters.head;
  const srcItem = deps.srcWaiters.item;
  const srcNext = deps.srcWaiters.next;
  // No list at all when no reduce waits on its destination's own data (then nothing is allocated for them).
  const dstHead = deps.dstWaiters.size > 0 ? deps.dstWaiters.head : undefined;
  const dstItem = deps.dstWaiters.item;
  const dstNext = deps.dstWaiters.next;

  // The counts are this simulation's own: count them down in place. A
  // transfer's pendingSrc is −1 once it has arrived (ARRIVED).
  const pendingSrc = deps.srcCount;
  const pendingDst = deps.dstCount;
  // Memory is a large part of this function's cost on big schedules (a 256-card × 64-chunk ring has 8.4 M transfers; every
  // per-transfer array is 33–67 MB to allocate and touch), so per-transfer state is kept to what the run needs:
  // `ready` holds when a transfer's data is final on its source until it is sent, then its arrival time (the two never
  // overlap); `dstReady` exists only when some reduce waits on its destination's own data; `hopIndex` only when some
  // route has several hops; bytes are read from the transfer's ranges, not stored per transfer.
  const ready = new Float64Array(T);
  const dstReady = dstHead !== undefined ? new Float64Array(T) : undefined;
  let multiHop = false;
  for (let p = 0; p + 1 < routeStart.length; p++) if (routeStart[p + 1]! - routeStart[p]! > 1) { multiHop = true; break; }
  const hopIndex = multiHop ? new Int32Array(T) : undefined;
  const arrived = keepTimeline ? new Float64Array(T).fill(NaN) : undefined;
  const { segmentRange } = schedule;
  // Not even built when every transfer has one segment (Schedule.transferSegments).
  const transferSegments = schedule.oneSegmentEach ? undefined : schedule.transferSegments;
  const rangeBytes = new Float64Array(schedule.rangeStart.length);
  for (let r = 0; r < rangeBytes.length; r++) rangeBytes[r] = (schedule.rangeEnd[r]! - schedule.rangeStart[r]!) * options.bytesPerElement;

  const nLinks = network.links.length;
  const nCards = network.nSails;
  const { bandwidth: linkBandwidth, latency: linkLatency, gamma, injection } = linkArraysOf(network); // injection 0 = no limit

  // Cut-through switches: which links lead into one, the first packet's size, and per message when its last byte reached the switch.
  const cutInto = cutThroughLinks(network);
  const packet = network.switch?.packetBytes ?? 0;
  const lastByte = cutInto !== undefined ? new Float64Array(T) : undefined;
  const linkFree = new Float64Array(nLinks);
  const linkBytes = new Float64Array(nLinks);
  const linkBusy = new Float64Array(nLinks);
  const injectionFree = new Float64Array(nCards);
  const computeFree = new Float64Array(nCards);
  const cardReduceSeconds = new Float64Array(nCards);
  const stepStart = new Float64Array(schedule.stepCount).fill(Infinity);
  const stepEnd = new Float64Array(schedule.stepCount);
  const transferStart = keepTimeline ? new Float64Array(T) : undefined;
  const transferDone = keepTimeline ? new Float64Array(T) : undefined;
  const transferReduceStart = keepTimeline ? new Float64Array(T).fill(NaN) : undefined;
  const hops = keepTimeline ? new HopLog() : undefined;
  let finish = 0;
  let hopCount = 0;

  const queue = new EventQueue(T);
  // Whether any card has an injection limit (else a message's source is not even read).
  const limited = injection.some((limit) => limit > 0);

  for (let i = 0; i < T; i++) if (pendingSrc[i] === 0) queue.push(0, HOP, i);

  while (queue.length > 0) {
    queue.pop();
    const now = queue.poppedTime;
    const i = queue.item;
    let time: number;
    if (queue.kind === HOP) {
      const h = hopIndex !== undefined ? hopIndex[i]! : 0;
      const pair = pairOf[i]!;
      const link = routeLinks[routeStart[pair]! + h]!;
      const bandwidth = linkBandwidth[link]!;
      const size = bytesOf(i, transferSegments, segmentRange, rangeBytes);
      let start = now > linkFree[link]! ? now : linkFree[link]!;
      let serialization = size / bandwidth;
      if (h === 0) {
        const src = limited ? transferSrc[i]! : 0;
        const limit = limited ? injection[src]! : 0;
        if (limit > 0) {
          if (injectionFree[src]! > start) start = injectionFree[src]!;
          serialization = size / (bandwidth < limit ? bandwidth : limit);
          injectionFree[src] = start + size / limit;
        }
        if (transferStart !== undefined) transferStart[i] = start;
        const step = transferStep[i]!;
        if (start < stepStart[step]!) stepStart[step] = start;
      }
      let end = start + serialization;
      // Out of a cut-through switch: the last packet must be in, then cross this link too.
      if (h > 0 && cutInto !== undefined && cutInto[routeLinks[routeStart[pair]! + h - 1]!] === 1) {
        const tail = lastByte![i]! + (serialization * Math.min(packet, size)) / size;
        if (tail > end) end = tail;
      }
      linkFree[link] = end;
      linkBytes[link]! += size;
      linkBusy[link]! += serialization;
      hopCount++;
      if (hops !== undefined) hops.add(link, i, start, end);
      let next = end + linkLatency[link]!;
      if (routeStart[pair]! + h + 1 < routeStart[pair + 1]!) {
        if (cutInto !== undefined && cutInto[link] === 1) {
          // Into a cut-through switch: the next hop may start once the first packet is in.
          lastByte![i] = next;
          next = start + (serialization * Math.min(packet, size)) / size + linkLatency[link]!;
        }
        hopIndex![i] = h + 1;
        queue.push(next, HOP, i);
        continue;
      }
      // Arrival needs no event of its own: its time is known now, and
      // everything it releases is queued at that time or later, so the
      // queue still runs every link and reducer request in time order.
      ready[i] = next;
      pendingSrc[i] = ARRIVED;
      if (arrived !== undefined) arrived[i] = next;
      if (transferReduce[i] === 1) {
        if (dstHead === undefined || pendingDst[i] === 0) {
          const d = dstReady !== undefined ? dstReady[i]! : 0;
          queue.push(next > d ? next : d, REDUCE, i);
        }
        continue;
      }
      time = next;
    } else {
      const dst = transferDst[i]!;
      const start = now > computeFree[dst]! ? now : computeFree[dst]!;
      const cost = bytesOf(i, transferSegments, segmentRange, rangeBytes) * gamma[dst]!;
      computeFree[dst] = start + cost;
      cardReduceSeconds[dst]! += cost;
      if (transferReduceStart !== undefined) transferReduceStart[i] = start;
      time = start + cost;
    }
    // Transfer i is done (arrived, and reduced if a reduce) at `time`: release who waits on it. (Inline, not a
    // closure: variables a closure captures live in a heap context, which slowed every access in this loop.)
    if (transferDone !== undefined) transferDone[i] = time;
    if (time > finish) finish = time;
    const step = transferStep[i]!;
    if (time > stepEnd[step]!) stepEnd[step] = time;
    // Waiter lists in compact form (dependencies.ts): ≥ 0 is a lone waiter, ≤ −2 a list's first node (−2 − x).
    // j: each waiter in turn; k: its list node (−1 for a lone waiter).
    for (let h = srcHead[i]!, k = h < -1 ? -2 - h : -1, j = h < -1 ? srcItem[k]! : h; j >= 0; k = k < 0 ? -1 : srcNext[k]!, j = k < 0 ? -1 : srcItem[k]!) {
      if (time > ready[j]!) ready[j] = time;
      if (--pendingSrc[j]! === 0) queue.push(ready[j]!, HOP, j);
    }
    if (dstHead === undefined) continue;
    // j: each waiter in turn; k: its list node (−1 for a lone waiter).
    for (let h = dstHead[i]!, k = h < -1 ? -2 - h : -1, j = h < -1 ? dstItem[k]! : h; j >= 0; k = k < 0 ? -1 : dstNext[k]!, j = k < 0 ? -1 : dstItem[k]!) {
      if (time > dstReady![j]!) dstReady![j] = time;
      if (--pendingDst[j]! === 0 && pendingSrc[j] === ARRIVED) {
        const a = ready[j]!;
        queue.push(a > dstReady![j]! ? a : dstReady![j]!, REDUCE, j);
      }
    }
  }

  for (let i = 0; i < T; i++) {
    if (pendingSrc[i] !== ARRIVED) {
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
    hopCount,
    ...(keepTimeline
      ? { transferStart: transferStart!, transferArrive: arrived!, transferReduceStart: transferReduceStart!, transferDone: transferDone!, hops: hops!.records() }
      : {}),
  };
}
