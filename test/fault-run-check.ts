// Test helper: checks a simulated run with faults against the rules of the
// model, from its per-message and per-hop records alone — independently of
// how the fault-aware simulator reached them:
// - every message leaves after the data it carries is final, arrives after
//   its last hop, and is reduced after it arrived and its destination's own
//   data was final, for exactly bytes·γ;
// - each sending of a message is a path of links from its source; every
//   sending but the last ends in a hop a fault cut short (or two, when its
//   tail was lost on the way into a cut-through switch); the last reaches
//   its destination, hop after hop (each after the previous one arrived —
//   out of a cut-through switch, after the previous one started, and ending
//   after it), and its last hop arrives when the message does;
// - a link serializes one hop at a time (FIFO), each for bytes / rate;
// - no hop starts on a link while a fault holds it down, every hop on the
//   wire of a link when it fails is lost, and nothing else is;
// - the totals (hops, resent messages and bytes, the finish) add up.
import { expect } from 'vitest';
import type { Network } from '../src/network/network.js';
import type { Schedule } from '../src/schedule/schedule.js';
import { analyseDependencies } from '../src/sim/dependencies.js';
import { readFaultOptions, resolveFaultPlan, type FaultPlan } from '../src/sim/faults/fault-plan.js';
import type { FaultSimulationResult } from '../src/sim/faults/fault-simulate.js';

/**
 * Fail with `message()` unless `ok` (vitest's expect costs microseconds a call: this runs per hop, and builds
 * its message only on failure).
 */
function must(ok: boolean, message: () => string): void {
  if (!ok) expect.fail(message());
}

/** Relative tolerance of durations recomputed here (the simulator adds times; a difference rounds). */
const CLOSE = 1e-9;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= CLOSE * Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

/** Who each transfer waits on, from the waiter lists. */
function waitsOn(head: Int32Array, item: Int32Array, next: Int32Array, T: number): number[][] {
  const on: number[][] = Array.from({ length: T }, () => []);
  for (let i = 0; i < T; i++) for (let k = head[i]!; k >= 0; k = next[k]!) on[item[k]!]!.push(i);
  return on;
}

/** The checked fault plan of options `{ faults, onFault, timeout }` on `network` (what a collective makes of them). */
export function faultPlanOf(options: { readonly faults?: unknown; readonly onFault?: unknown; readonly timeout?: unknown }, network: Network): FaultPlan {
  return resolveFaultPlan(readFaultOptions(options.faults, options.onFault, options.timeout), network)!;
}

export interface RunCheck {
  /** Sendings a fault cut short (each resent). */
  readonly lostSendings: number;
  /** Sum of the bytes of the messages those hops carried. */
  readonly lostBytes: number;
}

export function checkFaultRun(
  schedule: Schedule, network: Network, plan: FaultPlan, result: FaultSimulationResult, bytesPerElement: number, where: string,
): RunCheck {
  const T = schedule.transferCount;
  const links = network.links;
  const hops = result.hops!;
  expect(hops, `${where}: the run kept its timeline`).toBeDefined();
  const deps = analyseDependencies(schedule);
  const src = deps.srcWaiters.linked();
  const dst = deps.dstWaiters.linked();
  const srcOn = waitsOn(src.head, src.item, src.next, T);
  const dstOn = waitsOn(dst.head, dst.item, dst.next, T);
  // Links into a switch that forwards cut-through (network/switch-model.ts).
  const cutThrough = network.switch?.forwarding === 'cut-through';
  const intoSwitch = (link: number) => cutThrough && links[link]!.remoteSail >= network.nSails;
  const done = result.transferDone!;
  const arrive = result.transferArrive!;
  const start = result.transferStart!;
  const reduceStart = result.transferReduceStart!;
  const bytes = (i: number) => schedule.elementsOf(i) * bytesPerElement;
  const ready = (i: number, on: number[][]) => on[i]!.reduce((t, j) => Math.max(t, done[j]!), 0);

  // Fault intervals per link: [from, to) while it carries nothing; degraded links are only noted.
  const downIntervals = new Map<number, [number, number][]>();
  const degraded = new Set<number>();
  for (const f of plan.faults) {
    const s = result.faultLog.strikes[f.index]!;
    if (!s.struck) {
      // A timed fault the run never reached struck at or after its end.
      if (f.step < 0) must(f.at >= result.seconds, () => `${where}: fault ${f.index} did not strike: ${f.at} < ${result.seconds}`);
      continue;
    }
    if (f.step < 0) must(Object.is(s.at, f.at), () => `${where}: fault ${f.index} struck when it was due: ${s.at} instead of ${f.at}`);
    else {
      // A step fault strikes when the first message of that step is ready to leave.
      let first = Infinity;
      for (let i = 0; i < T; i++) if (schedule.transferStep[i] === f.step) first = Math.min(first, ready(i, srcOn));
      must(Object.is(s.at, first), () => `${where}: fault ${f.index} struck as step ${f.step} began: ${s.at} instead of ${first}`);
    }
    if (f.link < 0) continue;
    if (f.bandwidthFactor < 1) {
      degraded.add(f.link);
      continue;
    }
    const list = downIntervals.get(f.link) ?? [];
    list.push([s.at, f.duration === Infinity ? Infinity : s.until]);
    downIntervals.set(f.link, list);
  }
  const downAt = (link: number, t: number) => (downIntervals.get(link) ?? []).some(([a, b]) => t >= a && t < b);
  /** Times `link` failed in (a, b), or (a, b] with `inclusive`. */
  const failuresDuring = (link: number, a: number, b: number, inclusive = false) =>
    (downIntervals.get(link) ?? []).filter(([from]) => from > a && (inclusive ? from <= b : from < b));

  // Hops by transfer, in the order they were made.
  const byTransfer: number[][] = Array.from({ length: T }, () => []);
  for (let k = 0; k < hops.link.length; k++) byTransfer[hops.transfer[k]!]!.push(k);
  let lostSendings = 0;
  let lostBytes = 0;
  let finish = 0;
  for (let i = 0; i < T; i++) {
    const src = schedule.transferSrc[i]!;
    const dst = schedule.transferDst[i]!;
    const w = `${where}: transfer ${i} (step ${schedule.transferStep[i]}, ${src}→${dst})`;
    const size = bytes(i);
    must(start[i]! >= ready(i, srcOn), () => `${w} leaves once its data is final: ${start[i]} < ${ready(i, srcOn)}`);
    if (schedule.transferReduce[i] === 1) {
      must(reduceStart[i]! >= Math.max(arrive[i]!, ready(i, dstOn)), () => `${w} is reduced after it arrived and its destination's data was final: ${reduceStart[i]} < ${Math.max(arrive[i]!, ready(i, dstOn))}`);
      must(Object.is(done[i], reduceStart[i]! + size * network.cards[dst]!.reduceSecondsPerByte), () => `${w} reduces for bytes·γ: ${done[i]} instead of ${reduceStart[i]! + size * network.cards[dst]!.reduceSecondsPerByte}`);
    } else {
      must(Object.is(done[i], arrive[i]), () => `${w} is done when it arrives: ${done[i]} instead of ${arrive[i]}`);
    }
    finish = Math.max(finish, done[i]!);
    const mine = byTransfer[i]!;
    must(mine.length > 0, () => `${w} has hops: ${mine.length} ≤ ${0}`);
    const attempts = Math.max(...mine.map((k) => hops.attempt[k]!)) + 1;
    must(Object.is(result.faultLog.sends[i], attempts), () => `${w}: sendings: ${result.faultLog.sends[i]} instead of ${attempts}`);
    let previousCut = -Infinity;
    for (let a = 0; a < attempts; a++) {
      const path = mine.filter((k) => hops.attempt[k] === a);
      const last = a === attempts - 1;
      must(path.length > 0, () => `${w} sending ${a}: ${path.length} ≤ ${0}`);
      must(Object.is(links[hops.link[path[0]!]!]!.localSail, src), () => `${w} sending ${a} leaves its source: ${links[hops.link[path[0]!]!]!.localSail} instead of ${src}`);
      must(hops.start[path[0]!]! >= previousCut, () => `${w} sending ${a} leaves after the previous one was lost: ${hops.start[path[0]!]} < ${previousCut}`);
      // A lost sending ends in its lost hop; or in two, the hop into a cut-through switch and the hop out of it.
      const lostFrom = last ? path.length : path.length >= 2 && hops.lost[path[path.length - 2]!] === 1 ? path.length - 2 : path.length - 1;
      if (!last) must(lostFrom === path.length - 1 || intoSwitch(hops.link[path[lostFrom]!]!), () => `${w} sending ${a}: two hops lost, the first not into a cut-through switch`);
      let onFailedLink = false;
      for (let h = 0; h < path.length; h++) {
        const k = path[h]!;
        const link = hops.link[k]!;
        const lost = hops.lost[k] === 1;
        if (h > 0) {
          const before = path[h - 1]!;
          const alpha = links[hops.link[before]!]!.latency;
          must(Object.is(links[hops.link[before]!]!.remoteSail, links[link]!.localSail), () => `${w} sending ${a}: a path: ${links[hops.link[before]!]!.remoteSail} instead of ${links[link]!.localSail}`);
          if (intoSwitch(hops.link[before]!)) {
            must(hops.start[k]! >= hops.start[before]! + alpha, () => `${w} sending ${a}: hop ${h} out of a cut-through switch starts after hop ${h - 1} began: ${hops.start[k]} < ${hops.start[before]! + alpha}`);
            if (!lost && hops.lost[before] !== 1) must(hops.end[k]! >= hops.end[before]! + alpha, () => `${w} sending ${a}: hop ${h} out of a cut-through switch ends after hop ${h - 1}'s tail is in: ${hops.end[k]} < ${hops.end[before]! + alpha}`);
          } else {
            must(hops.start[k]! >= hops.end[before]! + alpha, () => `${w} sending ${a}: hop ${h} starts once hop ${h - 1} arrived: ${hops.start[k]} < ${hops.end[before]! + alpha}`);
          }
        }
        must(Object.is(lost, h >= lostFrom), () => `${w} sending ${a} hop ${h}: only the end of a lost sending is lost: ${lost} instead of ${h >= lostFrom}`);
        if (lost) {
          previousCut = Math.max(previousCut, hops.end[k]!);
          // It was on the wire when its link failed: serializing (cut at the fault) or propagating.
          if (failuresDuring(link, hops.start[k]!, hops.end[k]! + links[link]!.latency, true).length > 0) onFailedLink = true;
        }
      }
      if (!last) {
        lostSendings++;
        lostBytes += size;
        must(onFailedLink, () => `${w} sending ${a}: lost, but on no link while it failed`);
      }
      if (last) {
        const k = path[path.length - 1]!;
        must(Object.is(links[hops.link[k]!]!.remoteSail, dst), () => `${w} reaches its destination: ${links[hops.link[k]!]!.remoteSail} instead of ${dst}`);
        must(Object.is(hops.end[k]! + links[hops.link[k]!]!.latency, arrive[i]), () => `${w} arrives when its last hop does: ${hops.end[k]! + links[hops.link[k]!]!.latency} instead of ${arrive[i]}`);
      }
    }
  }
  must(Object.is(result.seconds, finish), () => `${where}: the finish is the last message done: ${result.seconds} instead of ${finish}`);
  must(Object.is(hops.link.length, result.hopCount), () => `${where}: hop count: ${hops.link.length} instead of ${result.hopCount}`);
  must(Object.is(result.faultLog.resentMessages, lostSendings), () => `${where}: resent messages: ${result.faultLog.resentMessages} instead of ${lostSendings}`);
  must(Object.is(result.faultLog.lostBytes, lostBytes), () => `${where}: resent bytes: ${result.faultLog.lostBytes} instead of ${lostBytes}`);

  // Per link: FIFO, durations, and nothing on a link while it is down; on the wire when it fails means lost.
  const byLink = new Map<number, number[]>();
  for (let k = 0; k < hops.link.length; k++) {
    const list = byLink.get(hops.link[k]!);
    if (list === undefined) byLink.set(hops.link[k]!, [k]);
    else list.push(k);
  }
  // The first hop of every sending (transfer, attempt): it alone may run at the source's injection limit.
  const firstOfSending = new Set<number>();
  const seen = new Set<string>();
  for (let k = 0; k < hops.link.length; k++) {
    const key = `${hops.transfer[k]}:${hops.attempt[k]}`;
    if (!seen.has(key)) {
      seen.add(key);
      firstOfSending.add(k);
    }
  }
  for (const [link, list] of byLink) {
    const l = links[link]!;
    const w = `${where}: link ${l.localSail}→${l.remoteSail}`;
    const sorted = [...list].sort((a, b) => hops.start[a]! - hops.start[b]! || a - b);
    for (let x = 1; x < sorted.length; x++) {
      must(hops.start[sorted[x]!]! >= hops.end[sorted[x - 1]!]!, () => `${w} serializes one hop at a time: ${hops.start[sorted[x]!]} < ${hops.end[sorted[x - 1]!]!}`);
    }
    for (const k of list) {
      const i = hops.transfer[k]!;
      const s = hops.start[k]!;
      const e = hops.end[k]!;
      must(Object.is(downAt(link, s), false), () => `${w}: a hop of transfer ${i} started at ${s} while the link was down: ${downAt(link, s)} instead of ${false}`);
      if (hops.lost[k] === 1) continue;
      must(Object.is(failuresDuring(link, s, e + l.latency).length, 0), () => `${w}: transfer ${i} was on the wire when the link failed, and not lost: ${failuresDuring(link, s, e + l.latency).length} instead of ${0}`);
      if (degraded.has(link)) continue;
      const src = schedule.transferSrc[i]!;
      const first = firstOfSending.has(k) && l.localSail === src;
      const limit = first ? (network.cards[src]!.injectionBandwidth ?? 0) : 0;
      const rate = limit > 0 && limit < l.bandwidth ? limit : l.bandwidth;
      // Out of a cut-through switch a hop may end later: not before the message's tail is in.
      const outOfSwitch = cutThrough && l.localSail >= network.nSails;
      must(close(e - s, bytes(i) / rate) || (outOfSwitch && e - s > bytes(i) / rate), () => `${w}: transfer ${i} serializes for bytes / rate (${e - s} vs ${bytes(i) / rate})`);
    }
  }
  return { lostSendings, lostBytes };
}
