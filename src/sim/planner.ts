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
 */
import { invalidArgumentError, linkDownError, SpankerError } from '../errors.js';
import { LinkState } from '../link.js';
import { Network } from '../network/network.js';
import { Router } from '../network/routing.js';
import { algorithmsFor, findAlgorithm, type AlgorithmInfo } from '../schedule/registry.js';
import type { CollectiveKind, Schedule } from '../schedule/schedule.js';
import type { Reroute, TimingMethod } from '../report.js';
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
  /** How to price: simulate the schedule, use the closed form, or decide by size. */
  readonly method: TimingMethod | 'auto';
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
  readonly reroutes: readonly Reroute[];
  /** Node path of a (src, dst) pair's route. */
  readonly routeNodes: (src: number, dst: number) => readonly number[];
  readonly table: readonly AlgorithmCandidate[];
}

/**
 * Simulate when the schedule stays small enough to run in about a second;
 * beyond, use the closed form. Schedules grow roughly as n²·pipeline transfers
 * for the ring algorithms (2(n−1) steps of n messages, each split `pipeline`
 * ways), the largest of the registry.
 */
const SIMULATE_LIMIT = 1 << 21;

function shouldSimulate(req: PlanRequest, nSails: number): boolean {
  if (req.method !== 'auto') return req.method === 'simulate';
  return nSails * nSails * req.pipeline <= SIMULATE_LIMIT;
}

export class Planner {
  private readonly router: Router;
  private readonly plannedRouter: Router;
  private readonly cache = new Map<string, Plan>();
  private last: { readonly req: PlanRequest; readonly plan: Plan } | undefined;

  constructor(readonly network: Network) {
    this.router = new Router(network);
    const allUp = network.links.some((l) => l.state !== LinkState.Up)
      ? new Network({ ...networkInit(network), links: network.links.map((l) => ({ ...l, state: LinkState.Up })) })
      : network;
    this.plannedRouter = allUp === network ? this.router : new Router(allUp);
  }

  /** Predicted time of every algorithm for the collective (NCCL's table). */
  table(req: PlanRequest): AlgorithmCandidate[] {
    return algorithmsFor(req.collective).map((info) => {
      try {
        const plan = this.planWith(info, { ...req, timeline: false }, []);
        return { algorithm: info.name, summary: info.summary, usable: true, seconds: plan.seconds, method: plan.method };
      } catch (error) {
        if (error instanceof SpankerError && error.code === 'LINK_DOWN') {
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
    const key = `${req.collective}|${req.count}|${req.bytesPerElement}|${req.root}|${req.algorithm}|${req.pipeline}|${req.timeline}|${req.method}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.last = { req, plan: cached };
      return cached;
    }
    let plan: Plan;
    if (req.algorithm === 'auto') {
      const table = this.table(req);
      const best = table.filter((c) => c.usable).sort((a, b) => a.seconds! - b.seconds!)[0];
      if (best === undefined) {
        // Nothing can run: report the reason of the first candidate (they share the broken link).
        const info = algorithmsFor(req.collective)[0]!;
        this.planWith(info, req, table); // throws LINK_DOWN
        throw new Error('unreachable');
      }
      plan = this.planWith(findAlgorithm(req.collective, best.algorithm)!, req, table);
    } else {
      const info = findAlgorithm(req.collective, req.algorithm);
      if (info === undefined) {
        const names = algorithmsFor(req.collective).map((a) => a.name);
        throw invalidArgumentError('algorithm', `unknown algorithm ${JSON.stringify(req.algorithm)} for ${req.collective} (available: auto, ${names.join(', ')})`, String(req.algorithm));
      }
      plan = this.planWith(info, req, []);
    }
    if (this.cache.size > 256) this.cache.clear();
    this.cache.set(key, plan);
    this.last = { req, plan };
    return plan;
  }

  private planWith(info: AlgorithmInfo, req: PlanRequest, table: readonly AlgorithmCandidate[]): Plan {
    const n = this.network.nSails;
    const routeNodes = (src: number, dst: number) => this.nodePath(src, this.router.route(src, dst) ?? []);
    if (!shouldSimulate(req, n)) {
      this.checkAllPairs(info);
      const c = this.costParameters();
      return { info, seconds: info.cost(n, req.count, req.bytesPerElement, c, req.pipeline), method: 'analytic', reroutes: [], routeNodes, table };
    }
    const schedule = info.build({ nSails: n, count: req.count, root: req.root, pipeline: req.pipeline });
    const routes = new Map<number, readonly number[]>();
    const reroutes: Reroute[] = [];
    for (let i = 0; i < schedule.transferCount; i++) {
      const src = schedule.transferSrc[i]!;
      const dst = schedule.transferDst[i]!;
      const key = src * n + dst;
      if (routes.has(key)) continue;
      const route = this.router.route(src, dst);
      const planned = this.plannedRouter.route(src, dst);
      if (route === undefined) throw this.linkDown(src, dst, planned);
      routes.set(key, route);
      if (planned !== undefined && !sameRoute(planned, route)) {
        reroutes.push({
          src, dst,
          planned: this.nodePath(src, planned),
          actual: this.nodePath(src, route),
          unusable: planned.filter((l) => this.network.links[l]!.state !== LinkState.Up).map((l) => {
            const link = this.network.links[l]!;
            return `${link.localSail}→${link.remoteSail} (${link.state})`;
          }),
        });
      }
    }
    const simulation = simulate(schedule, this.network, {
      bytesPerElement: req.bytesPerElement,
      routeOf: (src, dst) => routes.get(src * n + dst)!,
      timeline: req.timeline,
    });
    return { info, seconds: simulation.seconds, method: 'simulate', schedule, simulation, reroutes, routeNodes, table };
  }

  /**
   * For closed-form pricing (the schedule is not built): check the card pairs
   * the algorithm needs. Ring-type algorithms need each card's successor —
   * one direct Up link each, O(n), else a route. The others may address any
   * pair: all pairs up to 64 cards; beyond, card 0's routes to every card and
   * back (a route search per source would make a 4096-card estimate slow).
   */
  private checkAllPairs(info: AlgorithmInfo): void {
    const n = this.network.nSails;
    const check = (src: number, dst: number) => {
      if (src === dst) return;
      const direct = this.network.linkIndex(src, dst);
      if (direct !== undefined && this.network.links[direct]!.state === LinkState.Up) return;
      if (this.router.route(src, dst) === undefined) throw this.linkDown(src, dst, this.plannedRouter.route(src, dst));
    };
    if (info.natural.length === 1 && info.natural[0] === 'ring') {
      for (let src = 0; src < n; src++) check(src, (src + 1) % n);
      return;
    }
    const sources = n <= 64 ? n : 1;
    for (let src = 0; src < sources; src++) for (let dst = 0; dst < n; dst++) check(src, dst);
    if (sources === 1) for (let src = 1; src < n; src++) check(src, 0);
  }

  /** α, β, γ for closed forms: the slowest Up link and card (exact on uniform natural topologies). */
  costParameters(): { alpha: number; beta: number; gamma: number } {
    let alpha = 0;
    let minBandwidth = Infinity;
    for (const link of this.network.links) {
      if (link.state !== LinkState.Up) continue;
      alpha = Math.max(alpha, link.latency);
      minBandwidth = Math.min(minBandwidth, link.bandwidth);
    }
    const gamma = Math.max(0, ...this.network.cards.map((c) => c.reduceSecondsPerByte));
    return { alpha, beta: minBandwidth === Infinity ? 0 : 1 / minBandwidth, gamma };
  }

  private linkDown(src: number, dst: number, planned: readonly number[] | undefined): SpankerError {
    const broken = planned?.map((l) => this.network.links[l]!).find((l) => l.state !== LinkState.Up);
    return linkDownError(src, dst, broken && { from: broken.localSail, to: broken.remoteSail, state: broken.state });
  }

  private nodePath(src: number, route: readonly number[]): number[] {
    return [src, ...route.map((l) => this.network.links[l]!.remoteSail)];
  }
}

function sameRequest(a: PlanRequest, b: PlanRequest): boolean {
  return a.collective === b.collective && a.count === b.count && a.bytesPerElement === b.bytesPerElement && a.root === b.root
    && a.algorithm === b.algorithm && a.pipeline === b.pipeline && a.timeline === b.timeline && a.method === b.method;
}

function sameRoute(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

function networkInit(network: Network) {
  return {
    kind: network.kind, nSails: network.nSails, nSwitches: network.nSwitches, links: network.links,
    cards: network.cards, dims: network.dims, preset: network.preset,
  };
}
