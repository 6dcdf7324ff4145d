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
 * Storage is struct-of-arrays in typed arrays, because schedules get large
 * (a 256-card ring AllReduce pipelined 64 ways is 8.4 million transfers) and
 * objects per transfer would not fit. Element ranges are *interned*: the
 * schedule keeps each distinct [start, end) once, as float64 (exact to 2⁵³,
 * so working buffers beyond 2³¹ elements are represented exactly), and every
 * segment is a 32-bit index into that table. Algorithms reuse the same few
 * ranges (blocks and their sub-chunks) over and over, so this is both
 * smaller than two offsets per segment and what makes the dependency
 * analysis cheap (sim/dependencies.ts works on distinct ranges).
 */

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
  private segmentStarts: Float64Array | undefined;
  private segmentEnds: Float64Array | undefined;

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
    /** Per transfer: its step (non-decreasing), source, destination, reduce flag (1) and first segment index. */
    readonly transferStep: Int32Array,
    /** Per transfer: its source card. */
    readonly transferSrc: Int32Array,
    /** Per transfer: its destination card. */
    readonly transferDst: Int32Array,
    /** Per transfer: 1 when the destination reduces, 0 when it stores. */
    readonly transferReduce: Uint8Array,
    /**
     * Segment range of transfer i: [transferSegments[i], transferSegments[i + 1]), length transferCount + 1;
     * undefined when every transfer has exactly one segment (segment i is transfer i's), see `transferSegments`.
     */
    private segmentIndex: Int32Array | undefined,
    /** Per segment: the index of its element range in rangeStart/rangeEnd. */
    readonly segmentRange: Int32Array,
    /** The distinct element ranges [rangeStart[r], rangeEnd[r]) the segments use, in first-use order: first elements… */
    readonly rangeStart: Float64Array,
    /** …and ends (one past the last element). */
    readonly rangeEnd: Float64Array,
    /**
     * @internal Dependencies known by construction (a pure ring schedule, algorithms/ring-forwarding.ts): per
     * transfer, the one transfer that forwards its data and so waits on it (−1: none), and no destination-side
     * waits. Absent: the simulator derives dependencies from the element ranges (sim/dependencies.ts).
     */
    readonly forwardedBy?: Int32Array,
  ) {}

  /** Number of transfers (messages). */
  get transferCount(): number {
    return this.transferSrc.length;
  }

  /**
   * Segment range of transfer i: [transferSegments[i], transferSegments[i + 1]). Length transferCount + 1.
   * Built on first use when every transfer has one segment (`oneSegmentEach`): an 8.4 M-message pipelined
   * ring would otherwise write 33 MB of 0, 1, 2, … that the simulator does not need.
   */
  get transferSegments(): Int32Array {
    if (this.segmentIndex === undefined) {
      const index = new Int32Array(this.transferCount + 1);
      for (let i = 0; i < index.length; i++) index[i] = i;
      this.segmentIndex = index;
    }
    return this.segmentIndex;
  }

  /** Whether every transfer has exactly one segment: segment i is transfer i's (segmentRange[i] its range). */
  get oneSegmentEach(): boolean {
    return this.segmentRange.length === this.transferCount;
  }

  /** Number of segments over all transfers. */
  get segmentCount(): number {
    return this.segmentRange.length;
  }

  /** First element of every segment, in segment order (built on first use). */
  get segmentStart(): Float64Array {
    if (this.segmentStarts === undefined) this.segmentStarts = this.perSegment(this.rangeStart);
    return this.segmentStarts;
  }

  /** End (exclusive) of every segment, in segment order (built on first use). */
  get segmentEnd(): Float64Array {
    if (this.segmentEnds === undefined) this.segmentEnds = this.perSegment(this.rangeEnd);
    return this.segmentEnds;
  }

  /** Elements carried by transfer `i`. */
  elementsOf(i: number): number {
    let elements = 0;
    for (let s = this.transferSegments[i]!; s < this.transferSegments[i + 1]!; s++) {
      const r = this.segmentRange[s]!;
      elements += this.rangeEnd[r]! - this.rangeStart[r]!;
    }
    return elements;
  }

  /** Transfer `i` as an object. */
  transfer(i: number): TransferView {
    const segments: [number, number][] = [];
    for (let s = this.transferSegments[i]!; s < this.transferSegments[i + 1]!; s++) {
      const r = this.segmentRange[s]!;
      segments.push([this.rangeStart[r]!, this.rangeEnd[r]!]);
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

  private perSegment(values: Float64Array): Float64Array {
    const out = new Float64Array(this.segmentRange.length);
    for (let s = 0; s < out.length; s++) out[s] = values[this.segmentRange[s]!]!;
    return out;
  }
}

/**
 * MurmurHash3's 32-bit finalizer: every input bit reaches every output bit,
 * so keys that differ only in high bits (multiples of a large block) do not
 * pile up in one corner of an open-addressing table.
 */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Interns element ranges: open addressing over (start, end) pairs of
 * integers < 2⁵³, so a range used a million times is stored once.
 */
class RangeTable {
  start = new Float64Array(64);
  end = new Float64Array(64);
  count = 0;
  private slots = new Int32Array(128).fill(-1);
  // The last range looked up: algorithms often send the same range to many cards in a row.
  private lastStart = -1;
  private lastEnd = -1;
  private lastId = -1;

  idOf(start: number, end: number): number {
    if (start === this.lastStart && end === this.lastEnd) return this.lastId;
    const mask = this.slots.length - 1;
    // Low and high 32-bit halves of both numbers (exact for integers < 2⁵³);
    // the high halves are 0 below 2³², which skips two divisions.
    let h = Math.imul(start >>> 0, 0x9e3779b1) ^ Math.imul(end >>> 0, 0x85ebca77);
    if (end >= 4294967296) h ^= Math.imul((start / 4294967296) >>> 0, 0xc2b2ae3d) ^ Math.imul((end / 4294967296) >>> 0, 0x27d4eb2f);
    h = mix32(h);
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]!;
      if (id < 0) {
        const fresh = this.add(start, end);
        this.slots[slot] = fresh;
        if (this.count * 2 > this.slots.length) this.rehash();
        return this.remember(start, end, fresh);
      }
      if (this.start[id] === start && this.end[id] === end) return this.remember(start, end, id);
    }
  }

  private remember(start: number, end: number, id: number): number {
    this.lastStart = start;
    this.lastEnd = end;
    this.lastId = id;
    return id;
  }

  private add(start: number, end: number): number {
    if (this.count === this.start.length) {
      const s = new Float64Array(this.count * 2);
      s.set(this.start);
      const e = new Float64Array(this.count * 2);
      e.set(this.end);
      this.start = s;
      this.end = e;
    }
    this.start[this.count] = start;
    this.end[this.count] = end;
    return this.count++;
  }

  private rehash(): void {
    const old = this.count;
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    this.count = 0;
    const starts = this.start.slice(0, old);
    const ends = this.end.slice(0, old);
    this.lastStart = -1;
    this.lastEnd = -1;
    for (let i = 0; i < old; i++) this.idOf(starts[i]!, ends[i]!);
  }
}

/**
 * Builds a Schedule step by step:
 *
 *   const b = new ScheduleBuilder('allReduce', 'ring', n, workingLength);
 *   b.step();                            // open step 0
 *   b.send(0, 1, [[0, 8]], true);        // card 0 → card 1, elements 0..7, reduce
 *   b.sendRange(1, 2, 0, 8, true);       // the same with one segment, no array
 *   const schedule = b.build();
 *
 * Transfers whose segments are all empty are dropped: they carry nothing.
 * Steps left empty are dropped too, so step numbers stay dense.
 * `capacity` (transfers) sizes the first allocation: when it is exact, the
 * schedule takes the builder's arrays without copying them.
 */
export class ScheduleBuilder {
  // Per transfer (valid up to `transfers`): step, source, destination, reduce flag, first segment.
  private steps: Int32Array;
  private srcs: Int32Array;
  private dsts: Int32Array;
  private reduces: Uint8Array;
  // Per transfer (+ 1): its first segment; undefined while every transfer has had exactly one (transfer t's is t).
  private firstSegment: Int32Array | undefined;
  private transfers = 0;
  // Per segment (valid up to `segments`): its range id.
  private segmentRange: Int32Array;
  private segments = 0;
  private readonly ranges = new RangeTable();
  // sendPipelined's cache: per [start, end) cut (key ids of their own table, so
  // the schedule's ranges stay exactly the ones sent), the ids of its sub-chunks.
  private cutKeys = new RangeTable();
  private cutIds: Int32Array[] = [];
  private cutPipeline = 0;
  private current = -1;
  private currentUsed = false;

  constructor(
    private readonly collective: CollectiveKind,
    private readonly algorithm: string,
    private readonly nSails: number,
    private readonly workingLength: number,
    private readonly root = 0,
    capacity = 64,
  ) {
    const c = Math.max(capacity, 16);
    this.steps = new Int32Array(c);
    this.srcs = new Int32Array(c);
    this.dsts = new Int32Array(c);
    this.reduces = new Uint8Array(c);
    this.segmentRange = new Int32Array(c);
  }

  /** Transfers emitted so far (the index the next one will get). */
  get transferCount(): number {
    return this.transfers;
  }

  /** Open a new step; later `send`s belong to it. */
  step(): this {
    if (this.current < 0 || this.currentUsed) this.current++;
    this.currentUsed = false;
    return this;
  }

  /** One message from `src` to `dst` carrying `segments` ([start, end) element ranges). */
  send(src: number, dst: number, segments: readonly (readonly [number, number])[], reduce: boolean): this {
    let any = false;
    for (const [a, b] of segments) if (b > a) any = true;
    if (!any) return this;
    this.open(src, dst, reduce);
    for (const [a, b] of segments) if (b > a) this.addSegment(this.ranges.idOf(a, b));
    if (this.firstSegment === undefined && this.segments !== this.transfers) {
      // The first transfer of several segments: from here on every transfer's first segment is written down.
      const index = new Int32Array(this.steps.length + 1);
      for (let t = 0; t < this.transfers; t++) index[t] = t;
      this.firstSegment = index;
    }
    return this;
  }

  /** One message carrying the single segment [start, end) (dropped when empty). */
  sendRange(src: number, dst: number, start: number, end: number, reduce: boolean): this {
    if (!(end > start)) return this;
    this.open(src, dst, reduce);
    this.addSegment(this.ranges.idOf(start, end));
    return this;
  }

  /**
   * `pipeline` messages from `src` to `dst`, message q carrying chunk q of
   * `pipeline` of [start, end) (chunkBounds; empty ones dropped) — the
   * transfers of `sendRange` for each sub-chunk in turn (subChunks).
   */
  sendPipelined(src: number, dst: number, start: number, end: number, pipeline: number, reduce: boolean): this {
    if (!(end > start)) return this;
    if (pipeline === 1) return this.sendRange(src, dst, start, end, reduce);
    return this.sendSubChunks(src, dst, this.subChunks(start, end, pipeline), reduce);
  }

  /**
   * The range ids of the non-empty sub-chunks of [start, end) cut in `pipeline` (chunkBounds), interned on first
   * use and cached per cut: a pipelined ring sends every cut many times (2(p − 1) steps for AllReduce), so they are
   * looked up once per cut, not once per message. Pipeline 1: the whole range's id.
   */
  subChunks(start: number, end: number, pipeline: number): Int32Array {
    if (pipeline === 1) return Int32Array.of(this.ranges.idOf(start, end));
    if (pipeline !== this.cutPipeline) {
      this.cutPipeline = pipeline;
      this.cutIds = [];
      this.cutKeys = new RangeTable();
    }
    const key = this.cutKeys.idOf(start, end);
    let ids = this.cutIds[key];
    if (ids === undefined) {
      const length = end - start;
      const found: number[] = [];
      let a = start;
      for (let q = 0; q < pipeline; q++) {
        const z = start + chunkStart(length, pipeline, q + 1);
        if (z > a) found.push(this.ranges.idOf(a, z));
        a = z;
      }
      this.cutIds[key] = ids = Int32Array.from(found);
    }
    return ids;
  }

  /** One message carrying the single range `id` (from subChunks). */
  sendSubChunk(src: number, dst: number, id: number, reduce: boolean): this {
    this.open(src, dst, reduce);
    this.addSegment(id);
    return this;
  }

  /**
   * n = ids.length messages of one range each, message x from src[x] to dst[x] carrying range ids[x] (from
   * subChunks), written in one pass: a pipelined ring's row of sub-chunk q over every card.
   */
  sendRow(src: Int32Array, dst: Int32Array, ids: Int32Array, reduce: boolean): this {
    const n = ids.length;
    if (n === 0) return this;
    if (this.current < 0) throw new Error('ScheduleBuilder: call step() before send()');
    const t0 = this.transfers;
    const s0 = this.segments;
    if (t0 + n > this.steps.length) this.growTransfers(t0 + n);
    if (s0 + n > this.segmentRange.length) this.segmentRange = grown(this.segmentRange, new Int32Array(Math.max(this.segmentRange.length * 2, s0 + n)));
    const { steps, srcs, dsts, reduces, firstSegment, segmentRange } = this;
    const indexed = firstSegment !== undefined;
    const step = this.current;
    const r = reduce ? 1 : 0;
    for (let x = 0; x < n; x++) {
      if (src[x] === dst[x]) throw new Error(`ScheduleBuilder: card ${src[x]} sends to itself`);
      const t = t0 + x;
      steps[t] = step;
      srcs[t] = src[x]!;
      dsts[t] = dst[x]!;
      reduces[t] = r;
      if (indexed) firstSegment[t] = s0 + x;
      segmentRange[s0 + x] = ids[x]!;
    }
    this.transfers = t0 + n;
    this.segments = s0 + n;
    this.currentUsed = true;
    return this;
  }

  private sendSubChunks(src: number, dst: number, ids: Int32Array, reduce: boolean): this {
    // ids.length transfers of one segment each, written in one loop (a pipelined ring emits millions).
    const n = ids.length;
    if (n === 0) return this;
    this.open(src, dst, reduce); // checks, and makes room for one
    if (this.transfers + n - 1 > this.steps.length) this.growTransfers(this.transfers + n - 1);
    if (this.segments + n > this.segmentRange.length) {
      this.segmentRange = grown(this.segmentRange, new Int32Array(Math.max(this.segmentRange.length * 2, this.segments + n)));
    }
    const t0 = this.transfers - 1;
    const s0 = this.segments;
    this.steps.fill(this.current, t0, t0 + n);
    this.srcs.fill(src, t0, t0 + n);
    this.dsts.fill(dst, t0, t0 + n);
    this.reduces.fill(reduce ? 1 : 0, t0, t0 + n);
    if (this.firstSegment !== undefined) for (let q = 0; q < n; q++) this.firstSegment[t0 + q] = s0 + q;
    this.segmentRange.set(ids, s0);
    this.transfers = t0 + n;
    this.segments = s0 + n;
    return this;
  }

  private open(src: number, dst: number, reduce: boolean): void {
    if (this.current < 0) throw new Error('ScheduleBuilder: call step() before send()');
    if (src === dst) throw new Error(`ScheduleBuilder: card ${src} sends to itself`);
    const t = this.transfers;
    if (t === this.steps.length) this.growTransfers();
    this.steps[t] = this.current;
    this.srcs[t] = src;
    this.dsts[t] = dst;
    this.reduces[t] = reduce ? 1 : 0;
    if (this.firstSegment !== undefined) this.firstSegment[t] = this.segments;
    this.transfers = t + 1;
    this.currentUsed = true;
  }

  private addSegment(range: number): void {
    if (this.segments === this.segmentRange.length) this.segmentRange = grown(this.segmentRange, new Int32Array(this.segments * 2));
    this.segmentRange[this.segments++] = range;
  }

  /** Room for at least `least` transfers (default: twice the current count). */
  private growTransfers(least = 0): void {
    const c = Math.max(this.transfers * 2, least);
    this.steps = grown(this.steps, new Int32Array(c));
    this.srcs = grown(this.srcs, new Int32Array(c));
    this.dsts = grown(this.dsts, new Int32Array(c));
    this.reduces = grown(this.reduces, new Uint8Array(c));
    if (this.firstSegment !== undefined) this.firstSegment = grown(this.firstSegment, new Int32Array(c + 1));
  }

  /** The schedule; `forwardedBy` (one entry per transfer) as Schedule.forwardedBy, when known by construction. */
  build(forwardedBy?: Int32Array): Schedule {
    const T = this.transfers;
    if (forwardedBy !== undefined && forwardedBy.length !== T) throw new Error(`ScheduleBuilder: ${forwardedBy.length} forwarding entries for ${T} transfers`);
    if (this.firstSegment !== undefined) this.firstSegment[T] = this.segments;
    const stepCount = this.currentUsed ? this.current + 1 : Math.max(this.current, 0);
    // An exact capacity hint lets the arrays be handed over without a copy.
    const fit = <A extends Int32Array | Uint8Array>(a: A, length: number): A => (a.length === length ? a : (a.slice(0, length) as A));
    return new Schedule(
      this.collective, this.algorithm, this.nSails, this.root, this.workingLength, stepCount,
      fit(this.steps, T), fit(this.srcs, T), fit(this.dsts, T), fit(this.reduces, T), this.firstSegment && fit(this.firstSegment, T + 1),
      fit(this.segmentRange, this.segments), this.ranges.start.slice(0, this.ranges.count), this.ranges.end.slice(0, this.ranges.count),
      forwardedBy,
    );
  }
}

function grown<T extends Int32Array | Uint8Array>(old: T, fresh: T): T {
  fresh.set(old as never);
  return fresh;
}

/**
 * Split `length` elements into `parts` contiguous chunks as evenly as
 * possible: chunk i is [⌊i·length/parts⌋, ⌊(i+1)·length/parts⌋). Chunks may be
 * empty when length < parts.
 *
 * Exact for every length < 2⁵³: i·length can exceed 2⁵³ (a 2⁴⁸-element buffer
 * in 65 536 chunks), so with length = q·parts + r it is computed as
 * i·q + ⌊i·r/parts⌋, where i·r < parts² ≤ 2³².
 */
export function chunkBounds(length: number, parts: number, i: number): [number, number] {
  return [chunkStart(length, parts, i), chunkStart(length, parts, i + 1)];
}

/** ⌊i·length/parts⌋, exactly (see chunkBounds). */
export function chunkStart(length: number, parts: number, i: number): number {
  const q = Math.floor(length / parts);
  const r = length - q * parts;
  return i * q + Math.floor((i * r) / parts);
}
