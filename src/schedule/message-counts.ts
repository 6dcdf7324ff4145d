/**
 * How many messages an algorithm's schedule has, at most, without building
 * it: what the planner weighs to decide between building a schedule (and
 * simulating it) and pricing the algorithm at scale (sim/planner.ts).
 *
 * Counts are for p cards and `pipeline` sub-chunks per ring segment; they
 * are exact when every chunk is non-empty (count ≥ p·pipeline) and upper
 * bounds otherwise (the builder drops empty transfers). lg = ⌈lg p⌉; the
 * butterflies run on p' = 2^⌊lg p⌋ cards with r = p − p' fold-in/fold-back
 * pairs (power-of-two-fixup.ts). test/message-counts checks every registry
 * entry against its built schedules.
 */
import { ceilLog2, floorLog2 } from './algorithm.js';
import type { CollectiveKind } from './schedule.js';

/** Upper bound on the transfers of `collective`/`algorithm` for p cards. */
export function messageBound(collective: CollectiveKind, algorithm: string, p: number, pipeline: number, channels = 1): number {
  if (p <= 1) return 0;
  // k channels run k rings side by side: k times the messages of one.
  const P = pipeline * channels;
  const lgFloor = floorLog2(p);
  const pof2 = 2 ** lgFloor;
  const fixup = 2 * (p - pof2);
  const butterfly = pof2 * lgFloor + fixup;
  switch (`${collective}/${algorithm}`) {
    case 'allReduce/ring': return 2 * (p - 1) * p * P;
    case 'allReduce/direct': return 2 * p * (p - 1);
    case 'allReduce/recursiveDoubling': return butterfly;
    case 'allReduce/rabenseifner': return 2 * pof2 * lgFloor + fixup;
    case 'allReduce/binomialTree': return 2 * (p - 1);
    // Hierarchical and torus algorithms: at most the ring's messages over all dimensions (each phase rings a dimension's groups), twice each way for torus2d.
    case 'allReduce/hierarchical': return 2 * (p - 1) * p * P;
    case 'allReduce/torus2d': return 8 * (p - 1) * p * pipeline;
    case 'allReduce/doubleBinaryTree': return 4 * (p - 1) * pipeline;
    case 'allGather/hierarchical': return (p - 1) * p * P;
    case 'reduceScatter/hierarchical': return (p - 1) * p * P;
    case 'allGather/ring': return (p - 1) * p * P;
    case 'allGather/direct': return p * (p - 1);
    case 'allGather/recursiveDoubling': return butterfly;
    case 'allGather/bruck': return p * ceilLog2(p);
    case 'reduceScatter/ring': return (p - 1) * p * P;
    case 'reduceScatter/direct': return p * (p - 1);
    case 'reduceScatter/recursiveHalving': return butterfly;
    case 'broadcast/binomialTree': return p - 1;
    case 'broadcast/scatterAllGather': return (p - 1) + (p - 1) * p;
    case 'broadcast/direct': return p - 1;
    case 'broadcast/chain': return (p - 1) * P;
    case 'reduce/binomialTree': return p - 1;
    case 'reduce/direct': return p - 1;
    case 'reduce/ring': return (p - 1) * p * P + (p - 1) * P;
    case 'allToAll/pairwise': return p * (p - 1);
    case 'allToAll/direct': return p * (p - 1);
    case 'allToAll/bruck': return p * ceilLog2(p);
    default:
      // An algorithm this table does not know yet: assume the largest shape any has.
      return 2 * p * p * P;
  }
}

/** Upper bound on the segments of those transfers (Bruck sends many blocks per message). */
export function segmentBound(collective: CollectiveKind, algorithm: string, p: number, pipeline: number): number {
  const messages = messageBound(collective, algorithm, p, pipeline);
  if (collective === 'allToAll' && algorithm === 'bruck') return p * p * ceilLog2(p);
  if (algorithm === 'bruck' || algorithm === 'recursiveDoubling' || algorithm === 'recursiveHalving') return 2 * messages;
  return messages;
}

/**
 * Upper bound on the atoms (pieces of the buffer between any two range
 * boundaries of the schedule — the p blocks, or finer) that all the
 * transfers' segments span together: the work of the simulator's dependency
 * analysis (sim/dependencies.ts), which visits each spanned atom. One per
 * message for most algorithms; the butterflies' and Bruck's messages carry
 * up to p/2 blocks each, p² in all (p·p·lg p for Bruck's AllToAll), and a
 * binomial scatter's up to p/2 blocks over lg p steps.
 */
export function atomVisitBound(collective: CollectiveKind, algorithm: string, p: number, pipeline: number, channels = 1): number {
  const messages = messageBound(collective, algorithm, p, pipeline, channels);
  switch (`${collective}/${algorithm}`) {
    case 'allReduce/rabenseifner': return messages + 2 * p * p;
    case 'reduceScatter/recursiveHalving':
    case 'allGather/recursiveDoubling':
    case 'allGather/bruck': return messages + p * p;
    case 'allToAll/bruck': return messages + p * p * ceilLog2(p);
    case 'broadcast/scatterAllGather': return messages + p * ceilLog2(p);
    default: return messages;
  }
}
