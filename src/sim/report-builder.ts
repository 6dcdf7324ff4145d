/**
 * Turns a plan into CollectiveReports.
 *
 * Everything a report shows beyond a handful of numbers (per-link traffic,
 * per-step times, the message timeline) depends only on the plan, and plans
 * are cached and reused by every call that repeats a request. So that part
 * is built once per plan, lazily — a report whose links nobody reads costs
 * nothing for them — and frozen, so the reports that share it cannot change
 * one another (issue 9: reports used to share mutable arrays).
 */
import type { Network } from '../network/network.js';
import { CollectiveReport, type HopTiming, type LinkTraffic, type PlanDetail, type ReportFields, type StepTiming, type TransferTiming } from '../report.js';
import { buildFaultReport } from './faults/fault-report.js';
import type { FaultHopRecords } from './faults/fault-hop-log.js';
import { collectiveLowerBound } from './lower-bound.js';
import type { Plan } from './planner.js';

export { TIMELINE_LIMIT } from './simulate.js';

type BaseFields = Omit<ReportFields, 'algorithm' | 'method' | 'seconds'>;

const details = new WeakMap<Plan, PlanDetail>();

export function buildReport(plan: Plan, network: Network, base: BaseFields): CollectiveReport {
  let detail = details.get(plan);
  if (detail === undefined) {
    detail = planDetail(plan, network, base.bytesPerElement);
    details.set(plan, detail);
  }
  // Object.assign rather than an object spread: V8 builds spread literals of
  // this shape so slowly (~10 µs) that they dominated small collectives.
  const fields: ReportFields = Object.assign({ algorithm: plan.info.name, method: plan.method, seconds: plan.seconds }, base);
  return new CollectiveReport(fields, detail);
}

/** Memoize a function of no arguments. */
function once<T>(make: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value;
  };
}

function planDetail(plan: Plan, network: Network, bytesPerElement: number): PlanDetail {
  const linkBytes = plan.linkBytes;
  const linkBusy = plan.linkBusySeconds;
  let totalLinkBytes = 0;
  if (linkBytes !== undefined) for (let l = 0; l < linkBytes.length; l++) totalLinkBytes += linkBytes[l]!;
  const sim = plan.simulation;
  const schedule = plan.schedule;

  const links = once((): readonly LinkTraffic[] => Object.freeze(network.links.map((link, id) => {
    const busySeconds = linkBusy ? linkBusy[id]! : 0;
    return Object.freeze({
      link: id,
      from: link.localSail,
      to: link.remoteSail,
      bytes: linkBytes ? linkBytes[id]! : 0,
      busySeconds,
      utilization: plan.seconds > 0 ? busySeconds / plan.seconds : 0,
    });
  })));

  const steps = once((): readonly StepTiming[] => {
    if (!sim || !schedule) return Object.freeze(plan.steps ?? []);
    const stepTransfers = new Float64Array(schedule.stepCount);
    const stepBytes = new Float64Array(schedule.stepCount);
    for (let i = 0; i < schedule.transferCount; i++) {
      const s = schedule.transferStep[i]!;
      stepTransfers[s]!++;
      stepBytes[s]! += schedule.elementsOf(i) * bytesPerElement;
    }
    const out: StepTiming[] = [];
    for (let s = 0; s < schedule.stepCount; s++) {
      out.push(Object.freeze({ step: s, start: sim.stepStart[s]!, end: sim.stepEnd[s]!, transfers: stepTransfers[s]!, bytes: stepBytes[s]! }));
    }
    return Object.freeze(out);
  });

  const transfers = once((): readonly TransferTiming[] | undefined => {
    if (!sim || !schedule || sim.transferDone === undefined) return undefined;
    const out: TransferTiming[] = [];
    const routes = new Map<number, readonly number[]>();
    // With faults: the path that delivered a message whose route a fault changed, and how often it was sent.
    const faultPaths = plan.faults?.log.paths;
    const sends = plan.faults?.log.sends;
    for (let i = 0; i < schedule.transferCount; i++) {
      const src = schedule.transferSrc[i]!;
      const dst = schedule.transferDst[i]!;
      const key = src * schedule.nSails + dst;
      const path = faultPaths?.get(i);
      let route = path && Object.freeze([src, ...path.map((l) => network.links[l]!.remoteSail)]);
      if (route === undefined) route = routes.get(key);
      if (route === undefined) routes.set(key, (route = Object.freeze(plan.routeNodes(src, dst))));
      const reduce = schedule.transferReduce[i] === 1;
      out.push(Object.freeze({
        step: schedule.transferStep[i]!, src, dst, reduce,
        bytes: schedule.elementsOf(i) * bytesPerElement,
        route,
        start: sim.transferStart![i]!, arrive: sim.transferArrive![i]!,
        ...(reduce ? { reduceStart: sim.transferReduceStart![i]! } : {}),
        done: sim.transferDone[i]!,
        ...(sends !== undefined && sends[i]! > 1 ? { attempts: sends[i]! } : {}),
      }));
    }
    return Object.freeze(out);
  });

  const hops = once((): readonly HopTiming[] => {
    const h = sim?.hops;
    if (h === undefined) return Object.freeze([]);
    const out: HopTiming[] = [];
    const { lost, attempt } = h as Partial<FaultHopRecords>;
    for (let k = 0; k < h.link.length; k++) {
      const hop: HopTiming = { link: h.link[k]!, transfer: h.transfer[k]!, start: h.start[k]!, end: h.end[k]! };
      out.push(Object.freeze(lost === undefined ? hop : { ...hop, ...(lost[k] === 1 ? { lost: true } : {}), ...(attempt![k]! > 0 ? { attempt: attempt![k]! } : {}) }));
    }
    return Object.freeze(out);
  });

  const bound = once((): number => collectiveLowerBound(network, { collective: plan.info.collective, count: plan.input.count, bytesPerElement, root: plan.input.root }));

  return Object.freeze({
    totalLinkBytes, bound, pipeline: plan.pipeline, channels: plan.channels,
    reroutes: Object.freeze(plan.reroutes.map((r) => Object.freeze({ ...r, planned: Object.freeze([...r.planned]), actual: Object.freeze([...r.actual]), unusable: Object.freeze([...r.unusable]) }))),
    links, steps, transfers, hops,
    faults: once(() => (plan.faults && schedule ? buildFaultReport(plan.faults, plan.seconds, network, schedule, bytesPerElement) : undefined)),
  });
}
