/**
 * AllGather, hierarchical (ASTRA-sim's hierarchical AllGather): on cards
 * laid out on `dims` (dimension 0 fastest), ring all-gathers inside every
 * group of the last dimension, then of the one before, …, dimension 0 last
 * (hierarchical-phases.ts) — the second half of the hierarchical AllReduce,
 * so the largest pieces move along dimension 0. Σ_e (d_e − 1) steps.
 *
 * Pieces: block b = [b·count, (b+1)·count) starts on card b; before the
 * phase over dimension e_j a card holds the blocks of every card that
 * agrees with it on e_0 … e_j (its own block, before the first phase) — in
 * general not contiguous, one segment per block.
 *
 * Channels: k = rings.length (the orders themselves are not used). Every
 * block is cut into k parts (part c = chunk c of k of the block); part c
 * runs the scheme with group rings in direction +1 (c even) or −1 (c odd).
 * Absent rings and dims: one channel, one dimension — the ring AllGather's
 * transfers.
 */
import { checkAlgorithmInput, dimsOf, ringsOf, type AlgorithmInput, type CostParameters, type CostShape } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';
import { workingLength } from '../working-buffer.js';
import { blockPiece, blockSubChunk, CardGrid, channelPhases, hierarchicalAllGather, type HierarchicalChannel } from './hierarchical-phases.js';
import { ringPhasesSeconds } from './ring-phases-seconds.js';

/** Build the hierarchical AllGather schedule. */
export function allGatherHierarchical(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allGather', 'hierarchical', input);
  const { nSails: p, count, pipeline } = input;
  const b = new ScheduleBuilder('allGather', 'hierarchical', p, workingLength('allGather', p, count));
  if (p === 1 || count === 0) return b.build();
  const grid = new CardGrid(dimsOf(input));
  const k = ringsOf(input).length;
  const order = grid.sizes.map((_, e) => e);
  const channels: HierarchicalChannel[] = Array.from({ length: k }, (_, c) => {
    const [start, end] = chunkBounds(count, k, c);
    return { direction: c % 2 === 0 ? 1 : -1, order, pieceOf: blockPiece(grid, count, start, end) };
  });
  hierarchicalAllGather(b, grid, channels, pipeline);
  return b.build();
}

/**
 * Seconds on a topology that gives every group ring its own links in each
 * direction, by ringPhasesSeconds (ring-phases-seconds.ts). With pipeline 1,
 * one channel and S = count·bytes:
 *     Σ_e (d_e − 1)(α + S_e·β),   S_e = S·p/Π_{j≤e} d_j.
 * Exact for every count and pipeline: within a channel every block has
 * the same size, and with pipeline P > 1 slice q of a phase needs exactly
 * slice q of the phase before (hierarchical-phases.ts).
 */
export function allGatherHierarchicalCost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1, shape?: CostShape): number {
  if (p === 1 || count === 0) return 0;
  const sizes = shape?.dims ?? [p];
  const k = shape?.channels ?? 1;
  const order = sizes.map((_, e) => e);
  return ringPhasesSeconds(Array.from({ length: k }, (_, ch) => {
    const [a, z] = chunkBounds(count, k, ch);
    return channelPhases(sizes, {
      direction: ch % 2 === 0 ? 1 : -1, order,
      subChunk: (j, q) => blockSubChunk(sizes, order, z - a, pipeline, j, q),
    }, pipeline, false, true);
  }), bytesPerElement, c);
}
