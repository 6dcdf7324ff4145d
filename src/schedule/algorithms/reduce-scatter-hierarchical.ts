/**
 * ReduceScatter, hierarchical (ASTRA-sim's hierarchical ReduceScatter): on
 * cards laid out on `dims` (dimension 0 fastest), a ring reduce-scatter
 * inside every group of dimension 0, then of dimension 1, …
 * (hierarchical-phases.ts). Σ_e (d_e − 1) steps.
 *
 * Pieces: block b = [b·count, (b+1)·count) must end on card b, so after
 * reducing dimensions e_0 … e_j a card owns the blocks of every card that
 * agrees with it on those coordinates — in general not contiguous, so a
 * transfer carries one segment per block. Phase j moves blocks of
 * p/Π_{i≤j} d_{e_i} segments.
 *
 * Channels: k = rings.length (the orders themselves are not used). Every
 * block is cut into k parts (part c = chunk c of k of the block); part c
 * runs the scheme with group rings in direction +1 (c even) or −1 (c odd).
 * Absent rings and dims: one channel, one dimension — the ring
 * ReduceScatter's transfers.
 */
import { checkAlgorithmInput, dimsOf, ringsOf, type AlgorithmInput, type CostParameters, type CostShape } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';
import { blockPiece, blockSubChunk, CardGrid, channelPhases, hierarchicalReduceScatter, type HierarchicalChannel } from './hierarchical-phases.js';
import { ringPhasesSeconds } from './ring-phases-seconds.js';

/** Build the hierarchical ReduceScatter schedule. */
export function reduceScatterHierarchical(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('reduceScatter', 'hierarchical', input);
  const { nSails: p, count, pipeline } = input;
  const b = new ScheduleBuilder('reduceScatter', 'hierarchical', p, workingLength('reduceScatter', p, count));
  if (p === 1 || count === 0) return b.build();
  const grid = new CardGrid(dimsOf(input));
  const k = ringsOf(input).length;
  const order = grid.sizes.map((_, e) => e);
  const channels: HierarchicalChannel[] = Array.from({ length: k }, (_, c) => {
    const [start, end] = chunkBounds(count, k, c);
    return { direction: c % 2 === 0 ? 1 : -1, order, pieceOf: blockPiece(grid, count, start, end) };
  });
  hierarchicalReduceScatter(b, grid, channels, pipeline);
  return b.build();
}

/**
 * Seconds on a topology that gives every group ring its own links in each
 * direction, by ringPhasesSeconds (ring-phases-seconds.ts). With pipeline 1,
 * one channel and S = count·bytes:
 *     Σ_e (d_e − 1)(α + S_e(β + γ)),   S_e = S·p/Π_{j≤e} d_j.
 * Exact for every count and pipeline: within a channel every block has
 * the same size, and with pipeline P > 1 slice q of a phase needs exactly
 * slice q of the phase before (hierarchical-phases.ts).
 */
export function reduceScatterHierarchicalCost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1, shape?: CostShape): number {
  if (p === 1 || count === 0) return 0;
  const sizes = shape?.dims ?? [p];
  const k = shape?.channels ?? 1;
  const order = sizes.map((_, e) => e);
  return ringPhasesSeconds(Array.from({ length: k }, (_, ch) => {
    const [a, z] = chunkBounds(count, k, ch);
    return channelPhases(sizes, {
      direction: ch % 2 === 0 ? 1 : -1, order,
      subChunk: (j, q) => blockSubChunk(sizes, order, z - a, pipeline, j, q),
    }, pipeline, true, false);
  }), bytesPerElement, c);
}
