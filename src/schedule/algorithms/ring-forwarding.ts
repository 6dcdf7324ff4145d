/**
 * The dependencies of a pure ring schedule (ring AllReduce, AllGather,
 * ReduceScatter: nothing but ring-phases.ts steps), known by construction.
 *
 * In every step after the first, position i forwards the very block it
 * received in the previous step (ring-phases.ts derives which block that
 * is), cut into the same sub-chunks; no other transfer touches those
 * elements, and a receiving position's own copy of a block is written once
 * (reduce-scatter) or never before (all-gather). So sub-chunk q sent by
 * position i in step k depends on exactly one transfer — sub-chunk q of the
 * block position i received in step k − 1 — and on nothing at the
 * destination; the first step depends on nothing.
 *
 * That is what the simulator's dependency analysis (sim/dependencies.ts)
 * derives from the element ranges, at a cost of a table over every
 * (card, piece of the buffer): 8.4 M transfers of a 256-card ring in 64
 * sub-chunks took a third of a simulation's time. A schedule built here
 * carries the answer (`Schedule.forwardedBy`) and the analysis reads it;
 * test/ring-forwarding.test.ts checks both agree on every ring layout.
 */

export class RingForwarding {
  // Per transfer: the transfer that forwards its data (−1: none yet); valid up to `count`.
  private by: Int32Array;
  private count = 0;
  // Per (ring, position, sub-chunk q): the transfer that delivered sub-chunk q of the block it received in the
  // previous step (prev) / receives in this one (next); −1: none.
  private prev: Int32Array;
  private next: Int32Array;
  private readonly q: number;

  /**
   * `subChunks`: the most sub-chunks a block is cut into (at most its elements and the pipeline); `capacity`: the
   * transfers expected (the builder's hint), so a big schedule's list is allocated once.
   */
  constructor(
    rings: number,
    private readonly p: number,
    subChunks: number,
    capacity = 16,
  ) {
    this.q = Math.max(subChunks, 1);
    this.prev = new Int32Array(rings * p * this.q).fill(-1);
    this.next = new Int32Array(rings * p * this.q).fill(-1);
    this.by = new Int32Array(Math.max(capacity, 16)).fill(-1);
  }

  /** A new step: what was received in the last one is what is forwarded now. */
  step(): void {
    [this.prev, this.next] = [this.next, this.prev];
    this.next.fill(-1);
  }

  /** Transfer `t`, the next one, carries sub-chunk `q` from sender x = ring · p + position to the next position. */
  sent(x: number, q: number, t: number): void {
    if (t !== this.count || q >= this.q) throw new Error(`RingForwarding: transfer ${t} (sub-chunk ${q}) out of order or range`);
    if (t === this.by.length) {
      const grown = new Int32Array(2 * t).fill(-1);
      grown.set(this.by);
      this.by = grown;
    }
    this.count++;
    const from = this.prev[x * this.q + q]!;
    if (from >= 0) this.by[from] = t;
    const position = x % this.p;
    this.next[(position === this.p - 1 ? x - position : x + 1) * this.q + q] = t;
  }

  /** Transfers t0 … t0 + n − 1, the next ones, carry sub-chunk `q` from senders 0 … n − 1 (every ring's every position). */
  sentRow(q: number, t0: number, n: number): void {
    if (t0 !== this.count || q >= this.q) throw new Error(`RingForwarding: transfer ${t0} (sub-chunk ${q}) out of order or range`);
    if (t0 + n > this.by.length) {
      const grown = new Int32Array(Math.max(2 * this.by.length, t0 + n)).fill(-1);
      grown.set(this.by);
      this.by = grown;
    }
    this.count += n;
    const { by, prev, next, p } = this;
    const stride = this.q;
    for (let x = 0, position = 0; x < n; x++) {
      const t = t0 + x;
      const from = prev[x * stride + q]!;
      if (from >= 0) by[from] = t;
      next[(position === p - 1 ? x - position : x + 1) * stride + q] = t;
      position = position === p - 1 ? 0 : position + 1;
    }
  }

  /** Per transfer: the one transfer that forwards its data (−1: none) — Schedule.forwardedBy. */
  forwardedBy(): Int32Array {
    return this.by.length === this.count ? this.by : this.by.slice(0, this.count);
  }
}
