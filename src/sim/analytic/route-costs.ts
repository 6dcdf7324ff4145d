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

/** Most card pairs whose routes are kept at once. */
const ROUTE_CACHE_LIMIT = 1 << 18;

export class RouteCosts {
  readonly bandwidth: Float64Array;
  readonly latency: Float64Array;
  /** γ per card (seconds per byte reduced). */
  readonly gamma: Float64Array;
  /** Injection bandwidth per card; 0 = no limit. */
  readonly injection: Float64Array;
  /** Pairs whose route avoids a link that is not Up, in order of first use. */
  readonly reroutes: Reroute[] = [];
  private readonly rerouted = new Set<number>();
  private readonly routes = new Map<number, readonly number[]>();
  private readonly regular: DimensionOrderRoutes | undefined;
  private readonly allUp: boolean;

  constructor(readonly network: Network, private readonly router: Router) {
    const links = network.links;
    this.bandwidth = new Float64Array(links.length);
    this.latency = new Float64Array(links.length);
    links.forEach((l, id) => {
      this.bandwidth[id] = l.bandwidth;
      this.latency[id] = l.latency;
    });
    this.gamma = new Float64Array(network.nSails);
    this.injection = new Float64Array(network.nSails);
    network.cards.forEach((c, id) => {
      this.gamma[id] = c.reduceSecondsPerByte;
      this.injection[id] = c.injectionBandwidth ?? 0;
    });
    this.regular = DimensionOrderRoutes.of(network);
    this.allUp = links.every((l) => l.state === LinkState.Up);
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
      if (this.routes.size >= ROUTE_CACHE_LIMIT) this.routes.clear();
      this.routes.set(key, route);
    }
    return route;
  }

  /** Seconds for `bytes` from `src` to `dst` alone on the network. */
  pathSeconds(src: number, dst: number, bytes: number): number {
    const route = this.route(src, dst);
    let t = 0;
    for (let k = 0; k < route.length; k++) t += this.hopSeconds(src, route, k, bytes);
    return t;
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
