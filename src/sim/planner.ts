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
import { atomVisitBound, messageBound } from '../schedule/message-counts.js';
import { algorithmsFor, findAlgorithm, type AlgorithmInfo } from '../schedule/registry.js';
import type { CollectiveKind, Schedule } from '../schedule/schedule.js';
import type { Reroute, StepTiming, TimingMethod } from '../report.js';
import { priceAnalytically } from './analytic/price.js';
import { algorithmLowerBound } from './algorithm-bound.js';
import { RouteBook, RouteCosts } from './analytic/route-costs.js';
import type { FaultPlan } from './faults/fault-plan.js';
import type { PlanFaults } from './faults/fault-report.js';
import { faultSimulate } from './faults/fault-simulate.js';
import { simulate, type SimulationResult } from './simulate.js';
import { RingOrderCache, variantsOf, type Variant, type VariantRequest } from './variants.js';

export interface PlanRequest {
  readonly collective: CollectiveKind;
  /** NCCL count (schedule/working-buffer.ts). */
  readonly count: number;
  readonly bytesPerElement: number;
  readonly root: number;
  /** `'auto'` or an algorithm name. */
  readonly algorithm: string;
  /** Sub-chunks per message of the pipelined algorithms; undefined: the planner chooses (variants.ts). */
  readonly pipeline: number | undefined;
  /** Rings of the ring algorithms; undefined: the planner chooses. */
  readonly channels: number | undefined;
  /** Keep the per-transfer timeline of the chosen plan. */
  readonly timeline: boolean;
  /** How to price: simulate the schedule, price analytically, or decide by the work. */
  readonly method: TimingMethod | 'auto';
  /** Faults during the run, and the timeout (forces the event simulation). */
  readonly faults?: FaultPlan;
}

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
  /** What priced it (when usable): the event simulation or analytic pricing. */
  readonly method?: TimingMethod;
  /** The chunking (sub-chunks per message) and channels the time is for (when usable): the fastest the planner tried, or the ones forced. */
  readonly pipeline?: number;
  /** Rings sharing the data, NCCL's channels (when usable): 1, 2 or 4 for the ring algorithms, up to what the network carries side by side; 1 for the others. */
  readonly channels?: number;
}

export interface Plan {
  readonly info: AlgorithmInfo;
  /** What the schedule builder gets: cards, count, root, pipeline, ring orders and dims. */
  readonly input: AlgorithmInput;
  readonly pipeline: number;
  readonly channels: number;
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
 * Most simulation work `'auto'` spends on one request, all the candidates of
 * its table together: messages × (hops + 1), the 1 for what each message
 * costs besides its hops (its dependencies, its events), plus a quarter of
 * the buffer pieces the messages span (atomVisitBound: the dependency
 * analysis visits each, and a butterfly's p² of them dominate on thousands
 * of cards). A few tenths of a second at the simulator's speed (BENCHMARKS.md;
 * 0.3 s for auto's simulated AllReduce table on a 128-card switch), and a few
 * hundred MB at most.
 */
export const SIMULATION_BUDGET = 1 << 21;

/**
 * Most message-hops a request with faults may simulate (faults cannot be
 * priced analytically): 2²⁴, a few seconds and about a GB at most — beyond,
 * INVALID_USAGE rather than minutes of work.
 */
export const FAULT_SIMULATION_BUDGET = 1 << 24;

/**
 * How far above the best price found `auto` lets a candidate's lower bound
 * come before it skips pricing it (branch and bound, pricedTable): 1 %. A
 * skipped candidate then costs at least best / 1.01, so auto's analytic
 * choice is never more than 1 % slower than the fastest of the full table —
 * and is that fastest one whenever no bound comes within 1 % of it. What the
 * margin buys: two algorithms priced alike (recursive doubling and Bruck
 * AllGather on a 16,384-card multi-dimensional network, 0.2 % apart, a
 * second of phase model each) need not both be priced.
 */
export const AUTO_BOUND_TOLERANCE = 0.01;

export class Planner {
  private readonly router: Router;
  private readonly cache = new Map<string, Plan>();
  private last: { readonly req: PlanRequest; readonly plan: Plan } | undefined;
  /**
   * What the last choice among variants cost: variants priced, and variants
   * skipped because their algorithm bound exceeded the best price found
   * (branch and bound, pricedTable). For tests and benchmarks.
   */
  readonly work = { priced: 0, skipped: 0 };
  private meanHopsCache: number | undefined;
  private readonly rings: RingOrderCache;
  /** Routes shared by every plan of this planner (bounded: route-costs.ts). */
  private readonly book = new RouteBook();

  constructor(readonly network: Network) {
    this.router = new Router(network);
    this.rings = new RingOrderCache(network);
  }

  /**
   * Predicted time of every algorithm for the collective (NCCL's table), all
   * by one method: each algorithm's fastest variant (chunking, channels).
   */
  table(req: PlanRequest): AlgorithmCandidate[] {
    return this.pricedTable(req).map((row) => row.candidate);
  }

  /**
   * Each algorithm's fastest variant. With `prune` (auto's own choice, when
   * priced analytically), branch and bound: every variant's algorithm bound
   * (algorithm-bound.ts) is computed first, variants are priced from the
   * lowest bound up, and one whose bound comes within AUTO_BOUND_TOLERANCE
   * of the best price found, or above it, is not priced at all — it could
   * not be chosen, or be more than 1 % faster. An algorithm none of whose
   * variants was priced is listed as not usable, with the bound as the reason.
   */
  private pricedTable(req: PlanRequest, prune = false): { candidate: AlgorithmCandidate; best?: Variant; plan?: Plan }[] {
    const infos = algorithmsFor(req.collective);
    const variants = infos.map((info) => variantsOf(info, this.network, this.variantRequest(req, true), this.rings));
    const method = this.tableMethod(req, variants);
    const bounded = prune && method === 'analytic';
    // Variants in the order they are priced: by bound when pruning, else as listed.
    const queue: { algorithm: number; index: number; variant: Variant; bound: number }[] = [];
    variants.forEach((list, algorithm) => {
      if (typeof list === 'string') return;
      list.forEach((variant, index) => {
        const bound = bounded ? algorithmLowerBound(variant.info, this.network, variant.input, req.bytesPerElement) : 0;
        queue.push({ algorithm, index, variant, bound });
      });
    });
    if (bounded) queue.sort((x, y) => x.bound - y.bound || x.algorithm - y.algorithm || x.index - y.index);
    const best: ({ variant: Variant; index: number; seconds: number; method: TimingMethod } | undefined)[] = infos.map(() => undefined);
    // The fastest plan of all (ties: the algorithm, then the variant, listed first — auto's choice), kept for plan() to
    // reuse; only that one, since a phase-model plan holds two arrays per link.
    let chosen: { plan: Plan; algorithm: number; index: number } | undefined;
    const failure: (string | undefined)[] = infos.map(() => undefined);
    const skipped: (number | undefined)[] = infos.map(() => undefined);
    let overall = Infinity;
    this.work.priced = 0;
    this.work.skipped = 0;
    for (const { algorithm, index, variant, bound } of queue) {
      if (bound * (1 + AUTO_BOUND_TOLERANCE) > overall) {
        skipped[algorithm] = Math.min(skipped[algorithm] ?? Infinity, bound);
        this.work.skipped++;
        continue;
      }
      this.work.priced++;
      try {
        const plan = this.planWith(variant, { ...req, timeline: false }, [], method);
        const current = best[algorithm];
        // Ties go to the variant listed first, as when every variant is priced in order.
        if (current === undefined || plan.seconds < current.seconds || (plan.seconds === current.seconds && index < current.index)) {
          best[algorithm] = { variant, index, seconds: plan.seconds, method: plan.method };
        }
        if (chosen === undefined || plan.seconds < chosen.plan.seconds
          || (plan.seconds === chosen.plan.seconds && (algorithm < chosen.algorithm || (algorithm === chosen.algorithm && index < chosen.index)))) {
          chosen = { plan, algorithm, index };
        }
        if (plan.seconds < overall) overall = plan.seconds;
      } catch (error) {
        // A candidate that cannot run here, or cannot be priced at this scale, is listed with the reason (its last variant's).
        if (error instanceof SpankerError && (error.code === 'LINK_DOWN' || error.code === 'INVALID_USAGE')) {
          if (index === (variants[algorithm] as Variant[]).length - 1 || failure[algorithm] === undefined) failure[algorithm] = error.message;
          continue;
        }
        throw error;
      }
    }
    return infos.map((info, i) => {
      const list = variants[i]!;
      if (typeof list === 'string') return { candidate: { algorithm: info.name, summary: info.summary, usable: false, reason: list } };
      const found = best[i];
      if (found === undefined) {
        const reason = failure[i] ?? (skipped[i] !== undefined
          ? `not priced: it takes at least ${skipped[i]} s here (its algorithm bound), within ${AUTO_BOUND_TOLERANCE * 100} % of the fastest algorithm priced or more`
          : 'no variant could be priced');
        return { candidate: { algorithm: info.name, summary: info.summary, usable: false, reason } };
      }
      return {
        candidate: {
          algorithm: info.name, summary: info.summary, usable: true, seconds: found.seconds, method: found.method,
          pipeline: found.variant.pipeline, channels: found.variant.channels,
        },
        best: found.variant,
        ...(chosen?.algorithm === i ? { plan: chosen.plan } : {}),
      };
    });
  }

  /** Choose (or check) the algorithm and price it. Throws before any data moves. */
  plan(req: PlanRequest): Plan {
    // Repeating the last request (a loop over one collective) skips even building the key.
    const last = this.last;
    if (last !== undefined && sameRequest(last.req, req)) return last.plan;
    // A plain string key: JSON.stringify of the request was the largest cost of a small collective.
    const key = `${req.collective}|${req.count}|${req.bytesPerElement}|${req.root}|${req.algorithm}|${req.pipeline}|${req.channels}|${req.timeline}|${req.method}|${req.faults?.key ?? ''}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.last = { req, plan: cached };
      return cached;
    }
    let plan: Plan;
    if (req.faults !== undefined) {
      plan = this.planWithFaults(req, req.faults);
    } else if (req.algorithm === 'auto') {
      const rows = this.pricedTable(req, true);
      const table = rows.map((row) => row.candidate);
      let best: { variant: Variant; seconds: number; plan: Plan | undefined } | undefined;
      for (const row of rows) {
        if (row.best !== undefined && (best === undefined || row.candidate.seconds! < best.seconds)) best = { variant: row.best, seconds: row.candidate.seconds!, plan: row.plan };
      }
      const method = this.tableMethod(req, algorithmsFor(req.collective).map((info) => variantsOf(info, this.network, this.variantRequest(req, true), this.rings)));
      if (best === undefined) {
        // Nothing can run: report the reason of the first candidate (they share the broken link).
        const first = variantsOf(algorithmsFor(req.collective)[0]!, this.network, this.variantRequest(req, false), this.rings) as Variant[];
        this.planWith(first[0]!, req, table, method); // throws LINK_DOWN
        throw new Error('unreachable');
      }
      // The table priced the winner already (without a timeline): reuse it unless a simulation must record one.
      plan = best.plan !== undefined && (method === 'analytic' || !req.timeline) ? { ...best.plan, table } : this.planWith(best.variant, req, table, method);
    } else {
      const info = findAlgorithm(req.collective, req.algorithm);
      if (info === undefined) {
        const names = algorithmsFor(req.collective).map((a) => a.name);
        throw invalidArgumentError('algorithm', `unknown algorithm ${JSON.stringify(req.algorithm)} for ${req.collective} (available: auto, ${names.join(', ')})`, String(req.algorithm));
      }
      const variants = variantsOf(info, this.network, this.variantRequest(req, false), this.rings) as Variant[];
      const method = this.tableMethod(req, [variants]);
      let chosen: Plan | undefined;
      let failure: unknown;
      // Priced analytically, variants go from the lowest algorithm bound up, and one whose bound exceeds the best price is skipped.
      const bounds = variants.map((v) => (method === 'analytic' && variants.length > 1 ? algorithmLowerBound(info, this.network, v.input, req.bytesPerElement) : 0));
      const order = variants.map((_, i) => i).sort((x, y) => bounds[x]! - bounds[y]! || x - y);
      let chosenIndex = -1;
      this.work.priced = 0;
      this.work.skipped = 0;
      for (const i of order) {
        if (chosen !== undefined && bounds[i]! > chosen.seconds) {
          this.work.skipped++;
          continue;
        }
        this.work.priced++;
        try {
          const priced = this.planWith(variants[i]!, variants.length > 1 ? { ...req, timeline: false } : req, [], method);
          if (chosen === undefined || priced.seconds < chosen.seconds || (priced.seconds === chosen.seconds && i < chosenIndex)) {
            chosen = priced;
            chosenIndex = i;
          }
        } catch (error) {
          failure ??= error;
        }
      }
      if (chosen === undefined) throw failure;
      // Price the chosen variant again with the request's timeline when variants were compared without one.
      plan = variants.length > 1 && req.timeline ? this.planWith(variants.find((v) => v.pipeline === chosen!.pipeline && v.channels === chosen!.channels)!, req, [], method) : chosen;
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
  tableMethod(req: PlanRequest, variants: readonly (readonly Variant[] | string)[]): TimingMethod {
    if (req.method !== 'auto') return req.method;
    const p = this.network.nSails;
    const hops = this.meanHops();
    let work = 0;
    for (const list of variants) {
      if (typeof list === 'string') continue;
      for (const v of list) {
        work += messageBound(v.info.collective, v.info.name, p, v.pipeline, v.channels) * (hops + 1);
        // Dependency analysis visits every atom a message spans: a quarter of a message-hop's cost each (measured:
        // ~20 ns vs ~90 ns) — what makes a butterfly of few, wide messages expensive to simulate on thousands of cards.
        work += atomVisitBound(v.info.collective, v.info.name, p, v.pipeline, v.channels) / 4;
      }
    }
    return work <= SIMULATION_BUDGET ? 'simulate' : 'analytic';
  }

  private variantRequest(req: PlanRequest, auto: boolean): VariantRequest {
    return {
      count: req.count, bytesPerElement: req.bytesPerElement, root: req.root, auto,
      ...(req.pipeline !== undefined ? { pipeline: req.pipeline } : {}),
      ...(req.channels !== undefined ? { channels: req.channels } : {}),
    };
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

  private planWith(variant: Variant, req: PlanRequest, table: readonly AlgorithmCandidate[], method: TimingMethod): Plan {
    const { info, input, pipeline, channels } = variant;
    const routeNodes = (src: number, dst: number) => this.nodePath(src, this.router.route(src, dst) ?? []);
    const costs = new RouteCosts(this.network, this.router, this.book);
    if (method === 'analytic') {
      const price = priceAnalytically(info, input, req.bytesPerElement, costs, this.meanHops());
      return {
        info, input, pipeline, channels, seconds: price.seconds, method: 'analytic', reroutes: costs.reroutes, routeNodes, table,
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
      info, input, pipeline, channels, seconds: simulation.seconds, method: 'simulate', schedule, simulation, reroutes: costs.reroutes, routeNodes, table,
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
    const { info, input, pipeline, channels } = base;
    const n = this.network.nSails;
    const tooLarge = (work: number) => invalidUsageError(`faults and timeouts need the event simulation, and ${info.collective}/${info.name} on ${n} cards would simulate ${Math.round(work)} message-hops, more than the ${FAULT_SIMULATION_BUDGET} a faulted run may; use fewer cards or a smaller pipeline`);
    // The messages first (cheap, before building anything), then the exact hops of the schedule's routes.
    const messages = messageBound(info.collective, info.name, n, pipeline, channels);
    if (messages > FAULT_SIMULATION_BUDGET) throw tooLarge(messages);
    const costs = new RouteCosts(this.network, this.router, this.book);
    // The very schedule the healthy plan priced (its chunking, channels and ring orders).
    const schedule = base.schedule ?? info.build(input);
    let work = 0;
    for (let i = 0; i < schedule.transferCount; i++) work += costs.hops(schedule.transferSrc[i]!, schedule.transferDst[i]!);
    if (work > FAULT_SIMULATION_BUDGET) throw tooLarge(work);
    const routeOf = (src: number, dst: number) => costs.route(src, dst);
    const faultFreeSeconds = base.method === 'simulate'
      ? base.seconds
      : simulate(schedule, this.network, { bytesPerElement: req.bytesPerElement, routeOf, timeline: false }).seconds;
    const simulation = faultSimulate(schedule, this.network, { bytesPerElement: req.bytesPerElement, routeOf, timeline: req.timeline, plan: faults });
    return {
      info, input, pipeline, channels, seconds: simulation.seconds, method: 'simulate', schedule, simulation, reroutes: costs.reroutes,
      routeNodes: (src, dst) => this.nodePath(src, this.router.route(src, dst) ?? []), table: base.table,
      linkBytes: simulation.linkBytes, linkBusySeconds: simulation.linkBusySeconds,
      faults: { plan: faults, log: simulation.faultLog, faultFreeSeconds },
    };
  }

  private nodePath(src: number, route: readonly number[]): number[] {
    return [src, ...route.map((l) => this.network.links[l]!.remoteSail)];
  }
}

function sameRequest(a: PlanRequest, b: PlanRequest): boolean {
  return a.collective === b.collective && a.count === b.count && a.bytesPerElement === b.bytesPerElement && a.root === b.root
    && a.algorithm === b.algorithm && a.pipeline === b.pipeline && a.channels === b.channels && a.timeline === b.timeline && a.method === b.method
    && a.faults?.key === b.faults?.key;
}
