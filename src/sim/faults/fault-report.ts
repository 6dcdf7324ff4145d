/**
 * The `faults` section of a report: each fault of the plan and what it did,
 * every message lost and resent (from where, over which route, when), every
 * message sent on over a new route, and the time the faults added — the
 * same collective's time without them beside its time with them. Built from
 * the fault-aware simulation's log (fault-simulate.ts), with node paths for
 * link ids, so a page can draw the loss and the resend.
 */
import type { LinkState } from '../../link.js';
import type { Network } from '../../network/network.js';
import type { Schedule } from '../../schedule/schedule.js';
import type { FaultPlan, OnFault } from './fault-plan.js';
import type { FaultLog } from './fault-simulate.js';

/** A directed link, by id and ends. */
export interface LinkRef {
  /** Link id (index into `topo.links`). */
  readonly link: number;
  /** Node the link leaves. */
  readonly from: number;
  /** Node the link enters. */
  readonly to: number;
}

/** One fault of the plan, and what it did in the run. */
export interface FaultOutcome {
  /** Its position in `options.faults`. */
  readonly index: number;
  /** The link that failed (link faults). */
  readonly link?: LinkRef;
  /** The card that stopped (card faults; a report has one only if it struck after the run had finished). */
  readonly card?: number;
  /** The link's state while the fault lasted: `'Up'` for a degraded link. */
  readonly becomes: LinkState;
  /** The fraction of bandwidth a degraded link kept. */
  readonly bandwidthFactor?: number;
  /** The step whose beginning triggered it (faults given as `{ step }`). */
  readonly step?: number;
  /** False when the run never reached it: a time after the end, or a step the schedule does not have. */
  readonly struck: boolean;
  /** Seconds from the start when it struck. */
  readonly at?: number;
  /** Seconds when its link was back as before (temporary faults). */
  readonly until?: number;
  /** Messages lost on its link and resent. */
  readonly lost: number;
  /** Messages sent on over a new route around it. */
  readonly rerouted: number;
  /** Hops that waited for its link to come back, or ran slower on it. */
  readonly delayed: number;
}

/** A message lost to a fault, and its resend. */
export interface ResentMessage {
  /** Index of the message in `report.transfers` (the schedule's transfer index). */
  readonly transfer: number;
  /** The schedule step it belongs to. */
  readonly step: number;
  /** Sending card. */
  readonly src: number;
  /** Receiving card. */
  readonly dst: number;
  /** Payload bytes (all of them are resent). */
  readonly bytes: number;
  /** The fault that lost it (index into `faults`). */
  readonly fault: number;
  /** Seconds when it was lost. */
  readonly lostAt: number;
  /** The link it was on when it was lost. */
  readonly lostOn: LinkRef;
  /** Node path it was lost on, src first. */
  readonly lostRoute: readonly number[];
  /** The node it was resent from: its source card, which keeps a message until it has arrived. */
  readonly from: number;
  /** Node path of the resend, src first. */
  readonly route: readonly number[];
  /** Seconds when the resend's first byte left its source. */
  readonly start?: number;
  /** Seconds when the resend arrived (absent if it was lost again: a later entry follows). */
  readonly arrive?: number;
}

/** A message that went on over a new route from where it was, around a link that had failed for good. */
export interface ReroutedMessage {
  /** Index of the message in `report.transfers`. */
  readonly transfer: number;
  /** The schedule step it belongs to. */
  readonly step: number;
  /** Sending card. */
  readonly src: number;
  /** Receiving card. */
  readonly dst: number;
  /** The fault whose link it went around (index into `faults`). */
  readonly fault: number;
  /** Seconds when it took the new route. */
  readonly at: number;
  /** Node path of the new route, from the node it was at to its destination. */
  readonly route: readonly number[];
}

/** What the faults of a run did (`report.faults`). */
export interface FaultReport {
  /** What a fault that stopped a message did: `'reroute'` or `'abort'`. */
  readonly onFault: OnFault;
  /** The timeout in seconds of simulated time, if one was set. */
  readonly timeout?: number;
  /** Seconds the same collective (same algorithm, same schedule) takes without the faults. */
  readonly faultFreeSeconds: number;
  /** `report.seconds − faultFreeSeconds`: the time the faults added. */
  readonly addedSeconds: number;
  /** Every fault of the plan, in plan order. */
  readonly faults: readonly FaultOutcome[];
  /** Messages lost and resent (the first 100 000), in the order they were lost. */
  readonly resent: readonly ResentMessage[];
  /** Messages sent on over a new route (the first 100 000), in time order. */
  readonly rerouted: readonly ReroutedMessage[];
  /** Messages lost and resent, in all. */
  readonly resentMessages: number;
  /** Messages rerouted from where they were, in all. */
  readonly reroutedMessages: number;
  /** Bytes resent: each lost message in full, once per loss. */
  readonly resentBytes: number;
}

/** What a plan priced with faults carries (src/sim/planner.ts). */
export interface PlanFaults {
  readonly plan: FaultPlan;
  readonly log: FaultLog;
  /** Seconds of the same schedule simulated without the faults. */
  readonly faultFreeSeconds: number;
}

/** The report section of a faulted plan (frozen). */
export function buildFaultReport(faults: PlanFaults, seconds: number, network: Network, schedule: Schedule, bytesPerElement: number): FaultReport {
  const { plan, log } = faults;
  const links = network.links;
  const linkRef = (id: number): LinkRef => Object.freeze({ link: id, from: links[id]!.localSail, to: links[id]!.remoteSail });
  const nodes = (start: number, route: readonly number[]): readonly number[] => Object.freeze([start, ...route.map((l) => links[l]!.remoteSail)]);
  const bytesOf = (i: number) => schedule.elementsOf(i) * bytesPerElement;
  const message = (i: number) => ({ transfer: i, step: schedule.transferStep[i]!, src: schedule.transferSrc[i]!, dst: schedule.transferDst[i]! });

  const outcomes = plan.faults.map((f): FaultOutcome => {
    const strike = log.strikes[f.index]!;
    return Object.freeze({
      index: f.index,
      ...(f.link >= 0 ? { link: linkRef(f.link) } : { card: f.card }),
      becomes: f.becomes,
      ...(f.bandwidthFactor < 1 ? { bandwidthFactor: f.bandwidthFactor } : {}),
      ...(f.step >= 0 ? { step: f.step } : {}),
      struck: strike.struck,
      ...(strike.struck ? { at: strike.at } : {}),
      ...(strike.struck && !Number.isNaN(strike.until) ? { until: strike.until } : {}),
      lost: strike.lost, rerouted: strike.rerouted, delayed: strike.delayed,
    });
  });
  const resent = log.resends.map((r): ResentMessage => {
    const m = message(r.transfer);
    const bytes = bytesOf(r.transfer);
    return Object.freeze({
      ...m, bytes, fault: r.fault, lostAt: r.lostAt, lostOn: linkRef(r.lostLink), lostRoute: nodes(m.src, r.lostRoute),
      from: m.src, route: nodes(m.src, r.route),
      ...(Number.isNaN(r.start) ? {} : { start: r.start }),
      ...(Number.isNaN(r.arrive) ? {} : { arrive: r.arrive }),
    });
  });
  const rerouted = log.reroutes.map((r): ReroutedMessage => Object.freeze({
    ...message(r.transfer), fault: r.fault, at: r.at, route: nodes(r.node, r.route),
  }));
  return Object.freeze({
    onFault: plan.onFault,
    ...(plan.timeout !== Infinity ? { timeout: plan.timeout } : {}),
    faultFreeSeconds: faults.faultFreeSeconds,
    addedSeconds: seconds - faults.faultFreeSeconds,
    faults: Object.freeze(outcomes),
    resent: Object.freeze(resent),
    rerouted: Object.freeze(rerouted),
    resentMessages: log.resentMessages,
    reroutedMessages: log.reroutedMessages,
    resentBytes: log.lostBytes, // every loss, beyond the kept records too
  });
}
