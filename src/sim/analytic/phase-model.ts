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
 * Refinement passes (see the module comment): 3 was the best of 1–30 on the
 * analytic-vs-simulation grid — more passes make some FIFO orders oscillate.
 */
const PASSES = 3;

export class PhaseModel {
  /** Bytes and serialization seconds per link, over every phase priced. */
  readonly linkBytes: Float64Array;
  readonly linkBusySeconds: Float64Array;
  /** When each link finished everything priced so far. */
  private readonly linkFree: Float64Array;
  /** When each card's reducer, and its injection port, finished everything priced so far. */
  private readonly reducerFree: Float64Array;
  private readonly injectionFree: Float64Array;
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
    const hopMessage: number[] = [];
    const hopResource: number[] = [];
    const hopSerialization: number[] = [];
    const hopLatency: number[] = [];
    const uncontended: number[] = [];
    const firstHop = new Int32Array(m + 1);
    for (let i = 0; i < m; i++) {
      firstHop[i] = hopMessage.length;
      const route = costs.route(this.src[i]!, this.dst[i]!);
      const b = this.bytes[i]!;
      let t = this.ready[i]!;
      const limit = costs.injection[this.src[i]!]!;
      if (limit > 0 && route.length > 0) {
        hopMessage.push(i);
        hopResource.push(nLinks + this.src[i]!);
        hopSerialization.push(b / limit);
        hopLatency.push(0);
        uncontended.push(t);
      }
      for (let k = 0; k < route.length; k++) {
        const ser = costs.serializationSeconds(this.src[i]!, route, k, b);
        hopMessage.push(i);
        hopResource.push(route[k]!);
        hopSerialization.push(ser);
        hopLatency.push(costs.latency[route[k]!]!);
        uncontended.push(t);
        t += ser + costs.latency[route[k]!]!;
      }
    }
    firstHop[m] = hopMessage.length;
    const H = hopMessage.length;
    // Where each resource stood when the phase began (links and injection ports).
    const startFree = new Map<number, number>();
    for (let h = 0; h < H; h++) {
      const r = hopResource[h]!;
      if (!startFree.has(r)) startFree.set(r, r >= nLinks ? this.injectionFree[r - nLinks]! : this.linkFree[r]!);
    }
    // Estimated arrival at each hop: first uncontended, then refined.
    const arrival = Float64Array.from(uncontended);
    const start = new Float64Array(H);
    const free = new Map<number, number>();
    const order = Array.from({ length: H }, (_, h) => h);
    for (let pass = 0; pass < PASSES; pass++) {
      order.sort((a, b) => hopResource[a]! - hopResource[b]! || arrival[a]! - arrival[b]! || a - b);
      for (const [r, t] of startFree) free.set(r, t);
      for (const h of order) {
        const r = hopResource[h]!;
        const t = Math.max(arrival[h]!, free.get(r)!);
        start[h] = t;
        free.set(r, t + hopSerialization[h]!);
      }
      // A hop's arrival is the previous hop's end (an injection port only delays the first link's start).
      for (let i = 0; i < m; i++) {
        for (let h = firstHop[i]! + 1; h < firstHop[i + 1]!; h++) {
          const previous = hopResource[h - 1]! >= nLinks ? start[h - 1]! : start[h - 1]! + hopSerialization[h - 1]! + hopLatency[h - 1]!;
          arrival[h] = Math.max(uncontended[h]!, previous);
        }
      }
    }
    const arrive = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const last = firstHop[i + 1]! - 1;
      arrive[i] = last < firstHop[i]! ? this.ready[i]! : Math.max(start[last]! + hopSerialization[last]! + hopLatency[last]!, arrival[last]! + hopSerialization[last]! + hopLatency[last]!);
    }
    for (const [r, t] of free) {
      if (r >= nLinks) this.injectionFree[r - nLinks] = t;
      else this.linkFree[r] = t;
    }
    for (let h = 0; h < H; h++) {
      const r = hopResource[h]!;
      if (r >= nLinks) continue;
      this.linkBytes[r]! += this.bytes[hopMessage[h]!]!;
      this.linkBusySeconds[r]! += hopSerialization[h]!;
    }
    this.hops += hopMessage.length;
    this.messages += m;
    // Reducers: in order of arrival (ties by insertion).
    const byArrival = Array.from(arrive.keys());
    byArrival.sort((a, b) => arrive[a]! - arrive[b]! || a - b);
    for (const i of byArrival) {
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
