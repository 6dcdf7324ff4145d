// The algorithms as schedules: step counts and per-card message counts as
// each file describes them, exact transfers of small hand-checked cases, the
// documented reduction orders (replayed on symbolic values), and input
// checking.
import { describe, expect, it } from 'vitest';
import { ceilLog2, floorLog2 } from '../src/schedule/algorithm.js';
import { ALGORITHMS, findAlgorithm, type AlgorithmInfo } from '../src/schedule/registry.js';
import type { CollectiveKind, Schedule } from '../src/schedule/schedule.js';

function build(collective: CollectiveKind, name: string, nSails: number, count: number, root = 0, pipeline = 1): Schedule {
  return findAlgorithm(collective, name)!.build({ nSails, count, root, pipeline });
}

/** Transfers as compact strings: "src>dst r|c [a,b)[c,d)". */
function listing(s: Schedule): string[][] {
  const steps: string[][] = Array.from({ length: s.stepCount }, () => []);
  for (const t of s.transfers()) steps[t.step]!.push(`${t.src}>${t.dst} ${t.reduce ? 'r' : 'c'} ${t.segments.map(([a, b]) => `[${a},${b})`).join('')}`);
  return steps;
}

/** Messages each card sends. */
function sends(s: Schedule): number[] {
  const out = new Array<number>(s.nSails).fill(0);
  for (let i = 0; i < s.transferCount; i++) out[s.transferSrc[i]!]!++;
  return out;
}

const lowbit = (x: number) => x & -x;

/** Fix-up send counts per card for butterflies with `main` sends per power-of-two step. */
function fixupSends(p: number, perStep: number): number[] {
  const L = floorLog2(p);
  const r = p - (1 << L);
  return Array.from({ length: p }, (_, c) => (c < 2 * r ? (c % 2 === 0 ? 1 : perStep * L + 1) : perStep * L));
}

function binomialBroadcastSends(rank: number, p: number): number {
  let k = 0;
  for (let j = 0; j < ceilLog2(p); j++) if (rank < 1 << j && rank + (1 << j) < p) k++;
  return k;
}

/**
 * NCCL's double binary tree, written from the picture in NCCL's
 * src/graph/trees.cc rather than from its bit arithmetic: tree A is the
 * in-order binary tree over ranks 1 … p − 1 (node r's subtree spans the
 * ranks whose index lies within r ± lowbit(r) − 1, its children r ∓ half
 * of that), hung below rank 0; tree B mirrors it (even p) or shifts it by
 * one (odd p). Returns parent/children per card, and the height and depth.
 */
function doubleBinaryTrees(p: number): { parent: number[]; children: number[][]; height: number; depth: number }[] {
  const treeA = () => {
    const parent = new Array<number>(p).fill(-1);
    const children: number[][] = Array.from({ length: p }, () => []);
    // Span [lo, hi] of ranks 1 … p − 1 below node r: the in-order tree puts r at the middle of its span.
    const build = (lo: number, hi: number, up: number): void => {
      if (lo > hi) return;
      // The node of largest lowbit in [lo, hi] is the subtree's root.
      let r = lo;
      for (let x = lo; x <= hi; x++) if ((x & -x) > (r & -r)) r = x;
      parent[r] = up;
      children[up]!.push(r);
      build(lo, r - 1, r);
      build(r + 1, hi, r);
    };
    if (p > 1) build(1, p - 1, 0);
    return { parent, children };
  };
  const a = treeA();
  const map = (f: (x: number) => number) => {
    const parent = new Array<number>(p).fill(-1);
    const children: number[][] = Array.from({ length: p }, () => []);
    a.parent.forEach((up, r) => { if (up >= 0) parent[f(r)] = f(up); });
    a.children.forEach((kids, r) => { children[f(r)] = kids.map(f); });
    return { parent, children };
  };
  const b = p % 2 === 0 ? map((r) => p - 1 - r) : map((r) => (r + 1) % p);
  return [a, b].map(({ parent, children }) => {
    const depthOf = (c: number): number => (parent[c]! < 0 ? 0 : 1 + depthOf(parent[c]!));
    const heightOf = (c: number): number => children[c]!.reduce((h, k) => Math.max(h, 1 + heightOf(k)), 0);
    const root = parent.indexOf(-1);
    return { parent, children, height: heightOf(root), depth: Math.max(...parent.map((_, c) => depthOf(c))) };
  });
}

/** Step count and per-card sends (indexed by rank for rooted collectives) when every chunk is non-empty. */
function expected(info: AlgorithmInfo, p: number, P: number): { steps: number; sends: number[] } {
  const L = floorLog2(p);
  const K = ceilLog2(p);
  const pow2 = 1 << L === p;
  const all = (v: number) => new Array<number>(p).fill(v);
  const key = `${info.collective}/${info.name}`;
  switch (key) {
    case 'allReduce/ring': return { steps: 2 * (p - 1), sends: all(2 * (p - 1) * P) };
    case 'allReduce/direct': return { steps: 2, sends: all(2 * (p - 1)) };
    case 'allReduce/recursiveDoubling': return { steps: pow2 ? L : L + 2, sends: fixupSends(p, 1) };
    case 'allReduce/rabenseifner': return { steps: pow2 ? 2 * L : 2 * L + 2, sends: fixupSends(p, 2) };
    case 'allReduce/binomialTree':
      return { steps: 2 * K, sends: Array.from({ length: p }, (_, r) => (r === 0 ? 0 : 1) + binomialBroadcastSends(r, p)) };
    case 'allGather/ring': return { steps: p - 1, sends: all((p - 1) * P) };
    case 'allGather/direct': return { steps: 1, sends: all(p - 1) };
    case 'allGather/recursiveDoubling': return { steps: pow2 ? L : L + 2, sends: fixupSends(p, 1) };
    case 'allGather/bruck': return { steps: K, sends: all(K) };
    case 'reduceScatter/ring': return { steps: p - 1, sends: all((p - 1) * P) };
    case 'reduceScatter/direct': return { steps: 1, sends: all(p - 1) };
    case 'reduceScatter/recursiveHalving': return { steps: pow2 ? L : L + 2, sends: fixupSends(p, 1) };
    case 'broadcast/binomialTree': return { steps: K, sends: Array.from({ length: p }, (_, r) => binomialBroadcastSends(r, p)) };
    case 'broadcast/scatterAllGather': {
      // Scatter: rank r sends to r + m for every power of two m below lowbit(r) (the root: below 2^K) with r + m < p.
      const scatter = (r: number) => {
        let k = 0;
        for (let m = 1; m < (r === 0 ? 1 << K : lowbit(r)); m <<= 1) if (r + m < p) k++;
        return k;
      };
      return { steps: K + p - 1, sends: Array.from({ length: p }, (_, r) => scatter(r) + (p - 1)) };
    }
    case 'broadcast/direct': return { steps: 1, sends: Array.from({ length: p }, (_, r) => (r === 0 ? p - 1 : 0)) };
    case 'broadcast/chain': return { steps: p - 1, sends: Array.from({ length: p }, (_, r) => (r < p - 1 ? P : 0)) };
    case 'reduce/binomialTree': return { steps: K, sends: Array.from({ length: p }, (_, r) => (r === 0 ? 0 : 1)) };
    case 'reduce/direct': return { steps: 1, sends: Array.from({ length: p }, (_, r) => (r === 0 ? 0 : 1)) };
    case 'reduce/ring': return { steps: p, sends: Array.from({ length: p }, (_, r) => (p - 1) * P + (r === 0 ? 0 : P)) };
    case 'allToAll/pairwise': return { steps: p - 1, sends: all(p - 1) };
    case 'allToAll/direct': return { steps: 1, sends: all(p - 1) };
    case 'allToAll/bruck': return { steps: K, sends: all(K) };
    // Without dims and rings: one dimension of p cards, one channel — the ring's steps and messages.
    case 'allReduce/hierarchical': return { steps: 2 * (p - 1), sends: all(2 * (p - 1) * P) };
    case 'allGather/hierarchical': return { steps: p - 1, sends: all((p - 1) * P) };
    case 'reduceScatter/hierarchical': return { steps: p - 1, sends: all((p - 1) * P) };
    // Two counter-rotating rings (one per direction) on the one dimension.
    case 'allReduce/torus2d': return { steps: 2 * (p - 1), sends: all(4 * (p - 1) * P) };
    case 'allReduce/doubleBinaryTree': {
      // Per tree: one message per slice up (every card but the root), one per slice and child down.
      const sends = new Array<number>(p).fill(0);
      for (const tree of doubleBinaryTrees(p)) {
        tree.parent.forEach((parent, c) => { if (parent >= 0) sends[c]! += P; });
        tree.children.forEach((kids, c) => { sends[c]! += kids.length * P; });
      }
      const H = Math.max(...doubleBinaryTrees(p).map((t) => t.height));
      const D = Math.max(...doubleBinaryTrees(p).map((t) => t.depth));
      return { steps: H + D, sends };
    }
    default: throw new Error(`no expectation for ${key}`);
  }
}

describe('step counts and per-card message counts', () => {
  for (const info of ALGORITHMS) {
    it(`${info.collective} ${info.name}`, () => {
      for (let p = 2; p <= 16; p++) {
        for (const P of [1, 3]) {
          const rooted = info.collective === 'broadcast' || info.collective === 'reduce';
          for (const root of rooted ? [0, p - 1, p >> 1] : [0]) {
            const s = info.build({ nSails: p, count: 12 * p * P, root, pipeline: P });
            const want = expected(info, p, P);
            const got = sends(s);
            const byRank = Array.from({ length: p }, (_, r) => got[(r + root) % p]);
            expect(s.stepCount, `p=${p} P=${P} root=${root}`).toBe(want.steps);
            expect(byRank, `p=${p} P=${P} root=${root}`).toEqual(want.sends);
          }
        }
      }
    });
  }

  it('ring AllReduce carries 2(p − 1)/p of the buffer out of every card', () => {
    for (const p of [3, 5, 8]) {
      const s = build('allReduce', 'ring', p, 10 * p, 0, 2);
      const out = new Array<number>(p).fill(0);
      for (let i = 0; i < s.transferCount; i++) out[s.transferSrc[i]!]! += s.elementsOf(i);
      expect(out).toEqual(new Array<number>(p).fill(2 * (p - 1) * 10));
    }
  });

  it('pairwise AllToAll sends (p − 1)/p of each card\'s data, Bruck about half per step', () => {
    const pairwise = build('allToAll', 'pairwise', 5, 3);
    let elements = 0;
    for (let i = 0; i < pairwise.transferCount; i++) if (pairwise.transferSrc[i] === 0) elements += pairwise.elementsOf(i);
    expect(elements).toBe(4 * 3);
    const bruck = build('allToAll', 'bruck', 8, 1);
    expect(bruck.transfers().filter((t) => t.src === 0).map((t) => t.elements)).toEqual([4, 4, 4]);
    const bruck6 = build('allToAll', 'bruck', 6, 1);
    expect(bruck6.transfers().filter((t) => t.src === 0).map((t) => t.elements)).toEqual([3, 2, 2]);
  });
});

describe('hand-checked schedules', () => {
  it('ring AllReduce on 3 cards, count 3', () => {
    expect(listing(build('allReduce', 'ring', 3, 3))).toEqual([
      ['0>1 r [2,3)', '1>2 r [0,1)', '2>0 r [1,2)'],
      ['0>1 r [1,2)', '1>2 r [2,3)', '2>0 r [0,1)'],
      ['0>1 c [0,1)', '1>2 c [1,2)', '2>0 c [2,3)'],
      ['0>1 c [2,3)', '1>2 c [0,1)', '2>0 c [1,2)'],
    ]);
  });

  it('ring AllReduce with pipeline 2 splits every block into two transfers of one step, sub-chunk 0 of every card first', () => {
    expect(listing(build('allReduce', 'ring', 2, 8, 0, 2))).toEqual([
      ['0>1 r [4,6)', '1>0 r [0,2)', '0>1 r [6,8)', '1>0 r [2,4)'],
      ['0>1 c [0,2)', '1>0 c [4,6)', '0>1 c [2,4)', '1>0 c [6,8)'],
    ]);
  });

  it('recursive-doubling AllReduce on 6 cards: MPICH fix-up', () => {
    expect(listing(build('allReduce', 'recursiveDoubling', 6, 2))).toEqual([
      ['0>1 r [0,2)', '2>3 r [0,2)'],
      ['1>3 r [0,2)', '3>1 r [0,2)', '4>5 r [0,2)', '5>4 r [0,2)'],
      ['1>4 r [0,2)', '3>5 r [0,2)', '4>1 r [0,2)', '5>3 r [0,2)'],
      ['1>0 c [0,2)', '3>2 c [0,2)'],
    ]);
  });

  it('Rabenseifner AllReduce on 4 cards, count 8', () => {
    expect(listing(build('allReduce', 'rabenseifner', 4, 8))).toEqual([
      ['0>2 r [4,8)', '1>3 r [4,8)', '2>0 r [0,4)', '3>1 r [0,4)'],
      ['0>1 r [2,4)', '1>0 r [0,2)', '2>3 r [6,8)', '3>2 r [4,6)'],
      ['0>1 c [0,2)', '1>0 c [2,4)', '2>3 c [4,6)', '3>2 c [6,8)'],
      ['0>2 c [0,4)', '1>3 c [0,4)', '2>0 c [4,8)', '3>1 c [4,8)'],
    ]);
  });

  it('recursive-halving ReduceScatter on 3 cards: fold-in, one exchange, copy-back', () => {
    // p' = 2, r = 1: new rank 0 = card 1 (blocks 0, 1), new rank 1 = card 2 (block 2).
    expect(listing(build('reduceScatter', 'recursiveHalving', 3, 2))).toEqual([
      ['0>1 r [0,6)'],
      ['1>2 r [4,6)', '2>1 r [0,4)'],
      ['1>0 c [0,2)'],
    ]);
  });

  it('recursive-doubling AllGather on 3 cards sends the missing blocks back as two segments', () => {
    expect(listing(build('allGather', 'recursiveDoubling', 3, 2))).toEqual([
      ['0>1 c [0,2)'],
      ['1>2 c [0,4)', '2>1 c [4,6)'],
      ['1>0 c [2,6)'],
    ]);
    expect(listing(build('allGather', 'recursiveDoubling', 5, 1))[3]).toEqual(['1>0 c [1,5)']); // block 0 is card 0's own: one segment
  });

  it('Bruck AllGather on 5 cards: runs of 1, 2 then the last 1 block, wrapping into two segments', () => {
    expect(listing(build('allGather', 'bruck', 5, 1))).toEqual([
      ['0>4 c [0,1)', '1>0 c [1,2)', '2>1 c [2,3)', '3>2 c [3,4)', '4>3 c [4,5)'],
      ['0>3 c [0,2)', '1>4 c [1,3)', '2>0 c [2,4)', '3>1 c [3,5)', '4>2 c [4,5)[0,1)'],
      ['0>1 c [0,1)', '1>2 c [1,2)', '2>3 c [2,3)', '3>4 c [3,4)', '4>0 c [4,5)'],
    ]);
  });

  it('Bruck AllToAll on 3 cards: block (s, d) moves along the bits of d − s', () => {
    // Blocks (s, d) at offset 3s + d. Step 0 moves δ = 1 blocks one card on; step 1 moves δ = 2 blocks two cards on.
    expect(listing(build('allToAll', 'bruck', 3, 1))).toEqual([
      ['0>1 c [1,2)', '1>2 c [5,6)', '2>0 c [6,7)'],
      ['0>2 c [2,3)', '1>0 c [3,4)', '2>1 c [7,8)'],
    ]);
    // 5 cards, step 1 from card 0: δ = 2 (block (0, 2)) and δ = 3 (block (4, 2), arrived in step 0).
    expect(listing(build('allToAll', 'bruck', 5, 1))[1]![0]).toBe('0>2 c [2,3)[22,23)');
  });

  it('pairwise AllToAll on 3 cards: shift variant', () => {
    expect(listing(build('allToAll', 'pairwise', 3, 1))).toEqual([
      ['0>1 c [1,2)', '1>2 c [5,6)', '2>0 c [6,7)'],
      ['0>2 c [2,3)', '1>0 c [3,4)', '2>1 c [7,8)'],
    ]);
  });

  it('scatter + all-gather Broadcast on 5 cards from root 0', () => {
    expect(listing(build('broadcast', 'scatterAllGather', 5, 5))).toEqual([
      ['0>4 c [4,5)'],
      ['0>2 c [2,4)'],
      ['0>1 c [1,2)', '2>3 c [3,4)'],
      ['0>1 c [0,1)', '1>2 c [1,2)', '2>3 c [2,3)', '3>4 c [3,4)', '4>0 c [4,5)'],
      ['0>1 c [4,5)', '1>2 c [0,1)', '2>3 c [1,2)', '3>4 c [2,3)', '4>0 c [3,4)'],
      ['0>1 c [3,4)', '1>2 c [4,5)', '2>3 c [0,1)', '3>4 c [1,2)', '4>0 c [2,3)'],
      ['0>1 c [2,3)', '1>2 c [3,4)', '2>3 c [4,5)', '3>4 c [0,1)', '4>0 c [1,2)'],
    ]);
  });

  it('chain Broadcast on 3 cards from root 1, pipeline 2', () => {
    expect(listing(build('broadcast', 'chain', 3, 5, 1, 2))).toEqual([
      ['1>2 c [0,2)', '1>2 c [2,5)'],
      ['2>0 c [0,2)', '2>0 c [2,5)'],
    ]);
  });

  it('binomial-tree Broadcast and Reduce on 6 cards from root 4', () => {
    // Ranks r = card (4 + r) mod 6.
    expect(listing(build('broadcast', 'binomialTree', 6, 1, 4))).toEqual([
      ['4>5 c [0,1)'],
      ['4>0 c [0,1)', '5>1 c [0,1)'],
      ['4>2 c [0,1)', '5>3 c [0,1)'],
    ]);
    expect(listing(build('reduce', 'binomialTree', 6, 1, 4))).toEqual([
      ['5>4 r [0,1)', '1>0 r [0,1)', '3>2 r [0,1)'],
      ['0>4 r [0,1)'],
      ['2>4 r [0,1)'],
    ]);
  });

  it('direct Reduce to root 2 lists the other cards in card order', () => {
    expect(listing(build('reduce', 'direct', 4, 2, 2))).toEqual([['0>2 r [0,2)', '1>2 r [0,2)', '3>2 r [0,2)']]);
  });

  it('ring Reduce to root 1 on 3 cards: ring reduce-scatter over ranks, then copies to the root', () => {
    // Ranks 0, 1, 2 = cards 1, 2, 0; block j = chunk j of 3.
    expect(listing(build('reduce', 'ring', 3, 3, 1))).toEqual([
      ['1>2 r [2,3)', '2>0 r [0,1)', '0>1 r [1,2)'],
      ['1>2 r [1,2)', '2>0 r [2,3)', '0>1 r [0,1)'],
      ['2>1 c [1,2)', '0>1 c [2,3)'],
    ]);
  });

  it('count = 0 and a single card give empty schedules; count < p drops empty chunks', () => {
    for (const info of ALGORITHMS) {
      expect(info.build({ nSails: 5, count: 0, root: 1, pipeline: 2 }).transferCount).toBe(0);
      expect(info.build({ nSails: 5, count: 0, root: 1, pipeline: 2 }).stepCount).toBe(0);
      expect(info.build({ nSails: 1, count: 9, root: 0, pipeline: 2 }).stepCount).toBe(0);
    }
    const s = build('allReduce', 'ring', 4, 1);
    expect(s.transfers().every((t) => t.elements > 0)).toBe(true);
    expect(s.stepCount).toBe(6);
    expect(s.transferCount).toBe(6); // one element, one hop per step
  });
});

/**
 * Replay a schedule on symbolic values: every element of card c starts as
 * "x<c>" where the collective gives it data; a reduce makes "(dst∘incoming)".
 * Message semantics: a step reads every source before writing.
 */
function replay(s: Schedule): string[][] {
  const n = s.nSails;
  const W = s.workingLength;
  const count = s.collective === 'allGather' || s.collective === 'reduceScatter' ? W / n : s.collective === 'allToAll' ? W / (n * n) : W;
  const cards = Array.from({ length: n }, (_, c) => Array.from({ length: W }, (_, e) => {
    switch (s.collective) {
      case 'broadcast': return c === s.root ? `x${c}` : '';
      case 'allGather': return Math.floor(e / count) === c ? `x${c}` : '';
      case 'allToAll': return Math.floor(e / (n * count)) === c ? `x${c}` : '';
      default: return `x${c}`;
    }
  }));
  const transfers = s.transfers();
  for (let step = 0; step < s.stepCount; step++) {
    const mine = transfers.filter((t) => t.step === step);
    const read = mine.map((t) => t.segments.map(([a, b]) => cards[t.src]!.slice(a, b)));
    mine.forEach((t, i) => t.segments.forEach(([a, b], k) => {
      for (let e = a; e < b; e++) {
        const incoming = read[i]![k]![e - a]!;
        cards[t.dst]![e] = t.reduce ? `(${cards[t.dst]![e]}∘${incoming})` : incoming;
      }
    }));
  }
  return cards;
}

describe('documented reduction orders', () => {
  it('ring AllReduce: x_j ∘ (x_{j−1} ∘ ( … ∘ (x_{j+2} ∘ x_{j+1}))), identical on every card', () => {
    const cards = replay(build('allReduce', 'ring', 4, 4));
    for (const card of cards) expect(card).toEqual(['(x0∘(x3∘(x2∘x1)))', '(x1∘(x0∘(x3∘x2)))', '(x2∘(x1∘(x0∘x3)))', '(x3∘(x2∘(x1∘x0)))']);
  });

  it('direct AllReduce and ReduceScatter: own data first, then card order', () => {
    const all = replay(build('allReduce', 'direct', 3, 3));
    for (const card of all) expect(card).toEqual(['((x0∘x1)∘x2)', '((x1∘x0)∘x2)', '((x2∘x0)∘x1)']);
    const rs = replay(build('reduceScatter', 'direct', 3, 1));
    expect([rs[0]![0], rs[1]![1], rs[2]![2]]).toEqual(['((x0∘x1)∘x2)', '((x1∘x0)∘x2)', '((x2∘x0)∘x1)']);
  });

  it('recursive doubling: one balanced tree, operands of some nodes swapped per card', () => {
    const cards = replay(build('allReduce', 'recursiveDoubling', 4, 1));
    expect(cards.map((c) => c[0])).toEqual(['((x0∘x1)∘(x2∘x3))', '((x1∘x0)∘(x3∘x2))', '((x2∘x3)∘(x0∘x1))', '((x3∘x2)∘(x1∘x0))']);
    const six = replay(build('allReduce', 'recursiveDoubling', 6, 1)).map((c) => c[0]);
    expect(six[0]).toBe(six[1]); // copied back
    expect(six[1]).toBe('(((x1∘x0)∘(x3∘x2))∘(x4∘x5))');
  });

  it('Rabenseifner and recursive halving: pairs at distance p/2 first', () => {
    const cards = replay(build('allReduce', 'rabenseifner', 4, 4));
    for (const card of cards) expect(card[0]).toBe('((x0∘x2)∘(x1∘x3))');
    const rs = replay(build('reduceScatter', 'recursiveHalving', 4, 1));
    expect([0, 1, 2, 3].map((c) => rs[c]![c])).toEqual(['((x0∘x2)∘(x1∘x3))', '((x1∘x3)∘(x0∘x2))', '((x2∘x0)∘(x3∘x1))', '((x3∘x1)∘(x2∘x0))']);
  });

  it('binomial tree: rank order with binomial parenthesisation', () => {
    const all = replay(build('allReduce', 'binomialTree', 6, 1));
    for (const card of all) expect(card[0]).toBe('(((x0∘x1)∘(x2∘x3))∘(x4∘x5))');
    const toRoot2 = replay(build('reduce', 'binomialTree', 6, 1, 2));
    expect(toRoot2[2]![0]).toBe('(((x2∘x3)∘(x4∘x5))∘(x0∘x1))');
  });

  it('direct Reduce: root first, then card order; ring Reduce: the ring order per block', () => {
    expect(replay(build('reduce', 'direct', 4, 1, 2))[2]![0]).toBe('(((x2∘x0)∘x1)∘x3)');
    // Root 1: ranks 0, 1, 2 = cards 1, 2, 0; block j ends reduced as y_j ∘ (y_{j−1} ∘ y_{j+1}).
    expect(replay(build('reduce', 'ring', 3, 3, 1))[1]).toEqual(['(x1∘(x0∘x2))', '(x2∘(x1∘x0))', '(x0∘(x2∘x1))']);
  });
});

describe('input checking', () => {
  it('throws a RangeError naming the algorithm and the field', () => {
    const info = findAlgorithm('broadcast', 'chain')!;
    expect(() => info.build({ nSails: 0, count: 1, root: 0, pipeline: 1 })).toThrow(/broadcast\/chain: nSails must be an integer ≥ 1, got 0/);
    expect(() => info.build({ nSails: 3, count: -1, root: 0, pipeline: 1 })).toThrow(/count must be an integer ≥ 0, got -1/);
    expect(() => info.build({ nSails: 3, count: 1.5, root: 0, pipeline: 1 })).toThrow(RangeError);
    expect(() => info.build({ nSails: 3, count: 1, root: 3, pipeline: 1 })).toThrow(/root must be a card in \[0, 3\), got 3/);
    expect(() => info.build({ nSails: 3, count: 1, root: 0, pipeline: 0 })).toThrow(/pipeline must be an integer ≥ 1, got 0/);
    for (const a of ALGORITHMS) expect(() => a.build({ nSails: 2, count: 1, root: 0, pipeline: NaN })).toThrow(RangeError);
  });
});
