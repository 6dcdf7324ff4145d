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
 * carries the answer (`Schedule.forwardedFrom`) and the analysis reads it;
 * test/ring-forwarding.test.ts checks both agree on every ring layout.
 */
import { GrowableInt32 } from '../../growable-int32.js';

export class RingForwarding {
  /** Per transfer, in order: the one transfer it waits on (−1: none). */
  readonly from = new GrowableInt32();
  // Per (ring, position): the first transfer and count of the sub-chunks it received in the previous step (prev) /
  // receives in this one (next); −1: none.
  private prevFirst: Int32Array;
  private prevCount: Int32Array;
  private nextFirst: Int32Array;
  private nextCount: Int32Array;
  /** False once a forwarded block's sub-chunk count differed from the received one (then `from` must not be used). */
  consistent = true;

  /** `capacity`: the transfers expected (the builder's hint), so a big schedule's list is allocated once. */
  constructor(
    rings: number,
    private readonly p: number,
    capacity = 16,
  ) {
    this.from.data = new Int32Array(Math.max(capacity, 16));
    this.prevFirst = new Int32Array(rings * p).fill(-1);
    this.prevCount = new Int32Array(rings * p);
    this.nextFirst = new Int32Array(rings * p).fill(-1);
    this.nextCount = new Int32Array(rings * p);
  }

  /** A new step: what was received in the last one is what is forwarded now. */
  step(): void {
    [this.prevFirst, this.nextFirst] = [this.nextFirst, this.prevFirst];
    [this.prevCount, this.nextCount] = [this.nextCount, this.prevCount];
    this.nextFirst.fill(-1);
    this.nextCount.fill(0);
  }

  /** Position `position` of ring `ring` sent transfers [first, end) to position + 1, all of this step. */
  sent(ring: number, position: number, first: number, end: number): void {
    const at = ring * this.p + position;
    const received = this.prevFirst[at]!;
    if (received >= 0 && this.prevCount[at] !== end - first) this.consistent = false;
    for (let t = first; t < end; t++) this.from.push(received >= 0 ? received + (t - first) : -1);
    const to = ring * this.p + ((position + 1) % this.p);
    this.nextFirst[to] = first;
    this.nextCount[to] = end - first;
  }
}
