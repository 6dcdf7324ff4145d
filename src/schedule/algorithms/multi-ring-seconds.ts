/**
 * Seconds of k rings (channels) running side by side on disjoint links,
 * every card reducing for all of them on its one reducer — the closed form
 * of the multi-ring algorithms on their natural topology (two
 * counter-rotating rings on a bidirectional ring, k edge-disjoint
 * Hamiltonian cycles of a torus or a full mesh).
 *
 * Why one card describes the whole network: within one ring every position
 * does the same thing at the same time when the ring's blocks are all the
 * same size (ring-pipeline-seconds.ts), whichever card sits there. A card
 * sits at some position of every ring, so every card sees the same stream
 * of arrivals from each channel at the same times, and its one reducer
 * serves the same mix. So this evaluates one card: channel c's outgoing
 * link carries jobs (c, k, q) — sub-chunk q of the block sent in step k —
 * and what arrives from channel c's predecessor is, at the same times, what
 * this card's channel-c link delivered. A job is ready when the same
 * sub-chunk of the previous step is final here; each link serves its ready
 * jobs one at a time (σ·β each), a job arrives α later; a reduce job then
 * waits for the card's reducer, shared by the channels, which serves
 * arrivals in arrival order (σ·γ each). Events at one instant run in the
 * order they were created, as in the simulator (sim/event-queue.ts); the
 * first jobs are created in schedule order (channel by channel, sub-chunk
 * by sub-chunk). With one channel it gives ring-pipeline-seconds.ts's
 * result. O(J log J) for J = k·steps·pipeline jobs.
 */
import type { CostParameters } from '../algorithm.js';
import { chunkBounds } from '../schedule.js';

const HOP = 0;
const REDUCE = 1;

/**
 * Finishing time of `reduceSteps` reduce-scatter steps then `copySteps` copy
 * steps on every channel, channel c moving blocks of `blockElements[c]`
 * elements cut into `pipeline` sub-chunks, elements of `bytesPerElement`.
 */
export function multiRingSeconds(
  reduceSteps: number, copySteps: number, blockElements: readonly number[], pipeline: number, bytesPerElement: number, c: CostParameters,
): number {
  const steps = reduceSteps + copySteps;
  // Per channel, the non-empty sub-chunk sizes in bytes (empty ones are never sent).
  const sigma = blockElements.map((elements) => {
    const sizes: number[] = [];
    for (let q = 0; q < pipeline; q++) {
      const [a, z] = chunkBounds(elements, pipeline, q);
      if (z > a) sizes.push((z - a) * bytesPerElement);
    }
    return sizes;
  });
  // Job ids: channel-major, then step, then sub-chunk.
  const first: number[] = [];
  let jobs = 0;
  for (const sizes of sigma) {
    first.push(jobs);
    jobs += steps * sizes.length;
  }
  if (steps === 0 || jobs === 0) return 0;
  const channelOf = new Int32Array(jobs);
  const stepOf = new Int32Array(jobs);
  const sizeOf = new Float64Array(jobs);
  sigma.forEach((sizes, ch) => {
    for (let k = 0; k < steps; k++) {
      for (let q = 0; q < sizes.length; q++) {
        const j = first[ch]! + k * sizes.length + q;
        channelOf[j] = ch;
        stepOf[j] = k;
        sizeOf[j] = sizes[q]!;
      }
    }
  });

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
    const last = time.length - 1;
    swap(0, last);
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

  const linkFree = new Float64Array(sigma.length);
  let reducerFree = 0;
  let finish = 0;
  const complete = (j: number, t: number) => {
    if (t > finish) finish = t;
    const ch = channelOf[j]!;
    if (stepOf[j]! + 1 < steps) push(t, HOP, j + sigma[ch]!.length); // the same sub-chunk, next step
  };
  sigma.forEach((sizes, ch) => {
    for (let q = 0; q < sizes.length; q++) push(0, HOP, first[ch]! + q);
  });
  while (time.length > 0) {
    const [now, what, j] = pop();
    if (what === HOP) {
      const ch = channelOf[j]!;
      const start = Math.max(now, linkFree[ch]!);
      linkFree[ch] = start + sizeOf[j]! * c.beta;
      const arrive = linkFree[ch]! + c.alpha;
      if (stepOf[j]! < reduceSteps) push(arrive, REDUCE, j);
      else complete(j, arrive);
    } else {
      const start = Math.max(now, reducerFree);
      reducerFree = start + sizeOf[j]! * c.gamma;
      complete(j, reducerFree);
    }
  }
  return finish;
}
