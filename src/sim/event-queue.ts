/**
 * The simulator's queue of timed events, popped in (time, insertion order):
 * events at the same instant run first-come first-served, so every run of
 * the simulator is deterministic.
 *
 * Structure: one FIFO list per *distinct* time, and a binary min-heap of
 * those times. Popping in (time, insertion order) needs nothing more,
 * because within one time insertion order is FIFO order. Collective
 * schedules are highly symmetric — every card of a ring does the same thing
 * at the same instant — so a queue of millions of events usually holds a few
 * hundred distinct times: pushes append to an existing list (found through
 * a Map, or the one-entry cache of the last time pushed, which most pushes
 * hit) and the heap stays small. With no two times equal it degrades to a
 * plain binary heap plus one Map operation per event.
 *
 * Each item has at most one event queued at a time (a simulated message is
 * either waiting for a link or for a reducer, never both), so the list
 * nodes are the items themselves: no allocation per event. Storage is flat
 * typed arrays; a simulation pushes tens of millions of events.
 */
export class EventQueue {
  // Per item: its event's kind and the next item queued at the same time (−1 = last).
  private readonly nodeKind: Uint8Array;
  private readonly nodeNext: Int32Array;
  // Time lists ("buckets"): their time, first and last node; free list through bucketHead.
  private bucketTime = new Float64Array(64);
  private bucketHead = new Int32Array(64);
  private bucketTail = new Int32Array(64);
  private freeBucket = -1;
  private bucketsUsed = 0;
  // Min-heap of bucket ids by time.
  private heap = new Int32Array(64);
  private heapSize = 0;
  private readonly byTime = new Map<number, number>();
  private cachedTime = NaN;
  private cachedBucket = -1;
  private size = 0;

  /** A queue for items 0 … capacity − 1, each with at most one event queued at a time. */
  constructor(capacity: number) {
    this.nodeKind = new Uint8Array(capacity);
    this.nodeNext = new Int32Array(capacity);
  }

  /** The last popped event. */
  kind = 0;
  item = 0;
  poppedTime = 0;

  get length(): number {
    return this.size;
  }

  /** Queue an event for `item` (which must have none queued); `kind` (0–255) is opaque to the queue. */
  push(time: number, kind: number, item: number): void {
    let b: number;
    if (time === this.cachedTime) {
      b = this.cachedBucket;
    } else {
      const found = this.byTime.get(time);
      if (found === undefined) {
        b = this.newBucket(time);
        this.byTime.set(time, b);
        this.heapInsert(b);
      } else {
        b = found;
      }
      this.cachedTime = time;
      this.cachedBucket = b;
    }
    const node = item;
    this.nodeKind[node] = kind;
    this.nodeNext[node] = -1;
    const tail = this.bucketTail[b]!;
    if (tail < 0) this.bucketHead[b] = node;
    else this.nodeNext[tail] = node;
    this.bucketTail[b] = node;
    this.size++;
  }

  /** Time of the earliest event (call only when length > 0). */
  peekTime(): number {
    return this.bucketTime[this.heap[0]!]!;
  }

  /** Remove the earliest event; its kind, item and time are left in `kind`, `item`, `poppedTime`. */
  pop(): void {
    const b = this.heap[0]!;
    const node = this.bucketHead[b]!;
    this.kind = this.nodeKind[node]!;
    this.item = node;
    this.poppedTime = this.bucketTime[b]!;
    const next = this.nodeNext[node]!;
    this.size--;
    if (next >= 0) {
      this.bucketHead[b] = next;
      return;
    }
    // The time's list is empty: drop the time.
    this.byTime.delete(this.poppedTime);
    if (this.cachedBucket === b) {
      this.cachedTime = NaN;
      this.cachedBucket = -1;
    }
    this.heapRemoveTop();
    this.bucketHead[b] = this.freeBucket;
    this.freeBucket = b;
  }

  private newBucket(time: number): number {
    let b: number;
    if (this.freeBucket >= 0) {
      b = this.freeBucket;
      this.freeBucket = this.bucketHead[b]!;
    } else {
      if (this.bucketsUsed === this.bucketTime.length) {
        const capacity = this.bucketTime.length * 2;
        this.bucketTime = grow(this.bucketTime, new Float64Array(capacity));
        this.bucketHead = grow(this.bucketHead, new Int32Array(capacity));
        this.bucketTail = grow(this.bucketTail, new Int32Array(capacity));
        this.heap = grow(this.heap, new Int32Array(capacity));
      }
      b = this.bucketsUsed++;
    }
    this.bucketTime[b] = time;
    this.bucketHead[b] = -1;
    this.bucketTail[b] = -1;
    return b;
  }

  private heapInsert(b: number): void {
    const heap = this.heap;
    const times = this.bucketTime;
    const time = times[b]!;
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!(time < times[p]!)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = b;
  }

  private heapRemoveTop(): void {
    const heap = this.heap;
    const times = this.bucketTime;
    const last = --this.heapSize;
    if (last === 0) return;
    const b = heap[last]!;
    const time = times[b]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      let child = left;
      const right = left + 1;
      if (right < last && times[heap[right]!]! < times[heap[left]!]!) child = right;
      if (!(times[heap[child]!]! < time)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = b;
  }
}

function grow<T extends Int32Array | Float64Array>(old: T, fresh: T): T {
  fresh.set(old as never);
  return fresh;
}
