/**
 * A topology for a collective among some of the cards, over the real links.
 *
 * `topology.estimate` runs a collective across every card of a topology. A
 * tensor-parallel group of a hybrid plan, or the two cards of a pipeline
 * hand-off, is a subset: its members become cards 0 … g−1 (in the order
 * given), every other card becomes a forwarding node (a switch in the JSON
 * topology format), and every link is kept with its bandwidth, latency and
 * state, in the same order — so routes, hop counts and link ids are the real
 * ones, and a report's per-link bytes add straight onto the full topology's
 * links. Switches keep their node ids (nSails … ), since g + (nSails − g)
 * forwarding cards come before them again.
 *
 * Forwarding cards relay store-and-forward, as cards do; one switch model
 * serves all the JSON topology's switches, so when the full topology has
 * real switches the forwarding cards take their model (cut-through by
 * default), which prices their relaying slightly optimistically.
 *
 * What it does not model: collectives of other groups running at the same
 * time on shared links (each group is priced alone), and the injection limit
 * of a card that only forwards.
 */
import type { TopologySpec } from '../network/from-json.js';
import { Topology } from '../topology.js';

/** The full topology when `members` is every card in order; otherwise the group's view of it (see the module comment). */
export async function groupTopology(topology: Topology, members: readonly number[]): Promise<Topology> {
  const n = topology.nSails;
  if (members.length === n && members.every((card, i) => card === i)) return topology;
  const node = new Map<number, number>();
  members.forEach((card, i) => node.set(card, i));
  let next = members.length;
  for (let card = 0; card < n; card++) if (!node.has(card)) node.set(card, next++);
  const id = (x: number) => (x < n ? node.get(x)! : x);

  const full = topology.network.toJSON();
  const spec: TopologySpec = {
    ...full,
    ...(topology.network.nSwitches === 0 ? { switch: { forwarding: 'store-and-forward' } } : {}),
    cards: members.length,
    switches: (full.switches ?? 0) + n - members.length,
    links: full.links.map((link) => ({ ...link, from: id(link.from), to: id(link.to) })),
  };
  const overrides = (full.cardOverrides ?? []).filter((o) => id(o.card) < members.length).map((o) => ({ ...o, card: id(o.card) }));
  if (overrides.length > 0) spec.cardOverrides = overrides;
  else delete spec.cardOverrides;
  return Topology.fromJSON(spec, { kernels: topology.kernels });
}
