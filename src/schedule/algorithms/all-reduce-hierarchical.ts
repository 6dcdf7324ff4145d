/**
 * AllReduce, hierarchical (ASTRA-sim's hierarchical AllReduce; the
 * "2D-Torus all-reduce" of Mikami et al. 2018, arXiv:1811.05233, is its
 * two-dimensional case): on cards laid out on `dims` (dimension 0 fastest),
 * a ring reduce-scatter inside every group of dimension 0, then of
 * dimension 1 on the piece each card now owns, …, then ring all-gathers
 * back in the reverse order (hierarchical-phases.ts). Σ_e 2(d_e − 1) steps.
 *
 * Pieces: the card with coordinate x along dimension e keeps chunk x of d_e
 * of its previous piece, so after the reduce-scatter card c owns one
 * contiguous range reduced over every card.
 *
 * Channels: k = rings.length (the ring orders themselves are not used: the
 * rings are the groups' own). The buffer is cut into k parts (part c =
 * chunk c of k); part c runs the scheme with rings in direction +1 (c
 * even) or −1 (c odd), so two channels use both directions of every
 * bidirectional-ring dimension. Absent rings and dims: one channel, one
 * dimension of p cards — the ring AllReduce (the same transfers with
 * pipeline 1; with P > 1 the sub-chunks are cut slice-first,
 * hierarchical-phases.ts, so their ranges differ, not their sizes).
 */
import { checkAlgorithmInput, dimsOf, ringsOf, type AlgorithmInput, type CostParameters, type CostShape } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';
import { CardGrid, channelPhases, hierarchicalAllGather, hierarchicalReduceScatter, nestedPiece, nestedSubChunk, type HierarchicalChannel } from './hierarchical-phases.js';
import { ringPhasesSeconds } from './ring-phases-seconds.js';

/** Build the hierarchical AllReduce schedule. */
export function allReduceHierarchical(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allReduce', 'hierarchical', input);
  const { nSails: p, count, pipeline } = input;
  const b = new ScheduleBuilder('allReduce', 'hierarchical', p, count);
  if (p === 1 || count === 0) return b.build();
  const grid = new CardGrid(dimsOf(input));
  const k = ringsOf(input).length;
  const order = grid.sizes.map((_, e) => e);
  const channels: HierarchicalChannel[] = Array.from({ length: k }, (_, c) => {
    const [start, end] = chunkBounds(count, k, c);
    return { direction: c % 2 === 0 ? 1 : -1, order, pieceOf: nestedPiece(grid, start, end) };
  });
  hierarchicalReduceScatter(b, grid, channels, pipeline);
  hierarchicalAllGather(b, grid, channels, pipeline);
  return b.build();
}

/**
 * Seconds on a topology that gives every group ring of every dimension its
 * own links in each direction (a torus, a multiDim of bidirectional rings
 * or meshes; a one-way ring for one channel and one dimension), by
 * ringPhasesSeconds (ring-phases-seconds.ts). With pipeline 1 a phase
 * starts when the previous one has ended on every card (a card's first
 * block of a phase is the piece its last step finished), so for one channel
 *     Σ_e (d_e − 1)(2α + 2s_eβ + s_eγ),   s_e = count·bytes/Π_{j≤e} d_j,
 * the all-gathers mirroring the reduce-scatters; several channels share
 * each card's reducer, which the evaluation accounts for. With pipeline
 * P > 1 the slices overlap phases (hierarchical-phases.ts). Exact when
 * count is divisible by k·P·p (all pieces equal); otherwise the largest
 * pieces are priced, an approximation: within 25% (11% in the cases
 * tested on tori) with at least 8 elements per piece, between 0.85× and
 * 3× with fewer (most pieces then smaller or empty).
 */
export function allReduceHierarchicalCost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1, shape?: CostShape): number {
  if (p === 1 || count === 0) return 0;
  const sizes = shape?.dims ?? [p];
  const k = shape?.channels ?? 1;
  const order = sizes.map((_, e) => e);
  return ringPhasesSeconds(Array.from({ length: k }, (_, ch) => {
    const [a, z] = chunkBounds(count, k, ch);
    return channelPhases(sizes, {
      direction: ch % 2 === 0 ? 1 : -1, order,
      subChunk: (j, q) => nestedSubChunk(sizes, order, z - a, pipeline, j, q),
    }, pipeline, true, true);
  }), bytesPerElement, c);
}
