// The registry's cost functions against an independent timing evaluator of
// the schedules (written here from the cost model's definition, not from the
// simulator), against the MPICH forms of ANCHORS.md where they coincide, and
// their basic shape: 0 for one card, increasing in bytes, inputs checked.
import { describe, expect, it } from 'vitest';
import type { CostParameters } from '../src/schedule/algorithm.js';
import { ALGORITHMS, findAlgorithm, type AlgorithmInfo } from '../src/schedule/registry.js';
import type { Schedule } from '../src/schedule/schedule.js';

/**
 * Seconds a schedule takes on a topology where every ordered card pair has
 * its own link, by the model of registry.ts:
 *   - a transfer is ready when every earlier-step transfer into its source
 *     touching its elements is done (arrived; reduced if a reduce);
 *   - a link serializes b·β per transfer, in ready order (ties: the order
 *     they became ready in, initial ones in schedule order), and the
 *     transfer arrives α after its serialization ends;
 *   - a reduce is ready to combine when arrived and when every earlier-step
 *     transfer into its destination touching its elements is done; each
 *     card combines one at a time, b·γ each, in that ready order;
 *   - the answer is when the last transfer is done.
 * Event-driven with a binary heap; dependencies by brute force (small cases).
 */
function evaluate(s: Schedule, bytesPerElement: number, c: CostParameters): number {
  const T = s.transferCount;
  const n = s.nSails;
  const ts = s.transfers();
  const overlaps = (a: readonly (readonly [number, number])[], b: readonly (readonly [number, number])[]) =>
    a.some(([x, y]) => b.some(([u, v]) => x < v && u < y));
  const waitSrc: number[][] = ts.map(() => []); // transfers waiting on i before they can leave
  const waitDst: number[][] = ts.map(() => []); // reduces waiting on i before they can combine
  const pendingSrc = new Int32Array(T);
  const pendingDst = new Int32Array(T);
  for (const t of ts) {
    for (const u of ts) {
      if (u.step >= t.step) continue;
      if (u.dst === t.src && overlaps(u.segments, t.segments)) { waitSrc[u.index]!.push(t.index); pendingSrc[t.index]!++; }
      if (t.reduce && u.dst === t.dst && overlaps(u.segments, t.segments)) { waitDst[u.index]!.push(t.index); pendingDst[t.index]!++; }
    }
  }
  const readySrc = new Float64Array(T);
  const readyDst = new Float64Array(T);
  const arrived = new Float64Array(T).fill(NaN);
  const linkFree = new Float64Array(n * n);
  const combineFree = new Float64Array(n);
  // Heap of events (time, sequence, kind, transfer): 0 = wants its link, 1 = arrives, 2 = may combine.
  const heap: [number, number, number, number][] = [];
  let seq = 0;
  const less = (a: [number, number, number, number], b: [number, number, number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  const push = (time: number, kind: number, i: number) => {
    heap.push([time, seq++, kind, i]);
    for (let k = heap.length - 1; k > 0; ) {
      const parent = (k - 1) >> 1;
      if (!less(heap[k]!, heap[parent]!)) break;
      [heap[k], heap[parent]] = [heap[parent]!, heap[k]!];
      k = parent;
    }
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let k = 0; ; ) {
        const l = 2 * k + 1;
        let m = k;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (l + 1 < heap.length && less(heap[l + 1]!, heap[m]!)) m = l + 1;
        if (m === k) break;
        [heap[k], heap[m]] = [heap[m]!, heap[k]!];
        k = m;
      }
    }
    return top;
  };
  let finish = 0;
  let done = 0;
  const complete = (i: number, time: number) => {
    done++;
    finish = Math.max(finish, time);
    for (const j of waitSrc[i]!) {
      readySrc[j] = Math.max(readySrc[j]!, time);
      if (--pendingSrc[j]! === 0) push(readySrc[j]!, 0, j);
    }
    for (const j of waitDst[i]!) {
      readyDst[j] = Math.max(readyDst[j]!, time);
      if (--pendingDst[j]! === 0 && !Number.isNaN(arrived[j]!)) push(Math.max(arrived[j]!, readyDst[j]!), 2, j);
    }
  };
  for (let i = 0; i < T; i++) if (pendingSrc[i] === 0) push(0, 0, i);
  while (heap.length > 0) {
    const [time, , kind, i] = pop();
    const t = ts[i]!;
    const bytes = t.elements * bytesPerElement;
    if (kind === 0) {
      const link = t.src * n + t.dst;
      const start = Math.max(time, linkFree[link]!);
      linkFree[link] = start + bytes * c.beta;
      push(linkFree[link]! + c.alpha, 1, i);
    } else if (kind === 1) {
      arrived[i] = time;
      if (!t.reduce) complete(i, time);
      else if (pendingDst[i] === 0) push(Math.max(time, readyDst[i]!), 2, i);
    } else {
      const start = Math.max(time, combineFree[t.dst]!);
      combineFree[t.dst] = start + bytes * c.gamma;
      complete(i, combineFree[t.dst]!);
    }
  }
  if (done !== T) throw new Error(`evaluate: ${T - done} transfers never ran`);
  return finish;
}

const ROOTED = new Set(['broadcast', 'reduce']);
const rootsOf = (info: AlgorithmInfo, p: number) => (ROOTED.has(info.collective) ? [...new Set([0, p - 1, p >> 1])] : [0]);
const key = (info: AlgorithmInfo) => `${info.collective}/${info.name}`;
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

const PARAMS: readonly CostParameters[] = [
  { alpha: 1e-6, beta: 2e-9, gamma: 1.5e-9 }, // a 500 MB/s link with 1 µs latency
  { alpha: 1, beta: 0.01, gamma: 0.003 },
  { alpha: 0.3, beta: 0.05, gamma: 0.2 }, // α worth a few elements: queueing shows
  { alpha: 0.5, beta: 1, gamma: 3 }, // reductions slower than links
];

/** Where registry.ts documents the closed form as exact (pipeline 1 unless given). */
function documentedExact(info: AlgorithmInfo, p: number, count: number, bytes: number, c: CostParameters, pipeline: number): boolean {
  const even = count % p === 0;
  switch (key(info)) {
    case 'allReduce/ring':
      return pipeline > 1 ? even : even || c.alpha >= (p - 1) * bytes * (c.beta + c.gamma);
    case 'reduce/ring':
      return pipeline === 1 || even;
    case 'broadcast/scatterAllGather':
      return even || c.alpha >= (p - 1) * bytes * c.beta;
    // Without dims and rings: one dimension of p cards, one channel (torus2d: two, both directions).
    case 'allReduce/hierarchical':
      return pipeline > 1 ? count % (p * pipeline) === 0 : even || c.alpha >= (p - 1) * bytes * (c.beta + c.gamma);
    case 'allReduce/torus2d':
      return count % (2 * p * pipeline) === 0;
    default:
      return true;
  }
}

/** Algorithms whose closed form, where not exact, is an approximation rather than a lower bound, at any pipeline. */
const APPROXIMATE = new Set(['allReduce/torus2d', 'allReduce/hierarchical']);

/** Channels of an algorithm's schedule without rings or dims. */
const channelsOf = (info: AlgorithmInfo) => (key(info) === 'allReduce/torus2d' ? 2 : 1);

describe('cost() against the independent evaluator', () => {
  for (const info of ALGORITHMS) {
    it(`${key(info)}: exact where documented, a close lower bound elsewhere`, () => {
      let exact = 0;
      for (let p = 1; p <= 10; p++) {
        // 12p: divisible by channels · pipeline · p for every pipeline here (torus2d has two channels).
        for (const count of [...new Set([1, p - 1, p, 7 * p + 3, 64, 12 * p])]) {
          if (count === 0) continue;
          for (const pipeline of [1, 2, 3]) {
            for (const root of rootsOf(info, p)) {
              const schedule = info.build({ nSails: p, count, root, pipeline });
              for (const c of PARAMS) {
                const where = `p=${p} count=${count} pipeline=${pipeline} root=${root} ${JSON.stringify(c)}`;
                const simulated = evaluate(schedule, 4, c);
                const closed = info.cost(p, count, 4, c, pipeline);
                if (documentedExact(info, p, count, 4, c, pipeline)) {
                  if (simulated === 0) expect(closed, where).toBe(0);
                  else expect(relative(closed, simulated), `${where}: cost ${closed}, evaluated ${simulated}`).toBeLessThan(1e-9);
                  exact++;
                } else if (pipeline === 1 && !APPROXIMATE.has(key(info))) {
                  // Blocks of unequal size queue behind one another: the form is a lower bound, and close.
                  expect(closed, where).toBeLessThanOrEqual(simulated * (1 + 1e-12));
                  expect(closed, where).toBeGreaterThan(simulated * 0.85);
                } else if (APPROXIMATE.has(key(info)) && count < 8 * channelsOf(info) * pipeline * p) {
                  // Fewer than 8 elements per piece: the largest pieces are priced, most are smaller or
                  // empty, so the form errs high (documented: 0.85× to 3× of the evaluation).
                  if (simulated === 0) expect(closed, where).toBe(0);
                  else {
                    expect(closed / simulated, where).toBeGreaterThan(0.85);
                    expect(closed / simulated, where).toBeLessThan(3);
                  }
                } else {
                  expect(relative(closed, simulated), where).toBeLessThan(0.25); // approximation
                }
              }
            }
          }
        }
      }
      expect(exact).toBeGreaterThan(100);
    });
  }

  it('larger and odd cases: p = 12, 13, 16, 17 on a few counts', () => {
    for (const info of ALGORITHMS) {
      for (const p of [12, 13, 16, 17]) {
        for (const count of [p * 3, 2 * p + 1]) {
          const c = PARAMS[0]!;
          const schedule = info.build({ nSails: p, count, root: p - 1, pipeline: 1 });
          const simulated = evaluate(schedule, 4, c);
          expect(relative(info.cost(p, count, 4, c), simulated), `${key(info)} p=${p} count=${count}`).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('pipelined ring algorithms, deeper pipelines, reductions slower and faster than links', () => {
    for (const name of ['allReduce/ring', 'reduceScatter/ring', 'allGather/ring', 'broadcast/chain', 'reduce/ring'] as const) {
      const [collective, algorithm] = name.split('/') as [AlgorithmInfo['collective'], string];
      const info = findAlgorithm(collective, algorithm)!;
      for (const p of [2, 3, 5, 8]) {
        for (const pipeline of [2, 4, 7]) {
          for (const c of [{ alpha: 0.2, beta: 1, gamma: 3 }, { alpha: 5, beta: 1, gamma: 0.25 }, { alpha: 0.01, beta: 1, gamma: 1 }]) {
            const count = p * 13;
            const simulated = evaluate(info.build({ nSails: p, count, root: 1 % p, pipeline }), 2, c);
            expect(relative(info.cost(p, count, 2, c, pipeline), simulated), `${name} p=${p} P=${pipeline} ${JSON.stringify(c)}`).toBeLessThan(1e-9);
          }
        }
      }
    }
  });
});

describe('cost() shape', () => {
  const c: CostParameters = { alpha: 1e-6, beta: 2e-9, gamma: 1.5e-9 };

  it('is 0 for one card and for count 0, positive otherwise', () => {
    for (const info of ALGORITHMS) {
      for (const count of [0, 1, 1000]) expect(info.cost(1, count, 4, c)).toBe(0);
      for (const p of [2, 7]) {
        expect(info.cost(p, 0, 4, c)).toBe(0);
        expect(info.cost(p, 5, 4, c)).toBeGreaterThan(0);
      }
    }
  });

  it('increases with bytes per element and with count (multiples of p·8)', () => {
    for (const info of ALGORITHMS) {
      for (const p of [2, 3, 6, 8, 13]) {
        let previous = 0;
        for (const bytes of [1, 2, 4, 8, 16]) {
          const cost = info.cost(p, 100, bytes, c);
          expect(cost, `${key(info)} p=${p} bytes=${bytes}`).toBeGreaterThan(previous);
          previous = cost;
        }
        previous = 0;
        for (const m of [1, 2, 3, 10, 100]) {
          const cost = info.cost(p, m * p * 8, 4, c, 4);
          expect(cost, `${key(info)} p=${p} count=${m * p * 8}`).toBeGreaterThan(previous);
          previous = cost;
        }
      }
    }
  });

  it('ignores `pipeline` in algorithms that are not ring-type (or pipelined trees and hierarchies)', () => {
    const ringType = new Set([
      'allReduce/ring', 'allGather/ring', 'reduceScatter/ring', 'broadcast/chain', 'reduce/ring',
      'allReduce/hierarchical', 'allGather/hierarchical', 'reduceScatter/hierarchical', 'allReduce/torus2d', 'allReduce/doubleBinaryTree',
    ]);
    for (const info of ALGORITHMS) {
      if (ringType.has(key(info))) continue;
      expect(info.cost(6, 600, 4, c, 5)).toBe(info.cost(6, 600, 4, c));
      expect(info.build({ nSails: 6, count: 600, root: 0, pipeline: 5 }).transferCount).toBe(info.build({ nSails: 6, count: 600, root: 0, pipeline: 1 }).transferCount);
    }
  });

  it('checks its inputs', () => {
    const info = ALGORITHMS[0]!;
    expect(() => info.cost(0, 1, 4, c)).toThrow(/p must be an integer ≥ 1, got 0/);
    expect(() => info.cost(2, -3, 4, c)).toThrow(/count must be an integer ≥ 0, got -3/);
    expect(() => info.cost(2, 3, -1, c)).toThrow(/bytesPerElement must be finite and ≥ 0/);
    expect(() => info.cost(2, 3, 4, { ...c, beta: NaN })).toThrow(/beta must be finite and ≥ 0/);
    expect(() => info.cost(2, 3, 4, c, 0)).toThrow(/pipeline must be an integer ≥ 1, got 0/);
  });

  it('handles thousands of cards quickly (closed forms, not simulations)', () => {
    for (const info of ALGORITHMS) expect(Number.isFinite(info.cost(4099, 1 << 20, 4, c))).toBe(true);
  });
});

describe('where the closed forms meet the MPICH table (ANCHORS.md) and where they depart', () => {
  const c: CostParameters = { alpha: 3e-6, beta: 1e-9, gamma: 4e-10 };
  const cost = (collective: AlgorithmInfo['collective'], name: string, p: number, count: number) => findAlgorithm(collective, name)!.cost(p, count, 4, c);
  const close = (a: number, b: number) => expect(relative(a, b)).toBeLessThan(1e-12);

  it('coincide for p = 2^L and count divisible by p (n = bytes per card, or all blocks for allGather)', () => {
    const { alpha: a, beta: b, gamma: g } = c;
    for (const p of [2, 4, 8, 16, 64]) {
      const L = Math.log2(p);
      const count = p * 96;
      const n = count * 4; // bytes of the per-card buffer
      close(cost('allReduce', 'ring', p, count), 2 * (p - 1) * a + 2 * n * (p - 1) / p * b + n * (p - 1) / p * g);
      close(cost('allReduce', 'recursiveDoubling', p, count), L * a + n * L * b + n * L * g);
      close(cost('allReduce', 'rabenseifner', p, count), 2 * L * a + 2 * n * (p - 1) / p * b + n * (p - 1) / p * g);
      close(cost('reduce', 'binomialTree', p, count), L * a + n * L * b + n * L * g);
      close(cost('broadcast', 'binomialTree', p, count), L * a + n * L * b);
      close(cost('broadcast', 'scatterAllGather', p, count), (L + p - 1) * a + 2 * n * (p - 1) / p * b);
      const all = count * 4 * p; // allGather / reduceScatter / allToAll: the whole array
      close(cost('allGather', 'ring', p, count), (p - 1) * a + all * (p - 1) / p * b);
      close(cost('allGather', 'recursiveDoubling', p, count), L * a + all * (p - 1) / p * b);
      close(cost('allGather', 'bruck', p, count), L * a + all * (p - 1) / p * b);
      close(cost('reduceScatter', 'ring', p, count), (p - 1) * a + all * (p - 1) / p * (b + g));
      close(cost('reduceScatter', 'recursiveHalving', p, count), L * a + all * (p - 1) / p * (b + g));
      close(cost('allToAll', 'bruck', p, count), L * a + (all / 2) * L * b);
    }
  });

  it('depart where steps overlap: pairwise AllToAll is one message time, not p − 1', () => {
    // Every block is ready at t = 0 and each step uses other links: all p − 1 steps run at once.
    close(cost('allToAll', 'pairwise', 9, 100), c.alpha + 400 * c.beta);
  });

  it('depart for p not a power of two: binomial broadcast takes ⌊lg p⌋ hops, Bruck overlaps its last step', () => {
    close(cost('broadcast', 'binomialTree', 6, 100), 2 * (c.alpha + 400 * c.beta));
    // Bruck AllGather on 5 cards: the last step forwards only card i + 4's own block, sent at t = 0.
    close(cost('allGather', 'bruck', 5, 100), 2 * c.alpha + 3 * 400 * c.beta);
  });

  it('recursive doubling with the fix-up: (lg p′ + 1)(m + g) + [2r > p′]·m', () => {
    for (let p = 2; p <= 300; p++) {
      const S = 100 * 4;
      const m = c.alpha + S * c.beta;
      const g = S * c.gamma;
      const L = Math.floor(Math.log2(p));
      const r = p - 2 ** L;
      const want = r === 0 ? L * (m + g) : (L + 1) * (m + g) + (2 * r > 2 ** L ? m : 0);
      expect(relative(cost('allReduce', 'recursiveDoubling', p, 100), want), `p=${p}`).toBeLessThan(1e-12);
    }
  });

  it('the pipelined chain overlaps latency: (p − 1)α + (S + (p − 2)S/P)β', () => {
    const info = findAlgorithm('broadcast', 'chain')!;
    close(info.cost(8, 1200, 4, c, 6), 7 * c.alpha + (4800 + 6 * 800) * c.beta);
  });
});
