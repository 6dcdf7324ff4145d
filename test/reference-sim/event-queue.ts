// REFERENCE COPY (tests only) of the pre-rewrite simulator's module; see simulate.ts here.
/**
 * A binary min-heap of timed events for the simulator: keyed by time, then by
 * insertion order, so events at the same instant run first-come first-served
 * and every run of the simulator is deterministic.
 *
 * Flat typed arrays rather than objects: a big simulation pushes tens of
 * millions of events.
 */
export class EventQueue {
  private time = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private payload = new Int32Array(1024 * 2);
  private size = 0;
  private nextSeq = 0;

  get length(): number {
    return this.size;
  }

  /** Add an event: `kind` and `item` are opaque to the queue. */
  push(time: number, kind: number, item: number): void {
    if (this.size === this.time.length) this.grow();
    let i = this.size++;
    const seq = this.nextSeq++;
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(time, seq, this.time[parent]!, this.seq[parent]!)) break;
      this.move(parent, i);
      i = parent;
    }
    this.time[i] = time;
    this.seq[i] = seq;
    this.payload[2 * i] = kind;
    this.payload[2 * i + 1] = item;
  }

  /** Time of the earliest event (call only when length > 0). */
  peekTime(): number {
    return this.time[0]!;
  }

  /** Remove the earliest event; its kind and item are left in `kind` and `item`. */
  pop(): void {
    this.kind = this.payload[0]!;
    this.item = this.payload[1]!;
    this.poppedTime = this.time[0]!;
    const last = --this.size;
    if (last === 0) return;
    const time = this.time[last]!;
    const seq = this.seq[last]!;
    const kind = this.payload[2 * last]!;
    const item = this.payload[2 * last + 1]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      let child = left;
      if (right < last && this.before(this.time[right]!, this.seq[right]!, this.time[left]!, this.seq[left]!)) child = right;
      if (!this.before(this.time[child]!, this.seq[child]!, time, seq)) break;
      this.move(child, i);
      i = child;
    }
    this.time[i] = time;
    this.seq[i] = seq;
    this.payload[2 * i] = kind;
    this.payload[2 * i + 1] = item;
  }

  /** The last popped event. */
  kind = 0;
  item = 0;
  poppedTime = 0;

  private before(t1: number, s1: number, t2: number, s2: number): boolean {
    return t1 < t2 || (t1 === t2 && s1 < s2);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.seq[to] = this.seq[from]!;
    this.payload[2 * to] = this.payload[2 * from]!;
    this.payload[2 * to + 1] = this.payload[2 * from + 1]!;
  }

  private grow(): void {
    const capacity = this.time.length * 2;
    const time = new Float64Array(capacity);
    time.set(this.time);
    const seq = new Float64Array(capacity);
    seq.set(this.seq);
    const payload = new Int32Array(capacity * 2);
    payload.set(this.payload);
    this.time = time;
    this.seq = seq;
    this.payload = payload;
  }
}
