/**
 * Planning a collective on a network: which algorithms can run, what each
 * would cost, which one to use, and the routes its messages take.
 *
 * Algorithm choice is NCCL's: fill a table of predicted time per allowed
 * algorithm and take the minimum. Forcing an algorithm that cannot run is an
 * error, never a silent substitute. Every route uses only Up links; a pair
 * whose usual route (all links Up) crosses an unusable link is rerouted and
 * reported, and a pair with no usable route fails with LINK_DOWN naming the
 * link — all before any byte moves.
 *
 * How a price is obtained (`method`): the event simulation of the schedule
 * (simulate.ts), or analytic pricing (analytic/price.ts: closed forms where
 * exact, models of the real routes elsewhere). With `'auto'` the choice is
 * made from the work a simulation would take — messages × hops, estimated
 * from the algorithm's message count and the network's mean route length —
 * against SIMULATION_BUDGET, once for a whole algorithm table so that every
 * candidate is priced by the same method.
 *
 * Faults (a fault plan, faults/fault-plan.ts) are priced here too, before
 * any byte is written: the algorithm is the one chosen without them (a
 * fault is not known in advance), its schedule is simulated with them
 * (faults/fault-simulate.ts: always the event simulation), and beside it
 * without them for the time they add. The plan is part of the cache key.
 */
import { invalidArgumentError, invalidUsageError, SpankerError } from '../errors.js';
import { DimensionOrderRoutes } from '../network/dimension-order.js';
import type { Network } from '../network/network.js';
import { Router } from '../network/routing.js';
import type { AlgorithmInput } from '../schedule/algorithm.js';
import { messageBound } from '../schedule/message-counts.js';
import { algorithmsFor, findAlgorithm, type AlgorithmInfo } from '../schedule/registry.js';
import type { CollectiveKind, Schedule } from '../schedule/schedule.js';
import type { Reroute, StepTiming, TimingMethod } from '../report.js';
import { priceAnalytically } from './analytic/price.js';
import { RouteCosts } from './analytic/route-costs.js';
import type { FaultPlan } from './faults/fault-plan.js';
import type { PlanFaults } from './faults/fault-report.js';
import { faultSimulate } from './faults/fault-simulate.js';
import { simulate, type SimulationResult } from './simulate.js';

export interface PlanRequest {
  readonly collective: CollectiveKind;
  /** NCCL count (schedule/working-buffer.ts). */
  readonly count: number;
  readonly bytesPerElement: number;
  readonly root: number;
  /** `'auto'` or an algorithm name. */
  readonly algorithm: string;
  /** Ring-type algorithms: sub-chunks per segment (≥ 1). */
  readonly pipeline: number;
  /** Keep the per-transfer timeline of the chosen plan. */
  readonly timeline: boolean;
  /** How to price: simulate the schedule, price analytically, or decide by the work. */
  readonly method: TimingMethod | 'auto';
  /** Faults during the run, and the timeout (forces the event simulation). */
  readonly faults?: FaultPlan;
}

/** One row of the algorithm-choice table. */
/** One row of `topo.algorithmTable(…)`: an algorithm, and its predicted time here or why it cannot run. */
export interface AlgorithmCandidate {
  /** The algorithm's registry name. */
  readonly algorithm: string;
  /** One line on what it does. */
  readonly summary: string;
  /** Whether it can run on this topology (links Up, routes available). */
  readonly usable: boolean;
  /** Why it cannot run (when not usable). */
  readonly reason?: string;
  /** Predicted seconds (when usable). */
  readonly seconds?: number;
  /** What priced it (when usable): the event simulation or the closed form. */
  readonly method?: TimingMethod;
}

export interface Plan {
  readonly info: AlgorithmInfo;
  readonly seconds: number;
  readonly method: TimingMethod;
  /** The schedule (simulated plans only). */
  readonly schedule?: Schedule;
  readonly simulation?: SimulationResult;
  /** Bytes and busy seconds per link id, when known (simulated, or from the analytic model). */
  readonly linkBytes?: Float64Array;
  readonly linkBusySeconds?: Float64Array;
  /** Per-step timing when priced without a simulation that records it. */
  readonly steps?: readonly StepTiming[];
  readonly reroutes: readonly Reroute[];
  /** Node path of a (src, dst) pair's route. */
  readonly routeNodes: (src: number, dst: number) => readonly number[];
  readonly table: readonly AlgorithmCandidate[];
  /** What the faults did (plans priced with a fault plan). */
  readonly faults?: PlanFaults;
}

/**
 * Most simulated message-hops `'auto'` spends on one request (all the
 * candidates of its table together): about half a second at the simulator's
 * speed (BENCHMARKS.md), and a few hundred MB at most.
 */
export const SIMULATION_BUDGET = 1 << 22;

/**
 * Most message-hops a request with faults may simulate (faults cannot be
 * priced analytically): 4 × SIMULATION_BUDGET, a few seconds and about a
 * GB at most — beyond, INVALID_USAGE rather than minutes of work.
 */
export const FAULT_SIMULATION_BUDGET = 4 * SIMULATION_BUDGET;

export class Planner {
  private readonly router: Router;
  private readonly cache = new Map<string, Plan>();
  private last: { readonly req: PlanRequest; readonly plan: Plan } | undefined;
  private meanHopsCache: number | undefined;

  constructor(readonly network: Network) {
    this.router = new Router(network);
  }

  /** Predicted time of every algorithm for the collective (NCCL's table), all by one method. */
  table(req: PlanRequest): AlgorithmCandidate[] {
    const infos = algorithmsFor(req.collective);
    const method = this.tableMethod(req, infos);
    return infos.map((info) => {
      try {
        const plan = this.planWith(info, { ...req, timeline: false }, [], method);
        return { algorithm: info.name, summary: info.summary, usable: true, seconds: plan.seconds, method: plan.method };
      } catch (error) {
        // A candidate that cannot run here, or cannot be priced at this scale, is listed with the reason.
        if (error instanceof SpankerError && (error.code === 'LINK_DOWN' || error.code === 'INVALID_USAGE')) {
          return { algorithm: info.name, summary: info.summary, usable: false, reason: error.message };
        }
        throw error;
      }
    });
  }

  /** Choose (or check) the algorithm and price it. Throws before any data moves. */
  plan(req: PlanRequest): Plan {
    // Repeating the last request (a loop over one collective) skips even building the key.
    const last = this.last;
    if (last !== undefined && sameRequest(last.req, req)) return last.plan;
    // A plain string key: JSON.stringify of the request was the largest cost of a small collective.
    const key = `${req.collective}|${req.count}|${req.bytesPerElement}|${req.root}|${req.algorithm}|${req.pipeline}|${req.timeline}|${req.method}|${req.faults?.key ?? ''}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.last = { req, plan: cached };
      return cached;
    }
    let plan: Plan;
    if (req.faults !== undefined) {
      plan = this.planWithFaults(req, req.faults);
    } else if (req.algorithm === 'auto') {
      const infos = algorithmsFor(req.collective);
      const method = this.tableMethod(req, infos);
      const table = this.table(req);
      const best = table.filter((c) => c.usable).sort((a, b) => a.seconds! - b.seconds!)[0];
      if (best === undefined) {
        // Nothing can run: report the reason of the first candidate (they share the broken link).
        this.planWith(infos[0]!, req, table, method); // throws LINK_DOWN
        throw new Error('unreachable');
      }
      plan = this.planWith(findAlgorithm(req.collective, best.algorithm)!, req, table, method);
    } else {
      const info = findAlgorithm(req.collective, req.algorithm);
      if (info === undefined) {
        const names = algorithmsFor(req.collective).map((a) => a.name);
        throw invalidArgumentError('algorithm', `unknown algorithm ${JSON.stringify(req.algorithm)} for ${req.collective} (available: auto, ${names.join(', ')})`, String(req.algorithm));
      }
      plan = this.planWith(info, req, [], this.tableMethod(req, [info]));
    }
    if (this.cache.size > 256) this.cache.clear();
    this.cache.set(key, plan);
    this.last = { req, plan };
    return plan;
  }

  /**
   * The method for a set of candidates: the request's, or with `'auto'`
   * simulation when all of them together stay within SIMULATION_BUDGET.
   */
  tableMethod(req: PlanRequest, infos: readonly AlgorithmInfo[]): TimingMethod {
    if (req.method !== 'auto') return req.method;
    const p = this.network.nSails;
    const hops = this.meanHops();
    let work = 0;
    for (const info of infos) work += messageBound(info.collective, info.name, p, req.pipeline) * hops;
    return work <= SIMULATION_BUDGET ? 'simulate' : 'analytic';
  }

  /**
   * Mean route length over card pairs, in hops: per dimension of a regular
   * shape the mean over coordinate differences (they are independent and
   * uniform for a random pair), or for other graphs the mean over the
   * routes from up to 16 evenly spaced sources.
   */
  meanHops(): number {
    if (this.meanHopsCache !== undefined) return this.meanHopsCache;
    const network = this.network;
    const n = network.nSails;
    let mean = 0;
    const regular = DimensionOrderRoutes.of(network);
    if (regular !== undefined) {
      mean = regular.meanHops();
    } else if (n > 1) {
      const sources = Math.min(n, 16);
      let total = 0;
      let pairs = 0;
      for (let k = 0; k < sources; k++) {
        const src = Math.floor((k * n) / sources);
        for (let dst = 0; dst < n; dst++) {
          const hops = this.router.hops(src, dst);
          if (hops !== undefined && dst !== src) {
            total += hops;
            pairs++;
          }
        }
      }
      mean = pairs > 0 ? total / pairs : 1;
    }
    this.meanHopsCache = mean;
    return mean;
  }

  private planWith(info: AlgorithmInfo, req: PlanRequest, table: readonly AlgorithmCandidate[], method: TimingMethod): Plan {
    const n = this.network.nSails;
    const routeNodes = (src: number, dst: number) => this.nodePath(src, this.router.route(src, dst) ?? []);
    const input: AlgorithmInput = { nSails: n, count: req.count, root: req.root, pipeline: req.pipeline };
    const costs = new RouteCosts(this.network, this.router);
    if (method === 'analytic') {
      const price = priceAnalytically(info, input, req.bytesPerElement, costs, this.meanHops());
      return {
        info, seconds: price.seconds, method: 'analytic', reroutes: costs.reroutes, routeNodes, table,
        ...(price.linkBytes ? { linkBytes: price.linkBytes, linkBusySeconds: price.linkBusySeconds! } : {}),
      };
    }
    const schedule = info.build(input);
    // Routes are resolved once per card pair, in order of first use (LINK_DOWN and reroutes come from RouteCosts).
    const simulation = simulate(schedule, this.network, {
      bytesPerElement: req.bytesPerElement,
      routeOf: (src, dst) => costs.route(src, dst),
      timeline: req.timeline,
    });
    return {
      info, seconds: simulation.seconds, method: 'simulate', schedule, simulation, reroutes: costs.reroutes, routeNodes, table,
      linkBytes: simulation.linkBytes, linkBusySeconds: simulation.linkBusySeconds,
    };
  }

  /**
   * The algorithm chosen (or forced) without the faults, its schedule
   * simulated with them, and the same schedule's fault-free time. Throws
   * LINK_DOWN, CARD_FAILED or TIMEOUT when the faults stop the collective.
   */
  private planWithFaults(req: PlanRequest, faults: FaultPlan): Plan {
    if (req.method === 'analytic') {
      throw invalidArgumentError('method', "faults and timeouts need the event simulation: use method 'simulate' or 'auto'", 'analytic');
    }
    const { faults: _faults, ...rest } = req;
    const healthy: PlanRequest = { ...rest, timeline: false };
    const base = this.plan(healthy);
    const info = base.info;
    const n = this.network.nSails;
    const tooLarge = (work: number) => invalidUsageError(`faults and timeouts need the event simulation, and ${info.collective}/${info.name} on ${n} cards would simulate ${Math.round(work)} message-hops, more than the ${FAULT_SIMULATION_BUDGET} a faulted run may; use fewer cards or a smaller pipeline`);
    // The messages first (cheap, before building anything), then the exact hops of the schedule's routes.
    const messages = messageBound(info.collective, info.name, n, req.pipeline);
    if (messages > FAULT_SIMULATION_BUDGET) throw tooLarge(messages);
    const costs = new RouteCosts(this.network, this.router);
    const schedule = info.build({ nSails: n, count: req.count, root: req.root, pipeline: req.pipeline });
    let work = 0;
    for (let i = 0; i < schedule.transferCount; i++) work += costs.hops(schedule.transferSrc[i]!, schedule.transferDst[i]!);
    if (work > FAULT_SIMULATION_BUDGET) throw tooLarge(work);
    const faultFree = base.method === 'simulate' ? base : this.plan({ ...healthy, algorithm: info.name, method: 'simulate' });
    const simulation = faultSimulate(schedule, this.network, {
      bytesPerElement: req.bytesPerElement,
      routeOf: (src, dst) => costs.route(src, dst),
      timeline: req.timeline,
      plan: faults,
    });
    return {
      info, seconds: simulation.seconds, method: 'simulate', schedule, simulation, reroutes: costs.reroutes,
      routeNodes: (src, dst) => this.nodePath(src, this.router.route(src, dst) ?? []), table: base.table,
      linkBytes: simulation.linkBytes, linkBusySeconds: simulation.linkBusySeconds,
      faults: { plan: faults, log: simulation.faultLog, faultFreeSeconds: faultFree.seconds },
    };
  }

  private nodePath(src: number, route: readonly number[]): number[] {
    return [src, ...route.map((l) => this.network.links[l]!.remoteSail)];
  }
}

function sameRequest(a: PlanRequest, b: PlanRequest): boolean {
  return a.collective === b.collective && a.count === b.count && a.bytesPerElement === b.bytesPerElement && a.root === b.root
    && a.algorithm === b.algorithm && a.pipeline === b.pipeline && a.timeline === b.timeline && a.method === b.method
    && a.faults?.key === b.faults?.key;
}
