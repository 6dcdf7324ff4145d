/**
 * The collectives of a plan, priced on the real topology and remembered: a
 * plan asks for the same AllReduce (same group, same size) once per layer and
 * per strategy, and it is simulated once.
 *
 * Each price carries the bytes the collective put on every directed link of
 * the full topology (link ids as in `topology.links`), so a plan can add up
 * its link traffic. When `estimate` priced by closed form instead of
 * simulation (large card counts), per-link bytes are unknown: the price says
 * so (`exact: false`) and carries nccl-tests' bus traffic instead — every card
 * sends S × the bus factor, counted on no particular link.
 */
import { busBandwidthFactor, type CollectiveReport } from '../report.js';
import type { Topology } from '../topology.js';
import { groupTopology } from './group-topology.js';

/** What one collective or send costs. */
export interface CollectivePrice {
  /** Simulated (or closed-form) seconds. */
  readonly seconds: number;
  /** Bytes on each directed link of the full topology (index = link id); zeros when not `exact`. */
  readonly linkBytes: readonly number[];
  /** Bytes summed over all links (a message crossing two links counts twice). */
  readonly totalLinkBytes: number;
  /** The algorithm `auto` chose (or the one forced). */
  readonly algorithm: string;
  /** False when the estimate was a closed form: `linkBytes` are then unknown and `totalLinkBytes` is the bus traffic. */
  readonly exact: boolean;
}

/** Collectives on groups of cards of one topology, each priced once. */
export class CollectivePrices {
  private readonly groups = new Map<string, Promise<Topology>>();
  private readonly prices = new Map<string, Promise<CollectivePrice>>();

  constructor(private readonly topology: Topology) {}

  /** AllReduce of `bytes` (a multiple of 4) among `members`. */
  allReduce(members: readonly number[], bytes: number): Promise<CollectivePrice> {
    return this.remember(`allReduce ${members.join(',')} ${bytes}`, async () => {
      const group = await this.group(members);
      return this.price(group.estimate('allReduce', { bytes }), members.length);
    });
  }

  /** AllGather whose whole array is `bytes` (a multiple of 4 · members) among `members`. */
  allGather(members: readonly number[], bytes: number): Promise<CollectivePrice> {
    return this.remember(`allGather ${members.join(',')} ${bytes}`, async () => {
      const group = await this.group(members);
      return this.price(group.estimate('allGather', { bytes }), members.length);
    });
  }

  /** One message of `bytes` (a multiple of 4) from card `from` to card `to`. */
  send(from: number, to: number, bytes: number): Promise<CollectivePrice> {
    return this.remember(`send ${from} ${to} ${bytes}`, async () => {
      // Topology.estimateSend: the library's one point-to-point price, on the real routes (src/sim/point-to-point.ts).
      const send = this.topology.estimateSend(from, to, bytes);
      const linkBytes = new Array<number>(this.topology.links.length).fill(0);
      for (const l of send.links) linkBytes[l.link] = l.bytes;
      return Object.freeze({
        seconds: send.seconds, linkBytes: Object.freeze(linkBytes), totalLinkBytes: send.links.reduce((sum, l) => sum + l.bytes, 0),
        algorithm: 'send', exact: true,
      });
    });
  }

  private group(members: readonly number[]): Promise<Topology> {
    const key = members.join(',');
    let group = this.groups.get(key);
    if (group === undefined) {
      group = groupTopology(this.topology, members);
      this.groups.set(key, group);
    }
    return group;
  }

  private remember(key: string, make: () => Promise<CollectivePrice>): Promise<CollectivePrice> {
    let price = this.prices.get(key);
    if (price === undefined) {
      price = make();
      this.prices.set(key, price);
    }
    return price;
  }

  private price(report: CollectiveReport, members: number): CollectivePrice {
    const exact = report.method === 'simulate';
    const linkBytes = report.links.map((l) => l.bytes);
    return Object.freeze({
      seconds: report.seconds,
      linkBytes: Object.freeze(linkBytes),
      totalLinkBytes: exact ? report.totalLinkBytes : busTraffic(report, members),
      algorithm: report.algorithm,
      exact,
    });
  }
}

/** nccl-tests' bus traffic of a collective: every card sends S × the bus factor (a broadcast's root sends S to each other card). */
function busTraffic(report: CollectiveReport, members: number): number {
  if (report.collective === 'broadcast') return (members - 1) * report.bytes;
  return members * report.bytes * busBandwidthFactor(report.collective, members);
}
