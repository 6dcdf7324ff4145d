/**
 * Channels of ring-type algorithms (NCCL's channels): k rings, each a cyclic
 * card order, each carrying its own part of the data. Part c of a range of
 * `length` elements is chunk c of k (chunkBounds), so parts differ by at
 * most one element and are empty when length < k. With one channel in card
 * order the algorithms build exactly the schedules they built before
 * channels existed.
 */
import { ringsOf, type AlgorithmInput } from '../algorithm.js';
import { chunkBounds } from '../schedule.js';

/** One channel: its card order and its part of the data. */
export interface Channel {
  /** Cards in ring order: position i sends to position i + 1 (mod p). */
  readonly order: readonly number[];
  /** Position of each card in `order`. */
  readonly positionOf: Int32Array;
  /** This channel's part [start, end) of a range of the given length, relative to the range's start. */
  readonly start: number;
  readonly end: number;
}

/** The channels of `input` (its rings, or one ring in card order), each with its part of `length` elements. */
export function channelsOf(input: AlgorithmInput, length: number): Channel[] {
  const rings = ringsOf(input);
  return rings.map((order, c) => {
    const positionOf = new Int32Array(order.length);
    order.forEach((card, i) => { positionOf[card] = i; });
    const [start, end] = chunkBounds(length, rings.length, c);
    return { order, positionOf, start, end };
  });
}
