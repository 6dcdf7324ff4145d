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
    for (let id = 0; id < links.length; id++) {
      const l = links[id]!;
      bandwidth[id] = l.bandwidth;
      latency[id] = l.latency;
      if (l.state !== LinkState.Up) allUp = false;
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
    const alike = links.length > 0 && links.every((l) => l.bandwidth === links[0]!.bandwidth && l.latency === links[0]!.latency);
    const uniform = regular !== undefined && allUp && cutInto === undefined && alike ? { bandwidth: links[0]!.bandwidth, latency: links[0]!.latency } : undefined;
    arrays = { bandwidth, latency, gamma, injection, regular, allUp, cutInto, uniform };
    modelArrays.set(network, arrays);
  }
  return arrays;
}

export class RouteCosts {
  /** Pairs whose route avoids a link that is not Up, in order of first use. */
  readonly reroutes: Reroute[] = [];
  private readonly rerouted = new Set<number>();
  private readonly routes = new Map<number, readonly number[]>();
  /** Link ids held by `routes`: the cache is bounded by these, not by its routes (a route can be 65,535 links long). */
  private cachedLinks = 0;
  private readonly packetBytes: number;
  /** The network's arrays, built on first use: a closed form needs none of them (a 2,048-card mesh has 4 M links). */
  private modelArrays: ModelArrays | undefined;

  constructor(readonly network: Network, private readonly router: Router) {
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
    let route = this.routes.get(key);
    if (route === undefined) {
      route = this.resolve(src, dst);
      // Routes of very many pairs are not kept (they are cheap to recompute, and would fill memory).
      if (this.cachedLinks + route.length > ROUTE_CACHE_LIMIT) {
        this.routes.clear();
        this.cachedLinks = 0;
      }
      this.routes.set(key, route);
      this.cachedLinks += route.length;
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
    const known = this.rerouted.has(src * this.network.nSails + dst);
    const planned = this.router.plannedRoute(src, dst);
    if (route === undefined) throw this.linkDown(src, dst, planned);
    if (!known && planned !== undefined && (planned.length !== route.length || planned.some((l, i) => l !== route[i]))) {
      this.rerouted.add(src * this.network.nSails + dst);
      const links = this.network.links;
      const nodes = (r: readonly number[]) => [src, ...r.map((l) => links[l]!.remoteSail)];
      this.reroutes.push({
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
