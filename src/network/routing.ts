/**
 * Deterministic shortest-path routing over the Up links of a Network.
 *
 * A route is the list of link ids from `src` to `dst`.
 *
 * Between two cards of a regular shape (ring, torus, switch, mesh,
 * multiDim) the route is the dimension-order route (dimension-order.ts) —
 * as the hardware of such networks routes — whenever all its links are Up.
 * Otherwise, and between any two nodes of a custom graph, it is the path
 * over Up links with
 *   1. the fewest hops (store-and-forward cost grows with every hop, and
 *      ASTRA-sim prices a message as hops·latency + bytes/bandwidth), then
 *   2. the smallest total latency (sum of link latencies, added from `src`
 *      outwards), then
 *   3. the lexicographically smallest sequence of node ids (then of link ids,
 *      should two links join the same pair of nodes),
 * so the same network always gives the same routes. Paths may pass through
 * switches and through other cards (cards forward).
 *
 * Algorithm: a breadth-first search from `src`, level by level. All three
 * criteria have optimal substructure (a prefix of a best path is a best path:
 * equal hop counts mean equal-length node sequences, so a lexicographic tie
 * is decided inside the prefix), so the best paths from one source form a
 * tree. Within a level the nodes are kept sorted by their path's
 * lexicographic rank; a node of the next level takes, among the links that
 * reach it, the one with the smallest (latency, rank of its tail node, link
 * id). Each tree costs O(E + V log V) and is cached per source, so routing
 * all pairs costs one tree per source plus the path lengths.
 */
import { invalidArgumentError } from '../errors.js';
import { LinkState } from '../link.js';
import { DimensionOrderRoutes } from './dimension-order.js';
import { Network } from './network.js';
import { integerInRange } from './validate.js';

/** Shortest-path router over one (immutable) Network; caches one tree per source. */
export class Router {
  /** The network routed over. */
  readonly network: Network;
  // Up links only, in compressed sparse rows: the links leaving node u are
  // ids[first[u] … first[u+1]−1], ascending.
  private readonly first: Int32Array;
  private readonly ids: Int32Array;
  // Per source: the id of the link each node is reached by (−1 = the source, or unreachable).
  private readonly trees = new Map<number, Int32Array>();
  private readonly regular: DimensionOrderRoutes | undefined;
  private plannedRouter: Router | undefined;

  /** A router over `network`'s Up links (INVALID_ARGUMENT `network` for anything else). Trees are built on first use. */
  constructor(network: Network) {
    if (!(network instanceof Network)) throw invalidArgumentError('network', 'expected a Network');
    this.network = network;
    const n = network.nNodes;
    const first = new Int32Array(n + 1);
    for (const link of network.links) if (link.state === LinkState.Up) first[link.localSail + 1]!++;
    for (let u = 0; u < n; u++) first[u + 1]! += first[u]!;
    const fill = first.slice(0, n);
    const ids = new Int32Array(first[n]!);
    network.links.forEach((link, id) => {
      if (link.state === LinkState.Up) ids[fill[link.localSail]!++] = id;
    });
    this.first = first;
    this.ids = ids;
    this.regular = DimensionOrderRoutes.of(network);
  }

  /**
   * Link ids of the best path from node `src` to node `dst` (see the module
   * comment): `[]` when src = dst, undefined when no path of Up links exists.
   * INVALID_ARGUMENT `src`/`dst` for an id outside 0 … nNodes−1.
   */
  route(src: number, dst: number): readonly number[] | undefined {
    const last = this.network.nNodes - 1;
    integerInRange(src, 0, last, 'src', 'a node id');
    integerInRange(dst, 0, last, 'dst', 'a node id');
    if (src === dst) return [];
    if (this.regular !== undefined && src < this.network.nSails && dst < this.network.nSails) {
      const route = this.regular.route(src, dst);
      if (route.every((l) => this.network.links[l]!.state === LinkState.Up)) return route;
    }
    return this.shortestUpPath(src, dst);
  }

  /**
   * The route `src → dst` would take with every link Up (what `route` gives
   * when nothing is broken): to report which pairs were rerouted and why.
   */
  plannedRoute(src: number, dst: number): readonly number[] | undefined {
    const last = this.network.nNodes - 1;
    integerInRange(src, 0, last, 'src', 'a node id');
    integerInRange(dst, 0, last, 'dst', 'a node id');
    if (src === dst) return [];
    if (this.regular !== undefined && src < this.network.nSails && dst < this.network.nSails) return this.regular.route(src, dst);
    if (this.network.links.every((l) => l.state === LinkState.Up)) return this.route(src, dst);
    if (this.plannedRouter === undefined) {
      const { network } = this;
      this.plannedRouter = new Router(new Network({
        kind: network.kind, nSails: network.nSails, nSwitches: network.nSwitches, cards: network.cards, dims: network.dims,
        preset: network.preset, switch: network.switch, links: network.links.map((l) => ({ ...l, state: LinkState.Up })),
      }));
    }
    return this.plannedRouter.route(src, dst);
  }

  private shortestUpPath(src: number, dst: number): readonly number[] | undefined {
    const via = this.tree(src);
    if (via[dst] === -1) return undefined;
    const path: number[] = [];
    for (let node = dst; node !== src; ) {
      const id = via[node]!;
      path.push(id);
      node = this.network.links[id]!.localSail;
    }
    return path.reverse();
  }

  /** Number of hops from `src` to `dst`, or undefined when unreachable. */
  hops(src: number, dst: number): number | undefined {
    return this.route(src, dst)?.length;
  }

  private tree(src: number): Int32Array {
    const cached = this.trees.get(src);
    if (cached !== undefined) return cached;
    const n = this.network.nNodes;
    const links = this.network.links;
    const via = new Int32Array(n).fill(-1);
    const latency = new Float64Array(n); // seconds from src along the chosen path
    const reached = new Uint8Array(n);
    const rank = new Int32Array(n); // position of the tail node in its level (lexicographic order)
    reached[src] = 1;
    let level = [src];
    while (level.length > 0) {
      const next: number[] = [];
      // `level` is in lexicographic path order and ids ascend within a node,
      // so on equal latency the first candidate seen is the better one.
      level.forEach((u, position) => {
        for (let k = this.first[u]!; k < this.first[u + 1]!; k++) {
          const id = this.ids[k]!;
          const link = links[id]!;
          const v = link.remoteSail;
          if (reached[v] === 1) continue;
          const candidate = latency[u]! + link.latency;
          if (via[v] === -1) {
            next.push(v);
          } else if (!(candidate < latency[v]!)) {
            continue;
          }
          via[v] = id;
          latency[v] = candidate;
          rank[v] = position;
        }
      });
      for (const v of next) reached[v] = 1;
      // Path to v = path to its tail + v: order by the tail's rank, then by v.
      next.sort((a, b) => rank[a]! - rank[b]! || a - b);
      level = next;
    }
    this.trees.set(src, via);
    return via;
  }
}
