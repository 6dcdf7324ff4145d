/**
 * What the analytic pricing needs to know about a network: each card pair's
 * route (the simulator's, from the Router: dimension-order on regular
 * shapes, around links that are not Up), the links' and cards' models as
 * flat arrays, and the uncontended time of a message along a route.
 *
 * A message of b bytes over a route of links l₁ … l_h, store-and-forward,
 * alone on the network, takes Σ (α_l + b/bw_l) — the first hop at the lower
 * of the link's and the card's injection bandwidth — exactly what the
 * simulator charges it when nothing else is in its way.
 */
import { linkDownError, type SpankerError } from '../../errors.js';
import { LinkState } from '../../link.js';
import type { Network } from '../../network/network.js';
import type { Router } from '../../network/routing.js';
import type { Reroute } from '../../report.js';
import { DimensionOrderRoutes } from '../../network/dimension-order.js';
import { cutThroughLinks } from '../simulate.js';

/** Most link ids the route cache holds at once (8 bytes each: 32 MiB). */
const ROUTE_CACHE_LIMIT = 1 << 22;
/** Most card pairs it holds (each a Map entry and an array, about 80 bytes: 80 MiB). */
const ROUTE_CACHE_PAIRS = 1 << 20;

/** A network's link and card models as flat arrays: built once per network (a 2048-card mesh has 4 M links). */
interface ModelArrays {
  readonly bandwidth: Float64Array;
  readonly latency: Float64Array;
  readonly gamma: Float64Array;
  readonly injection: Float64Array;
  readonly regular: DimensionOrderRoutes | undefined;
  readonly allUp: boolean;
  /** Per link, 1 when it leads into a cut-through switch; undefined when there is none. */
  readonly cutInto: Uint8Array | undefined;
  /**
   * The one link model of a regular shape whose links are all Up and alike,
   * with no cut-through switch: routes then cost hops × (bytes·β + α), no
   * route walked (a binomial tree on a 65,536-card ring would walk 2^31 links).
   */
  readonly uniform: { readonly bandwidth: number; readonly latency: number } | undefined;
}

const modelArrays = new WeakMap<Network, ModelArrays>();

function arraysOf(network: Network): ModelArrays {
  let arrays = modelArrays.get(network);
  if (arrays === undefined) {
    const links = network.links;
    const bandwidth = new Float64Array(links.length);
    const latency = new Float64Array(links.length);
    let allUp = true;
    // Whether every link has the first one's bandwidth and latency, in the same pass.
    let alike = links.length > 0;
    const bandwidth0 = links[0]?.bandwidth;
    const latency0 = links[0]?.latency;
    for (let id = 0; id < links.length; id++) {
      const l = links[id]!;
      const bw = l.bandwidth;
      const lat = l.latency;
      bandwidth[id] = bw;
      latency[id] = lat;
      if (l.state !== LinkState.Up) allUp = false;
      if (bw !== bandwidth0 || lat !== latency0) alike = false;
    }
    const gamma = new Float64Array(network.nSails);
    const injection = new Float64Array(network.nSails);
    network.cards.forEach((c, id) => {
      gamma[id] = c.reduceSecondsPerByte;
      injection[id] = c.injectionBandwidth ?? 0;
    });
    const regular = DimensionOrderRoutes.of(network);
    // Only links into a switch can be cut-through: a switchless network (a 2,048-card mesh has 4 M links) skips the scan.
    const cutInto = network.nSwitches === 0 ? undefined : cutThroughLinks(network);
    const uniform = regular !== undefined && allUp && cutInto === undefined && alike ? { bandwidth: links[0]!.bandwidth, latency: links[0]!.latency } : undefined;
    arrays = { bandwidth, latency, gamma, injection, regular, allUp, cutInto, uniform };
    modelArrays.set(network, arrays);
  }
  return arrays;
}

/**
 * Routes resolved on one network, shared by every RouteCosts of a planner:
 * the variants of an algorithm table walk the same card pairs, and resolving
 * them once per variant was most of a ring family model's time on thousands
 * of cards.
 */
export class RouteBook {
  /** Link ids per card pair (key src·n + dst). */
  readonly routes = new Map<number, readonly number[]>();
  /** The reroute of each pair resolved so far whose route avoids a link that is not Up. */
  readonly reroutes = new Map<number, Reroute>();
  /** Link ids held by `routes`: the cache is bounded by these, not by its routes (a route can be 65,535 links long). */
  cachedLinks = 0;
}

export class RouteCosts {
  /** Pairs whose route avoids a link that is not Up, in order of first use (by this instance: one plan). */
  readonly reroutes: Reroute[] = [];
  private readonly rerouted = new Set<number>();
  private readonly packetBytes: number;
  /** The network's arrays, built on first use: a closed form needs none of them (a 2,048-card mesh has 4 M links). */
  private modelArrays: ModelArrays | undefined;

  /** `book`: routes shared with other RouteCosts of the same network and router (a fresh one by default). */
  constructor(readonly network: Network, private readonly router: Router, private readonly book = new RouteBook()) {
    this.packetBytes = network.switch.packetBytes;
  }

  private get arrays(): ModelArrays {
    return (this.modelArrays ??= arraysOf(this.network));
  }

  /** Bandwidth per link id, bytes per second. */
  get bandwidth(): Float64Array {
    return this.arrays.bandwidth;
  }

  /** Latency per link id, seconds. */
  get latency(): Float64Array {
    return this.arrays.latency;
  }

  /** γ per card (seconds per byte reduced). */
  get gamma(): Float64Array {
    return this.arrays.gamma;
  }

  /** Injection bandwidth per card; 0 = no limit. */
  get injection(): Float64Array {
    return this.arrays.injection;
  }

  private get regular(): DimensionOrderRoutes | undefined {
    return this.arrays.regular;
  }

  private get allUp(): boolean {
    return this.arrays.allUp;
  }

  private get cutInto(): Uint8Array | undefined {
    return this.arrays.cutInto;
  }

  /** Per link, 1 when it leads into a cut-through switch; undefined when there is none (see cutThroughAfter). */
  get cutThroughInto(): Uint8Array | undefined {
    return this.arrays.cutInto;
  }

  private get uniform(): ModelArrays['uniform'] {
    return this.arrays.uniform;
  }

  /**
   * For hop k ≥ 1 of `route` carrying `bytes`: the fraction of the message
   * the switch it leaves waits for (its first packet / the message) when
   * that switch forwards cut-through, else 0 (store-and-forward).
   */
  cutThroughAfter(route: ArrayLike<number>, k: number, bytes: number): number {
    if (this.cutInto === undefined || k === 0 || this.cutInto[route[k - 1]!] !== 1) return 0;
    return Math.min(this.packetBytes, bytes) / bytes;
  }

  /**
   * Hops from `src` to `dst` — by arithmetic on a regular shape with every
   * link Up, else the route's length — to weigh the work of a model before
   * walking routes.
   */
  hops(src: number, dst: number): number {
    if (src === dst) return 0;
    if (this.regular !== undefined && this.allUp) return this.regular.hops(src, dst);
    return this.route(src, dst).length;
  }

  /** Link ids from card `src` to card `dst` (cached); LINK_DOWN when no route of Up links exists. */
  route(src: number, dst: number): readonly number[] {
    const key = src * this.network.nSails + dst;
    const book = this.book;
    let route = book.routes.get(key);
    if (route === undefined) {
      route = this.resolve(src, dst);
      // Routes of very many pairs are not kept (they are cheap to recompute, and would fill memory).
      if (book.cachedLinks + route.length > ROUTE_CACHE_LIMIT || book.routes.size >= ROUTE_CACHE_PAIRS) {
        book.routes.clear();
        book.cachedLinks = 0;
      }
      book.routes.set(key, route);
      book.cachedLinks += route.length;
    }
    // A rerouted pair is reported by every plan that uses it, once, in order of first use.
    if (book.reroutes.size > 0) {
      const reroute = book.reroutes.get(key);
      if (reroute !== undefined && !this.rerouted.has(key)) {
        this.rerouted.add(key);
        this.reroutes.push(reroute);
      }
    }
    return route;
  }

  /**
   * Seconds for `bytes` from `src` to `dst` alone on the network: hop by
   * hop, store-and-forward at cards, cut-through at cut-through switches
   * (network/switch-model.ts) — the simulator's timeline of an uncontended
   * message.
   */
  pathSeconds(src: number, dst: number, bytes: number): number {
    const uniform = this.uniform;
    if (uniform !== undefined && this.injection[src] === 0) {
      const h = src === dst ? 0 : this.regular!.hops(src, dst);
      return h * (bytes / uniform.bandwidth + uniform.latency);
    }
    const route = this.route(src, dst);
    let start = 0;
    let end = 0;
    for (let k = 0; k < route.length; k++) {
      const ser = this.serializationSeconds(src, route, k, bytes);
      if (k === 0) {
        end = ser;
        continue;
      }
      const latency = this.latency[route[k - 1]!]!;
      const f = this.cutThroughAfter(route, k, bytes);
      if (f > 0) {
        const previousSer = this.serializationSeconds(src, route, k - 1, bytes);
        start += f * previousSer + latency;
        end = Math.max(start + ser, end + latency + f * ser);
      } else {
        start = end + latency;
        end = start + ser;
      }
    }
    return route.length === 0 ? 0 : end + this.latency[route[route.length - 1]!]!;
  }

  /** The first and last link of the route from `src` to `dst` (src ≠ dst), by arithmetic on a regular shape with every link Up. */
  endLinks(src: number, dst: number): { readonly first: number; readonly last: number } {
    if (this.regular !== undefined && this.allUp) return this.regular.endLinks(src, dst);
    const route = this.route(src, dst);
    return { first: route[0]!, last: route[route.length - 1]! };
  }

  /** Serialization seconds of `bytes` on `link`, the first hop from card `src` when `first` (its injection limit applies). */
  linkSeconds(src: number, link: number, first: boolean, bytes: number): number {
    const bw = this.bandwidth[link]!;
    const limit = first ? this.injection[src]! : 0;
    return bytes / (limit > 0 && limit < bw ? limit : bw);
  }

  /** Serialization seconds of hop k of `route` (from card `src`) for `bytes`. */
  serializationSeconds(src: number, route: readonly number[], k: number, bytes: number): number {
    const bw = this.bandwidth[route[k]!]!;
    const limit = k === 0 ? this.injection[src]! : 0;
    return bytes / (limit > 0 && limit < bw ? limit : bw);
  }

  /** Serialization plus latency of hop k. */
  hopSeconds(src: number, route: readonly number[], k: number, bytes: number): number {
    return this.serializationSeconds(src, route, k, bytes) + this.latency[route[k]!]!;
  }

  private resolve(src: number, dst: number): readonly number[] {
    // A regular shape with every link Up: its dimension-order route, which is the Router's and the planned one (nothing rerouted).
    if (this.regular !== undefined && this.allUp) return this.regular.route(src, dst);
    const route = this.router.route(src, dst);
    const key = src * this.network.nSails + dst;
    const known = this.book.reroutes.has(key);
    const planned = this.router.plannedRoute(src, dst);
    if (route === undefined) throw this.linkDown(src, dst, planned);
    if (!known && planned !== undefined && (planned.length !== route.length || planned.some((l, i) => l !== route[i]))) {
      const links = this.network.links;
      const nodes = (r: readonly number[]) => [src, ...r.map((l) => links[l]!.remoteSail)];
      this.book.reroutes.set(key, {
        src, dst, planned: nodes(planned), actual: nodes(route),
        unusable: planned.filter((l) => links[l]!.state !== LinkState.Up).map((l) => `${links[l]!.localSail}→${links[l]!.remoteSail} (${links[l]!.state})`),
      });
    }
    return route;
  }

  private linkDown(src: number, dst: number, planned: readonly number[] | undefined): SpankerError {
    const broken = planned?.map((l) => this.network.links[l]!).find((l) => l.state !== LinkState.Up);
    return linkDownError(src, dst, broken && { from: broken.localSail, to: broken.remoteSail, state: broken.state });
  }
}
