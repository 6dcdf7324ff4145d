/**
 * The ways the planner tries to run one algorithm on one network: its
 * chunking (`pipeline`, sub-chunks per ring segment) and its channels (k
 * rings sharing the data, NCCL's channels) — what NCCL's tuner picks per
 * message size. Each variant is priced like an algorithm and the table keeps
 * the fastest (planner.ts); `{ pipeline, channels }` in a request fix them.
 *
 * Which variants exist:
 *   - pipeline: the algorithms that cut their messages (ring, chain,
 *     hierarchical, torus2d, doubleBinaryTree) try 1, 4, 16 and 64
 *     sub-chunks, and on more than 1,024 cards up to p/16 (256, 1024,
 *     4096): a chain's fill grows with the cards, so a 256 MiB Broadcast
 *     along a one-way ring of 65,536 cards needs thousands of sub-chunks
 *     (64 leave it 500× slower than it can be). Sub-chunks stay at least
 *     MIN_SUB_CHUNK_BYTES — below that a sub-chunk costs more in latency
 *     than it saves in overlap;
 *   - channels: the algorithms that run rings (ring, chain, hierarchical)
 *     try 1, 2 and 4 rings, up to what the network can carry side by side
 *     (channelLimit): one on a one-way ring or a switch (every ring would
 *     share the same links), two on a bidirectional ring, four on tori,
 *     meshes and multi-dimensional networks;
 *   - ring orders come from the network (network/ring-orders.ts): direct
 *     links, disjoint across channels where the topology allows — so even
 *     one channel follows the topology (a snake on a torus), not card order;
 *   - dims: the hierarchical and torus algorithms run along the network's
 *     own dimensions; on a one-dimensional network they would only repeat
 *     the ring, so `auto` does not list them there.
 */
import { DimensionOrderRoutes } from '../network/dimension-order.js';
import type { Network } from '../network/network.js';
import { ringOrders } from '../network/ring-orders.js';
import type { AlgorithmInput } from '../schedule/algorithm.js';
import type { AlgorithmInfo } from '../schedule/registry.js';

/** Smallest sub-chunk the pipeline search tries, in bytes. */
export const MIN_SUB_CHUNK_BYTES = 8 << 10;
/** Sub-chunk counts the search tries (those above 64 only on more than 1,024 cards: see the module comment). */
const PIPELINES = [1, 4, 16, 64, 256, 1024, 4096] as const;
/** Channel counts the search tries. */
const CHANNELS = [1, 2, 4] as const;

const PIPELINED = new Set(['ring', 'chain', 'hierarchical', 'torus2d', 'doubleBinaryTree']);
const RINGED = new Set(['ring', 'chain', 'hierarchical']);
const DIMENSIONED = new Set(['hierarchical', 'torus2d']);

/** One way to run an algorithm: its input to the schedule builder, and the choices made. */
export interface Variant {
  readonly info: AlgorithmInfo;
  readonly input: AlgorithmInput;
  readonly pipeline: number;
  readonly channels: number;
}

/** What a request fixes (undefined: the planner chooses). */
export interface VariantRequest {
  readonly count: number;
  readonly bytesPerElement: number;
  readonly root: number;
  readonly pipeline?: number;
  readonly channels?: number;
  /** True for `auto`: skip variants that only repeat another algorithm. */
  readonly auto: boolean;
}

/** How many rings the network can run side by side (see the module comment). */
export function channelLimit(network: Network): number {
  if (network.kind === 'custom') return 2;
  const dims = network.dims.filter((d) => d.size > 1);
  if (dims.length === 0) return 1;
  if (dims.every((d) => d.kind === 'ring' || d.kind === 'switch')) return 1;
  if (dims.length === 1 && dims[0]!.kind === 'bidirectionalRing') return 2;
  return 4;
}

/** Ring orders per channel count, computed once per network. */
export class RingOrderCache {
  private readonly orders = new Map<number, readonly (readonly number[])[]>();

  constructor(private readonly network: Network) {}

  get(channels: number): readonly (readonly number[])[] {
    let orders = this.orders.get(channels);
    if (orders === undefined) {
      orders = ringOrders(this.network, channels);
      this.orders.set(channels, orders);
    }
    return orders;
  }
}

/**
 * The variants of `info` for `request` on `network`, or a reason why it has
 * none here (only for `auto`: a forced algorithm always runs).
 */
export function variantsOf(info: AlgorithmInfo, network: Network, request: VariantRequest, rings: RingOrderCache): Variant[] | string {
  const p = network.nSails;
  const dims = regularDims(network);
  if (DIMENSIONED.has(info.name) && request.auto && (dims === undefined || dims.filter((d) => d > 1).length < 2)) {
    return `needs a network of two or more dimensions (on one dimension it would be the ring algorithm)`;
  }
  const perMessage = (request.count * request.bytesPerElement) / (info.collective === 'allReduce' || info.collective === 'reduce' ? p : 1);
  // A pinned pipeline or channel count applies only to the algorithms that have one; the others run (and report) 1.
  const pipelines = !PIPELINED.has(info.name) ? [1] : request.pipeline !== undefined
    ? [request.pipeline]
    : PIPELINES.filter((P) => P === 1 || (perMessage / P >= MIN_SUB_CHUNK_BYTES && P <= Math.max(64, p / 16)));
  const channels = !RINGED.has(info.name) ? [1] : request.channels !== undefined
    ? [request.channels]
    : CHANNELS.filter((k) => k <= channelLimit(network) && (k === 1 || perMessage / k >= MIN_SUB_CHUNK_BYTES));
  const variants: Variant[] = [];
  for (const k of channels) {
    for (const P of pipelines) {
      const input: AlgorithmInput = {
        nSails: p, count: request.count, root: request.root, pipeline: P,
        ...(RINGED.has(info.name) && p > 1 ? { rings: rings.get(k) } : {}),
        ...(DIMENSIONED.has(info.name) && dims !== undefined ? { dims } : {}),
      };
      variants.push({ info, input, pipeline: P, channels: k });
    }
  }
  return variants;
}

/** The network's dimension sizes (dimension 0 first), when it is a regular shape. */
function regularDims(network: Network): number[] | undefined {
  if (DimensionOrderRoutes.of(network) === undefined) return undefined;
  return network.dims.map((d) => d.size);
}
