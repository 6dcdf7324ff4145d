// Test helper: checks a simulated run with faults against the rules of the
// model, from its per-message and per-hop records alone — independently of
// how the fault-aware simulator reached them:
// - every message leaves after the data it carries is final, arrives after
//   its last hop, and is reduced after it arrived and its destination's own
//   data was final, for exactly bytes·γ;
// - each sending of a message is a path of links from its source; every
//   sending but the last ends in a hop a fault cut short; the last reaches
//   its destination, hop after hop (each after the previous one arrived),
//   and its last hop arrives when the message does;
// - a link serializes one hop at a time (FIFO), each for bytes / rate;
// - no hop starts on a link while a fault holds it down, every hop on the
//   wire of a link when it fails is lost, and nothing else is;
// - the totals (hops, resent messages and bytes, the finish) add up.
import { expect } from 'vitest';
import type { Network } from '../src/network/network.js';
import type { Schedule } from '../src/schedule/schedule.js';
import { analyseDependencies } from '../src/sim/dependencies.js';
import type { FaultPlan } from '../src/sim/faults/fault-plan.js';
import type { FaultSimulationResult } from '../src/sim/faults/fault-simulate.js';

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

export interface RunCheck {
  /** Hops a fault cut short. */
  readonly lostHops: number;
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
  const srcOn = waitsOn(deps.srcWaiters.head, deps.srcWaiters.item, deps.srcWaiters.next, T);
  const dstOn = waitsOn(deps.dstWaiters.head, deps.dstWaiters.item, deps.dstWaiters.next, T);
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
      if (f.step < 0) expect(f.at, `${where}: fault ${f.index} did not strike`).toBeGreaterThanOrEqual(result.seconds);
      continue;
    }
    if (f.step < 0) expect(s.at, `${where}: fault ${f.index} struck when it was due`).toBe(f.at);
    else {
      // A step fault strikes when the first message of that step is ready to leave.
      let first = Infinity;
      for (let i = 0; i < T; i++) if (schedule.transferStep[i] === f.step) first = Math.min(first, ready(i, srcOn));
      expect(s.at, `${where}: fault ${f.index} struck as step ${f.step} began`).toBe(first);
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
  let lostHops = 0;
  let lostBytes = 0;
  let finish = 0;
  for (let i = 0; i < T; i++) {
    const src = schedule.transferSrc[i]!;
    const dst = schedule.transferDst[i]!;
    const w = `${where}: transfer ${i} (step ${schedule.transferStep[i]}, ${src}→${dst})`;
    const size = bytes(i);
    expect(start[i], `${w} leaves once its data is final`).toBeGreaterThanOrEqual(ready(i, srcOn));
    if (schedule.transferReduce[i] === 1) {
      expect(reduceStart[i], `${w} is reduced after it arrived and its destination's data was final`).toBeGreaterThanOrEqual(Math.max(arrive[i]!, ready(i, dstOn)));
      expect(done[i], `${w} reduces for bytes·γ`).toBe(reduceStart[i]! + size * network.cards[dst]!.reduceSecondsPerByte);
    } else {
      expect(done[i], `${w} is done when it arrives`).toBe(arrive[i]);
    }
    finish = Math.max(finish, done[i]!);
    const mine = byTransfer[i]!;
    expect(mine.length, `${w} has hops`).toBeGreaterThan(0);
    const attempts = Math.max(...mine.map((k) => hops.attempt[k]!)) + 1;
    expect(result.faultLog.sends[i], `${w}: sendings`).toBe(attempts);
    let previousCut = -Infinity;
    for (let a = 0; a < attempts; a++) {
      const path = mine.filter((k) => hops.attempt[k] === a);
      const last = a === attempts - 1;
      expect(path.length, `${w} sending ${a}`).toBeGreaterThan(0);
      expect(links[hops.link[path[0]!]!]!.localSail, `${w} sending ${a} leaves its source`).toBe(src);
      expect(hops.start[path[0]!], `${w} sending ${a} leaves after the previous one was lost`).toBeGreaterThanOrEqual(previousCut);
      for (let h = 0; h < path.length; h++) {
        const k = path[h]!;
        const link = hops.link[k]!;
        const lost = hops.lost[k] === 1;
        if (h > 0) {
          const before = path[h - 1]!;
          expect(links[hops.link[before]!]!.remoteSail, `${w} sending ${a}: a path`).toBe(links[link]!.localSail);
          expect(hops.start[k], `${w} sending ${a}: hop ${h} starts once hop ${h - 1} arrived`).toBeGreaterThanOrEqual(hops.end[before]! + links[hops.link[before]!]!.latency);
        }
        expect(lost, `${w} sending ${a} hop ${h}: only the last hop of a lost sending is lost`).toBe(!last && h === path.length - 1);
        if (lost) {
          lostHops++;
          lostBytes += size;
          previousCut = hops.end[k]!;
          // It was on the wire when its link failed: serializing (cut at the fault) or propagating.
          const failures = failuresDuring(link, hops.start[k]!, hops.end[k]! + links[link]!.latency, true);
          expect(failures.length, `${w} sending ${a}: lost on ${links[link]!.localSail}→${links[link]!.remoteSail} while it failed`).toBeGreaterThan(0);
        }
      }
      if (last) {
        const k = path[path.length - 1]!;
        expect(links[hops.link[k]!]!.remoteSail, `${w} reaches its destination`).toBe(dst);
        expect(hops.end[k]! + links[hops.link[k]!]!.latency, `${w} arrives when its last hop does`).toBe(arrive[i]);
      }
    }
  }
  expect(result.seconds, `${where}: the finish is the last message done`).toBe(finish);
  expect(hops.link.length, `${where}: hop count`).toBe(result.hopCount);
  expect(result.faultLog.resentMessages, `${where}: resent messages`).toBe(lostHops);
  expect(result.faultLog.lostBytes, `${where}: resent bytes`).toBe(lostBytes);

  // Per link: FIFO, durations, and nothing on a link while it is down; on the wire when it fails means lost.
  const byLink = new Map<number, number[]>();
  for (let k = 0; k < hops.link.length; k++) byLink.set(hops.link[k]!, [...(byLink.get(hops.link[k]!) ?? []), k]);
  for (const [link, list] of byLink) {
    const l = links[link]!;
    const w = `${where}: link ${l.localSail}→${l.remoteSail}`;
    const sorted = [...list].sort((a, b) => hops.start[a]! - hops.start[b]! || a - b);
    for (let x = 1; x < sorted.length; x++) {
      expect(hops.start[sorted[x]!], `${w} serializes one hop at a time`).toBeGreaterThanOrEqual(hops.end[sorted[x - 1]!]!);
    }
    for (const k of list) {
      const i = hops.transfer[k]!;
      const s = hops.start[k]!;
      const e = hops.end[k]!;
      expect(downAt(link, s), `${w}: a hop of transfer ${i} started at ${s} while the link was down`).toBe(false);
      if (hops.lost[k] === 1) continue;
      expect(failuresDuring(link, s, e + l.latency).length, `${w}: transfer ${i} was on the wire when the link failed, and not lost`).toBe(0);
      if (degraded.has(link)) continue;
      const src = schedule.transferSrc[i]!;
      const first = hops.attempt[k] !== undefined && byTransfer[i]!.find((h) => hops.attempt[h] === hops.attempt[k]) === k && l.localSail === src;
      const limit = first ? (network.cards[src]!.injectionBandwidth ?? 0) : 0;
      const rate = limit > 0 && limit < l.bandwidth ? limit : l.bandwidth;
      expect(close(e - s, bytes(i) / rate), `${w}: transfer ${i} serializes for bytes / rate (${e - s} vs ${bytes(i) / rate})`).toBe(true);
    }
  }
  return { lostHops, lostBytes };
}
