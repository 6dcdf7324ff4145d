/**
 * Hierarchical collectives (hierarchical-phases.ts) priced without building
 * their schedule: a ring reduce-scatter along dimension 0, 1, …, then ring
 * all-gathers back, each phase priced as the ring chains of its slowest
 * group (ring-model.ts), the phases one after another. A phase along
 * dimension d of size n_d moves blocks of B_d / n_d bytes, where B_d is what
 * every card still holds: the whole buffer before the first reduce-scatter,
 * 1/n_0 of it after, and so on. With k channels each group runs k rings —
 * forward, backward, … — over its cards, each with its part of the data.
 *
 * Groups of a uniform regular network are alike (the same routes shifted),
 * so one stands for all; otherwise every group is priced. This is the
 * schedule's time when phases do not overlap; the schedule lets a phase's
 * first sub-chunks start while the previous phase finishes its last ones, so
 * with pipelining this is an upper bound by up to one phase's fill.
 */
import type { RouteCosts } from './route-costs.js';
import { ringChainSeconds } from './ring-model.js';

export interface HierarchicalRequest {
  /** Dimension sizes, dimension 0 fastest (card id = Σ coord_e·stride_e). */
  readonly dims: readonly number[];
  /** Bytes every card holds before the first reduce-scatter (AllReduce, ReduceScatter) or after the last all-gather (AllGather). */
  readonly bytes: number;
  readonly reduceScatter: boolean;
  readonly allGather: boolean;
  readonly pipeline: number;
  readonly channels: number;
  /** Whether every group of a dimension is priced alike (a uniform regular network). */
  readonly uniform: boolean;
}

export function hierarchicalSeconds(costs: RouteCosts, request: HierarchicalRequest): number {
  const { dims, pipeline, channels } = request;
  const strides: number[] = [];
  let p = 1;
  for (const size of dims) {
    strides.push(p);
    p *= size;
  }
  // Bytes each card holds while phase d runs (reduce-scatter direction).
  const held: number[] = [];
  let bytes = request.bytes;
  for (const size of dims) {
    held.push(bytes);
    bytes /= size;
  }
  const phase = (d: number, reduce: boolean): number => {
    const size = dims[d]!;
    if (size <= 1) return 0;
    const block = held[d]! / size;
    let worst = 0;
    for (let base = 0; base < p; base++) {
      if (Math.floor(base / strides[d]!) % size !== 0) continue;
      const group = Array.from({ length: size }, (_, i) => base + i * strides[d]!);
      const orders = Array.from({ length: channels }, (_, c) => (c % 2 === 0 ? group : [group[0]!, ...group.slice(1).reverse()]));
      const seconds = ringChainSeconds(costs, { orders, blockBytes: orders.map(() => block / channels), pipeline }, reduce ? size - 1 : 0, reduce ? 0 : size - 1);
      worst = Math.max(worst, seconds);
      if (request.uniform) break;
    }
    return worst;
  };
  let total = 0;
  if (request.reduceScatter) for (let d = 0; d < dims.length; d++) total += phase(d, true);
  if (request.allGather) for (let d = dims.length - 1; d >= 0; d--) total += phase(d, false);
  return total;
}
