/**
 * Analytic pricing of a built schedule: the simulator's cost model (FIFO
 * links, store-and-forward hops, injection limits, serialized reductions,
 * data dependencies at element granularity) evaluated as one max-plus
 * recurrence over the messages *in schedule order*, without an event queue.
 *
 * The one difference from the event simulation (simulate.ts) is the order a
 * shared resource serves its requests: here a link, an injection port or a
 * reducer serves messages in the order the schedule lists them (step by
 * step, then transfer by transfer); the simulator serves them in the order
 * they ask, by simulated time. So:
 *   - where no two messages ever wait for the same link or reducer — every
 *     algorithm on its natural topology, and many elsewhere — the two agree
 *     exactly (the same floating-point operations in the same order);
 *   - where they do, schedule order is usually request order too (messages
 *     of a later step depend on earlier ones); when it is not, a message
 *     listed later but ready earlier waits here where the simulator would let
 *     it through, so this price is an upper bound of FIFO-by-time service
 *     for that link.
 * Cost: O(messages × hops + atoms touched), about five times less than the
 * simulation (no queue, no dependency lists), and memory O(cards × atoms +
 * links) beyond the schedule itself.
 *
 * Dependencies are the simulator's (dependencies.ts): a message leaves once
 * every element it carries is final on its source — the latest earlier step
 * that wrote each element has delivered (and reduced) it — and a reduce
 * starts once the destination's own elements are final too.
 */
import type { Schedule } from '../schedule/schedule.js';
import { atomMap } from './dependencies.js';
import { linkArraysOf } from './link-arrays.js';
import { routeTable, transferBytes, type SimLinks } from './simulate.js';

export interface ListScheduleResult {
  readonly seconds: number;
  readonly linkBytes: Float64Array;
  readonly linkBusySeconds: Float64Array;
  readonly stepStart: Float64Array;
  readonly stepEnd: Float64Array;
  /** Messages crossed over all hops. */
  readonly hopCount: number;
}

export function listSchedule(
  schedule: Schedule, network: SimLinks, bytesPerElement: number, routeOf: (src: number, dst: number) => readonly number[],
): ListScheduleResult {
  const T = schedule.transferCount;
  const routes = routeTable(schedule, routeOf);
  const bytes = transferBytes(schedule, bytesPerElement);
  const atoms = atomMap(schedule);
  const { nAtoms, rangeAtom0, rangeAtom1 } = atoms;
  const { transferSegments, segmentRange, transferSrc, transferDst, transferReduce, transferStep } = schedule;

  const nLinks = network.links.length;
  const n = network.nSails;
  const { bandwidth, latency, gamma, injection } = linkArraysOf(network);

  // When each (card, atom) became final, as of the steps applied so far; and the step's pending writes.
  const final = atoms.newTable(0);
  // The step that last wrote each (card, atom): writers of one step all count, earlier steps' are replaced.
  const writtenIn = atoms.newTable(-1);
  const pendingAtom: number[] = [];
  const pendingTime: number[] = [];
  const linkFree = new Float64Array(nLinks);
  const linkBytes = new Float64Array(nLinks);
  const linkBusy = new Float64Array(nLinks);
  const injectionFree = new Float64Array(n);
  const reducerFree = new Float64Array(n);
  const stepStart = new Float64Array(schedule.stepCount).fill(Infinity);
  const stepEnd = new Float64Array(schedule.stepCount);
  let finish = 0;
  let hopCount = 0;

  const readyTime = (card: number, i: number): number => {
    let ready = 0;
    const base = card * nAtoms;
    for (let s = transferSegments[i]!, end = transferSegments[i + 1]!; s < end; s++) {
      const r = segmentRange[s]!;
      for (let a = rangeAtom0[r]!, z = rangeAtom1[r]!; a < z; a++) {
        const t = final.get(base + a);
        if (t > ready) ready = t;
      }
    }
    return ready;
  };

  let stepBegin = 0;
  while (stepBegin < T) {
    const step = transferStep[stepBegin]!;
    let stepEndIndex = stepBegin;
    while (stepEndIndex < T && transferStep[stepEndIndex] === step) stepEndIndex++;
    pendingAtom.length = 0;
    pendingTime.length = 0;
    for (let i = stepBegin; i < stepEndIndex; i++) {
      const src = transferSrc[i]!;
      const dst = transferDst[i]!;
      const size = bytes[i]!;
      let t = readyTime(src, i);
      const pair = routes.pairOf[i]!;
      for (let k = routes.start[pair]!, last = routes.start[pair + 1]!; k < last; k++) {
        const link = routes.links[k]!;
        let start = t > linkFree[link]! ? t : linkFree[link]!;
        let serialization = size / bandwidth[link]!;
        if (k === routes.start[pair]!) {
          const limit = injection[src]!;
          if (limit > 0) {
            if (injectionFree[src]! > start) start = injectionFree[src]!;
            serialization = size / (bandwidth[link]! < limit ? bandwidth[link]! : limit);
            injectionFree[src] = start + size / limit;
          }
          if (start < stepStart[step]!) stepStart[step] = start;
        }
        const end = start + serialization;
        linkFree[link] = end;
        linkBytes[link]! += size;
        linkBusy[link]! += serialization;
        hopCount++;
        t = end + latency[link]!;
      }
      let done = t;
      if (transferReduce[i] === 1) {
        const own = readyTime(dst, i);
        let start = done > own ? done : own;
        if (reducerFree[dst]! > start) start = reducerFree[dst]!;
        done = start + size * gamma[dst]!;
        reducerFree[dst] = done;
      }
      if (done > finish) finish = done;
      if (done > stepEnd[step]!) stepEnd[step] = done;
      const base = dst * nAtoms;
      for (let s = transferSegments[i]!, end = transferSegments[i + 1]!; s < end; s++) {
        const r = segmentRange[s]!;
        for (let a = rangeAtom0[r]!, z = rangeAtom1[r]!; a < z; a++) {
          pendingAtom.push(base + a);
          pendingTime.push(done);
        }
      }
    }
    // Writes become visible to later steps; writers of one step into one atom all count.
    for (let w = 0; w < pendingAtom.length; w++) {
      const key = pendingAtom[w]!;
      const t = pendingTime[w]!;
      if (writtenIn.get(key) !== step) {
        writtenIn.set(key, step);
        final.set(key, t);
      } else if (t > final.get(key)) {
        final.set(key, t);
      }
    }
    stepBegin = stepEndIndex;
  }
  for (let s = 0; s < schedule.stepCount; s++) if (stepStart[s] === Infinity) stepStart[s] = 0;
  return { seconds: finish, linkBytes, linkBusySeconds: linkBusy, stepStart, stepEnd, hopCount };
}
