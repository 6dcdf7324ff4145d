/**
 * The simulator's event queue (event-queue.ts: (time, insertion order), one
 * FIFO list per distinct time) with events that can be called off.
 *
 * A fault takes back what the simulator had already planned: the next hop
 * of a message lost on the wire, the reduction of a message that will not
 * arrive. EventQueue cannot remove an event, and holds at most one per item,
 * so here every event gets its own slot (the queue's item) and cancelling
 * marks the slot: a cancelled event is skipped when it comes up. Slots are
 * reused once popped; when all are in use the queue moves to one twice the
 * size, popping the old one in order and pushing each event into the new
 * one, which keeps (time, insertion order) exactly. Pushes and pops that
 * are never cancelled come out in the order EventQueue gives them, so a run
 * without faults sees the same order as simulate.ts.
 */
import { EventQueue } from '../event-queue.js';

export class CancellableQueue {
  private queue: EventQueue;
  private capacity: number;
  private slotItem: Int32Array;
  private slotKind: Uint8Array;
  private cancelled: Uint8Array;
  private freeSlots: Int32Array;
  private freeTop = 0;
  private nextSlot = 0;

  /** The last event `next()` gave: its kind, item and time. */
  kind = 0;
  item = 0;
  time = 0;

  /** A queue with room for `capacity` events at once to begin with (it grows). */
  constructor(capacity: number) {
    this.capacity = Math.max(16, capacity);
    this.queue = new EventQueue(this.capacity);
    this.slotItem = new Int32Array(this.capacity);
    this.slotKind = new Uint8Array(this.capacity);
    this.cancelled = new Uint8Array(this.capacity);
    this.freeSlots = new Int32Array(this.capacity);
  }

  /** Queue an event; returns its slot, for `cancel`. */
  push(time: number, kind: number, item: number): number {
    if (this.freeTop === 0 && this.nextSlot === this.capacity) this.grow();
    const slot = this.freeTop > 0 ? this.freeSlots[--this.freeTop]! : this.nextSlot++;
    this.slotItem[slot] = item;
    this.slotKind[slot] = kind;
    this.queue.push(time, kind, slot);
    return slot;
  }

  /** Call off the event in `slot` (it must still be queued). */
  cancel(slot: number): void {
    this.cancelled[slot] = 1;
  }

  /** Move to the next event that was not called off (kind, item, time); false when none is left. */
  next(): boolean {
    const queue = this.queue;
    while (queue.length > 0) {
      queue.pop();
      const slot = queue.item;
      this.freeSlots[this.freeTop++] = slot;
      if (this.cancelled[slot] === 1) {
        this.cancelled[slot] = 0;
        continue;
      }
      this.kind = this.slotKind[slot]!;
      this.item = this.slotItem[slot]!;
      this.time = queue.poppedTime;
      return true;
    }
    return false;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const bigger = new EventQueue(capacity);
    const old = this.queue;
    while (old.length > 0) {
      old.pop();
      bigger.push(old.poppedTime, old.kind, old.item);
    }
    this.queue = bigger;
    const widen = <T extends Int32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from as never);
      return to;
    };
    this.slotItem = widen(this.slotItem, new Int32Array(capacity));
    this.slotKind = widen(this.slotKind, new Uint8Array(capacity));
    this.cancelled = widen(this.cancelled, new Uint8Array(capacity));
    this.freeSlots = widen(this.freeSlots, new Int32Array(capacity));
    this.capacity = capacity;
  }
}
