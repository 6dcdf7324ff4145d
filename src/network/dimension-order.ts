/**
 * Dimension-order routing on the regular shapes (ring, torus, switch, mesh,
 * multiDim): a message corrects its coordinates one dimension at a time,
 * dimension 0 first, each along its dimension's own links —
 *   - `ring`: forward, (Δ mod size) hops;
 *   - `bidirectionalRing`: the shorter way round; when both ways are equally
 *     long (Δ = size/2) cards at an even coordinate go forward and cards at
 *     an odd one backward, so the tie traffic is split evenly;
 *   - `mesh`: the direct link;
 *   - `switch`: up to the group's switch and down again (2 hops).
 * This is how torus networks route in hardware (Blue Gene, Cray, TPU
 * interconnects: "XY" routing), every route is a shortest path, and — what
 * the analytic pricing needs — routes are the same wherever they start:
 * shifting source and destination by the same vector shifts the route. A
 * lexicographic tie break among shortest paths (what the Router uses on
 * graphs without a regular structure) instead sends ties through low card
 * ids and loads some links more than others.
 *
 * Link ids follow the layout of shapes/layout.ts arithmetically (no lookup):
 * dimension k's links start after those of dimensions 0 … k−1, group by
 * group in ascending base card, in the group's own order.
 */
import type { Dimension, Network } from './network.js';
import { groupLinkCount } from './shapes/layout.js';

interface DimLayout {
  readonly kind: Dimension['kind'];
  readonly size: number;
  /** Card-id distance between neighbours of this dimension: Π size_j for j < k. */
  readonly stride: number;
  /** Id of this dimension's first link. */
  readonly firstLink: number;
  /** Links per group. */
  readonly groupLinks: number;
  /** Id of this dimension's first switch (switch dimensions). */
  readonly firstSwitch: number;
}

/** Routes of a network built from dimensions (its `dims`); see the module comment. */
export class DimensionOrderRoutes {
  private readonly dims: readonly DimLayout[];

  /** Undefined when `network` has no regular structure (kind 'custom'). */
  static of(network: Network): DimensionOrderRoutes | undefined {
    if (network.kind === 'custom' || network.dims.length === 0) return undefined;
    return new DimensionOrderRoutes(network);
  }

  private constructor(private readonly network: Network) {
    const n = network.nSails;
    let stride = 1;
    let firstLink = 0;
    let firstSwitch = n;
    this.dims = network.dims.map((d) => {
      const groupLinks = groupLinkCount(d.kind, d.size);
      const layout = { kind: d.kind, size: d.size, stride, firstLink, groupLinks, firstSwitch };
      firstLink += (n / d.size) * groupLinks;
      if (d.kind === 'switch') firstSwitch += n / d.size;
      stride *= d.size;
      return layout;
    });
  }

  /**
   * Mean hops over all ordered card pairs (including a card with itself): a
   * random pair's coordinates differ independently and uniformly in every
   * dimension, so it is the sum over dimensions of the mean hops over the
   * coordinate differences.
   */
  meanHops(): number {
    let mean = 0;
    for (const d of this.dims) {
      let total = 0;
      for (let a = 0; a < Math.min(d.size, 2); a++) {
        // Both parities of the source, for the tie rule of bidirectional rings.
        for (let b = 0; b < d.size; b++) if (b !== a) total += dimensionHops(d, a, b);
      }
      mean += total / (Math.min(d.size, 2) * d.size);
    }
    return mean;
  }

  /** Number of hops from card `src` to card `dst`. */
  hops(src: number, dst: number): number {
    let hops = 0;
    for (const d of this.dims) {
      const a = Math.floor(src / d.stride) % d.size;
      const b = Math.floor(dst / d.stride) % d.size;
      if (a === b) continue;
      hops += dimensionHops(d, a, b);
    }
    return hops;
  }

  /**
   * Link ids from card `src` to card `dst`, in order. Checks each link's
   * endpoints against the network (a wrong layout would be a bug, never a
   * silently wrong route).
   */
  route(src: number, dst: number): number[] {
    const path: number[] = [];
    let at = src;
    for (const d of this.dims) {
      const a = Math.floor(at / d.stride) % d.size;
      const b = Math.floor(dst / d.stride) % d.size;
      if (a === b) continue;
      const base = at - a * d.stride;
      const group = (base % d.stride) + Math.floor(base / (d.stride * d.size)) * d.stride;
      const first = d.firstLink + group * d.groupLinks;
      const member = (i: number) => base + i * d.stride;
      switch (d.kind) {
        case 'ring':
        case 'bidirectionalRing': {
          const forward = d.kind === 'ring' || goesForward(d.size, a, b);
          let i = a;
          while (i !== b) {
            if (forward) {
              path.push(this.checked(first + i, member(i)));
              i = (i + 1) % d.size;
            } else {
              const j = (i - 1 + d.size) % d.size;
              path.push(this.checked(first + d.size + j, member(i)));
              i = j;
            }
          }
          break;
        }
        case 'mesh':
          path.push(this.checked(first + a * (d.size - 1) + (b < a ? b : b - 1), member(a)));
          break;
        case 'switch':
          path.push(this.checked(first + 2 * a, member(a)));
          path.push(this.checked(first + 2 * b + 1, d.firstSwitch + group));
          break;
      }
      at = base + b * d.stride;
    }
    if (at !== dst) throw new Error(`dimension-order route ${src}→${dst} ended at ${at}`);
    return path;
  }

  /**
   * The first and last link of route(src, dst) without building it (src ≠
   * dst): the binomial trees' models need only these, and a route on a
   * 65,536-card ring can be 65,535 links long.
   */
  endLinks(src: number, dst: number): { readonly first: number; readonly last: number } {
    let first = -1;
    let last = -1;
    let at = src;
    const note = (a: number, z: number) => {
      if (first < 0) first = a;
      last = z;
    };
    for (const d of this.dims) {
      const a = Math.floor(at / d.stride) % d.size;
      const b = Math.floor(dst / d.stride) % d.size;
      if (a === b) continue;
      const base = at - a * d.stride;
      const group = (base % d.stride) + Math.floor(base / (d.stride * d.size)) * d.stride;
      const start = d.firstLink + group * d.groupLinks;
      switch (d.kind) {
        case 'ring':
        case 'bidirectionalRing':
          if (d.kind === 'ring' || goesForward(d.size, a, b)) note(start + a, start + ((b - 1 + d.size) % d.size));
          else note(start + d.size + ((a - 1 + d.size) % d.size), start + d.size + b);
          break;
        case 'mesh': {
          const link = start + a * (d.size - 1) + (b < a ? b : b - 1);
          note(link, link);
          break;
        }
        case 'switch':
          note(start + 2 * a, start + 2 * b + 1);
          break;
      }
      at = base + b * d.stride;
    }
    return { first, last };
  }

  private checked(link: number, from: number): number {
    const l = this.network.links[link];
    if (l === undefined || l.localSail !== from) throw new Error(`dimension-order routing: link ${link} does not leave node ${from} (network layout changed?)`);
    return link;
  }
}

/** Whether a bidirectional ring of `size` goes forward from coordinate a to b (shorter way; ties by a's parity). */
export function goesForward(size: number, a: number, b: number): boolean {
  const ahead = (b - a + size) % size;
  if (size <= 2) return true; // one link each way, both "forward"
  if (2 * ahead !== size) return 2 * ahead < size;
  return a % 2 === 0;
}

/** Hops along one dimension from coordinate a to b (a ≠ b). */
function dimensionHops(d: DimLayout, a: number, b: number): number {
  switch (d.kind) {
    case 'ring':
      return (b - a + d.size) % d.size;
    case 'bidirectionalRing': {
      const ahead = (b - a + d.size) % d.size;
      return goesForward(d.size, a, b) ? ahead : d.size - ahead;
    }
    case 'mesh':
      return 1;
    case 'switch':
      return 2;
  }
}
