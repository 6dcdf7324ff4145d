/**
 * AllReduce for tori: the hierarchical scheme (all-reduce-hierarchical.ts)
 * run on every dimension at once. On a torus every card has a link each way
 * along each dimension, but the hierarchical AllReduce keeps only one
 * dimension's links busy at a time. Here the buffer is cut into 2m parts
 * for m dimensions (of more than one card): for each rotation r of the
 * dimension order (r, r + 1, …, r − 1) two parts, one with every group ring
 * in direction +1 and one in −1. In each phase the parts of different
 * rotations work along different dimensions, so all 2m links of a card
 * carry data together; on a square torus (equal sizes) every phase keeps
 * them equally busy, halving the link time of the two-channel hierarchical
 * scheme.
 *
 * Two dimensions (4 parts: rows then columns, and columns then rows, each
 * both ways) follows the 2-D gradient summation of Google's TPU pods (Ying,
 * Kumar, Chen, Wang & Cheng, "Image Classification at Supercomputer Scale",
 * 2018, arXiv:1811.06992), which reduces along both torus dimensions at
 * once, half of the data starting on each — cited from memory of the
 * paper; its exact split was not re-checked when this was written. With
 * rows then columns only and one direction it is Mikami et al.'s 2D-Torus
 * all-reduce (arXiv:1811.05233).
 *
 * `dims` absent: one dimension of p cards — two counter-rotating rings.
 * `rings` is ignored (the channel count is 2m by construction).
 */
import { checkAlgorithmInput, dimsOf, type AlgorithmInput, type CostParameters, type CostShape } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';
import { CardGrid, channelPhases, hierarchicalAllGather, hierarchicalReduceScatter, nestedPiece, nestedSubChunk, type HierarchicalChannel } from './hierarchical-phases.js';
import { ringPhasesSeconds } from './ring-phases-seconds.js';

/**
 * Per channel, its direction and dimension order: the rotations of the
 * dimensions with more than one card (each followed by the others, size-1
 * dimensions last), each in both directions.
 */
function torusChannels(sizes: readonly number[]): { direction: 1 | -1; order: number[] }[] {
  const real = sizes.map((_, e) => e).filter((e) => sizes[e]! > 1);
  const rest = sizes.map((_, e) => e).filter((e) => sizes[e]! <= 1);
  const channels: { direction: 1 | -1; order: number[] }[] = [];
  for (let r = 0; r < real.length; r++) {
    const order = [...real.slice(r), ...real.slice(0, r), ...rest];
    channels.push({ direction: 1, order }, { direction: -1, order });
  }
  return channels;
}

/** Build the torus AllReduce schedule. */
export function allReduceTorus2d(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allReduce', 'torus2d', input);
  const { nSails: p, count, pipeline } = input;
  const b = new ScheduleBuilder('allReduce', 'torus2d', p, count);
  if (p === 1 || count === 0) return b.build();
  const grid = new CardGrid(dimsOf(input));
  const shapes = torusChannels(grid.sizes);
  const channels: HierarchicalChannel[] = shapes.map(({ direction, order }, c) => {
    const [start, end] = chunkBounds(count, shapes.length, c);
    return { direction, order, pieceOf: nestedPiece(grid, start, end) };
  });
  hierarchicalReduceScatter(b, grid, channels, pipeline);
  hierarchicalAllGather(b, grid, channels, pipeline);
  return b.build();
}

/**
 * Seconds on a torus (or a multiDim of bidirectional rings) with one link
 * each way per dimension, by ringPhasesSeconds (ring-phases-seconds.ts):
 * the 2m channels share a link when two of them use the same dimension in
 * the same direction at once (two rotations meet on a dimension when the
 * sizes differ), and every card's reducer. On a square torus with γ = 0 and
 * pipeline 1 each phase keeps all 2m links busy, so with s = count·bytes:
 *     Σ_e (d_e − 1)·(2α + 2·s/(2m·Π_{j≤e} d_j)·β)   (e along one rotation),
 * half of what the two-channel hierarchical AllReduce takes on its links;
 * the evaluation adds the reducer. Exact when count is divisible by
 * 2m·P·p; otherwise the largest pieces are priced, an approximation:
 * within 25% (11% in the cases tested on tori) with at least 8 elements
 * per piece, between 0.85× and 3× with fewer. On a torus whose sides
 * differ, channels of two rotations share a link at times; with γ = 0
 * their jobs can become ready at exactly the same instant, and which one
 * the simulator serves first then depends on event order across cards
 * (one case in the tests, 1.2% apart): price it with γ > 0.
 */
export function allReduceTorus2dCost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1, shape?: CostShape): number {
  if (p === 1 || count === 0) return 0;
  const sizes = shape?.dims ?? [p];
  const shapes = torusChannels(sizes);
  return ringPhasesSeconds(shapes.map(({ direction, order }, ch) => {
    const [a, z] = chunkBounds(count, shapes.length, ch);
    return channelPhases(sizes, {
      direction, order,
      subChunk: (j, q) => nestedSubChunk(sizes, order, z - a, pipeline, j, q),
    }, pipeline, true, true);
  }), bytesPerElement, c);
}
