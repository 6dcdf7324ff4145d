/**
 * What every collective algorithm is: a pure function from (cards, count,
 * root, pipeline) to a Schedule — no topology, no data, no clock. The
 * registry (registry.ts) pairs each one with its α-β-γ closed form; the
 * verifier (verify.ts) checks a schedule does what its collective promises.
 *
 * Words used the same way in every algorithm file:
 *   rank     — a card's position in the algorithm. Rooted collectives rotate
 *              ids so the root is rank 0: card = (rank + root) mod n. The
 *              others use rank = card.
 *   chunk    — one of the equal-as-possible pieces an algorithm cuts an
 *              element range into: chunk i of [a, b) in q pieces is
 *              a + chunkBounds(b − a, q, i). Chunks can be empty.
 *   segment  — an element range [start, end) a transfer carries (schedule.ts);
 *              a transfer carries one or more segments, which may be
 *              non-contiguous (Bruck sends several blocks in one message).
 *   block    — the per-card unit of working-buffer.ts: allGather and
 *              reduceScatter block b is [b·count, (b+1)·count); allToAll
 *              block (s, d) is [(s·n + d)·count, (s·n + d + 1)·count).
 *   sub-chunk — with `pipeline` = P > 1, ring-type algorithms (ring, chain)
 *              cut every segment into P chunks and send each as its own
 *              transfer in the same step, so the next card can forward the
 *              first sub-chunk while later ones are still on the wire.
 */
import type { CollectiveKind, Schedule } from './schedule.js';

/** The arguments of every schedule-building algorithm. */
export interface AlgorithmInput {
  /** Number of cards (≥ 1). */
  readonly nSails: number;
  /** The collective's per-card element count, as NCCL defines it (see working-buffer.ts). */
  readonly count: number;
  /** Root card of broadcast and reduce (0 ≤ root < nSails); other collectives ignore it. */
  readonly root: number;
  /**
   * Sub-chunks per segment (≥ 1): ring-type algorithms split every segment
   * into this many chunks sent as separate transfers in the same step;
   * the others ignore it.
   */
  readonly pipeline: number;
  /**
   * Channels as ring orders (NCCL's channels): one cyclic card order per
   * channel, each a permutation of 0 … nSails − 1. Ring-type algorithms
   * (allReduce/allGather/reduceScatter ring, broadcast chain, reduce ring)
   * with k = rings.length cut the data into k parts (part c = chunk c of k)
   * and run their ring over order c for part c. Algorithms that build their
   * own per-channel rings (hierarchical, torus2d) use only the channel count
   * k = rings.length; the others ignore it. Absent = one ring in card order
   * 0, 1, …, nSails − 1 (network/ring-orders.ts builds orders for a network).
   */
  readonly rings?: readonly (readonly number[])[];
  /**
   * Dimension sizes for hierarchical algorithms, dimension 0 fastest: card
   * id = Σ coord_k · Π_{j<k} size_j (network/shapes/layout.ts numbers cards
   * this way). Their product must be nSails. Absent = one dimension of
   * nSails. The other algorithms ignore it.
   */
  readonly dims?: readonly number[];
}

/**
 * The shape arguments of a closed form beyond (p, count, pipeline): how many
 * channels (rings) share the data and, for hierarchical algorithms, the
 * dimension sizes. Absent fields mean one channel and one dimension of p.
 */
export interface CostShape {
  /** Channels (k ≥ 1): the length of AlgorithmInput.rings. */
  readonly channels?: number;
  /** Dimension sizes (product p), as AlgorithmInput.dims. */
  readonly dims?: readonly number[];
}

/** A collective algorithm: input → schedule. Pure and deterministic. */
export type ScheduleFn = (input: AlgorithmInput) => Schedule;

/** Link and card speeds of the α-β-γ model. */
export interface CostParameters {
  /** Seconds per message per hop (latency, paid after serialization). */
  readonly alpha: number;
  /** Seconds per byte on a link (serialization: 1 / bandwidth). */
  readonly beta: number;
  /** Seconds per byte reduced on a card. */
  readonly gamma: number;
}

/**
 * Throw a RangeError unless `input` is usable: integer nSails ≥ 1, integer
 * count ≥ 0, integer root in [0, nSails), integer pipeline ≥ 1. The message
 * names the algorithm and the offending field.
 */
export function checkAlgorithmInput(collective: CollectiveKind, algorithm: string, input: AlgorithmInput): void {
  const where = `${collective}/${algorithm}`;
  const { nSails, count, root, pipeline } = input;
  if (!Number.isInteger(nSails) || nSails < 1) throw new RangeError(`${where}: nSails must be an integer ≥ 1, got ${nSails}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${where}: count must be an integer ≥ 0, got ${count}`);
  if (!Number.isInteger(root) || root < 0 || root >= nSails) {
    throw new RangeError(`${where}: root must be a card in [0, ${nSails}), got ${root}`);
  }
  if (!Number.isInteger(pipeline) || pipeline < 1) throw new RangeError(`${where}: pipeline must be an integer ≥ 1, got ${pipeline}`);
  if (input.rings !== undefined) checkRings(where, nSails, input.rings);
  if (input.dims !== undefined) checkDims(where, nSails, input.dims);
}

/** RangeError unless `rings` is a non-empty array of permutations of 0 … n − 1 (names the channel and the card). */
function checkRings(where: string, n: number, rings: readonly (readonly number[])[]): void {
  if (!Array.isArray(rings) || rings.length < 1) throw new RangeError(`${where}: rings must be a non-empty array of card orders`);
  rings.forEach((order, c) => {
    if (!Array.isArray(order) || order.length !== n) {
      throw new RangeError(`${where}: rings[${c}] must list all ${n} cards once, got ${Array.isArray(order) ? `${order.length} entries` : String(order)}`);
    }
    const seen = new Uint8Array(n);
    order.forEach((card: unknown, i) => {
      if (typeof card !== 'number' || !Number.isInteger(card) || card < 0 || card >= n) {
        throw new RangeError(`${where}: rings[${c}][${i}] must be a card in [0, ${n}), got ${String(card)}`);
      }
      if (seen[card] === 1) throw new RangeError(`${where}: rings[${c}] lists card ${card} twice`);
      seen[card] = 1;
    });
  });
}

/** RangeError unless `dims` is a non-empty array of integers ≥ 1 whose product is n. */
function checkDims(where: string, n: number, dims: readonly number[]): void {
  if (!Array.isArray(dims) || dims.length < 1) throw new RangeError(`${where}: dims must be a non-empty array of dimension sizes`);
  let product = 1;
  dims.forEach((size: unknown, k) => {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) throw new RangeError(`${where}: dims[${k}] must be an integer ≥ 1, got ${String(size)}`);
    product *= size;
  });
  if (product !== n) throw new RangeError(`${where}: dims [${dims.join(', ')}] multiply to ${product}, not nSails = ${n}`);
}

/**
 * RangeError unless a cost function's shape is usable: integer channels ≥ 1,
 * dims integers ≥ 1 multiplying to p.
 */
export function checkCostShape(p: number, shape: CostShape | undefined): void {
  if (shape === undefined) return;
  const { channels, dims } = shape;
  if (channels !== undefined && (!Number.isInteger(channels) || channels < 1)) throw new RangeError(`cost: channels must be an integer ≥ 1, got ${channels}`);
  if (dims !== undefined) checkDims('cost', p, dims);
}

/** The ring orders of `input`: its `rings`, or the one ring 0, 1, …, nSails − 1. */
export function ringsOf(input: AlgorithmInput): readonly (readonly number[])[] {
  return input.rings ?? [Array.from({ length: input.nSails }, (_, i) => i)];
}

/** The dimension sizes of `input`: its `dims`, or one dimension of nSails. */
export function dimsOf(input: AlgorithmInput): readonly number[] {
  return input.dims ?? [input.nSails];
}

/**
 * Throw a RangeError unless the arguments of a cost function are usable:
 * integer p ≥ 1, integer count ≥ 0, bytesPerElement ≥ 0, α, β, γ ≥ 0 and
 * finite, integer pipeline ≥ 1.
 */
export function checkCostInput(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1): void {
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`cost: p must be an integer ≥ 1, got ${p}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`cost: count must be an integer ≥ 0, got ${count}`);
  if (!(bytesPerElement >= 0) || !Number.isFinite(bytesPerElement)) throw new RangeError(`cost: bytesPerElement must be finite and ≥ 0, got ${bytesPerElement}`);
  for (const key of ['alpha', 'beta', 'gamma'] as const) {
    const v = c[key];
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`cost: ${key} must be finite and ≥ 0, got ${v}`);
  }
  if (!Number.isInteger(pipeline) || pipeline < 1) throw new RangeError(`cost: pipeline must be an integer ≥ 1, got ${pipeline}`);
}

/** Card of `rank` when ranks are rotated so that `root` is rank 0. */
export function cardOfRank(rank: number, root: number, nSails: number): number {
  return (rank + root) % nSails;
}

/** ⌊lg x⌋ for integer x ≥ 1. */
export function floorLog2(x: number): number {
  return 31 - Math.clz32(x);
}

/** ⌈lg x⌉ for integer x ≥ 1. */
export function ceilLog2(x: number): number {
  return x <= 1 ? 0 : 32 - Math.clz32(x - 1);
}
