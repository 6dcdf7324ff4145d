/**
 * Pricing one point-to-point send (NCCL's Send/Recv) on the links: the
 * activations a pipeline stage hands to the next card, for example.
 *
 * The send is a one-transfer Schedule (ScheduleBuilder; its collective field
 * says 'broadcast' rooted at the sender, the nearest of the six: one card's
 * data to another) priced by the same event-driven simulator as every
 * collective, over the same deterministic shortest route of Up links. So it
 * costs hops · latency + hops · bytes / bandwidth (store-and-forward), with
 * the card's injection limit if it has one. A pair with no route of Up
 * links is LINK_DOWN naming the first unusable link of its usual route.
 */
import { invalidArgumentError, linkDownError } from '../errors.js';
import { LinkState } from '../link.js';
import { Network } from '../network/network.js';
import { Router } from '../network/routing.js';
import { ScheduleBuilder } from '../schedule/schedule.js';
import { simulate } from './simulate.js';

/** The simulated cost of one send. */
export interface SendReport {
  readonly src: number;
  readonly dst: number;
  readonly bytes: number;
  /** Simulated seconds from the first byte leaving `src` to the last arriving at `dst` (0 when src = dst). */
  readonly seconds: number;
  /** Node ids the message passes through, src first, dst last. */
  readonly route: readonly number[];
  /** Per link used: bytes carried and seconds spent serializing. */
  readonly links: readonly { readonly link: number; readonly from: number; readonly to: number; readonly bytes: number; readonly busySeconds: number }[];
}

/** Routers per network (networks are immutable): the actual one over Up links, and one as if every link were Up. */
const routers = new WeakMap<Network, { readonly actual: Router; readonly planned: Router }>();

function routersFor(network: Network): { readonly actual: Router; readonly planned: Router } {
  let r = routers.get(network);
  if (r === undefined) {
    const actual = new Router(network);
    const allUp = network.links.every((l) => l.state === LinkState.Up)
      ? network
      : new Network({
        kind: network.kind, nSails: network.nSails, nSwitches: network.nSwitches, cards: network.cards, dims: network.dims,
        preset: network.preset, switch: network.switch, links: network.links.map((l) => ({ ...l, state: LinkState.Up })),
      });
    r = { actual, planned: allUp === network ? actual : new Router(allUp) };
    routers.set(network, r);
  }
  return r;
}

/** Price sending `bytes` from card `src` to card `dst` on `network`. Throws INVALID_ARGUMENT or LINK_DOWN before simulating. */
export function estimatePointToPoint(network: Network, src: number, dst: number, bytes: number): SendReport {
  const n = network.nSails;
  for (const [name, card] of [['src', src], ['dst', dst]] as const) {
    if (typeof card !== 'number' || !Number.isInteger(card) || card < 0 || card >= n) {
      throw invalidArgumentError(name, `card index ${String(card)} is outside 0..${n - 1}`, String(card));
    }
  }
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) {
    throw invalidArgumentError('bytes', `expected a non-negative integer byte count, got ${String(bytes)}`, String(bytes));
  }
  if (src === dst) return Object.freeze({ src, dst, bytes, seconds: 0, route: Object.freeze([src]), links: Object.freeze([]) });
  const { actual, planned } = routersFor(network);
  const route = actual.route(src, dst);
  if (route === undefined) {
    const broken = planned.route(src, dst)?.map((l) => network.links[l]!).find((l) => l.state !== LinkState.Up);
    throw linkDownError(src, dst, broken && { from: broken.localSail, to: broken.remoteSail, state: broken.state });
  }
  // One element carrying all the bytes: the schedule's element ranges are i32, a send may be larger.
  const schedule = new ScheduleBuilder('broadcast', 'send', n, 1, src).step().send(src, dst, [[0, 1]], false).build();
  const simulation = simulate(schedule, network, { bytesPerElement: bytes, routeOf: () => route, timeline: false });
  return Object.freeze({
    src, dst, bytes,
    seconds: simulation.seconds,
    route: Object.freeze([src, ...route.map((l) => network.links[l]!.remoteSail)]),
    links: Object.freeze(route.map((l) => Object.freeze({
      link: l, from: network.links[l]!.localSail, to: network.links[l]!.remoteSail,
      bytes: simulation.linkBytes[l]!, busySeconds: simulation.linkBusySeconds[l]!,
    }))),
  });
}
