/**
 * Analytic pricing of a built schedule: its steps priced one after another
 * as phases (phase-model.ts), each message ready when every element it
 * carries is final on its source — the simulator's dependency rule
 * (dependencies.ts), tracked as one time per (card, atom) — so steps are not
 * barriers: a card whose data is ready early sends early. Consecutive steps
 * that do not depend on one another form one phase.
 *
 * Cost O(messages × hops · log) and memory O(cards × atoms + links): no
 * event queue and no dependency lists. Used wherever no family model
 * (family-models.ts) covers an algorithm, for schedules up to the analytic
 * build budget (planner.ts).
 */
import type { Schedule } from '../../schedule/schedule.js';
import { atomMap, type AtomMap, type AtomTable } from '../dependencies.js';
import { transferBytes } from '../simulate.js';
import { PhaseModel } from './phase-model.js';
import type { RouteCosts } from './route-costs.js';

/** Most (card, atom) writes tracked one by one. */
const ATOM_TOUCH_LIMIT = 1 << 23;

/** One atom per card: every range is the whole working buffer. */
function wholeCards(schedule: Schedule): AtomMap {
  const D = schedule.rangeStart.length;
  const one = new Float64Array(schedule.nSails);
  return {
    nAtoms: 1,
    rangeAtom0: new Int32Array(D),
    rangeAtom1: new Int32Array(D).fill(1),
    newTable(initial: number): AtomTable {
      const values = new Float64Array(one.length).fill(initial);
      return { get: (key) => values[key]!, set: (key, value) => { values[key] = value; } };
    },
  };
}

export function priceSchedule(schedule: Schedule, costs: RouteCosts, bytesPerElement: number): PhaseModel {
  const model = new PhaseModel(costs);
  const T = schedule.transferCount;
  const bytes = transferBytes(schedule, bytesPerElement);
  const fine = atomMap(schedule);
  let touches = 0;
  for (let s = 0; s < schedule.segmentCount; s++) touches += fine.rangeAtom1[schedule.segmentRange[s]!]! - fine.rangeAtom0[schedule.segmentRange[s]!]!;
  // Element-level tracking costs a table entry per (card, atom) written: when
  // the schedule writes too many (halving and doubling over thousands of
  // cards), track each card as one atom instead — a message then waits for
  // everything its source has received, which is what those algorithms'
  // messages wait for anyway (each step sends what the last ones brought).
  const atoms = touches <= ATOM_TOUCH_LIMIT ? fine : wholeCards(schedule);
  const { nAtoms, rangeAtom0, rangeAtom1 } = atoms;
  const { transferSegments, segmentRange, transferSrc, transferDst, transferReduce, transferStep } = schedule;
  // When each (card, atom) became final, the step that last wrote it, and
  // the phase whose still-unpriced messages write it (−1: none).
  const final = atoms.newTable(0);
  const writtenIn = atoms.newTable(-1);
  const pendingIn = atoms.newTable(-1);
  let phase = 0;
  // Transfers [phaseBegin, next) are in the open phase, message i − phaseBegin each.
  let phaseBegin = 0;

  /** Latest final time of transfer i's atoms on `card`, or −1 if one of them is written in the open phase. */
  const readyOf = (card: number, i: number): number => {
    let ready = 0;
    const base = card * nAtoms;
    for (let s = transferSegments[i]!, end = transferSegments[i + 1]!; s < end; s++) {
      const r = segmentRange[s]!;
      for (let a = rangeAtom0[r]!, z = rangeAtom1[r]!; a < z; a++) {
        if (pendingIn.get(base + a) === phase) return -1;
        const t = final.get(base + a);
        if (t > ready) ready = t;
      }
    }
    return ready;
  };

  const closePhase = (end: number): void => {
    model.close();
    // Writes become visible: writers of one step into one atom all count, later steps replace earlier ones.
    for (let i = phaseBegin; i < end; i++) {
      const done = model.done[i - phaseBegin]!;
      const step = transferStep[i]!;
      const base = transferDst[i]! * nAtoms;
      for (let s = transferSegments[i]!, z = transferSegments[i + 1]!; s < z; s++) {
        const r = segmentRange[s]!;
        for (let a = rangeAtom0[r]!, e = rangeAtom1[r]!; a < e; a++) {
          const key = base + a;
          if (writtenIn.get(key) !== step) {
            writtenIn.set(key, step);
            final.set(key, done);
          } else if (done > final.get(key)) {
            final.set(key, done);
          }
        }
      }
    }
    phase++;
    phaseBegin = end;
  };

  // A phase is a run of steps none of which reads what another one of them
  // writes: its messages can all be on the links at once (the steps of a
  // pairwise all-to-all), so they are priced together.
  let begin = 0;
  while (begin < T) {
    const step = transferStep[begin]!;
    let end = begin;
    while (end < T && transferStep[end] === step) end++;
    let dependent = false;
    for (let i = begin; i < end && !dependent; i++) {
      dependent = readyOf(transferSrc[i]!, i) < 0 || (transferReduce[i] === 1 && readyOf(transferDst[i]!, i) < 0);
    }
    if (dependent) closePhase(begin);
    for (let i = begin; i < end; i++) {
      const reduce = transferReduce[i] === 1;
      model.add(transferSrc[i]!, transferDst[i]!, bytes[i]!, readyOf(transferSrc[i]!, i), reduce, reduce ? readyOf(transferDst[i]!, i) : 0);
    }
    for (let i = begin; i < end; i++) {
      const base = transferDst[i]! * nAtoms;
      for (let s = transferSegments[i]!, z = transferSegments[i + 1]!; s < z; s++) {
        const r = segmentRange[s]!;
        for (let a = rangeAtom0[r]!, e = rangeAtom1[r]!; a < e; a++) pendingIn.set(base + a, phase);
      }
    }
    begin = end;
  }
  closePhase(T);
  return model;
}
