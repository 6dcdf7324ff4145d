/**
 * Pure ring schedules (ring AllReduce, AllGather, ReduceScatter) carry the
 * dependencies their builder knows by construction (Schedule.forwardedBy,
 * src/schedule/algorithms/ring-forwarding.ts); the simulator then skips the
 * analysis of element ranges. Checked here against that analysis
 * (dependenciesFromRanges), the independent reference: on random ring
 * layouts — card counts, counts not divisible by cards or channels, counts
 * below the card count (empty blocks), pipelines, several channels in random
 * card orders — both must give the same waits, transfer by transfer, in the
 * same order (the simulator releases waiters in list order, so order is part
 * of its results).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allGatherRing } from '../src/schedule/algorithms/all-gather-ring.js';
import { allReduceRing } from '../src/schedule/algorithms/all-reduce-ring.js';
import { reduceScatterRing } from '../src/schedule/algorithms/reduce-scatter-ring.js';
import type { AlgorithmInput } from '../src/schedule/algorithm.js';
import type { Schedule } from '../src/schedule/schedule.js';
import { analyseDependencies, dependenciesFromRanges, type Dependencies } from '../src/sim/dependencies.js';

const BUILDERS: readonly [string, (input: AlgorithmInput) => Schedule][] = [
  ['allReduce ring', allReduceRing],
  ['allGather ring', allGatherRing],
  ['reduceScatter ring', reduceScatterRing],
];

/** Per transfer: the transfers waiting on it, from the plain-list form. */
function waitersOf(lists: Dependencies['srcWaiters'], T: number): number[][] {
  const { head, item, next } = lists.linked();
  return Array.from({ length: T }, (_, i) => {
    const out: number[] = [];
    for (let k = head[i]!; k >= 0; k = next[k]!) out.push(item[k]!);
    return out;
  });
}

/** A random permutation of 0 … p − 1 from a seed (a ring order). */
function order(p: number, seed: number): number[] {
  const cards = Array.from({ length: p }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = p - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [cards[i], cards[j]] = [cards[j]!, cards[i]!];
  }
  return cards;
}

describe('dependencies of pure ring schedules known by construction', () => {
  it('equal the analysis of their element ranges on random layouts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BUILDERS), fc.integer({ min: 2, max: 11 }), fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.nat(),
        ([name, build], p, count, pipeline, channels, seed) => {
          const rings = Array.from({ length: channels }, (_, c) => (c === 0 ? order(p, seed) : order(p, seed + c * 7919)));
          const schedule = build({ nSails: p, count, root: 0, pipeline, rings });
          const T = schedule.transferCount;
          const where = `${name}, ${p} cards, count ${count}, pipeline ${pipeline}, ${channels} channels`;
          // An empty schedule (no elements, or one card) needs no dependencies at all.
          if (T > 0) expect(schedule.forwardedBy, `${where}: known by construction`).toBeDefined();
          const known = analyseDependencies(schedule);
          const derived = dependenciesFromRanges(schedule);
          expect(Array.from(known.srcCount), where).toEqual(Array.from(derived.srcCount));
          expect(Array.from(known.dstCount), where).toEqual(Array.from(derived.dstCount));
          expect(waitersOf(known.srcWaiters, T), where).toEqual(waitersOf(derived.srcWaiters, T));
          expect(waitersOf(known.dstWaiters, T), where).toEqual(waitersOf(derived.dstWaiters, T));
        },
      ),
      { numRuns: 400, seed: 20261201 },
    );
  });

  it('are not claimed where a ring phase is only part of the schedule', async () => {
    const { allReduceHierarchical } = await import('../src/schedule/algorithms/all-reduce-hierarchical.js');
    const schedule = allReduceHierarchical({ nSails: 8, count: 64, root: 0, pipeline: 2, dims: [4, 2] } as AlgorithmInput);
    expect(schedule.forwardedBy).toBeUndefined();
  });
});
