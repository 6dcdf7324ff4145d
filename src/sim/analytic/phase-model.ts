/**
 * The analytic model of a *phase*: a set of messages that may be on the
 * links at the same time (one step of a schedule, or several steps that do
 * not depend on one another), each with the time its data is ready. It
 * prices the simulator's cost model — FIFO links, store-and-forward hops,
 * injection limits, serialized reductions — without an event queue:
 *
 *   1. Every hop of every message gets an estimated arrival time at its
 *      link, first uncontended: ready + Σ_{j<k} (b·β_j + α_j).
 *   2. Every link (and every card's injection port) serves its hops one at
 *      a time in order of those estimates (ties: the order the messages
 *      were added), after whatever it carried in earlier phases:
 *      start = max(estimate, link free), link free = start + b·β.
 *   3. Each hop's estimate becomes the previous hop's end plus its latency
 *      (never earlier than uncontended), and steps 2–3 repeat: a fixed
 *      number of Jacobi passes over these max-plus equations.
 *   4. A message arrives when its last hop ends plus that link's latency;
 *      each destination then reduces its reduce messages one at a time in
 *      order of arrival, once its own elements are final.
 * The event simulation solves the same equations with requests served in
 * the order they really reach a link. Where no two messages share a link
 * both agree exactly (one pass settles everything); where they do, the
 * passes converge on the simulator's order for short routes — fan-in and
 * fan-out at a switch, pipelined sub-chunks on one link — and approximate
 * it for long routes sharing many links, and across phases (a later phase
 * never overtakes an earlier one on a link). test/analytic-vs-simulation
 * measures the difference and states the bound.
 */
import type { RouteCosts } from './route-costs.js';

/**
 * Most refinement passes (see the module comment); a phase stops as soon as
 * a pass changes no arrival. On the analytic-vs-simulation grid 12 was where
 * more passes stopped helping.
 */
const PASSES = 64;

export class PhaseModel {
  /** Bytes and serialization seconds per link, over every phase priced. */
  readonly linkBytes: Float64Array;
  readonly linkBusySeconds: Float64Array;
  /** When each link finished everything priced so far. */
  private readonly linkFree: Float64Array;
  /**
   * Per resource, the busy intervals of earlier phases, sorted: [start, end]
   * pairs. A later phase's message may use a gap before an earlier phase's
   * last message when it gets there first, as it would in the simulator.
   */
  private readonly busy: (number[] | undefined)[];
  /** Per resource, the longest of its busy intervals: intervals starting more than that before t all end by t. */
  private readonly longest: Float64Array;
  /** When each card's reducer, and its injection port, finished everything priced so far. */
  private readonly reducerFree: Float64Array;
  private readonly injectionFree: Float64Array;
  /** Scratch: per resource (links, then injection ports) its group in the phase being closed, else −1. */
  private readonly groupOf: Int32Array;
  /** Latest completion of any message so far. */
  finish = 0;
  /** Messages priced, and hops crossed. */
  messages = 0;
  hops = 0;

  // The current phase's messages.
  private src: number[] = [];
  private dst: number[] = [];
  private bytes: number[] = [];
  private ready: number[] = [];
  private own: number[] = [];
  private reduce: boolean[] = [];
  /** Per message of the last closed phase: when it was done (arrived, and reduced if a reduce). */
  done = new Float64Array(16);

  constructor(private readonly costs: RouteCosts) {
    const nLinks = costs.network.links.length;
    this.linkBytes = new Float64Array(nLinks);
    this.linkBusySeconds = new Float64Array(nLinks);
    this.linkFree = new Float64Array(nLinks);
    this.reducerFree = new Float64Array(costs.network.nSails);
    this.injectionFree = new Float64Array(costs.network.nSails);
    this.groupOf = new Int32Array(nLinks + costs.network.nSails).fill(-1);
    // Indexed by resource (a Map's lookups were a fifth of the model's time on 16,384 cards).
    this.busy = new Array<number[] | undefined>(nLinks + costs.network.nSails);
    this.longest = new Float64Array(nLinks + costs.network.nSails);
  }

  /**
   * Add a message to the current phase: `ready` is when its data is final on
   * `src`; for a reduce, `own` is when the destination's own elements are.
   * Returns its index in the phase.
   */
  add(src: number, dst: number, bytes: number, ready: number, reduce: boolean, own = 0): number {
    this.src.push(src);
    this.dst.push(dst);
    this.bytes.push(bytes);
    this.ready.push(ready);
    this.own.push(own);
    this.reduce.push(reduce);
    return this.src.length - 1;
  }

  /** Price the current phase; `done[i]` then holds message i's completion. Starts a new phase. */
  close(): void {
    const m = this.src.length;
    if (this.done.length < m) this.done = new Float64Array(Math.max(m, this.done.length * 2));
    const costs = this.costs;
    // Hops of this phase, message by message in route order; an injection
    // port (resource nLinks + card) is a hop of its own before the first link.
    const nLinks = this.linkFree.length;
    const firstHop = new Int32Array(m + 1);
    // The link and card arrays, read directly (the hop records were a third of the model's time on 16,384 cards).
    const bandwidth = costs.bandwidth;
    const latency = costs.latency;
    const injection = costs.injection;
    const cutInto = costs.cutThroughInto;
    const packetBytes = costs.network.switch.packetBytes;
    const routes: (readonly number[])[] = new Array(m);
    let H = 0;
    for (let i = 0; i < m; i++) {
      firstHop[i] = H;
      const route = costs.route(this.src[i]!, this.dst[i]!);
      routes[i] = route;
      const hops = route.length;
      H += hops + (hops > 0 && injection[this.src[i]!]! > 0 ? 1 : 0);
    }
    firstHop[m] = H;
    const hopMessage = new Int32Array(H);
    const hopResource = new Int32Array(H);
    const hopSerialization = new Float64Array(H);
    const hopLatency = new Float64Array(H);
    const uncontended = new Float64Array(H);
    const uncontendedEnd = new Float64Array(H);
    // Hops out of a cut-through switch (route-costs.ts): the fraction of the message the switch waits for.
    const cutFraction = new Float64Array(H);
    for (let i = 0, h = 0; i < m; i++) {
      const route = routes[i]!;
      const b = this.bytes[i]!;
      const limit = injection[this.src[i]!]!;
      if (limit > 0 && route.length > 0) {
        hopMessage[h] = i;
        hopResource[h] = nLinks + this.src[i]!;
        hopSerialization[h] = b / limit;
        uncontended[h] = this.ready[i]!;
        uncontendedEnd[h] = this.ready[i]!;
        h++;
      }
      for (let k = 0; k < route.length; k++, h++) {
        // RouteCosts.serializationSeconds and cutThroughAfter, inline.
        const link = route[k]!;
        const bw = bandwidth[link]!;
        const ser = b / (k === 0 && limit > 0 && limit < bw ? limit : bw);
        hopMessage[h] = i;
        hopResource[h] = link;
        hopSerialization[h] = ser;
        hopLatency[h] = latency[link]!;
        if (k === 0) {
          uncontended[h] = this.ready[i]!;
          uncontendedEnd[h] = uncontended[h]! + ser;
          continue;
        }
        const f = cutInto !== undefined && cutInto[route[k - 1]!] === 1 ? Math.min(packetBytes, b) / b : 0;
        cutFraction[h] = f;
        if (f > 0) {
          uncontended[h] = uncontended[h - 1]! + f * hopSerialization[h - 1]! + hopLatency[h - 1]!;
          uncontendedEnd[h] = Math.max(uncontended[h]! + ser, uncontendedEnd[h - 1]! + hopLatency[h - 1]! + f * ser);
        } else {
          uncontended[h] = uncontendedEnd[h - 1]! + hopLatency[h - 1]!;
          uncontendedEnd[h] = uncontended[h]! + ser;
        }
      }
    }
    // Group the hops by resource once (counting sort, stable: ties keep insertion order).
    const groupOf = this.groupOf;
    const resources = new Int32Array(H);
    const groupCount = new Int32Array(H + 1);
    let G = 0;
    for (let h = 0; h < H; h++) {
      const r = hopResource[h]!;
      let g = groupOf[r]!;
      if (g < 0) {
        g = G++;
        groupOf[r] = g;
        resources[g] = r;
      }
      groupCount[g]!++;
    }
    const groupStart = new Int32Array(G + 1);
    for (let g = 0; g < G; g++) groupStart[g + 1] = groupStart[g]! + groupCount[g]!;
    const order = new Int32Array(H);
    const fill = groupStart.slice(0, G);
    for (let h = 0; h < H; h++) order[fill[groupOf[hopResource[h]!]!]!++] = h;
    for (let g = 0; g < G; g++) groupOf[resources[g]!] = -1;
    // Where each resource stood when the phase began.
    const startFree = new Float64Array(G);
    for (let g = 0; g < G; g++) {
      const r = resources[g]!;
      startFree[g] = r >= nLinks ? this.injectionFree[r - nLinks]! : this.linkFree[r]!;
    }
    // Estimated arrival at each hop: first uncontended, then refined.
    const arrival = Float64Array.from(uncontended);
    const start = new Float64Array(H);
    const end = Float64Array.from(uncontendedEnd);
    const endFree = new Float64Array(G);
    const scratch = new Int32Array(H);
    // Each group's intervals from earlier phases, looked up once per phase (not once per pass).
    const empty: number[] = [];
    const oldOf: number[][] = new Array(G);
    for (let g = 0; g < G; g++) oldOf[g] = this.busy[resources[g]!] ?? empty;
    for (let pass = 0; pass < PASSES; pass++) {
      for (let g = 0; g < G; g++) {
        const lo = groupStart[g]!;
        const hi = groupStart[g + 1]!;
        sortByKey(order, lo, hi, arrival, scratch);
        // This phase's hops go one after another, each in the first gap of the earlier phases' intervals it fits.
        const old = oldOf[g]!;
        const longest = this.longest[resources[g]!]!;
        let free = 0;
        let k = 0;
        for (let x = lo; x < hi; x++) {
          const h = order[x]!;
          const ser = hopSerialization[h]!;
          let t = arrival[h]! > free ? arrival[h]! : free;
          // Skip the intervals that end by t: first, by bisection over the starts, those starting by t − longest.
          if (old.length > 16) k = Math.max(k, firstStartAfter(old, t - longest));
          while (k < old.length && old[k + 1]! <= t) k += 2;
          for (let j = k; j < old.length && old[j]! < t + ser; j += 2) if (old[j + 1]! > t) t = old[j + 1]!;
          start[h] = t;
          let e = t + ser;
          // Out of a cut-through switch: not before the last byte is in plus one packet here.
          const f = cutFraction[h]!;
          if (f > 0) e = Math.max(e, end[h - 1]! + hopLatency[h - 1]! + f * ser);
          end[h] = e;
          free = e;
        }
        endFree[g] = Math.max(free, startFree[g]!);
      }
      // A hop's arrival is the previous hop's end (an injection port only delays the first link's start).
      let changed = false;
      for (let i = 0; i < m; i++) {
        for (let h = firstHop[i]! + 1; h < firstHop[i + 1]!; h++) {
          const f = cutFraction[h]!;
          const previous = hopResource[h - 1]! >= nLinks
            ? start[h - 1]!
            : f > 0 ? start[h - 1]! + f * hopSerialization[h - 1]! + hopLatency[h - 1]! : end[h - 1]! + hopLatency[h - 1]!;
          const next = Math.max(uncontended[h]!, previous);
          if (next !== arrival[h]) {
            arrival[h] = next;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    const arrive = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const last = firstHop[i + 1]! - 1;
      arrive[i] = last < firstHop[i]! ? this.ready[i]! : Math.max(end[last]!, arrival[last]! + hopSerialization[last]!) + hopLatency[last]!;
    }
    for (let g = 0; g < G; g++) {
      const r = resources[g]!;
      if (r >= nLinks) this.injectionFree[r - nLinks] = endFree[g]!;
      else this.linkFree[r] = endFree[g]!;
      // Merge this phase's intervals (in start order) into the resource's sorted list; earlier intervals first on ties.
      const lo = groupStart[g]!;
      const hi = groupStart[g + 1]!;
      const old = oldOf[g]!;
      const firstStart = start[order[lo]!]!;
      // Every earlier interval starts first (the usual case: a later phase after an earlier one): append in place.
      const inPlace = old.length === 0 || old[old.length - 2]! <= firstStart;
      const fresh: number[] = inPlace && old.length > 0 ? old : [];
      let longest = this.longest[r]!;
      for (let x = lo; x < hi; x++) {
        const h = order[x]!;
        const e = Math.max(end[h]!, start[h]! + hopSerialization[h]!);
        fresh.push(start[h]!, e);
        if (e - start[h]! > longest) longest = e - start[h]!;
      }
      this.longest[r] = longest;
      if (inPlace) {
        if (old.length === 0) this.busy[r] = fresh;
        continue;
      }
      const merged: number[] = [];
      let a = 0;
      let b = 0;
      while (a < old.length || b < fresh.length) {
        if (b >= fresh.length || (a < old.length && old[a]! <= fresh[b]!)) merged.push(old[a]!, old[a + 1]!), (a += 2);
        else merged.push(fresh[b]!, fresh[b + 1]!), (b += 2);
      }
      this.busy[r] = merged;
    }
    for (let h = 0; h < H; h++) {
      const r = hopResource[h]!;
      if (r >= nLinks) continue;
      this.linkBytes[r]! += this.bytes[hopMessage[h]!]!;
      this.linkBusySeconds[r]! += hopSerialization[h]!;
    }
    this.hops += H;
    this.messages += m;
    // Reducers: in order of arrival (ties by insertion).
    const inArrivalOrder = new Int32Array(m);
    for (let i = 0; i < m; i++) inArrivalOrder[i] = i;
    sortByKey(inArrivalOrder, 0, m, arrive, new Int32Array(m));
    for (let x = 0; x < m; x++) {
      const i = inArrivalOrder[x]!;
      let done = arrive[i]!;
      if (this.reduce[i]) {
        const d = this.dst[i]!;
        const start = Math.max(done, this.own[i]!, this.reducerFree[d]!);
        done = start + this.bytes[i]! * costs.gamma[d]!;
        this.reducerFree[d] = done;
      }
      this.done[i] = done;
      if (done > this.finish) this.finish = done;
    }
    this.src = [];
    this.dst = [];
    this.bytes = [];
    this.ready = [];
    this.own = [];
    this.reduce = [];
  }
}

/**
 * In a list of [start, end] pairs sorted by start, the index (even) of the
 * first pair whose start is after `t`, by bisection.
 */
function firstStartAfter(list: readonly number[], t: number): number {
  let lo = 0;
  let hi = list.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[2 * mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo;
}

/**
 * Sort items[lo, hi) (indices) by key[item], ties by the index: a stable
 * merge sort over typed arrays — most groups are already sorted (one pass is
 * enough), and the comparator-based TypedArray sort was the model's cost.
 */
function sortByKey(items: Int32Array, lo: number, hi: number, key: Float64Array, scratch: Int32Array): void {
  let sorted = true;
  for (let x = lo + 1; x < hi && sorted; x++) sorted = !before(items[x]!, items[x - 1]!, key);
  if (sorted) return;
  sortRun(items.subarray(lo, hi), key, scratch);
}

function sortRun(items: Int32Array, key: Float64Array, scratch: Int32Array): void {
  const n = items.length;
  // Bottom-up merge sort, runs of 16 by insertion first.
  for (let lo = 0; lo < n; lo += 16) {
    const hi = Math.min(lo + 16, n);
    for (let x = lo + 1; x < hi; x++) {
      const v = items[x]!;
      let y = x - 1;
      while (y >= lo && before(v, items[y]!, key)) {
        items[y + 1] = items[y]!;
        y--;
      }
      items[y + 1] = v;
    }
  }
  let from = items;
  let to = scratch.subarray(0, n);
  for (let width = 16; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let a = lo;
      let b = mid;
      let o = lo;
      while (a < mid && b < hi) to[o++] = before(from[b]!, from[a]!, key) ? from[b++]! : from[a++]!;
      while (a < mid) to[o++] = from[a++]!;
      while (b < hi) to[o++] = from[b++]!;
    }
    const t = from;
    from = to;
    to = t;
  }
  if (from !== items) items.set(from);
}

function before(a: number, b: number, key: Float64Array): boolean {
  const ka = key[a]!;
  const kb = key[b]!;
  return ka < kb || (ka === kb && a < b);
}
