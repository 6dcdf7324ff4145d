/**
 * Schedules: what a collective algorithm does, as data.
 *
 * Every card holds a *working buffer* of `workingLength` elements whose
 * layout depends on the collective (see working-buffer.ts). A schedule is a
 * list of steps; a step is a list of transfers; a transfer sends one message
 * from card `src` to card `dst` carrying one or more *segments* — element
 * ranges [start, end) of the working buffer, at the same offsets on both
 * cards. With `reduce` the destination combines the incoming values into its
 * own (dst ← dst ∘ incoming); without, it overwrites them (a copy).
 *
 * Semantics of a step: every transfer reads its source as it was when the
 * step began (messages carry values, as on a real link), so two cards may
 * exchange the same segments within one step. Transfers of one step that
 * reduce into the same destination elements apply in the order listed.
 * For pricing, a transfer may start as soon as the data it carries is final
 * on its source card; step boundaries are not barriers.
 *
 * Storage is struct-of-arrays in growable typed arrays, because schedules get
 * large (a 256-card ring AllReduce pipelined 64 ways is 8.4 million
 * transfers) and objects per transfer would not fit.
 */

import { GrowableInt32 } from '../growable-int32.js';

/** The six collectives (NCCL's names, camelCased). */
export type CollectiveKind = 'allReduce' | 'allGather' | 'reduceScatter' | 'broadcast' | 'reduce' | 'allToAll';

/** Every collective, in a stable order (for tables, sweeps and messages). */
export const COLLECTIVES: readonly CollectiveKind[] = ['allReduce', 'allGather', 'reduceScatter', 'broadcast', 'reduce', 'allToAll'];

/** A transfer as an object, for inspection and tests (the schedule stores them flat). */
export interface TransferView {
  /** Transfer index in the schedule. */
  readonly index: number;
  /** The step it belongs to. */
  readonly step: number;
  /** Sending card. */
  readonly src: number;
  /** Receiving card. */
  readonly dst: number;
  /** True when the destination reduces the data into its own; false when it stores it. */
  readonly reduce: boolean;
  /** Element ranges [start, end) of the working buffer it carries. */
  readonly segments: readonly (readonly [start: number, end: number])[];
  /** Elements carried: the sum of segment lengths. */
  readonly elements: number;
}

/** An immutable schedule. Build one with ScheduleBuilder. */
export class Schedule {
  /** @internal */
  constructor(
    /** The collective it implements. */
    readonly collective: CollectiveKind,
    /** Name of the algorithm that produced it, e.g. `'ring'`. */
    readonly algorithm: string,
    /** Cards taking part. */
    readonly nSails: number,
    /** Root card of a rooted collective (broadcast, reduce); 0 otherwise. */
    readonly root: number,
    /** Elements per card of the working buffer. */
    readonly workingLength: number,
    /** Number of steps. */
    readonly stepCount: number,
    /** Per transfer: its step, source, destination, flags (bit 0: reduce), and first segment index. */
    readonly transferStep: Int32Array,
    /** Per transfer: its source card. */
    readonly transferSrc: Int32Array,
    /** Per transfer: its destination card. */
    readonly transferDst: Int32Array,
    /** Per transfer: 1 when the destination reduces, 0 when it stores. */
    readonly transferReduce: Uint8Array,
    /** Segment range of transfer i: [transferSegments[i], transferSegments[i + 1]). Length transferCount + 1. */
    readonly transferSegments: Int32Array,
    /** Per segment: first element (of the working buffer). */
    readonly segmentStart: Int32Array,
    /** Per segment: one past the last element. */
    readonly segmentEnd: Int32Array,
  ) {}

  /** Number of transfers (messages). */
  get transferCount(): number {
    return this.transferSrc.length;
  }

  /** Elements carried by transfer `i`. */
  elementsOf(i: number): number {
    let elements = 0;
    for (let s = this.transferSegments[i]!; s < this.transferSegments[i + 1]!; s++) {
      elements += this.segmentEnd[s]! - this.segmentStart[s]!;
    }
    return elements;
  }

  /** Transfer `i` as an object. */
  transfer(i: number): TransferView {
    const segments: [number, number][] = [];
    for (let s = this.transferSegments[i]!; s < this.transferSegments[i + 1]!; s++) {
      segments.push([this.segmentStart[s]!, this.segmentEnd[s]!]);
    }
    return {
      index: i,
      step: this.transferStep[i]!,
      src: this.transferSrc[i]!,
      dst: this.transferDst[i]!,
      reduce: this.transferReduce[i] === 1,
      segments,
      elements: segments.reduce((sum, [a, b]) => sum + b - a, 0),
    };
  }

  /** Every transfer as an object, in order (for small schedules: tests, printing). */
  transfers(): TransferView[] {
    return Array.from({ length: this.transferCount }, (_, i) => this.transfer(i));
  }
}

/**
 * Builds a Schedule step by step:
 *
 *   const b = new ScheduleBuilder('allReduce', 'ring', n, workingLength);
 *   b.step();                            // open step 0
 *   b.send(0, 1, [[0, 8]], true);        // card 0 → card 1, elements 0..7, reduce
 *   const schedule = b.build();
 *
 * Transfers whose segments are all empty are dropped: they carry nothing.
 * Steps left empty are dropped too, so step numbers stay dense.
 */
export class ScheduleBuilder {
  private readonly step_ = new GrowableInt32();
  private readonly src = new GrowableInt32();
  private readonly dst = new GrowableInt32();
  private readonly reduce = new GrowableInt32();
  private readonly segments = new GrowableInt32();
  private readonly start = new GrowableInt32();
  private readonly end = new GrowableInt32();
  private current = -1;
  private currentUsed = false;

  constructor(
    private readonly collective: CollectiveKind,
    private readonly algorithm: string,
    private readonly nSails: number,
    private readonly workingLength: number,
    private readonly root = 0,
  ) {}

  /** Open a new step; later `send`s belong to it. */
  step(): this {
    if (this.current < 0 || this.currentUsed) this.current++;
    this.currentUsed = false;
    return this;
  }

  /** One message from `src` to `dst` carrying `segments` ([start, end) element ranges). */
  send(src: number, dst: number, segments: readonly (readonly [number, number])[], reduce: boolean): this {
    if (this.current < 0) throw new Error('ScheduleBuilder: call step() before send()');
    if (src === dst) throw new Error(`ScheduleBuilder: card ${src} sends to itself`);
    let any = false;
    for (const [a, b] of segments) if (b > a) any = true;
    if (!any) return this;
    this.segments.push(this.start.length);
    for (const [a, b] of segments) {
      if (b <= a) continue;
      this.start.push(a);
      this.end.push(b);
    }
    this.step_.push(this.current);
    this.src.push(src);
    this.dst.push(dst);
    this.reduce.push(reduce ? 1 : 0);
    this.currentUsed = true;
    return this;
  }

  build(): Schedule {
    const segmentIndex = new Int32Array(this.segments.length + 1);
    segmentIndex.set(this.segments.trimmed());
    segmentIndex[this.segments.length] = this.start.length;
    const stepCount = this.currentUsed ? this.current + 1 : Math.max(this.current, 0);
    return new Schedule(
      this.collective, this.algorithm, this.nSails, this.root, this.workingLength, stepCount,
      this.step_.trimmed().slice(), this.src.trimmed().slice(), this.dst.trimmed().slice(),
      Uint8Array.from(this.reduce.trimmed()), segmentIndex,
      this.start.trimmed().slice(), this.end.trimmed().slice(),
    );
  }
}

/**
 * Split `length` elements into `parts` contiguous chunks as evenly as
 * possible: chunk i is [⌊i·length/parts⌋, ⌊(i+1)·length/parts⌋). Chunks may be
 * empty when length < parts.
 */
export function chunkBounds(length: number, parts: number, i: number): [number, number] {
  return [Math.floor((i * length) / parts), Math.floor(((i + 1) * length) / parts)];
}
