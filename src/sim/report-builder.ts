/**
 * Turns a plan (schedule + simulation) into a CollectiveReport.
 */
import type { Network } from '../network/network.js';
import { CollectiveReport, type ReportFields, type StepTiming, type TransferTiming, type HopTiming } from '../report.js';
import type { Plan } from './planner.js';

/** Reports keep per-message records only up to this many messages (memory). */
export const TIMELINE_LIMIT = 200_000;

type BaseFields = Omit<ReportFields, 'algorithm' | 'method' | 'seconds' | 'links' | 'steps' | 'transfers' | 'hops' | 'reroutes'>;

/** The timing part of a report depends only on the plan: computed once per plan (plans are cached). */
interface Timing {
  readonly links: ReportFields['links'];
  readonly steps: readonly StepTiming[];
  readonly transfers: readonly TransferTiming[] | undefined;
  readonly hops: readonly HopTiming[] | undefined;
}

const timings = new WeakMap<Plan, Timing>();

export function buildReport(plan: Plan, network: Network, base: BaseFields): CollectiveReport {
  let timing = timings.get(plan);
  if (timing === undefined) {
    timing = timingOf(plan, network, base.bytesPerElement);
    timings.set(plan, timing);
  }
  const { links, steps, transfers, hops } = timing;
  // Object.assign rather than an object spread: V8 builds spread literals of
  // this shape so slowly (~10 µs) that they dominated small collectives.
  const fields: ReportFields = Object.assign(
    { algorithm: plan.info.name, method: plan.method, seconds: plan.seconds, links, steps, reroutes: plan.reroutes },
    base,
    transfers ? { transfers } : {},
    hops ? { hops } : {},
  );
  return new CollectiveReport(fields);
}

function timingOf(plan: Plan, network: Network, bytesPerElement: number): Timing {
  const sim = plan.simulation;
  const schedule = plan.schedule;
  const links = network.links.map((link, id) => ({
    link: id,
    from: link.localSail,
    to: link.remoteSail,
    bytes: sim ? sim.linkBytes[id]! : 0,
    busySeconds: sim ? sim.linkBusySeconds[id]! : 0,
    utilization: sim && plan.seconds > 0 ? sim.linkBusySeconds[id]! / plan.seconds : 0,
  }));
  const steps: StepTiming[] = [];
  let transfers: TransferTiming[] | undefined;
  let hops: HopTiming[] | undefined;
  if (sim && schedule) {
    const stepTransfers = new Array<number>(schedule.stepCount).fill(0);
    const stepBytes = new Array<number>(schedule.stepCount).fill(0);
    for (let i = 0; i < schedule.transferCount; i++) {
      const s = schedule.transferStep[i]!;
      stepTransfers[s]!++;
      stepBytes[s]! += schedule.elementsOf(i) * bytesPerElement;
    }
    for (let s = 0; s < schedule.stepCount; s++) {
      steps.push({ step: s, start: sim.stepStart[s]!, end: sim.stepEnd[s]!, transfers: stepTransfers[s]!, bytes: stepBytes[s]! });
    }
    if (sim.transferDone && schedule.transferCount <= TIMELINE_LIMIT) {
      transfers = [];
      for (let i = 0; i < schedule.transferCount; i++) {
        const src = schedule.transferSrc[i]!;
        const dst = schedule.transferDst[i]!;
        const reduce = schedule.transferReduce[i] === 1;
        transfers.push({
          step: schedule.transferStep[i]!, src, dst, reduce,
          bytes: schedule.elementsOf(i) * bytesPerElement,
          route: plan.routeNodes(src, dst),
          start: sim.transferStart![i]!, arrive: sim.transferArrive![i]!,
          ...(reduce ? { reduceStart: sim.transferReduceStart![i]! } : {}),
          done: sim.transferDone[i]!,
        });
      }
      hops = sim.hops;
    }
  }
  return Object.freeze({ links: Object.freeze(links), steps: Object.freeze(steps), transfers: transfers && Object.freeze(transfers), hops: hops && Object.freeze(hops) });
}
