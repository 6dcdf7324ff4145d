/**
 * Algorithm names per collective, as types: `algorithm: 'bruck'` on an
 * AllReduce does not compile.
 *
 * The registry (registry.ts) is the source of truth at run time; this table
 * repeats its names as literals because the registry's rows are built by a
 * function and their names are typed only as AlgorithmName. A test
 * (test/algorithm-names.test.ts) checks that the two list exactly the same
 * names per collective, in the same order — adding an algorithm to the
 * registry means adding its name here.
 */
import type { AlgorithmName } from './registry.js';
import type { CollectiveKind } from './schedule.js';

/** Every algorithm each collective has, in registry order. */
export const ALGORITHM_NAMES = {
  /** AllReduce's algorithms. */
  allReduce: ['ring', 'direct', 'recursiveDoubling', 'rabenseifner', 'binomialTree', 'hierarchical', 'torus2d', 'doubleBinaryTree'],
  /** AllGather's algorithms. */
  allGather: ['ring', 'direct', 'recursiveDoubling', 'bruck', 'hierarchical'],
  /** ReduceScatter's algorithms. */
  reduceScatter: ['ring', 'direct', 'recursiveHalving', 'hierarchical'],
  /** Broadcast's algorithms. */
  broadcast: ['binomialTree', 'scatterAllGather', 'direct', 'chain'],
  /** Reduce's algorithms. */
  reduce: ['binomialTree', 'direct', 'ring'],
  /** AllToAll's algorithms. */
  allToAll: ['pairwise', 'direct', 'bruck'],
} as const satisfies { readonly [C in CollectiveKind]: readonly AlgorithmName[] };

/** The algorithms of collective `C` (all of them when `C` is the whole CollectiveKind union). */
export type AlgorithmNameOf<C extends CollectiveKind> = (typeof ALGORITHM_NAMES)[C][number];

/** What a collective of kind `C` accepts as `algorithm`: `'auto'` or one of its algorithms. */
export type AlgorithmChoice<C extends CollectiveKind = CollectiveKind> = 'auto' | AlgorithmNameOf<C>;
