/**
 * The event simulator with faults: simulate.ts's model (FIFO links,
 * store-and-forward, injection limits, serialized reductions, transfers that
 * leave as soon as their data is final), plus links and cards that fail
 * during the run (fault-plan.ts).
 *
 * What a fault does, at the simulated time `t` it strikes:
 * - A link that fails (Down, Error, Training): a message on it — being
 *   serialized, or on the wire — is lost. Its source card resends it at `t`
 *   (end-to-end retransmission, as a reliable transport does: the sender
 *   keeps a message until it has arrived; no switch or forwarding card keeps
 *   a copy), over its usual route if that survives, else over a surviving
 *   one. Detection is instant, so the added time is the least a recovery
 *   could cost. A message queued for the link but not yet started has lost
 *   nothing: it asks again, from where it waits.
 * - For good (no `for`): routing tables change at once. A message whose
 *   route still ahead crosses a failed link goes on from where it is over a
 *   surviving route (surviving-routes.ts); where none exists the collective
 *   fails with LINK_DOWN naming the link, the time and the message's step.
 * - For a while (`for`): messages that need the link wait for it (its FIFO
 *   resumes when it is back); they are not rerouted. A `timeout` bounds the
 *   wait (TIMEOUT).
 * - A degraded link (`bandwidthFactor`) stays Up: serialization from `t` on
 *   runs at the lower rate (the rest of a message being serialized, too),
 *   and at full rate again when the fault ends.
 * - A card that stops before the collective has finished: CARD_FAILED.
 * - `onFault: 'abort'`: the first time a fault stops a message (lost,
 *   queued for a failed link, or about to need one), LINK_DOWN.
 * - A timeout: if the collective has not finished `timeout` seconds after
 *   it started, TIMEOUT naming the cards still waiting and on whom.
 * A fault that strikes when the run has already finished does nothing.
 *
 * Switches that forward cut-through (network/switch-model.ts) are timed as
 * in simulate.ts: a message's next hop out of the switch may start once its
 * first packet is in, so for a while it is on two links. A fault on the
 * link into the switch while its tail is still arriving loses it, and the
 * hop out (cut short, or dropped if it had not started) with it. Not
 * modelled: a degrade of the link into the switch during that overlap (the
 * hop out keeps the tail time it was planned with).
 *
 * Implementation. The loop is simulate.ts's, event for event, so that with
 * no faults the result is bit-identical (test/fault-sim-reference.test.ts);
 * the per-hop timing is hop-time.ts. simulate.ts settles a message's
 * arrival, and releases the transfers that wait on it, when it plans the
 * message's last hop — before the arrival time. A fault can make such a
 * plan false; then it is taken back (`retract`): the released transfers'
 * events are called off (cancellable-queue.ts) and their counts restored.
 * That is always possible, because what was released waits on a time after
 * the fault and so has not run. Routes are per transfer: the interned route
 * of its card pair until a fault changes it. Finding the messages on a
 * failed link scans the transfers: O(transfers) per fault.
 */
import { cardFailedError, linkFailedError, timeoutError, type WaitingCard } from '../../errors.js';
import type { LinkState } from '../../link.js';
import type { Network } from '../../network/network.js';
import type { Schedule } from '../../schedule/schedule.js';
import { analyseDependencies } from '../dependencies.js';
import { cutThroughLinks, routeTable, TIMELINE_LIMIT, transferBytes, type SimulationOptions, type SimulationResult } from '../simulate.js';
import { linkArraysOf } from '../link-arrays.js';
import { CancellableQueue } from './cancellable-queue.js';
import { FaultHopLog, type FaultHopRecords } from './fault-hop-log.js';
import type { FaultPlan } from './fault-plan.js';
import { HopTime, timeHop } from './hop-time.js';
import { SurvivingRoutes } from './surviving-routes.js';

export interface FaultSimulationOptions extends SimulationOptions {
  /** The faults, what to do about them, and the timeout. */
  readonly plan: FaultPlan;
}

/** What one fault of the plan did. */
export interface FaultStrike {
  /** Its position in the plan. */
  readonly index: number;
  /** False when the run never reached it (a time after the end, a step the schedule lacks). */
  struck: boolean;
  /** Seconds when it struck (NaN when it did not). */
  at: number;
  /** Seconds when its link was back as before (NaN for good, or when it did not strike). */
  until: number;
  /** Messages lost on its link and resent. */
  lost: number;
  /** Messages sent on over a new route because of it. */
  rerouted: number;
  /** Hops that waited for its link to come back, or ran slower on it (counted for the latest degrade in force). */
  delayed: number;
}

/** One message lost to a fault and resent. */
export interface ResendRecord {
  readonly transfer: number;
  /** The fault that lost it (index in the plan). */
  readonly fault: number;
  /** Seconds when it was lost (the resend leaves its source then, or as soon as the route lets it). */
  readonly lostAt: number;
  /** Link id it was lost on. */
  readonly lostLink: number;
  /** Link ids of the route it was lost on, from its source. */
  readonly lostRoute: readonly number[];
  /** Link ids of the route it was resent over, from its source. */
  readonly route: readonly number[];
  /** Seconds when the resend's first byte left (NaN if it never did). */
  start: number;
  /** Seconds when the resend arrived (NaN when it was lost again: a later record follows). */
  arrive: number;
}

/** One message sent on over a new route from where it was. */
export interface RerouteRecord {
  readonly transfer: number;
  /** The fault whose link it avoided (index in the plan). */
  readonly fault: number;
  /** Seconds when it took the new route. */
  readonly at: number;
  /** Node it was at. */
  readonly node: number;
  /** Link ids of the new route, from `node`. */
  readonly route: readonly number[];
}

/** What the faults did, beside the times. */
export interface FaultLog {
  /** One entry per fault of the plan, in plan order. */
  readonly strikes: readonly FaultStrike[];
  /** Lost and resent messages (the first RECORD_LIMIT). */
  readonly resends: readonly ResendRecord[];
  /** Messages sent on over a new route (the first RECORD_LIMIT). */
  readonly reroutes: readonly RerouteRecord[];
  /** All resends and reroutes, also beyond RECORD_LIMIT. */
  readonly resentMessages: number;
  readonly reroutedMessages: number;
  /** Bytes of every lost message (each counted once per loss). */
  readonly lostBytes: number;
  /** Per transfer: how many times it was sent (1 unless resent). */
  readonly sends: Int32Array;
  /** Link ids of the path that delivered a transfer, for transfers whose path is not their card pair's route. */
  readonly paths: ReadonlyMap<number, readonly number[]>;
}

export interface FaultSimulationResult extends SimulationResult {
  readonly hops?: FaultHopRecords;
  readonly faultLog: FaultLog;
}

/** Most resend and reroute records a run keeps (the counts go on). */
export const RECORD_LIMIT = 100_000;

const HOP = 0;
const REDUCE = 1;
const STRIKE = 2;
const RECOVER = 3;
const DEADLINE = 4;

/** Simulate `schedule` on `network` with the faults of `options.plan`; throws LINK_DOWN, CARD_FAILED or TIMEOUT. */
export function faultSimulate(schedule: Schedule, network: Network, options: FaultSimulationOptions): FaultSimulationResult {
  const plan = options.plan;
  const faults = plan.faults;
  const T = schedule.transferCount;
  const keepTimeline = (options.timeline ?? true) && T <= (options.timelineLimit ?? TIMELINE_LIMIT);
  // Routes first: a pair without one fails before any other work (as simulate.ts).
  const table = routeTable(schedule, options.routeOf);
  const deps = analyseDependencies(schedule);
  const { pairOf } = table;
  const nPairs = table.start.length - 1;
  const pairStart = table.start;
  const pairLinks = table.links;
  const extraRoutes: Int32Array[] = [];
  const { transferSrc, transferDst, transferReduce, transferStep } = schedule;
  const { head: srcHead, item: srcItem, next: srcNext } = deps.srcWaiters.linked();
  const { head: dstHead, item: dstItem, next: dstNext } = deps.dstWaiters.linked();

  const pendingSrc = deps.srcCount;
  const pendingDst = deps.dstCount;
  const sendReady = new Float64Array(T);
  const dstReady = new Float64Array(T);
  const arrived = new Float64Array(T).fill(NaN);
  const done = new Float64Array(T).fill(NaN);
  const firstStart = new Float64Array(T).fill(NaN);
  const reduceStart = new Float64Array(T).fill(NaN);
  const bytes = transferBytes(schedule, options.bytesPerElement);
  // Per transfer: its route (a pair's, or an extra one), the hop it asks for next, whether that route starts at its source card.
  const routeId = Int32Array.from(pairOf);
  const hopIndex = new Int32Array(T);
  const fromSource = new Uint8Array(T).fill(1);
  const started = new Uint8Array(T);
  const sends = new Int32Array(T).fill(1);
  const routeEpoch = new Int32Array(T);
  const eventOf = new Int32Array(T).fill(-1);
  // Per transfer: its latest planned hop (link −1: none pending).
  const hopLink = new Int32Array(T).fill(-1);
  const hopPos = new Int32Array(T);
  const hopStart = new Float64Array(T);
  const hopEnd = new Float64Array(T);
  const hopRate = new Float64Array(T);
  const hopRecord = new Int32Array(T).fill(-1);
  // Per transfer: the link of the hop before its latest one in this sending (−1: none), as it was before that hop.
  const prevLink = new Int32Array(T).fill(-1);
  const prevLinkBefore = new Int32Array(T).fill(-1);
  // Per transfer: a hop into a cut-through switch whose tail is still arriving while the hop out runs ("upstream").
  const upLink = new Int32Array(T).fill(-1);
  const upPos = new Int32Array(T);
  const upStart = new Float64Array(T);
  const upEnd = new Float64Array(T);
  const upRate = new Float64Array(T);
  const upRecord = new Int32Array(T).fill(-1);
  const injectionBefore = new Float64Array(T);
  const currentResend = new Int32Array(T).fill(-1);
  const prefix = new Map<number, number[]>();

  const nLinks = network.links.length;
  const nCards = network.nSails;
  const { bandwidth, latency, gamma, injection } = linkArraysOf(network);

  const linkFree = new Float64Array(nLinks);
  const linkBytes = new Float64Array(nLinks);
  const linkBusy = new Float64Array(nLinks);
  const injectionFree = new Float64Array(nCards);
  const computeFree = new Float64Array(nCards);
  const cardReduceSeconds = new Float64Array(nCards);
  const hops = keepTimeline ? new FaultHopLog() : undefined;
  // Cut-through switches (as simulate.ts): links into one, the first packet's bytes, per message when its last byte is in.
  const cutInto = cutThroughLinks(network);
  const packet = network.switch?.packetBytes ?? 0;
  const lastByte = new Float64Array(cutInto === undefined ? 0 : T);
  const clock = new HopTime();
  let hopCount = 0;
  let doneCount = 0;

  // Link faults in force: permanent failure (and by which fault), outage end, bandwidth factor.
  const downFault = new Int32Array(nLinks).fill(-1);
  const outageUntil = new Float64Array(nLinks).fill(-Infinity);
  const outageFault = new Int32Array(nLinks).fill(-1);
  const factor = new Float64Array(nLinks).fill(1);
  const degrades = new Map<number, number[]>();
  let epoch = 0;
  const surviving = new SurvivingRoutes(network);

  const strikes: FaultStrike[] = faults.map((f) => ({ index: f.index, struck: false, at: NaN, until: NaN, lost: 0, rerouted: 0, delayed: 0 }));
  const resends: ResendRecord[] = [];
  const reroutes: RerouteRecord[] = [];
  let resentMessages = 0;
  let reroutedMessages = 0;
  let lostBytes = 0;
  const stepFaults = new Map<number, number[]>();
  for (const f of faults) if (f.step >= 0) stepFaults.set(f.step, [...(stepFaults.get(f.step) ?? []), f.index]);
  let stepFaultsLeft = stepFaults.size;

  const queue = new CancellableQueue(T + 2 * faults.length + 1);

  const linkOf = (r: number, h: number): number => (r < nPairs ? pairLinks[pairStart[r]! + h]! : extraRoutes[r - nPairs]![h]!);
  const routeLength = (r: number): number => (r < nPairs ? pairStart[r + 1]! - pairStart[r]! : extraRoutes[r - nPairs]!.length);
  const routeLinks = (r: number, from = 0, to = routeLength(r)): number[] => {
    const out: number[] = [];
    for (let h = from; h < to; h++) out.push(linkOf(r, h));
    return out;
  };
  const addRoute = (links: readonly number[]): number => {
    extraRoutes.push(Int32Array.from(links));
    return nPairs + extraRoutes.length - 1;
  };
  const usable = (r: number): boolean => {
    for (let h = 0, n = routeLength(r); h < n; h++) if (downFault[linkOf(r, h)]! >= 0) return false;
    return true;
  };
  const linkEnds = (link: number, state: LinkState) => ({ from: network.links[link]!.localSail, to: network.links[link]!.remoteSail, state });
  const cancel = (i: number): void => {
    const slot = eventOf[i]!;
    if (slot >= 0) {
      queue.cancel(slot);
      eventOf[i] = -1;
    }
  };

  const complete = (i: number, time: number): void => {
    done[i] = time;
    doneCount++;
    for (let k = srcHead[i]!; k >= 0; k = srcNext[k]!) {
      const j = srcItem[k]!;
      if (time > sendReady[j]!) sendReady[j] = time;
      if (--pendingSrc[j]! === 0) eventOf[j] = queue.push(sendReady[j]!, HOP, j);
    }
    for (let k = dstHead[i]!; k >= 0; k = dstNext[k]!) {
      const j = dstItem[k]!;
      if (time > dstReady[j]!) dstReady[j] = time;
      if (--pendingDst[j]! === 0) {
        const a = arrived[j]!;
        if (a === a) eventOf[j] = queue.push(a > dstReady[j]! ? a : dstReady[j]!, REDUCE, j);
      }
    }
  };

  // Transfer i's last hop arrives at `a`: a copy is done, a reduce waits for its destination's own data.
  const arrive = (i: number, a: number): void => {
    arrived[i] = a;
    const k = currentResend[i]!;
    if (k >= 0) resends[k]!.arrive = a;
    if (transferReduce[i] === 1) {
      if (pendingDst[i] === 0) eventOf[i] = queue.push(a > dstReady[i]! ? a : dstReady[i]!, REDUCE, i);
    } else {
      complete(i, a);
    }
  };

  // Who each transfer waits on (the reverse of the waiter lists), built when a completion is first taken back.
  let srcDeps: { first: Int32Array; items: Int32Array } | undefined;
  let dstDeps: { first: Int32Array; items: Int32Array } | undefined;
  const reverse = (head: Int32Array, item: Int32Array, next: Int32Array) => {
    const count = new Int32Array(T + 1);
    for (let i = 0; i < T; i++) for (let k = head[i]!; k >= 0; k = next[k]!) count[item[k]! + 1]!++;
    for (let j = 0; j < T; j++) count[j + 1]! += count[j]!;
    const fill = count.slice(0, T);
    const items = new Int32Array(count[T]!);
    for (let i = 0; i < T; i++) for (let k = head[i]!; k >= 0; k = next[k]!) items[fill[item[k]!]!++] = i;
    return { first: count, items };
  };
  const latestDone = (on: { first: Int32Array; items: Int32Array }, j: number): number => {
    let latest = 0;
    for (let k = on.first[j]!; k < on.first[j + 1]!; k++) {
      const d = done[on.items[k]!]!;
      if (d > latest) latest = d; // NaN (not done) never is
    }
    return latest;
  };

  // Take back transfer i's completion: it was planned before a fault made it false. What it released waits on a time
  // after now, so has not run: call its events off and count i as not done again.
  const retract = (i: number): void => {
    done[i] = NaN;
    doneCount--;
    srcDeps ??= reverse(srcHead, srcItem, srcNext);
    dstDeps ??= reverse(dstHead, dstItem, dstNext);
    for (let k = srcHead[i]!; k >= 0; k = srcNext[k]!) {
      const j = srcItem[k]!;
      if (pendingSrc[j]!++ === 0) cancel(j);
      sendReady[j] = latestDone(srcDeps, j);
    }
    for (let k = dstHead[i]!; k >= 0; k = dstNext[k]!) {
      const j = dstItem[k]!;
      if (pendingDst[j]!++ === 0) cancel(j);
      dstReady[j] = latestDone(dstDeps, j);
    }
  };

  // Call off what was planned after transfer i's latest hop: its next hop or reduction, and an arrival already counted.
  const unplan = (i: number): void => {
    cancel(i);
    if (hopPos[i] === routeLength(routeId[i]!) - 1 && arrived[i] === arrived[i]) {
      arrived[i] = NaN;
      const k = currentResend[i]!;
      if (k >= 0) resends[k]!.arrive = NaN;
      if (transferReduce[i] === 0) retract(i);
    }
  };

  const finishedBy = (t: number): boolean => {
    if (doneCount < T) return false;
    for (let i = 0; i < T; i++) if (done[i]! > t) return false;
    return true;
  };
  const stepAt = (t: number): number => {
    let step = Infinity;
    for (let i = 0; i < T; i++) if (!(done[i]! <= t) && transferStep[i]! < step) step = transferStep[i]!;
    return step === Infinity ? 0 : step;
  };

  // Transfers whose latest hop is on `link` and has not arrived by `t`, in the link's FIFO order.
  const onLink = (link: number, t: number): number[] => {
    const out: number[] = [];
    const alpha = latency[link]!;
    for (let i = 0; i < T; i++) if (hopLink[i] === link && hopEnd[i]! + alpha > t) out.push(i);
    return out.sort((a, b) => hopStart[a]! - hopStart[b]! || a - b);
  };
  // Transfers whose hop into a cut-through switch is on `link` with its tail still arriving at `t`.
  const upstreamOn = (link: number, t: number): number[] => {
    const out: number[] = [];
    const alpha = latency[link]!;
    for (let i = 0; i < T; i++) if (upLink[i] === link && upEnd[i]! + alpha > t) out.push(i);
    return out.sort((a, b) => upStart[a]! - upStart[b]! || a - b);
  };

  // Transfer i's hop was queued for a link and had not started: it asks again at `t`, from where it waits.
  const requeue = (i: number, t: number): void => {
    const link = hopLink[i]!;
    linkBytes[link]! -= bytes[i]!;
    linkBusy[link]! -= hopEnd[i]! - hopStart[i]!;
    hopCount--;
    if (hops !== undefined) hops.drop(hopRecord[i]!);
    unplan(i);
    const atSource = hopPos[i] === 0 && fromSource[i] === 1;
    if (atSource) {
      const src = transferSrc[i]!;
      const limit = injection[src]!;
      // Its injection slot goes back if nothing was booked after it.
      if (limit > 0 && injectionFree[src] === hopStart[i]! + bytes[i]! / limit) injectionFree[src] = injectionBefore[i]!;
      if (sends[i] === 1) started[i] = 0;
      else if (currentResend[i]! >= 0) resends[currentResend[i]!]!.start = NaN;
    }
    hopIndex[i] = hopPos[i]!;
    prevLink[i] = prevLinkBefore[i]!;
    if (upLink[i]! >= 0) {
      // The hop into the switch is the latest again (its tail may still be arriving).
      hopLink[i] = upLink[i]!;
      hopPos[i] = upPos[i]!;
      hopStart[i] = upStart[i]!;
      hopEnd[i] = upEnd[i]!;
      hopRate[i] = upRate[i]!;
      hopRecord[i] = upRecord[i]!;
      upLink[i] = -1;
    } else {
      hopLink[i] = -1;
    }
    eventOf[i] = queue.push(t, HOP, i);
  };

  // A hop of transfer i on `link` from `start` to `end` stops at `t`: what it carried until then stays counted.
  const cutHop = (i: number, link: number, start: number, end: number, record: number, t: number): void => {
    const size = bytes[i]!;
    const cut = t < end ? t : end;
    const carried = end > start ? size * ((cut - start) / (end - start)) : size;
    linkBytes[link]! -= size - carried;
    linkBusy[link]! -= end - cut;
    if (hops !== undefined) hops.lose(record, cut);
  };

  // Transfer i was on the wire of `link` when fault f struck at `t`: lost. Its source sends it again.
  const lose = (i: number, t: number, f: number, link: number): void => {
    cutHop(i, link, hopStart[i]!, hopEnd[i]!, hopRecord[i]!, t);
    resend(i, t, f, link);
  };

  // Transfer i's tail was still arriving over `link`, into a cut-through switch, when fault f struck at `t`:
  // lost, and its hop out of the switch with it (cut short, or dropped if it had not started).
  const loseUpstream = (i: number, t: number, f: number, link: number): void => {
    cutHop(i, link, upStart[i]!, upEnd[i]!, upRecord[i]!, t);
    const out = hopLink[i]!;
    if (hopStart[i]! >= t) {
      linkBytes[out]! -= bytes[i]!;
      linkBusy[out]! -= hopEnd[i]! - hopStart[i]!;
      hopCount--;
      if (hops !== undefined) hops.drop(hopRecord[i]!);
    } else {
      cutHop(i, out, hopStart[i]!, hopEnd[i]!, hopRecord[i]!, t);
    }
    resend(i, t, f, link);
  };

  // Transfer i was lost on `link` at `t` (its hops are cut already): its source sends it again.
  const resend = (i: number, t: number, f: number, link: number): void => {
    const size = bytes[i]!;
    const lostRoute = [...(prefix.get(i) ?? []), ...routeLinks(routeId[i]!)];
    unplan(i);
    lostBytes += size;
    strikes[f]!.lost++;
    const src = transferSrc[i]!;
    const dst = transferDst[i]!;
    let r = pairOf[i]!;
    if (!usable(r)) {
      const route = surviving.route(src, dst);
      if (route === undefined) throw linkFailedError(linkEnds(link, faults[f]!.becomes), t, transferStep[i]!, { src, dst }, false);
      r = addRoute(route);
    }
    routeId[i] = r;
    hopIndex[i] = 0;
    fromSource[i] = 1;
    routeEpoch[i] = epoch;
    hopLink[i] = -1;
    upLink[i] = -1;
    prevLink[i] = -1;
    prefix.delete(i);
    sends[i]!++;
    resentMessages++;
    if (resends.length < RECORD_LIMIT) {
      resends.push({ transfer: i, fault: f, lostAt: t, lostLink: link, lostRoute, route: routeLinks(r), start: NaN, arrive: NaN });
      currentResend[i] = resends.length - 1;
    } else {
      currentResend[i] = -1;
    }
    eventOf[i] = queue.push(t, HOP, i);
  };

  // The rate of `link` changed at `t` (a degrade began or ended): re-time what is on it.
  const retime = (link: number, t: number, f: number): void => {
    const bw = factor[link] === 1 ? bandwidth[link]! : bandwidth[link]! * factor[link]!;
    let free = t;
    for (const i of onLink(link, t)) {
      if (hopStart[i]! >= t) {
        requeue(i, t); // counted when it is planned again, at the new rate
      } else if (hopEnd[i]! > t) {
        const limit = hopPos[i] === 0 && fromSource[i] === 1 ? injection[transferSrc[i]!]! : 0;
        const rate = limit > 0 && limit < bw ? limit : bw;
        if (rate !== hopRate[i]) {
          // The bytes still to send, at the new rate.
          const end = t + (hopEnd[i]! - t) * (hopRate[i]! / rate);
          linkBusy[link]! += end - hopEnd[i]!;
          hopEnd[i] = end;
          hopRate[i] = rate;
          if (hops !== undefined) hops.setEnd(hopRecord[i]!, end);
          const next = end + latency[link]!;
          const more = hopPos[i]! + 1 < routeLength(routeId[i]!);
          if (more && cutInto !== undefined && cutInto[link] === 1) {
            // Into a cut-through switch: the hop out was planned from the first packet (already in, or soon); its tail moves.
            lastByte[i] = next;
          } else {
            unplan(i);
            if (more) eventOf[i] = queue.push(next, HOP, i);
            else arrive(i, next);
          }
          strikes[f]!.delayed++;
        }
        free = hopEnd[i]!;
      }
    }
    linkFree[link] = free > outageUntil[link]! ? free : outageUntil[link]!; // a retraining in progress still holds the link
  };

  const strike = (f: number, t: number): void => {
    const fault = faults[f]!;
    if (finishedBy(t)) return; // the run is over: nothing left to hit
    const record = strikes[f]!;
    record.struck = true;
    record.at = t;
    if (fault.card >= 0) throw cardFailedError(fault.card, t, stepAt(t));
    const link = fault.link;
    const temporary = fault.duration !== Infinity;
    if (temporary) {
      record.until = t + fault.duration;
      queue.push(record.until, RECOVER, f);
    }
    if (fault.bandwidthFactor < 1) {
      degrades.set(link, [...(degrades.get(link) ?? []), f]);
      factor[link] = factor[link]! * fault.bandwidthFactor;
      retime(link, t, f);
      return;
    }
    if (temporary) {
      if (record.until > outageUntil[link]!) {
        outageUntil[link] = record.until;
        outageFault[link] = f;
      }
    } else if (downFault[link]! < 0) {
      downFault[link] = f;
      epoch++;
      surviving.fail(link, fault.becomes);
    }
    const hit = onLink(link, t);
    const tails = upstreamOn(link, t);
    if (hit.length + tails.length > 0 && plan.onFault === 'abort') {
      const first = [...hit, ...tails].reduce((a, b) => (transferStep[b]! < transferStep[a]! ? b : a));
      throw linkFailedError(linkEnds(link, fault.becomes), t, transferStep[first]!, { src: transferSrc[first]!, dst: transferDst[first]! }, true);
    }
    for (const i of tails) loseUpstream(i, t, f, link);
    for (const i of hit) {
      if (hopStart[i]! < t) lose(i, t, f, link);
      else requeue(i, t);
    }
    linkFree[link] = temporary ? Math.max(outageUntil[link]!, t) : t;
  };

  const recover = (f: number, t: number): void => {
    const fault = faults[f]!;
    if (fault.bandwidthFactor === 1) return; // an outage ends by itself: the link's FIFO resumes at its end
    const link = fault.link;
    const active = degrades.get(link)!.filter((g) => g !== f);
    degrades.set(link, active);
    factor[link] = active.reduce((product, g) => product * faults[g]!.bandwidthFactor, 1);
    if (!finishedBy(t)) retime(link, t, f);
  };

  const deadline = (t: number): void => {
    if (finishedBy(t)) return;
    const waitingOn = new Map<number, Set<number>>();
    for (let i = 0; i < T; i++) {
      if (done[i]! <= t) continue;
      const dst = transferDst[i]!;
      let on = waitingOn.get(dst);
      if (on === undefined) waitingOn.set(dst, (on = new Set()));
      on.add(transferSrc[i]!);
    }
    const waiting: WaitingCard[] = [...waitingOn.keys()].sort((a, b) => a - b)
      .map((card) => Object.freeze({ card, on: Object.freeze([...waitingOn.get(card)!].sort((a, b) => a - b)) }));
    throw timeoutError(t, stepAt(t), Object.freeze(waiting));
  };

  // Transfer i asks for hop `hopIndex[i]` of its route at `now`.
  const hop = (i: number, now: number): void => {
    if (stepFaultsLeft > 0 && hopIndex[i] === 0 && sends[i] === 1 && fromSource[i] === 1 && started[i] === 0) {
      const list = stepFaults.get(transferStep[i]!);
      if (list !== undefined) {
        stepFaults.delete(transferStep[i]!);
        stepFaultsLeft--;
        for (const f of list) strike(f, now);
      }
    }
    if (routeEpoch[i] !== epoch) {
      routeEpoch[i] = epoch;
      const r = routeId[i]!;
      for (let h = hopIndex[i]!, n = routeLength(r); h < n; h++) {
        const broken = linkOf(r, h);
        if (downFault[broken]! >= 0) {
          reroute(i, now, broken);
          break;
        }
      }
    }
    const r = routeId[i]!;
    const h = hopIndex[i]!;
    const link = linkOf(r, h);
    if (outageUntil[link]! > now) {
      const f = outageFault[link]!;
      if (plan.onFault === 'abort') {
        throw linkFailedError(linkEnds(link, faults[f]!.becomes), now, transferStep[i]!, { src: transferSrc[i]!, dst: transferDst[i]! }, true);
      }
      strikes[f]!.delayed++;
    }
    if (factor[link] !== 1) strikes[degrades.get(link)!.at(-1)!]!.delayed++;
    const src = transferSrc[i]!;
    const atSource = h === 0 && fromSource[i] === 1;
    const limit = atSource ? injection[src]! : 0;
    const size = bytes[i]!;
    injectionBefore[i] = injectionFree[src]!;
    // Out of a cut-through switch the hop cannot end before the message's last byte is in plus one packet.
    const previous = prevLink[i]!;
    const outOfSwitch = previous >= 0 && cutInto !== undefined && cutInto[previous] === 1;
    const more = h + 1 < routeLength(r);
    timeHop(
      clock, now, linkFree[link]!, factor[link] === 1 ? bandwidth[link]! : bandwidth[link]! * factor[link]!, latency[link]!, size, limit, injectionFree[src]!,
      packet, outOfSwitch ? lastByte[i]! : -Infinity, more && cutInto !== undefined && cutInto[link] === 1,
    );
    if (limit > 0) injectionFree[src] = clock.injectionFree;
    const start = clock.start;
    const end = clock.end;
    // The hop before, into a cut-through switch, may still be receiving while this one runs.
    if (outOfSwitch && hopLink[i] === previous) {
      upLink[i] = previous;
      upPos[i] = hopPos[i]!;
      upStart[i] = hopStart[i]!;
      upEnd[i] = hopEnd[i]!;
      upRate[i] = hopRate[i]!;
      upRecord[i] = hopRecord[i]!;
    } else {
      upLink[i] = -1;
    }
    prevLinkBefore[i] = previous;
    prevLink[i] = link;
    if (atSource) {
      if (started[i] === 0) {
        started[i] = 1;
        firstStart[i] = start;
      } else if (currentResend[i]! >= 0 && Number.isNaN(resends[currentResend[i]!]!.start)) {
        resends[currentResend[i]!]!.start = start;
      }
    }
    linkFree[link] = end;
    linkBytes[link]! += size;
    linkBusy[link]! += clock.serialization;
    hopCount++;
    if (hops !== undefined) hopRecord[i] = hops.add(link, i, start, end, sends[i]! - 1);
    hopLink[i] = link;
    hopPos[i] = h;
    hopStart[i] = start;
    hopEnd[i] = end;
    hopRate[i] = clock.rate;
    if (more) {
      if (cutInto !== undefined && cutInto[link] === 1) lastByte[i] = clock.arrive;
      hopIndex[i] = h + 1;
      eventOf[i] = queue.push(clock.next, HOP, i);
      return;
    }
    arrive(i, clock.arrive);
  };

  // Transfer i's route ahead crosses `broken`, failed for good: go on from where it is over a surviving route.
  const reroute = (i: number, now: number, broken: number): void => {
    const f = downFault[broken]!;
    const src = transferSrc[i]!;
    const dst = transferDst[i]!;
    if (plan.onFault === 'abort') throw linkFailedError(linkEnds(broken, faults[f]!.becomes), now, transferStep[i]!, { src, dst }, true);
    const r = routeId[i]!;
    const h = hopIndex[i]!;
    const node = network.links[linkOf(r, h)]!.localSail;
    const route = surviving.route(node, dst);
    if (route === undefined) throw linkFailedError(linkEnds(broken, faults[f]!.becomes), now, transferStep[i]!, { src, dst }, false);
    if (h > 0) {
      prefix.set(i, [...(prefix.get(i) ?? []), ...routeLinks(r, 0, h)]);
      fromSource[i] = 0;
    }
    routeId[i] = addRoute(route);
    hopIndex[i] = 0;
    strikes[f]!.rerouted++;
    reroutedMessages++;
    if (reroutes.length < RECORD_LIMIT) reroutes.push({ transfer: i, fault: f, at: now, node, route });
  };

  const reduce = (i: number, now: number): void => {
    const dst = transferDst[i]!;
    const start = now > computeFree[dst]! ? now : computeFree[dst]!;
    const cost = bytes[i]! * gamma[dst]!;
    computeFree[dst] = start + cost;
    cardReduceSeconds[dst]! += cost;
    reduceStart[i] = start;
    complete(i, start + cost);
  };

  // Faults and the deadline go in first: at the same instant they strike before any message moves.
  for (const f of faults) if (f.step < 0) queue.push(f.at, STRIKE, f.index);
  if (plan.timeout !== Infinity) queue.push(plan.timeout, DEADLINE, 0);
  for (let i = 0; i < T; i++) if (pendingSrc[i] === 0) eventOf[i] = queue.push(0, HOP, i);

  while (queue.next()) {
    const now = queue.time;
    const item = queue.item;
    switch (queue.kind) {
      case HOP:
        eventOf[item] = -1;
        hop(item, now);
        break;
      case REDUCE:
        eventOf[item] = -1;
        reduce(item, now);
        break;
      case STRIKE:
        strike(item, now);
        break;
      case RECOVER:
        recover(item, now);
        break;
      case DEADLINE:
        deadline(now);
        break;
    }
  }

  for (let i = 0; i < T; i++) {
    if (pendingSrc[i]! > 0 || Number.isNaN(done[i]!)) {
      throw new Error(`faultSimulate: transfer ${i} never ran (a dependency cycle in the schedule)`);
    }
  }
  // Totals from the per-transfer times (simulate.ts keeps running ones; a fault can take a time back).
  let finish = 0;
  const stepStart = new Float64Array(schedule.stepCount).fill(Infinity);
  const stepEnd = new Float64Array(schedule.stepCount);
  for (let i = 0; i < T; i++) {
    const step = transferStep[i]!;
    if (firstStart[i]! < stepStart[step]!) stepStart[step] = firstStart[i]!;
    const time = done[i]!;
    if (time > stepEnd[step]!) stepEnd[step] = time;
    if (time > finish) finish = time;
  }
  for (let s = 0; s < schedule.stepCount; s++) if (stepStart[s] === Infinity) stepStart[s] = 0;

  const paths = new Map<number, readonly number[]>();
  for (let i = 0; i < T; i++) {
    if (routeId[i] === pairOf[i] && !prefix.has(i)) continue;
    paths.set(i, Object.freeze([...(prefix.get(i) ?? []), ...routeLinks(routeId[i]!)]));
  }

  return {
    seconds: finish,
    linkBytes,
    linkBusySeconds: linkBusy,
    cardReduceSeconds,
    stepStart,
    stepEnd,
    hopCount,
    ...(keepTimeline
      ? { transferStart: firstStart, transferArrive: arrived, transferReduceStart: reduceStart, transferDone: done, hops: hops!.records() }
      : {}),
    faultLog: { strikes, resends, reroutes, resentMessages, reroutedMessages, lostBytes, sends, paths },
  };
}
