/**
 * The one layout every regular shape is made of: cards on a grid of
 * dimensions, each dimension wiring the cards that differ only in its own
 * coordinate (ASTRA-sim's multi-dimensional analytical network).
 *
 * Numbering (the contract the builders document):
 * - Card id = Σ_k coord_k · stride_k with stride_k = Π_{j<k} size_j
 *   (dimension 0 varies fastest).
 * - Dimension k partitions the cards into groups of size_k cards
 *   {base + i·stride_k : i = 0 … size_k−1}, one per base card with
 *   coord_k = 0; groups are taken in ascending base id.
 * - Links: dimension by dimension, group by group, in the group's order:
 *   - `ring`: member i → member (i+1) mod size, i = 0 … size−1 (size ≥ 2).
 *   - `bidirectionalRing`: the ring's links, then member (i+1) mod size →
 *     member i, i = 0 … size−1 — only for size ≥ 3 (for size 2 the reverse
 *     links are the forward ones again).
 *   - `mesh`: member a → member b for every a ≠ b, by a then b.
 *   - `switch`: a new switch node s per group; member i → s, then s →
 *     member i, for i = 0 … size−1.
 * - Switch ids: nSails, nSails+1, … in the order the switch groups are
 *   created (dimension, then ascending base card).
 * Size-1 dimensions add no card links (a size-1 switch dimension still adds
 * its switches, as `switchNetwork(1)` has one).
 */
import { invalidArgumentError } from '../../errors.js';
import { LinkState, type Link } from '../../link.js';
import type { LinkModel } from '../link-model.js';
import { MAX_LINKS, Network, type Dimension, type DimensionKind, type TopologyKind } from '../network.js';
import type { ResolvedOptions } from './options.js';

/** One dimension with its resolved link model. */
export interface LaidOutDimension {
  readonly kind: DimensionKind;
  readonly size: number;
  readonly link: LinkModel;
}

/**
 * Builds the Network of `dims` (sizes already validated, product ≤
 * MAX_CARDS). Throws INVALID_ARGUMENT `argument` before allocating anything
 * when the network would have more than MAX_LINKS links.
 */
export function layoutDimensions(kind: TopologyKind, dims: readonly LaidOutDimension[], options: ResolvedOptions, argument: string): Network {
  const nSails = dims.reduce((n, d) => n * d.size, 1);
  const nLinks = dims.reduce((total, d) => total + (nSails / d.size) * groupLinkCount(d.kind, d.size), 0);
  if (nLinks > MAX_LINKS) {
    throw invalidArgumentError(argument, `this network would have ${nLinks} links, more than the ${MAX_LINKS} allowed (a full mesh allows at most 2048 cards)`, nLinks);
  }
  const links: Link[] = [];
  let nSwitches = 0;
  let stride = 1;
  for (const dim of dims) {
    for (let base = 0; base < nSails; base++) {
      if (Math.floor(base / stride) % dim.size !== 0) continue;
      const members = Array.from({ length: dim.size }, (_, i) => base + i * stride);
      if (dim.kind === 'switch') {
        groupLinks(dim.kind, members, nSails + nSwitches, dim.link, links);
        nSwitches++;
      } else {
        groupLinks(dim.kind, members, -1, dim.link, links);
      }
    }
    stride *= dim.size;
  }
  const dimensions: Dimension[] = dims.map((d) => ({ kind: d.kind, size: d.size }));
  return new Network({
    kind,
    nSails,
    nSwitches,
    links,
    cards: Array.from({ length: nSails }, () => options.card),
    dims: dimensions,
    preset: options.preset,
    switch: options.switch,
  });
}

/** Links one group of `size` cards gets (must match groupLinks; routing computes link ids from it). */
export function groupLinkCount(kind: DimensionKind, size: number): number {
  switch (kind) {
    case 'ring':
      return size >= 2 ? size : 0;
    case 'bidirectionalRing':
      return size >= 3 ? 2 * size : size === 2 ? 2 : 0;
    case 'mesh':
      return size * (size - 1);
    case 'switch':
      return 2 * size;
  }
}

function groupLinks(kind: DimensionKind, members: readonly number[], switchNode: number, model: LinkModel, out: Link[]): void {
  const size = members.length;
  const at = (i: number): number => members[i % size] as number;
  const add = (from: number, to: number): void => {
    // Frozen here so the Network constructor keeps the object instead of copying it.
    out.push(Object.freeze({ localSail: from, remoteSail: to, state: LinkState.Up, bandwidth: model.bandwidth, latency: model.latency }));
  };
  switch (kind) {
    case 'ring':
    case 'bidirectionalRing':
      if (size >= 2) for (let i = 0; i < size; i++) add(at(i), at(i + 1));
      if (kind === 'bidirectionalRing' && size >= 3) for (let i = 0; i < size; i++) add(at(i + 1), at(i));
      return;
    case 'mesh':
      for (const a of members) for (const b of members) if (a !== b) add(a, b);
      return;
    case 'switch':
      for (const m of members) {
        add(m, switchNode);
        add(switchNode, m);
      }
      return;
  }
}
