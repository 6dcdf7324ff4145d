/**
 * The algorithm registry: every collective algorithm, its schedule builder
 * and its α-β-γ cost, as data (NCCL picks by filling a table of predicted
 * times and taking the minimum; so can the planner).
 *
 * Cost model — the one the event-driven simulator (sim/simulate.ts)
 * implements, stated here so the closed forms can be checked against it:
 *   - A transfer of b bytes over one link takes α + b·β from when it starts
 *     to when it has arrived: serialization b·β (the link is busy), then
 *     latency α (it is not). A link serializes one transfer at a time, in
 *     the order they become ready (ties: schedule order).
 *   - A transfer may start when the data it carries is final on its
 *     source: every earlier-step transfer into the source touching it has
 *     arrived and, if a reduce, been reduced. Step boundaries are not
 *     barriers: a transfer of step 5 whose data is ready at t = 0 leaves
 *     at t = 0. A card may send on several links at once and receive on
 *     several at once.
 *   - A reduce transfer of b bytes then costs b·γ on its destination, once
 *     arrived and once the destination's own copy is final; each card
 *     reduces one transfer at a time, in the order they become ready.
 *   - The collective ends when the last transfer has arrived / been reduced.
 * On an algorithm's natural topology every transfer of a step has its own
 * directed link (ring algorithms use only links card i → i + 1).
 *
 * Exactness (checked against an independent evaluator of the model above in
 * test/schedule-cost.test.ts, and against the simulator while developing):
 *   - pipeline 1: exact for every algorithm and count, except allReduce
 *     ring and broadcast scatterAllGather when count is not divisible by p:
 *     blocks of ⌈count/p⌉ and ⌊count/p⌋ elements then move at different
 *     speeds and may queue behind one another on a link, so cost() is a
 *     lower bound (ring: within ~2% in the worst case found; scatter +
 *     all-gather: within ~12% at α = 0), exact once α ≥ (p − 1)·bytes·(β+γ)
 *     (scatterAllGather: (p − 1)·bytes·β), checked for p ≤ 24. With α = 0
 *     scatterAllGather's ring steps tie exactly on many links, and the
 *     simulated time then depends on how ties fall, down to floating-point
 *     rounding: price it with α > 0.
 *   - pipeline P > 1 (5th argument): exact for allGather ring, reduceScatter
 *     ring and broadcast chain for every count, and for allReduce ring and
 *     reduce ring when count is divisible by p (approximate otherwise). The
 *     other algorithms ignore `pipeline`, in the schedule and in the cost.
 *   - channels and dimensions (the 6th argument, `shape`; the schedules'
 *     `rings` and `dims`), and the algorithms added with them
 *     (hierarchical, torus2d, doubleBinaryTree): each file states where its
 *     form is exact; the forms evaluate the schedule's structure event by
 *     event on one card (ring-phases-seconds.ts) or on dedicated links
 *     (dedicated-links-seconds.ts) where no expression covers every case.
 * Differences from the MPICH table of ANCHORS.md all come from steps not
 * being barriers and cards sending on several links at once; each
 * algorithm's cost function says where its form departs and why.
 */
import { checkCostInput, checkCostShape, type CostParameters, type CostShape, type ScheduleFn } from './algorithm.js';
import { allGatherBruck, allGatherBruckCost } from './algorithms/all-gather-bruck.js';
import { allGatherDirect, allGatherDirectCost } from './algorithms/all-gather-direct.js';
import { allGatherHierarchical, allGatherHierarchicalCost } from './algorithms/all-gather-hierarchical.js';
import { allGatherRecursiveDoubling, allGatherRecursiveDoublingCost } from './algorithms/all-gather-recursive-doubling.js';
import { allGatherRing, allGatherRingCost } from './algorithms/all-gather-ring.js';
import { allReduceBinomialTree, allReduceBinomialTreeCost } from './algorithms/all-reduce-binomial-tree.js';
import { allReduceDirect, allReduceDirectCost } from './algorithms/all-reduce-direct.js';
import { allReduceDoubleBinaryTree, allReduceDoubleBinaryTreeCost } from './algorithms/all-reduce-double-binary-tree.js';
import { allReduceHierarchical, allReduceHierarchicalCost } from './algorithms/all-reduce-hierarchical.js';
import { allReduceRabenseifner, allReduceRabenseifnerCost } from './algorithms/all-reduce-rabenseifner.js';
import { allReduceRecursiveDoubling, allReduceRecursiveDoublingCost } from './algorithms/all-reduce-recursive-doubling.js';
import { allReduceRing, allReduceRingCost } from './algorithms/all-reduce-ring.js';
import { allReduceTorus2d, allReduceTorus2dCost } from './algorithms/all-reduce-torus2d.js';
import { allToAllBruck, allToAllBruckCost } from './algorithms/all-to-all-bruck.js';
import { allToAllDirect, allToAllDirectCost } from './algorithms/all-to-all-direct.js';
import { allToAllPairwise, allToAllPairwiseCost } from './algorithms/all-to-all-pairwise.js';
import { broadcastBinomialTree, broadcastBinomialTreeCost } from './algorithms/broadcast-binomial-tree.js';
import { broadcastChain, broadcastChainCost } from './algorithms/broadcast-chain.js';
import { broadcastDirect, broadcastDirectCost } from './algorithms/broadcast-direct.js';
import { broadcastScatterAllGather, broadcastScatterAllGatherCost } from './algorithms/broadcast-scatter-all-gather.js';
import { reduceBinomialTree, reduceBinomialTreeCost } from './algorithms/reduce-binomial-tree.js';
import { reduceDirect, reduceDirectCost } from './algorithms/reduce-direct.js';
import { reduceRing, reduceRingCost } from './algorithms/reduce-ring.js';
import { reduceScatterDirect, reduceScatterDirectCost } from './algorithms/reduce-scatter-direct.js';
import { reduceScatterHierarchical, reduceScatterHierarchicalCost } from './algorithms/reduce-scatter-hierarchical.js';
import { reduceScatterRecursiveHalving, reduceScatterRecursiveHalvingCost } from './algorithms/reduce-scatter-recursive-halving.js';
import { reduceScatterRing, reduceScatterRingCost } from './algorithms/reduce-scatter-ring.js';
import type { CollectiveKind } from './schedule.js';

export type { AlgorithmInput, CostParameters, CostShape, ScheduleFn } from './algorithm.js';

/** Every algorithm name used by some collective. */
export type AlgorithmName =
  | 'ring' | 'direct' | 'recursiveDoubling' | 'rabenseifner' | 'recursiveHalving'
  | 'binomialTree' | 'scatterAllGather' | 'chain' | 'pairwise' | 'bruck'
  | 'hierarchical' | 'torus2d' | 'doubleBinaryTree';

/**
 * Topology kinds an algorithm can be natural to (network shapes of the same
 * names). 'multiDim': a multi-dimensional network whose dimensions are
 * bidirectional rings or meshes, with the algorithm's `dims` its sizes.
 */
export type NaturalTopology = 'mesh' | 'ring' | 'switch' | 'torus2d' | 'multiDim';

/** One row of the registry. */
export interface AlgorithmInfo {
  /** The collective it implements. */
  readonly collective: CollectiveKind;
  /** Its name, as `algorithm:` options take it. */
  readonly name: AlgorithmName;
  /** Builds the schedule (pure). */
  readonly build: ScheduleFn;
  /** One line, for printed tables. */
  readonly summary: string;
  /**
   * Topologies where each transfer of a step has its own link, so the closed
   * form holds exactly: 'ring' (a unidirectional ring, links card i → i + 1,
   * is enough) for ring and chain — they are exact on a full mesh too — and
   * 'mesh' (a link for every ordered pair) for the others. Hierarchical
   * and torus algorithms are natural to 'torus2d' and 'multiDim' given the
   * network's dimension sizes as `dims`. With k > 1 channels the topology
   * must also give each channel its own links (network/ring-orders.ts says
   * which orders do; two channels on a bidirectional ring of at least 3
   * cards, for instance).
   */
  readonly natural: readonly NaturalTopology[];
  /**
   * Predicted seconds for p cards and the collective's per-card `count` of
   * elements of `bytesPerElement` bytes, on a natural topology without
   * contention. `pipeline` (default 1) is the schedule's sub-chunk count;
   * only ring-type algorithms use it (see the module comment for where the
   * result is exact). `shape` gives the channel count (the length of the
   * schedule's `rings`) and the dimension sizes (its `dims`) for the
   * algorithms that use them; absent = one channel, one dimension of p.
   * 0 when p = 1 or count = 0. Throws a RangeError for a non-integer or
   * negative size, or a negative or non-finite parameter.
   */
  cost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline?: number, shape?: CostShape): number;
}

type CostFn = (p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline?: number, shape?: CostShape) => number;

function entry(
  collective: CollectiveKind, name: AlgorithmName, build: ScheduleFn, cost: CostFn,
  natural: readonly NaturalTopology[], summary: string,
): AlgorithmInfo {
  return Object.freeze({
    collective, name, build, summary,
    natural: Object.freeze([...natural]),
    cost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1, shape?: CostShape): number {
      checkCostInput(p, count, bytesPerElement, c, pipeline);
      checkCostShape(p, shape);
      return cost(p, count, bytesPerElement, c, pipeline, shape);
    },
  });
}

/** Every algorithm, grouped by collective in COLLECTIVES order. */
export const ALGORITHMS: readonly AlgorithmInfo[] = Object.freeze([
  entry('allReduce', 'ring', allReduceRing, allReduceRingCost, ['ring'],
    'ring reduce-scatter then ring all-gather, 2(p−1) steps; bandwidth-optimal'),
  entry('allReduce', 'direct', allReduceDirect, allReduceDirectCost, ['mesh'],
    'card d reduces block d from all cards, then sends it to all; 2 steps'),
  entry('allReduce', 'recursiveDoubling', allReduceRecursiveDoubling, allReduceRecursiveDoublingCost, ['mesh'],
    'whole-buffer exchanges at distance 1, 2, 4, …; lg p steps (+2 if p is not 2^k)'),
  entry('allReduce', 'rabenseifner', allReduceRabenseifner, allReduceRabenseifnerCost, ['mesh'],
    'recursive-halving reduce-scatter then recursive-doubling all-gather; 2 lg p steps (+2)'),
  entry('allReduce', 'binomialTree', allReduceBinomialTree, allReduceBinomialTreeCost, ['mesh'],
    'binomial reduce to card 0 then binomial broadcast; 2⌈lg p⌉ steps'),
  entry('allReduce', 'hierarchical', allReduceHierarchical, allReduceHierarchicalCost, ['ring', 'torus2d', 'multiDim'],
    'ring reduce-scatter along dimension 0, 1, …, then ring all-gathers back (ASTRA-sim); Σ 2(d−1) steps'),
  entry('allReduce', 'torus2d', allReduceTorus2d, allReduceTorus2dCost, ['torus2d', 'multiDim'],
    'hierarchical along every rotation of the dimensions at once, both ring directions: all links busy'),
  entry('allReduce', 'doubleBinaryTree', allReduceDoubleBinaryTree, allReduceDoubleBinaryTreeCost, ['mesh'],
    "NCCL's two complementary binary trees, half the buffer each, reduce up then broadcast down; ~2 lg p steps"),
  entry('allGather', 'ring', allGatherRing, allGatherRingCost, ['ring'],
    'each card forwards one block to the next; p−1 steps'),
  entry('allGather', 'direct', allGatherDirect, allGatherDirectCost, ['mesh'],
    'every card sends its block to every other card; 1 step'),
  entry('allGather', 'recursiveDoubling', allGatherRecursiveDoubling, allGatherRecursiveDoublingCost, ['mesh'],
    'exchange doubling runs of blocks at distance 1, 2, 4, …; lg p steps (+2 if p is not 2^k)'),
  entry('allGather', 'bruck', allGatherBruck, allGatherBruckCost, ['mesh'],
    'send every block held to card i − 2^k; ⌈lg p⌉ steps, any p'),
  entry('allGather', 'hierarchical', allGatherHierarchical, allGatherHierarchicalCost, ['ring', 'torus2d', 'multiDim'],
    'ring all-gathers along the last dimension, …, then dimension 0 (ASTRA-sim); Σ (d−1) steps'),
  entry('reduceScatter', 'ring', reduceScatterRing, reduceScatterRingCost, ['ring'],
    'each card reduces one block and forwards it to the next; p−1 steps'),
  entry('reduceScatter', 'direct', reduceScatterDirect, reduceScatterDirectCost, ['mesh'],
    'every card sends block d to card d, which reduces them; 1 step'),
  entry('reduceScatter', 'recursiveHalving', reduceScatterRecursiveHalving, reduceScatterRecursiveHalvingCost, ['mesh'],
    'exchange and reduce half the window at distance p/2, p/4, …; lg p steps (+2)'),
  entry('reduceScatter', 'hierarchical', reduceScatterHierarchical, reduceScatterHierarchicalCost, ['ring', 'torus2d', 'multiDim'],
    'ring reduce-scatters along dimension 0, then 1, … (ASTRA-sim); Σ (d−1) steps'),
  entry('broadcast', 'binomialTree', broadcastBinomialTree, broadcastBinomialTreeCost, ['mesh'],
    'binomial tree from the root, whole buffer per message; ⌈lg p⌉ steps'),
  entry('broadcast', 'scatterAllGather', broadcastScatterAllGather, broadcastScatterAllGatherCost, ['mesh'],
    'binomial scatter of p blocks then ring all-gather (van de Geijn); ⌈lg p⌉+p−1 steps'),
  entry('broadcast', 'direct', broadcastDirect, broadcastDirectCost, ['mesh'],
    'the root sends the buffer to every card; 1 step'),
  entry('broadcast', 'chain', broadcastChain, broadcastChainCost, ['ring'],
    'pipelined chain root → root+1 → …, `pipeline` sub-chunks; p−1 steps'),
  entry('reduce', 'binomialTree', reduceBinomialTree, reduceBinomialTreeCost, ['mesh'],
    'binomial tree to the root, whole buffer per message; ⌈lg p⌉ steps'),
  entry('reduce', 'direct', reduceDirect, reduceDirectCost, ['mesh'],
    'every card sends to the root, which reduces in card order; 1 step'),
  entry('reduce', 'ring', reduceRing, reduceRingCost, ['mesh'],
    'ring reduce-scatter then every card sends its block to the root; p steps'),
  entry('allToAll', 'pairwise', allToAllPairwise, allToAllPairwiseCost, ['mesh'],
    'step k: card i sends block (i, i+k) to card i+k; p−1 steps; on a full mesh it costs what direct costs, by design'),
  entry('allToAll', 'direct', allToAllDirect, allToAllDirectCost, ['mesh'],
    'every block straight to its card; 1 step'),
  entry('allToAll', 'bruck', allToAllBruck, allToAllBruckCost, ['mesh'],
    'step k moves every block whose distance has bit k by 2^k cards; ⌈lg p⌉ steps'),
]);

/** The algorithms of one collective, in registry order. */
export function algorithmsFor(collective: CollectiveKind): readonly AlgorithmInfo[] {
  return ALGORITHMS.filter((info) => info.collective === collective);
}

/** The algorithm `name` of `collective`, or undefined if there is none. */
export function findAlgorithm(collective: CollectiveKind, name: string): AlgorithmInfo | undefined {
  return ALGORITHMS.find((info) => info.collective === collective && info.name === name);
}
