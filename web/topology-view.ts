/**
 * A topology as the page draws and lists it, in plain data (it crosses from
 * the worker by structured clone): its shape, its links when there are few
 * enough to list, and how every node is named — cards by number, switches as
 * switches, never by their node id.
 */
import type { Dimension, Topology, TopologyKind } from 'spanker-scheduler';

/** Most links listed (in the "link down" select and the drawing); beyond, only their count. */
export const MAX_LISTED_LINKS = 4096;

/** One directed link. */
export interface LinkView {
  readonly id: number;
  /** Node ids: cards 0…nSails−1, then switches. */
  readonly from: number;
  readonly to: number;
  readonly state: string;
}

/** A topology as the page sees it. */
export interface TopologyView {
  readonly kind: TopologyKind;
  readonly nSails: number;
  readonly nSwitches: number;
  readonly dims: readonly Pick<Dimension, 'size'>[];
  readonly linkCount: number;
  /** Every directed link by id, when there are at most MAX_LISTED_LINKS. */
  readonly links: readonly LinkView[] | undefined;
}

/** The plain view of `topo`. */
export function describeTopology(topo: Topology): TopologyView {
  const network = topo.network;
  const links = network.links.length <= MAX_LISTED_LINKS
    ? network.links.map((l, id) => ({ id, from: l.localSail, to: l.remoteSail, state: String(l.state) }))
    : undefined;
  return {
    kind: network.kind, nSails: network.nSails, nSwitches: network.nSwitches,
    dims: network.dims.map((d) => ({ size: d.size })), linkCount: network.links.length, links,
  };
}

/** How a node id reads on the page: "3" for card 3, "switch" (or "switch 1" when there are several) for a switch. */
export function nodeName(nSails: number, nSwitches: number, id: number): string {
  if (id < nSails) return String(id);
  return nSwitches === 1 ? 'switch' : `switch ${id - nSails}`;
}

/** A node path as "0→switch→3". */
export function pathName(nSails: number, nSwitches: number, path: readonly number[]): string {
  return path.map((id) => nodeName(nSails, nSwitches, id)).join('→');
}
