/**
 * Seconds of a pipelined ring (`pipeline` = P > 1) on a unidirectional ring
 * whose blocks all have the same size (count divisible by p).
 *
 * By symmetry every card does the same thing at the same time, so one
 * card's outgoing link and reducer describe the whole ring: the link
 * carries *jobs* (k, q) — sub-chunk q of the block sent in step k — and
 * what arrives at this card from its predecessor is, at the same times,
 * what this card's link delivered to its successor. A job becomes ready
 * when the same sub-chunk of the previous step is final here: reduced
 * (reduce steps) or arrived (copy steps). The link serves ready jobs one at
 * a time in ready order (ties: schedule order), each for σ_q·β; a job
 * arrives α later; a reduce job then waits for the card's reducer, which
 * serves arrivals in order, σ_q·γ each. With P = 1 it gives the closed
 * forms of the ring algorithms. O(steps·P·log(steps·P)).
 */
import type { CostParameters } from '../algorithm.js';
import { chunkBounds } from '../schedule.js';

/**
 * Finishing time of `reduceSteps` reduce-scatter steps followed by
 * `copySteps` copy steps of a block of `blockElements` elements cut into
 * `pipeline` sub-chunks, elements of `bytesPerElement` bytes.
 */
export function symmetricRingSeconds(
  reduceSteps: number, copySteps: number, blockElements: number, pipeline: number, bytesPerElement: number, c: CostParameters,
): number {
  const P = pipeline;
  const steps = reduceSteps + copySteps;
  const sigma: number[] = [];
  for (let q = 0; q < P; q++) {
    const [a, z] = chunkBounds(blockElements, P, q);
    if (z > a) sigma.push((z - a) * bytesPerElement);
  }
  const Q = sigma.length; // empty sub-chunks are never sent
  if (steps === 0 || Q === 0) return 0;
  const jobs = steps * Q;
  const ready = new Float64Array(jobs).fill(Infinity); // job j = k·Q + q
  const final = new Float64Array(jobs); // reduced (reduce steps) or arrived (copy steps)
  for (let q = 0; q < Q; q++) ready[q] = 0;
  // Ready jobs not yet sent, ordered by (ready, index): a binary heap of indices.
  const heap: number[] = [];
  const before = (x: number, y: number) => ready[x]! < ready[y]! || (ready[x] === ready[y] && x < y);
  const push = (j: number) => {
    heap.push(j);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  for (let q = 0; q < Q; q++) push(q);
  // Reduce jobs wait for the reducer in arrival order; arrival order is the
  // link's service order, so a running "reducer free" time suffices.
  let linkFree = 0;
  let reducerFree = 0;
  let finish = 0;
  // A job's successor (same q, next step) becomes ready when the job is final;
  // since the link serves in ready order and final times follow service
  // order, successors can be pushed as soon as their job is served.
  for (let served = 0; served < jobs; served++) {
    const j = pop();
    const k = Math.floor(j / Q);
    const q = j % Q;
    const start = Math.max(ready[j]!, linkFree);
    linkFree = start + sigma[q]! * c.beta;
    const arrive = linkFree + c.alpha;
    if (k < reduceSteps) {
      const begin = Math.max(arrive, reducerFree);
      reducerFree = begin + sigma[q]! * c.gamma;
      final[j] = reducerFree;
    } else {
      final[j] = arrive;
    }
    finish = Math.max(finish, final[j]!);
    if (k + 1 < steps) {
      ready[j + Q] = final[j]!;
      push(j + Q);
    }
  }
  return finish;
}
