/**
 * Seconds of k rings (channels) running side by side on disjoint links,
 * every card reducing for all of them on its one reducer — the closed form
 * of the multi-ring algorithms on their natural topology (two
 * counter-rotating rings on a bidirectional ring, k edge-disjoint
 * Hamiltonian cycles of a torus or a full mesh). Each ring is one
 * reduce-scatter phase continued by one all-gather phase on its own link,
 * evaluated on one card by ringPhasesSeconds (ring-phases-seconds.ts, which
 * says why one card describes the network). With one channel it gives
 * ring-pipeline-seconds.ts's result.
 */
import type { CostParameters } from '../algorithm.js';
import { chunkBounds } from '../schedule.js';
import { ringPhasesSeconds } from './ring-phases-seconds.js';

/** Sizes of the non-empty sub-chunks when `elements` are cut into `pipeline` chunks. */
export function subChunkSizes(elements: number, pipeline: number): number[] {
  const sizes: number[] = [];
  for (let q = 0; q < pipeline; q++) {
    const [a, z] = chunkBounds(elements, pipeline, q);
    if (z > a) sizes.push(z - a);
  }
  return sizes;
}

/**
 * Finishing time of `reduceSteps` reduce-scatter steps then `copySteps` copy
 * steps on every channel, channel c moving blocks of `blockElements[c]`
 * elements cut into `pipeline` sub-chunks, elements of `bytesPerElement`.
 */
export function multiRingSeconds(
  reduceSteps: number, copySteps: number, blockElements: readonly number[], pipeline: number, bytesPerElement: number, c: CostParameters,
): number {
  return ringPhasesSeconds(blockElements.map((elements, channel) => {
    const subChunks = subChunkSizes(elements, pipeline);
    return [
      { steps: reduceSteps, reduce: true, link: channel, subChunks },
      { steps: copySteps, reduce: false, link: channel, subChunks, continues: true },
    ];
  }), bytesPerElement, c);
}
