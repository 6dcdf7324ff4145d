// The symbolic verifier: every algorithm's schedule passes it across card
// counts, roots, counts and pipeline depths; and it rejects each kind of
// broken schedule with a message naming the step, transfer, card and range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../src/schedule/registry.js';
import { ScheduleBuilder, type CollectiveKind, type Schedule } from '../src/schedule/schedule.js';
import { verifySchedule } from '../src/schedule/verify.js';
import { workingLength } from '../src/schedule/working-buffer.js';

const ROOTED = new Set<CollectiveKind>(['broadcast', 'reduce']);

function rootsFor(collective: CollectiveKind, n: number): number[] {
  return ROOTED.has(collective) ? [...new Set([0, n - 1, n >> 1])] : [0];
}

describe('every algorithm passes the verifier', () => {
  for (const info of ALGORITHMS) {
    it(`${info.collective} ${info.name}: n = 1…16 × counts {0, 1, n−1, n, 7n+3, 1000} × pipeline {1, 3} × roots`, () => {
      let checked = 0;
      for (let n = 1; n <= 16; n++) {
        for (const count of [...new Set([0, 1, n - 1, n, 7 * n + 3, 1000])]) {
          for (const pipeline of [1, 3]) {
            for (const root of rootsFor(info.collective, n)) {
              const schedule = info.build({ nSails: n, count, root, pipeline });
              expect(schedule.collective).toBe(info.collective);
              expect(schedule.algorithm).toBe(info.name);
              expect(schedule.nSails).toBe(n);
              expect(schedule.root).toBe(ROOTED.has(info.collective) ? root : 0);
              expect(schedule.workingLength).toBe(workingLength(info.collective, n, count));
              verifySchedule(schedule);
              if (n === 1 || count === 0) expect(schedule.transferCount).toBe(0);
              checked++;
            }
          }
        }
      }
      expect(checked).toBeGreaterThanOrEqual(16 * 5 * 2);
    });
  }

  it('verifies every algorithm on 64 cards (pipeline 3, root 5)', () => {
    for (const info of ALGORITHMS) verifySchedule(info.build({ nSails: 64, count: 1000, root: 5, pipeline: 3 }));
  });

  it('property: random card counts, counts, roots and pipelines', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: ALGORITHMS.length - 1 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        (which, n, count, pipeline, rootSeed) => {
          const info = ALGORITHMS[which]!;
          verifySchedule(info.build({ nSails: n, count, root: rootSeed % n, pipeline }));
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A schedule from explicit steps: [src, dst, segments, reduce]. */
function scheduleOf(collective: CollectiveKind, n: number, count: number, steps: [number, number, [number, number][], boolean][][], root = 0): Schedule {
  const b = new ScheduleBuilder(collective, 'test', n, workingLength(collective, n, count), root);
  for (const step of steps) {
    b.step();
    for (const [src, dst, segments, reduce] of step) b.send(src, dst, segments, reduce);
  }
  return b.build();
}

describe('the verifier rejects broken schedules', () => {
  it('accepts a correct hand-written 2-card allReduce (an exchange within one step)', () => {
    // Both cards read before either writes: message semantics.
    expect(() => verifySchedule(scheduleOf('allReduce', 2, 4, [[[0, 1, [[0, 4]], true], [1, 0, [[0, 4]], true]]]))).not.toThrow();
  });

  it('rejects a reduce that counts a contribution twice', () => {
    const s = scheduleOf('allReduce', 2, 4, [
      [[0, 1, [[0, 4]], true], [1, 0, [[0, 4]], true]],
      [[0, 1, [[0, 2]], true]],
    ]);
    expect(() => verifySchedule(s)).toThrow(/step 1, transfer 2 \(card 0 → card 1, reduce\): elements \[0, 2\) would count all 2 cards twice/);
  });

  it('rejects a copy of data the source does not hold', () => {
    const s = scheduleOf('broadcast', 3, 6, [[[1, 2, [[0, 6]], false]]]);
    expect(() => verifySchedule(s)).toThrow(/step 0, transfer 0 \(card 1 → card 2, copy\): card 1 holds no data for elements \[0, 6\)/);
  });

  it('rejects a reduce into a range the destination does not hold', () => {
    const s = scheduleOf('allGather', 2, 3, [[[0, 1, [[0, 3]], true]]]);
    expect(() => verifySchedule(s)).toThrow(/card 1 holds no data for elements \[0, 3\) to reduce into/);
  });

  it('reads sources as they were when the step began', () => {
    // 0 → 1 then 1 → 2 in the same step: card 1 has nothing yet when the step begins.
    const s = scheduleOf('broadcast', 3, 2, [[[0, 1, [[0, 2]], false], [1, 2, [[0, 2]], false]]]);
    expect(() => verifySchedule(s)).toThrow(/step 0, transfer 1 \(card 1 → card 2, copy\): card 1 holds no data/);
  });

  it('rejects a final state short of the contract, naming the card and range', () => {
    const incomplete = scheduleOf('allReduce', 3, 6, [[[0, 1, [[0, 6]], true]]]);
    expect(() => verifySchedule(incomplete)).toThrow(/at the end card 0 elements \[0, 6\) hold \{0\}, expected all 3 cards/);
    const partial = scheduleOf('reduceScatter', 2, 4, [[[0, 1, [[4, 6]], true]]]);
    expect(() => verifySchedule(partial)).toThrow(/card 0 elements \[0, 4\) hold \{0\}, expected all 2 cards/);
    // allToAll on 2 cards, count 1: blocks (0,0) (0,1) (1,0) (1,1) at offsets 0 … 3; both cards send the wrong block.
    const wrongBlock = scheduleOf('allToAll', 2, 1, [[[0, 1, [[0, 1]], false], [1, 0, [[3, 4]], false]]]);
    expect(() => verifySchedule(wrongBlock)).toThrow(/card 0 elements \[2, 3\) hold no data, expected \{1\}/);
    const gather = scheduleOf('allGather', 3, 2, [[[0, 1, [[0, 2]], false], [1, 2, [[2, 4]], false]]]);
    expect(() => verifySchedule(gather)).toThrow(/card 0 elements \[2, 4\) hold no data, expected \{1\}/);
    const reduceToRoot = scheduleOf('reduce', 3, 2, [[[0, 2, [[0, 2]], true]]], 2);
    expect(() => verifySchedule(reduceToRoot)).toThrow(/card 2 elements \[0, 2\) hold \{0, 2\}, expected all 3 cards/);
  });

  it('rejects an out-of-range segment and an unknown card', () => {
    expect(() => verifySchedule(scheduleOf('broadcast', 2, 4, [[[0, 1, [[2, 9]], false]]]))).toThrow(/segment \[2, 9\) is empty or outside the working buffer \[0, 4\)/);
    expect(() => verifySchedule(scheduleOf('broadcast', 2, 4, [[[0, 5, [[0, 4]], false]]]))).toThrow(/card out of range 0 … 1/);
  });

  it('accepts every correct final state with copies landing on data already held', () => {
    // Broadcast root 1 on 3 cards: 1 → 0, then 0 → 2 and 1 → 2 (a redundant copy).
    const s = scheduleOf('broadcast', 3, 5, [[[1, 0, [[0, 5]], false]], [[0, 2, [[0, 5]], false], [1, 2, [[0, 5]], false]]], 1);
    expect(() => verifySchedule(s)).not.toThrow();
  });

  it('handles more than 32 cards (multi-word contribution sets)', () => {
    const n = 70;
    const steps: [number, number, [number, number][], boolean][][] = [[]];
    for (let s = 1; s < n; s++) steps[0]!.push([s, 0, [[0, 3]], true]);
    const s = scheduleOf('reduce', n, 3, steps);
    expect(() => verifySchedule(s)).not.toThrow();
    steps[0]!.push([69, 0, [[1, 2]], true]);
    expect(() => verifySchedule(scheduleOf('reduce', n, 3, steps))).toThrow(/elements \[1, 2\) would count \{69\} twice/);
  });
});
