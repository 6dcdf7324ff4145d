/**
 * Seconds of channels that each run a sequence of ring phases (ring
 * reduce-scatter or all-gather steps over groups of cards) on a network
 * where every card looks the same — the closed form of the multi-ring,
 * hierarchical and torus algorithms on their natural topologies.
 *
 * Why one card describes the whole network: within one ring every position
 * does the same thing at the same time when the ring's blocks are all the
 * same size (ring-pipeline-seconds.ts), whichever card sits there; a card
 * sits at some position of every ring of every phase, so every card sees
 * the same arrivals at the same times and its reducer serves the same mix.
 * So this evaluates one card. Its outgoing links are named by `link` keys:
 * channels with the same key share that link (two channels on a group of
 * two cards, or two channels in the same direction), others do not. Job
 * (channel, phase, step, q) is sub-chunk q of the block the card sends in
 * that step; what arrives from a predecessor is, at the same times, what
 * this card's own link delivered. Rules, as in the simulator
 * (sim/simulate.ts, sim/event-queue.ts):
 *   - step k > 0 of a phase: sub-chunk q is ready when sub-chunk q of step
 *     k − 1 is final here (arrived; reduced if a reduce step);
 *   - step 0 of a phase that `continues` the previous one (the same pieces
 *     cut the same way, as ring all-gather after ring reduce-scatter in one
 *     ring): when sub-chunk q of the previous phase's last step is final;
 *   - step 0 of any other phase: when every job of the previous phase's last
 *     step is final — exact when the previous phase has one sub-chunk
 *     (pipeline 1); with more, a sub-chunk of the new phase may in truth
 *     need only some of them, so this is an approximation from above;
 *   - each link serves its ready jobs one at a time in ready order, σ·β
 *     each; a job arrives α later; a reduce job then waits for the card's
 *     one reducer, which serves arrivals in arrival order, σ·γ each;
 *   - events at one instant run in the order they were created; the first
 *     jobs are created channel by channel, sub-chunk by sub-chunk.
 * O(J log J) for J jobs.
 */
import { GrowableInt32 } from '../../growable-int32.js';
import type { CostParameters } from '../algorithm.js';

/** One phase of one channel. */
export interface RingPhase {
  /** Steps of the phase (group size − 1; 0 = the phase is skipped). */
  readonly steps: number;
  /** Reduce-scatter (true) or all-gather (false) steps. */
  readonly reduce: boolean;
  /** Which of the card's outgoing links it uses (equal keys share a link). */
  readonly link: number;
  /** Elements of each non-empty sub-chunk of the block sent per step. */
  readonly subChunks: readonly number[];
  /** Step 0 waits only for the same sub-chunk of the previous phase (see the module comment). */
  readonly continues?: boolean;
}

const HOP = 0;
const REDUCE = 1;

/** Finishing time of every channel's phases, elements of `bytesPerElement` bytes. */
export function ringPhasesSeconds(channels: readonly (readonly RingPhase[])[], bytesPerElement: number, c: CostParameters): number {
  // Jobs of channel ch, phase f, step k, sub-chunk q, in that order; successors in compressed rows.
  let jobs = 0;
  for (const phases of channels) for (const phase of phases) if (phase.steps > 0) jobs += phase.steps * phase.subChunks.length;
  if (jobs === 0) return 0;
  const size = new Float64Array(jobs);
  const link = new Int32Array(jobs);
  const reduce = new Uint8Array(jobs);
  const waiting = new Int32Array(jobs);
  // Successors of job i: next[nextStart[i] … rowEnd[i]), each row written in one go.
  const nextStart = new Int32Array(jobs);
  const rowEnd = new Int32Array(jobs);
  const next = new GrowableInt32();
  const initial = new GrowableInt32();
  // Links by key: dense ids.
  const linkIds = new Map<number, number>();
  let j = 0;
  for (const phases of channels) {
    let previousFirst = -1; // first job of the previous phase's last step
    let previousQ = 0;
    for (const phase of phases) {
      const Q = phase.subChunks.length;
      if (phase.steps === 0 || Q === 0) continue;
      let id = linkIds.get(phase.link);
      if (id === undefined) linkIds.set(phase.link, (id = linkIds.size));
      const first = j;
      // The previous phase's last-step jobs lead to this phase's first step: one to one when it
      // continues with the same cut, every one to every one otherwise.
      if (previousFirst >= 0) {
        const oneToOne = phase.continues === true && previousQ === Q;
        for (let p = 0; p < previousQ; p++) {
          nextStart[previousFirst + p] = next.length;
          if (oneToOne) next.push(first + p);
          else for (let q = 0; q < Q; q++) next.push(first + q);
          rowEnd[previousFirst + p] = next.length;
        }
      }
      for (let k = 0; k < phase.steps; k++) {
        for (let q = 0; q < Q; q++, j++) {
          size[j] = phase.subChunks[q]! * bytesPerElement;
          link[j] = id;
          reduce[j] = phase.reduce ? 1 : 0;
          if (k > 0) waiting[j] = 1;
          else if (previousFirst < 0) { waiting[j] = 0; initial.push(j); }
          else waiting[j] = phase.continues === true && previousQ === Q ? 1 : previousQ;
          if (k + 1 < phase.steps) {
            nextStart[j] = next.length;
            next.push(j + Q);
            rowEnd[j] = next.length;
          }
        }
      }
      previousFirst = j - Q;
      previousQ = Q;
    }
  }
  // (Rows never written stay empty: the last step of a channel's last phase.)
  const successors = next.trimmed();

  // Events (time, creation order, kind, job) in a binary heap; each job makes at most two.
  const capacity = 2 * jobs;
  const time = new Float64Array(capacity);
  const order = new Float64Array(capacity);
  const payload = new Int32Array(capacity * 2);
  let heapSize = 0;
  let created = 0;
  const push = (t: number, kind: number, item: number) => {
    const o = created++;
    let i = heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const tp = time[parent]!;
      if (tp < t || (tp === t && order[parent]! < o)) break;
      time[i] = tp;
      order[i] = order[parent]!;
      payload[2 * i] = payload[2 * parent]!;
      payload[2 * i + 1] = payload[2 * parent + 1]!;
      i = parent;
    }
    time[i] = t;
    order[i] = o;
    payload[2 * i] = kind;
    payload[2 * i + 1] = item;
  };
  let poppedTime = 0;
  let poppedKind = 0;
  let poppedItem = 0;
  const pop = () => {
    poppedTime = time[0]!;
    poppedKind = payload[0]!;
    poppedItem = payload[1]!;
    const last = --heapSize;
    if (last === 0) return;
    const t = time[last]!;
    const o = order[last]!;
    const kind = payload[2 * last]!;
    const item = payload[2 * last + 1]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      let child = left;
      if (right < last && (time[right]! < time[left]! || (time[right] === time[left] && order[right]! < order[left]!))) child = right;
      const tc = time[child]!;
      if (tc > t || (tc === t && order[child]! > o)) break;
      time[i] = tc;
      order[i] = order[child]!;
      payload[2 * i] = payload[2 * child]!;
      payload[2 * i + 1] = payload[2 * child + 1]!;
      i = child;
    }
    time[i] = t;
    order[i] = o;
    payload[2 * i] = kind;
    payload[2 * i + 1] = item;
  };

  const linkFree = new Float64Array(linkIds.size);
  const readyAt = new Float64Array(jobs);
  let reducerFree = 0;
  let finish = 0;
  const complete = (done: number, t: number) => {
    if (t > finish) finish = t;
    for (let k = nextStart[done]!; k < rowEnd[done]!; k++) {
      const w = successors[k]!;
      if (t > readyAt[w]!) readyAt[w] = t;
      if (--waiting[w]! === 0) push(readyAt[w]!, HOP, w);
    }
  };
  const starts = initial.trimmed();
  for (let i = 0; i < starts.length; i++) push(0, HOP, starts[i]!);
  while (heapSize > 0) {
    pop();
    const now = poppedTime;
    const job = poppedItem;
    if (poppedKind === HOP) {
      const l = link[job]!;
      const start = Math.max(now, linkFree[l]!);
      const end = start + size[job]! * c.beta;
      linkFree[l] = end;
      if (reduce[job] === 1) push(end + c.alpha, REDUCE, job);
      else complete(job, end + c.alpha);
    } else {
      const start = Math.max(now, reducerFree);
      reducerFree = start + size[job]! * c.gamma;
      complete(job, reducerFree);
    }
  }
  return finish;
}
