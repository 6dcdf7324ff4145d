/**
 * The per-hop records of a fault-aware simulation: every hop of every
 * message, as simulate.ts keeps them, plus what a fault did to it — cut
 * short (lost: its end is when the fault struck), or taken back before it
 * started (a message queued for a link that failed is sent again from where
 * it waits: that hop never happened and is dropped from the records) — and
 * which sending of its message it belongs to (0 the first, 1 the first
 * resend, …).
 */
import type { HopRecords } from '../simulate.js';

/** Hop records with what faults did to them. */
export interface FaultHopRecords extends HopRecords {
  /** 1 where the hop was lost to a fault (cut at `end`). */
  readonly lost: Uint8Array;
  /** Which sending of its message the hop belongs to: 0 the first, 1 the first resend, … */
  readonly attempt: Int32Array;
}

const KEPT = 0;
const LOST = 1;
const DROPPED = 2;

/** Growable flat hop records (struct of arrays). */
export class FaultHopLog {
  private link = new Int32Array(256);
  private transfer = new Int32Array(256);
  private start = new Float64Array(256);
  private end = new Float64Array(256);
  private attempt = new Int32Array(256);
  private fate = new Uint8Array(256);
  private length = 0;

  /** Record a hop; returns its index. */
  add(link: number, transfer: number, start: number, end: number, attempt: number): number {
    if (this.length === this.link.length) this.grow();
    const k = this.length++;
    this.link[k] = link;
    this.transfer[k] = transfer;
    this.start[k] = start;
    this.end[k] = end;
    this.attempt[k] = attempt;
    this.fate[k] = KEPT;
    return k;
  }

  /** Hop k was lost to a fault at `time` (its serialization stops there, or had ended). */
  lose(k: number, time: number): void {
    this.fate[k] = LOST;
    if (time < this.end[k]!) this.end[k] = time;
  }

  /** Hop k never started: drop it. */
  drop(k: number): void {
    this.fate[k] = DROPPED;
  }

  /** Hop k now ends at `end` (its link changed speed while it serialized). */
  setEnd(k: number, end: number): void {
    this.end[k] = end;
  }

  /** The records without dropped hops, in the order they were made. */
  records(): FaultHopRecords {
    let n = 0;
    for (let k = 0; k < this.length; k++) if (this.fate[k] !== DROPPED) n++;
    const out = {
      link: new Int32Array(n), transfer: new Int32Array(n), start: new Float64Array(n), end: new Float64Array(n),
      lost: new Uint8Array(n), attempt: new Int32Array(n),
    };
    let j = 0;
    for (let k = 0; k < this.length; k++) {
      if (this.fate[k] === DROPPED) continue;
      out.link[j] = this.link[k]!;
      out.transfer[j] = this.transfer[k]!;
      out.start[j] = this.start[k]!;
      out.end[j] = this.end[k]!;
      out.lost[j] = this.fate[k] === LOST ? 1 : 0;
      out.attempt[j] = this.attempt[k]!;
      j++;
    }
    return out;
  }

  private grow(): void {
    const c = this.length * 2;
    const widen = <T extends Int32Array | Float64Array | Uint8Array>(old: T, fresh: T): T => {
      fresh.set(old as never);
      return fresh;
    };
    this.link = widen(this.link, new Int32Array(c));
    this.transfer = widen(this.transfer, new Int32Array(c));
    this.start = widen(this.start, new Float64Array(c));
    this.end = widen(this.end, new Float64Array(c));
    this.attempt = widen(this.attempt, new Int32Array(c));
    this.fate = widen(this.fate, new Uint8Array(c));
  }
}
