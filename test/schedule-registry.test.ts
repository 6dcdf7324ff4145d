// The registry as data: which algorithms each collective has, lookups, and
// the "natural topology" claims checked on the schedules themselves.
import { describe, expect, it } from 'vitest';
import { ALGORITHMS, algorithmsFor, findAlgorithm } from '../src/schedule/registry.js';
import { COLLECTIVES } from '../src/schedule/schedule.js';

describe('registry', () => {
  it('lists the algorithms of every collective', () => {
    const names = Object.fromEntries(COLLECTIVES.map((c) => [c, algorithmsFor(c).map((a) => a.name)]));
    expect(names).toEqual({
      allReduce: ['ring', 'direct', 'recursiveDoubling', 'rabenseifner', 'binomialTree', 'hierarchical', 'torus2d', 'doubleBinaryTree'],
      allGather: ['ring', 'direct', 'recursiveDoubling', 'bruck', 'hierarchical'],
      reduceScatter: ['ring', 'direct', 'recursiveHalving', 'hierarchical'],
      broadcast: ['binomialTree', 'scatterAllGather', 'direct', 'chain'],
      reduce: ['binomialTree', 'direct', 'ring'],
      allToAll: ['pairwise', 'direct', 'bruck'],
    });
    expect(ALGORITHMS).toHaveLength(27);
    expect(Object.isFrozen(ALGORITHMS)).toBe(true);
  });

  it('finds by collective and name', () => {
    expect(findAlgorithm('allReduce', 'rabenseifner')?.collective).toBe('allReduce');
    expect(findAlgorithm('allGather', 'rabenseifner')).toBeUndefined();
    expect(findAlgorithm('broadcast', 'nope')).toBeUndefined();
  });

  it('has one-line summaries and natural topologies', () => {
    for (const info of ALGORITHMS) {
      expect(info.summary.length).toBeGreaterThan(10);
      expect(info.summary).not.toMatch(/\n/);
      const ringOnly = ['ring', 'chain'].includes(info.name) && info.collective !== 'reduce';
      // Hierarchical algorithms: a one-way ring without dims; tori and multiDims with them. Torus: both directions needed.
      const natural = info.name === 'hierarchical' ? ['ring', 'torus2d', 'multiDim'] : info.name === 'torus2d' ? ['torus2d', 'multiDim'] : ringOnly ? ['ring'] : ['mesh'];
      expect(info.natural, `${info.collective} ${info.name}`).toEqual(natural);
    }
  });

  it("natural 'ring': every transfer goes from card i to card i + 1", () => {
    for (const info of ALGORITHMS.filter((a) => a.natural.includes('ring'))) {
      for (const n of [2, 3, 7]) {
        const s = info.build({ nSails: n, count: 5 * n, root: n - 1, pipeline: 2 });
        for (let i = 0; i < s.transferCount; i++) expect(s.transferDst[i], `${info.collective} ${info.name}`).toBe((s.transferSrc[i]! + 1) % n);
      }
    }
  });

  it("natural 'mesh': within a step every transfer has its own (src, dst) link", () => {
    for (const info of ALGORITHMS.filter((a) => a.natural.includes('mesh'))) {
      for (const n of [2, 5, 8, 11]) {
        const s = info.build({ nSails: n, count: 3 * n, root: 1, pipeline: 1 });
        const seen = new Set<string>();
        for (const t of s.transfers()) {
          const link = `${t.step}:${t.src}>${t.dst}`;
          expect(seen.has(link), `${info.collective} ${info.name} n=${n} ${link}`).toBe(false);
          seen.add(link);
        }
      }
    }
  });
});
