// REFERENCE COPY (tests only) of the pre-rewrite simulator's module; see simulate.ts here.
/**
 * Data dependencies between the transfers of a schedule: which earlier
 * transfers must have finished before a transfer may leave its source, and —
 * for a reduce — before its destination may combine it.
 *
 * The working buffer is cut into *atoms* at every segment boundary the
 * schedule uses, so each segment is a whole number of atoms. A transfer in
 * step s reading atom a of card c depends on every transfer that wrote (c, a)
 * in the latest step before s that wrote it (several transfers of one step
 * may reduce into the same elements, e.g. all cards into a root). Reads of a
 * step see only earlier steps (message semantics, see schedule.ts), so each
 * step's reads are resolved before its writes are recorded.
 *
 * The result is stored in compressed sparse rows (offsets + flat indices).
 */
import { GrowableInt32 } from '../../src/growable-int32.js';
import type { Schedule } from '../../src/schedule/schedule.js';

export interface Dependencies {
  /** Transfers that must finish before transfer i can be sent: srcDeps[srcDepStart[i] .. srcDepStart[i+1]). */
  readonly srcDepStart: Int32Array;
  readonly srcDeps: Int32Array;
  /** For reduce transfers: transfers that must finish before the destination's own elements are final. */
  readonly dstDepStart: Int32Array;
  readonly dstDeps: Int32Array;
}

/** Sorted distinct segment boundaries: atom k is [atoms[k], atoms[k+1]). */
function atomBoundaries(schedule: Schedule): Int32Array {
  const W = schedule.workingLength;
  if (W <= 1 << 26) {
    // Mark boundaries in a bitmap over [0, W]: linear, where sorting the
    // millions of boundaries of a big pipelined schedule took a second.
    const marks = new Uint8Array(W + 1);
    marks[0] = 1;
    marks[W] = 1;
    for (let s = 0; s < schedule.segmentStart.length; s++) {
      marks[schedule.segmentStart[s]!] = 1;
      marks[schedule.segmentEnd[s]!] = 1;
    }
    let unique = 0;
    for (let e = 0; e <= W; e++) unique += marks[e]!;
    const boundaries = new Int32Array(unique);
    for (let e = 0, k = 0; e <= W; e++) if (marks[e] === 1) boundaries[k++] = e;
    return boundaries;
  }
  const all = new Int32Array(schedule.segmentStart.length * 2 + 2);
  all.set(schedule.segmentStart, 0);
  all.set(schedule.segmentEnd, schedule.segmentStart.length);
  all[all.length - 2] = 0;
  all[all.length - 1] = W;
  all.sort();
  let unique = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[unique++] = all[i]!;
  return all.slice(0, unique);
}

function atomIndex(boundaries: Int32Array, offset: number): number {
  let lo = 0;
  let hi = boundaries.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function analyseDependencies(schedule: Schedule): Dependencies {
  const boundaries = atomBoundaries(schedule);
  const nAtoms = Math.max(boundaries.length - 1, 1);
  const n = schedule.nSails;
  const T = schedule.transferCount;
  // Per (card, atom): the step that last wrote it and a linked list of its writers in that step.
  const headStep = new Int32Array(n * nAtoms).fill(-1);
  const head = new Int32Array(n * nAtoms).fill(-1);
  const nodeTransfer = new GrowableInt32();
  const nodeNext = new GrowableInt32();
  // Segment → first/last atom, computed once.
  const segAtomStart = new Int32Array(schedule.segmentStart.length);
  const segAtomEnd = new Int32Array(schedule.segmentStart.length);
  for (let s = 0; s < schedule.segmentStart.length; s++) {
    segAtomStart[s] = atomIndex(boundaries, schedule.segmentStart[s]!);
    segAtomEnd[s] = atomIndex(boundaries, schedule.segmentEnd[s]!);
  }

  const srcDepStart = new Int32Array(T + 1);
  const dstDepStart = new Int32Array(T + 1);
  const srcDeps = new GrowableInt32();
  const dstDeps = new GrowableInt32();
  const seenBy = new Int32Array(T).fill(-1);

  const collect = (card: number, i: number, out: GrowableInt32, mark: number): void => {
    for (let s = schedule.transferSegments[i]!; s < schedule.transferSegments[i + 1]!; s++) {
      for (let a = segAtomStart[s]!; a < segAtomEnd[s]!; a++) {
        for (let node = head[card * nAtoms + a]!; node >= 0; node = nodeNext.data[node]!) {
          const writer = nodeTransfer.data[node]!;
          if (seenBy[writer] === mark) continue;
          seenBy[writer] = mark;
          out.push(writer);
        }
      }
    }
  };

  let stepBegin = 0;
  while (stepBegin < T) {
    const step = schedule.transferStep[stepBegin]!;
    let stepEnd = stepBegin;
    while (stepEnd < T && schedule.transferStep[stepEnd] === step) stepEnd++;
    // Reads: the source's data, and for a reduce the destination's own data.
    for (let i = stepBegin; i < stepEnd; i++) {
      srcDepStart[i] = srcDeps.length;
      collect(schedule.transferSrc[i]!, i, srcDeps, 2 * i);
      dstDepStart[i] = dstDeps.length;
      if (schedule.transferReduce[i] === 1) collect(schedule.transferDst[i]!, i, dstDeps, 2 * i + 1);
    }
    // Writes become visible to later steps.
    for (let i = stepBegin; i < stepEnd; i++) {
      const dst = schedule.transferDst[i]!;
      for (let s = schedule.transferSegments[i]!; s < schedule.transferSegments[i + 1]!; s++) {
        for (let a = segAtomStart[s]!; a < segAtomEnd[s]!; a++) {
          const key = dst * nAtoms + a;
          if (headStep[key] !== step) {
            headStep[key] = step;
            head[key] = -1;
          }
          nodeTransfer.push(i);
          nodeNext.push(head[key]!);
          head[key] = nodeTransfer.length - 1;
        }
      }
    }
    stepBegin = stepEnd;
  }
  srcDepStart[T] = srcDeps.length;
  dstDepStart[T] = dstDeps.length;
  return {
    srcDepStart, srcDeps: srcDeps.trimmed().slice(),
    dstDepStart, dstDeps: dstDeps.trimmed().slice(),
  };
}
