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
  // Flatten: jobs of channel ch, phase f, step k, sub-chunk q, in that order.
  const size: number[] = [];
  const link: number[] = [];
  const reduce: boolean[] = [];
  const next: number[][] = []; // jobs waiting on this one
  const waiting: number[] = []; // unfinished jobs this one waits on
  const initial: number[] = [];
  for (const phases of channels) {
    let previous: number[] = []; // jobs of the previous phase's last step
    let previousPhase: RingPhase | undefined;
    for (const phase of phases) {
      if (phase.steps === 0 || phase.subChunks.length === 0) continue;
      const Q = phase.subChunks.length;
      for (let k = 0; k < phase.steps; k++) {
        const row: number[] = [];
        for (let q = 0; q < Q; q++) {
          const j = size.length;
          size.push(phase.subChunks[q]! * bytesPerElement);
          link.push(phase.link);
          reduce.push(phase.reduce);
          next.push([]);
          let deps: number[];
          if (k > 0) deps = [previous[q]!];
          else if (previous.length === 0) deps = [];
          else if (phase.continues && previousPhase !== undefined && previousPhase.subChunks.length === Q) deps = [previous[q]!];
          else deps = previous;
          waiting.push(deps.length);
          for (const d of deps) next[d]!.push(j);
          if (deps.length === 0) initial.push(j);
          row.push(j);
        }
        previous = row;
      }
      previousPhase = phase;
    }
  }
  if (size.length === 0) return 0;

  // Events (time, creation order, kind, job) in a binary heap.
  const time: number[] = [];
  const order: number[] = [];
  const kind: number[] = [];
  const job: number[] = [];
  let created = 0;
  const before = (x: number, y: number) => time[x]! < time[y]! || (time[x] === time[y] && order[x]! < order[y]!);
  const swap = (x: number, y: number) => {
    [time[x], time[y]] = [time[y]!, time[x]!];
    [order[x], order[y]] = [order[y]!, order[x]!];
    [kind[x], kind[y]] = [kind[y]!, kind[x]!];
    [job[x], job[y]] = [job[y]!, job[x]!];
  };
  const push = (t: number, k: number, j: number) => {
    time.push(t);
    order.push(created++);
    kind.push(k);
    job.push(j);
    for (let i = time.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const pop = (): [number, number, number] => {
    const top: [number, number, number] = [time[0]!, kind[0]!, job[0]!];
    swap(0, time.length - 1);
    time.pop();
    order.pop();
    kind.pop();
    job.pop();
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      let m = i;
      if (l < time.length && before(l, m)) m = l;
      if (l + 1 < time.length && before(l + 1, m)) m = l + 1;
      if (m === i) break;
      swap(i, m);
      i = m;
    }
    return top;
  };

  const linkFree = new Map<number, number>();
  const readyAt = new Float64Array(size.length);
  let reducerFree = 0;
  let finish = 0;
  const complete = (j: number, t: number) => {
    if (t > finish) finish = t;
    for (const w of next[j]!) {
      if (t > readyAt[w]!) readyAt[w] = t;
      if (--waiting[w]! === 0) push(readyAt[w]!, HOP, w);
    }
  };
  for (const j of initial) push(0, HOP, j);
  while (time.length > 0) {
    const [now, what, j] = pop();
    if (what === HOP) {
      const start = Math.max(now, linkFree.get(link[j]!) ?? 0);
      const end = start + size[j]! * c.beta;
      linkFree.set(link[j]!, end);
      if (reduce[j]) push(end + c.alpha, REDUCE, j);
      else complete(j, end + c.alpha);
    } else {
      const start = Math.max(now, reducerFree);
      reducerFree = start + size[j]! * c.gamma;
      complete(j, reducerFree);
    }
  }
  return finish;
}
