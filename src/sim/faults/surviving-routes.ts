/**
 * Routes over the links that survive a run's permanent faults.
 *
 * A message whose route crosses a link that failed for good is sent on from
 * where it is over a new route: the Router's (dimension-order where every
 * link of that route is Up, else the deterministic shortest path over Up
 * links, routing.ts) on the network with the failed links in their fault
 * state. The Router is rebuilt when a link fails, and only then: between
 * faults every route query is a cached tree walk.
 */
import type { LinkState } from '../../link.js';
import { Network } from '../../network/network.js';
import { Router } from '../../network/routing.js';

export class SurvivingRoutes {
  private readonly failed = new Map<number, LinkState>();
  private router: Router | undefined;

  constructor(private readonly network: Network) {}

  /** Link `link` has failed for good and is now in `state`. */
  fail(link: number, state: LinkState): void {
    if (this.failed.get(link) === state) return;
    this.failed.set(link, state);
    this.router = undefined;
  }

  /** Link ids from node `from` to node `to` over links that are Up and have not failed; undefined when none exists. */
  route(from: number, to: number): readonly number[] | undefined {
    if (this.router === undefined) {
      const { network, failed } = this;
      this.router = new Router(new Network({
        kind: network.kind, nSails: network.nSails, nSwitches: network.nSwitches, cards: network.cards, dims: network.dims,
        preset: network.preset, links: network.links.map((l, id) => (failed.has(id) ? { ...l, state: failed.get(id)! } : l)),
      }));
    }
    return this.router.route(from, to);
  }
}
