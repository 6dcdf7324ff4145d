/**
 * Data dependencies between the transfers of a schedule: which earlier
 * transfers must have finished before a transfer may leave its source, and —
 * for a reduce — before its destination may combine it.
 *
 * The working buffer is cut into *atoms* at every boundary of the schedule's
 * distinct element ranges (schedule.ts interns them), so each segment is a
 * whole number of atoms. A transfer in step s reading atom a of card c
 * depends on every transfer that wrote (c, a) in the latest step before s
 * that wrote it (several transfers of one step may reduce into the same
 * elements, e.g. all cards into a root). Reads of a step see only earlier
 * steps (message semantics, see schedule.ts), so each step's reads are
 * resolved before its writes are recorded.
 *
 * Cost: sorting the distinct ranges' boundaries, then O(atoms touched) per
 * transfer — independent of the number of elements. The per-(card, atom)
 * state is a dense table when it is small enough and a hash table of the
 * pairs actually written otherwise (an all-to-all of 1024 cards has a
 * million atoms per card, of which each card writes a thousand).
 *
 * The result is what the simulator walks: per transfer the number of
 * transfers it waits on, and the lists of who waits on whom.
 */
import { GrowableInt32 } from '../growable-int32.js';
import { mix32, type Schedule } from '../schedule/schedule.js';

export interface Dependencies {
  /** Per transfer: how many transfers must finish before it can be sent. */
  readonly srcCount: Int32Array;
  /** Per transfer (reduces): how many must finish before the destination's own elements are final. */
  readonly dstCount: Int32Array;
  /** Transfers whose send waits on transfer i, ascending: a list from srcWaiters.head[i]. */
  readonly srcWaiters: WaiterLists;
  /** Reduce transfers whose destination side waits on transfer i, ascending. */
  readonly dstWaiters: WaiterLists;
}

/**
 * For each transfer, the transfers waiting on it, in the order they were
 * found (ascending transfer index), built in the same pass that finds the
 * dependencies, with no sort.
 *
 * Compact form (what the simulator walks): `head[k]` is −1 when nobody
 * waits on transfer k; j ≥ 0 when transfer j alone does (most transfers of
 * a ring or a chain have exactly one waiter, so no list node is spent on
 * them: at 8.4 M transfers every per-transfer array is 33 MB to touch);
 * otherwise −2 − x for the first node x of a list: transfer item[x], then
 * next[x], … (−1 ends it). `linked()` gives the plain-list form.
 */
export class WaiterLists {
  // Allocated on the first add: many schedules have no destination-side waits at all.
  private heads: Int32Array | undefined;
  item = new Int32Array(16);
  next = new Int32Array(16);
  // Per list node: for the first node of a list, its last node (appends are O(1)).
  private last = new Int32Array(16);
  private nodes = 0;
  /** Number of (transfer, waiter) pairs. */
  size = 0;

  constructor(private readonly transfers: number) {}

  /**
   * Lists where each transfer has at most one waiter: `waiter[k]` (−1: none), used as it is (not copied — it is
   * a schedule's own Schedule.forwardedBy, so these lists are read-only: never `add` to them).
   */
  static ofLoneWaiters(waiter: Int32Array, size: number): WaiterLists {
    const lists = new WaiterLists(waiter.length);
    lists.heads = waiter;
    lists.size = size;
    return lists;
  }

  /** Per transfer, its waiters in compact form (see the class comment). */
  get head(): Int32Array {
    return (this.heads ??= new Int32Array(this.transfers).fill(-1));
  }

  /** Append `waiter` to the waiters of `on`. */
  add(on: number, waiter: number): void {
    const head = this.head;
    const h = head[on]!;
    this.size++;
    if (h === -1) {
      head[on] = waiter;
    } else if (h >= 0) {
      const first = this.node(h);
      const second = this.node(waiter);
      this.next[first] = second;
      this.last[first] = second;
      head[on] = -2 - first;
    } else {
      const x = this.node(waiter);
      const first = -2 - h;
      this.next[this.last[first]!] = x;
      this.last[first] = x;
    }
  }

  private node(waiter: number): number {
    const x = this.nodes++;
    if (x === this.item.length) {
      this.item = grownTo(this.item, x * 2);
      this.next = grownTo(this.next, x * 2);
      this.last = grownTo(this.last, x * 2);
    }
    this.item[x] = waiter;
    this.next[x] = -1;
    return x;
  }

  /** The same lists with every waiter in a node: transfer k's list is head[k], next[head[k]], … (−1 ends it). */
  linked(): { readonly head: Int32Array; readonly item: Int32Array; readonly next: Int32Array } {
    const head = Int32Array.from(this.head);
    let singles = 0;
    for (let k = 0; k < head.length; k++) if (head[k]! >= 0) singles++;
    const item = grownTo(this.item.subarray(0, this.nodes), this.nodes + singles);
    const next = grownTo(this.next.subarray(0, this.nodes), this.nodes + singles);
    let x = this.nodes;
    for (let k = 0; k < head.length; k++) {
      const h = head[k]!;
      if (h === -1) continue;
      if (h < -1) {
        head[k] = -2 - h;
        continue;
      }
      item[x] = h;
      next[x] = -1;
      head[k] = x++;
    }
    return { head, item, next };
  }
}

function grownTo(old: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const fresh = new Int32Array(length);
  fresh.set(old);
  return fresh;
}

/** Dense (card, atom) tables up to this many entries (two Int32 arrays: 128 MiB). */
const DENSE_LIMIT = 1 << 24;

/** Sorted distinct boundaries of the ranges, with 0 and W: atom k is [b[k], b[k+1]). */
function atomBoundaries(schedule: Schedule): Float64Array {
  const D = schedule.rangeStart.length;
  const all = new Float64Array(2 * D + 2);
  all.set(schedule.rangeStart, 0);
  all.set(schedule.rangeEnd, D);
  all[2 * D] = 0;
  all[2 * D + 1] = schedule.workingLength;
  all.sort();
  let unique = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[unique - 1]) all[unique++] = all[i]!;
  return all.slice(0, unique);
}

function atomIndex(boundaries: Float64Array, offset: number): number {
  let lo = 0;
  let hi = boundaries.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where the per-(card, atom) state lives: slot(key) for key = card·atoms + atom.
 * Dense: the key itself. Sparse: open addressing over the keys written.
 */
class AtomSlots {
  readonly size: number;
  /** Whether slot(key) is the key itself. */
  readonly dense: boolean;
  private readonly keys: Float64Array | undefined;
  private readonly mask: number;

  /**
   * `maxWrites`: how many distinct keys can be claimed, at most. Sparse tables stay at most half full; when
   * that would be as large as the key space (wide messages touching most of it), the dense table is smaller.
   */
  constructor(keySpace: number, maxWrites: number) {
    this.dense = keySpace <= DENSE_LIMIT || keySpace <= 2 * maxWrites;
    if (this.dense) {
      this.size = keySpace;
      this.keys = undefined;
      this.mask = 0;
    } else {
      let size = 16;
      while (size < 2 * maxWrites) size *= 2;
      this.size = size;
      this.keys = new Float64Array(size).fill(-1);
      this.mask = size - 1;
    }
  }

  /** The slot of `key` (sparse tables only); with `create`, claims one if absent; otherwise −1 if absent. */
  slot(key: number, create: boolean): number {
    const keys = this.keys;
    if (keys === undefined) return key;
    const h = mix32(Math.imul(key >>> 0, 0x9e3779b1) ^ Math.imul((key / 4294967296) >>> 0, 0x85ebca77));
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const k = keys[s]!;
      if (k === key) return s;
      if (k === -1) {
        if (!create) return -1;
        keys[s] = key;
        return s;
      }
    }
  }
}

/** A number per (card, atom): a dense array, or a hash table of the keys set. */
export interface AtomTable {
  get(key: number): number;
  set(key: number, value: number): void;
}

/** The atoms of a schedule: how its distinct ranges cut the working buffer (see the module comment). */
export interface AtomMap {
  readonly nAtoms: number;
  /** Distinct range r covers atoms [rangeAtom0[r], rangeAtom1[r]). */
  readonly rangeAtom0: Int32Array;
  readonly rangeAtom1: Int32Array;
  /** A table over keys card·nAtoms + atom, every entry `initial` until set. */
  newTable(initial: number): AtomTable;
}

export function atomMap(schedule: Schedule): AtomMap {
  const boundaries = atomBoundaries(schedule);
  const nAtoms = Math.max(boundaries.length - 1, 1);
  const D = schedule.rangeStart.length;
  const rangeAtom0 = new Int32Array(D);
  const rangeAtom1 = new Int32Array(D);
  for (let r = 0; r < D; r++) {
    rangeAtom0[r] = atomIndex(boundaries, schedule.rangeStart[r]!);
    rangeAtom1[r] = atomIndex(boundaries, schedule.rangeEnd[r]!);
  }
  const keySpace = schedule.nSails * nAtoms;
  return {
    nAtoms, rangeAtom0, rangeAtom1,
    newTable(initial: number): AtomTable {
      if (keySpace <= DENSE_LIMIT) {
        const values = new Float64Array(keySpace).fill(initial);
        return { get: (key) => values[key]!, set: (key, value) => { values[key] = value; } };
      }
      const values = new Map<number, number>();
      return { get: (key) => values.get(key) ?? initial, set: (key, value) => { values.set(key, value); } };
    },
  };
}

/**
 * The dependencies of `schedule`: read from it when its builder knew them by
 * construction (Schedule.forwardedBy, a pure ring), else derived from the
 * element ranges (dependenciesFromRanges).
 */
export function analyseDependencies(schedule: Schedule): Dependencies {
  return schedule.forwardedBy !== undefined ? dependenciesFromForwarding(schedule.forwardedBy) : dependenciesFromRanges(schedule);
}

/** Transfer `by[i]` (−1: none) alone waits on transfer i; nothing waits at a destination. */
function dependenciesFromForwarding(by: Int32Array): Dependencies {
  const T = by.length;
  const srcCount = new Int32Array(T);
  let size = 0;
  for (let i = 0; i < T; i++) {
    const waiter = by[i]!;
    if (waiter < 0) continue;
    srcCount[waiter] = 1;
    size++;
  }
  return { srcCount, dstCount: new Int32Array(T), srcWaiters: WaiterLists.ofLoneWaiters(by, size), dstWaiters: new WaiterLists(T) };
}

/** The dependencies of `schedule` derived from the element ranges its transfers read and write (the module comment). */
export function dependenciesFromRanges(schedule: Schedule): Dependencies {
  const T = schedule.transferCount;
  const { nAtoms, rangeAtom0, rangeAtom1 } = atomMap(schedule);
  const { transferSegments, segmentRange, transferSrc, transferDst, transferReduce, transferStep } = schedule;

  // Per (card, atom) slot: the step that last wrote it (−1: never) and its
  // writer — a transfer index, or −(x + 2) when several transfers of that
  // step wrote it (all cards reducing into a root): then the writers are the
  // list x, multiNext[x], … of multiTransfer.
  // A sparse table holds every (card, atom) some transfer writes: at most the atoms its segments span, all
  // together — not the segment count (a recursive-halving message spans p/2 atoms in one segment).
  let written = 0;
  if (schedule.nSails * nAtoms > DENSE_LIMIT) {
    for (let s = 0; s < segmentRange.length; s++) written += rangeAtom1[segmentRange[s]!]! - rangeAtom0[segmentRange[s]!]!;
  }
  const slots = new AtomSlots(schedule.nSails * nAtoms, written);
  const dense = slots.dense;
  const lastStep = new Int32Array(slots.size).fill(-1);
  const lastWriter = new Int32Array(slots.size);
  const multiTransfer = new GrowableInt32();
  const multiNext = new GrowableInt32();

  const srcCount = new Int32Array(T);
  const dstCount = new Int32Array(T);
  const srcWaiters = new WaiterLists(T);
  const dstWaiters = new WaiterLists(T);
  // Which transfer last counted writer w (2i / 2i + 1 for transfer i's source / destination reads), so a writer of
  // several atoms a transfer reads is waited on once. Needed only for reads of several atoms or of several writers
  // of one atom; a pipelined ring has neither, so it is allocated on first need (33 MB at 8.4 M transfers).
  let seenBy: Int32Array | undefined;
  const seen = (): Int32Array => (seenBy ??= new Int32Array(T).fill(-1));

  const collect = (card: number, i: number, waiters: WaiterLists, mark: number): number => {
    const base = card * nAtoms;
    const firstSegment = transferSegments[i]!;
    if (transferSegments[i + 1]! - firstSegment === 1) {
      const r = segmentRange[firstSegment]!;
      if (rangeAtom1[r]! - rangeAtom0[r]! === 1) {
        // One atom with one writer: nothing to deduplicate.
        const slot = dense ? base + rangeAtom0[r]! : slots.slot(base + rangeAtom0[r]!, false);
        if (slot < 0 || lastStep[slot]! < 0) return 0;
        const w = lastWriter[slot]!;
        if (w >= 0) {
          waiters.add(w, i);
          return 1;
        }
      }
    }
    const seenBy = seen();
    let found = 0;
    for (let s = firstSegment, end = transferSegments[i + 1]!; s < end; s++) {
      const r = segmentRange[s]!;
      for (let a = rangeAtom0[r]!, z = rangeAtom1[r]!; a < z; a++) {
        const slot = dense ? base + a : slots.slot(base + a, false);
        if (slot < 0 || lastStep[slot]! < 0) continue;
        const w = lastWriter[slot]!;
        if (w >= 0) {
          if (seenBy[w] !== mark) {
            seenBy[w] = mark;
            waiters.add(w, i);
            found++;
          }
          continue;
        }
        for (let x = -w - 2; x >= 0; x = multiNext.data[x]!) {
          const writer = multiTransfer.data[x]!;
          if (seenBy[writer] === mark) continue;
          seenBy[writer] = mark;
          waiters.add(writer, i);
          found++;
        }
      }
    }
    return found;
  };

  let stepBegin = 0;
  while (stepBegin < T) {
    const step = transferStep[stepBegin]!;
    let stepEnd = stepBegin;
    while (stepEnd < T && transferStep[stepEnd] === step) stepEnd++;
    // Reads: the source's data, and for a reduce the destination's own data.
    for (let i = stepBegin; i < stepEnd; i++) {
      srcCount[i] = collect(transferSrc[i]!, i, srcWaiters, 2 * i);
      if (transferReduce[i] === 1) dstCount[i] = collect(transferDst[i]!, i, dstWaiters, 2 * i + 1);
    }
    // Writes become visible to later steps.
    for (let i = stepBegin; i < stepEnd; i++) {
      const base = transferDst[i]! * nAtoms;
      for (let s = transferSegments[i]!, end = transferSegments[i + 1]!; s < end; s++) {
        const r = segmentRange[s]!;
        for (let a = rangeAtom0[r]!, z = rangeAtom1[r]!; a < z; a++) {
          const slot = dense ? base + a : slots.slot(base + a, true);
          if (lastStep[slot] !== step) {
            lastStep[slot] = step;
            lastWriter[slot] = i;
            continue;
          }
          // A second writer in this step: keep them all in a list.
          let w = lastWriter[slot]!;
          if (w >= 0) {
            multiTransfer.push(w);
            multiNext.push(-1);
            w = -(multiTransfer.length - 1) - 2;
          }
          multiTransfer.push(i);
          multiNext.push(-w - 2);
          lastWriter[slot] = -(multiTransfer.length - 1) - 2;
        }
      }
    }
    stepBegin = stepEnd;
  }
  return { srcCount, dstCount, srcWaiters, dstWaiters };
}
