/**
 * The working buffer of each collective: what every card's buffer means to a
 * schedule, where its data starts, and where the results must end.
 *
 * `count` is the collective's per-card element count as NCCL defines it:
 *   allReduce, broadcast, reduce — elements per card (in = out);
 *   allGather   — elements each card sends (it receives n·count);
 *   reduceScatter — elements each card receives (it sends n·count);
 *   allToAll    — elements each card sends to each other card (sends n·count).
 *
 * Layouts (n cards, W = workingLength):
 *   allReduce / broadcast / reduce: W = count, the card's buffer.
 *   allGather / reduceScatter: W = n·count, block b = [b·count, (b+1)·count);
 *     for allGather card c starts holding only block c; for reduceScatter card c
 *     must end holding the reduction of block c.
 *   allToAll: W = n·n·count, block (s, d) = [(s·n + d)·count, (s·n + d + 1)·count)
 *     is the data card s sends to card d; card s starts holding blocks (s, *),
 *     and card d must end holding blocks (*, d).
 */
import type { CollectiveKind } from './schedule.js';

export function workingLength(collective: CollectiveKind, nSails: number, count: number): number {
  switch (collective) {
    case 'allReduce':
    case 'broadcast':
    case 'reduce':
      return count;
    case 'allGather':
    case 'reduceScatter':
      return nSails * count;
    case 'allToAll':
      return nSails * nSails * count;
  }
}
