/**
 * What a collective returns: what ran, on how much data, and what it would
 * cost on the links — simulated time, nccl-tests' algbw/busbw, bytes per
 * link, a per-step and per-transfer timeline, the route changes made around
 * unusable links — and a Perfetto/Chrome trace of it all.
 */
import type { DType } from './dtype.js';
import type { KernelVariant } from './kernel-runtime.js';
import type { ReductionName } from './reduce-op.js';
import type { CollectiveKind } from './schedule/schedule.js';

export type CollectiveName = CollectiveKind;

/** How data results were computed: the canonical card order, or the algorithm's own order. */
export type Numerics = 'canonical' | 'schedule';

/** How time was obtained: event-driven simulation of the schedule, or the algorithm's closed form. */
export type TimingMethod = 'simulate' | 'analytic';

/** Traffic on one directed link. */
export interface LinkTraffic {
  readonly link: number;
  readonly from: number;
  readonly to: number;
  readonly bytes: number;
  /** Seconds spent serializing. */
  readonly busySeconds: number;
  /** busySeconds / the collective's seconds (0 when it took no time). */
  readonly utilization: number;
}

/** One step of the schedule: when its first transfer left and its last one finished. */
export interface StepTiming {
  readonly step: number;
  readonly start: number;
  readonly end: number;
  readonly transfers: number;
  readonly bytes: number;
}

/** One message of the schedule, as simulated (seconds from the collective's start). */
export interface TransferTiming {
  readonly step: number;
  readonly src: number;
  readonly dst: number;
  readonly bytes: number;
  readonly reduce: boolean;
  /** Node ids the message passed through, src first, dst last. */
  readonly route: readonly number[];
  readonly start: number;
  readonly arrive: number;
  /** When the destination began reducing it (reduce transfers only). */
  readonly reduceStart?: number;
  readonly done: number;
}

/** A card pair whose route changed because a link on its usual route is not Up. */
export interface Reroute {
  readonly src: number;
  readonly dst: number;
  /** Node path with every link Up. */
  readonly planned: readonly number[];
  /** Node path taken. */
  readonly actual: readonly number[];
  /** The links of `planned` that are not Up, as "from→to (State)". */
  readonly unusable: readonly string[];
}

/** One hop of one message on one link, for the trace. */
export interface HopTiming {
  readonly link: number;
  readonly transfer: number;
  readonly start: number;
  readonly end: number;
}

/** Trace Event Format (chrome://tracing, ui.perfetto.dev). */
export interface ChromeTrace {
  readonly traceEvents: readonly Record<string, unknown>[];
  readonly displayTimeUnit: 'ns' | 'ms';
  readonly metadata: Record<string, unknown>;
}

/** nccl-tests' bus-bandwidth factor: the fraction of S each card must move, so busbw compares across card counts. */
export function busBandwidthFactor(collective: CollectiveKind, n: number): number {
  switch (collective) {
    case 'allReduce':
      return (2 * (n - 1)) / n;
    case 'reduceScatter':
    case 'allGather':
    case 'allToAll':
      return (n - 1) / n;
    case 'broadcast':
    case 'reduce':
      return 1;
  }
}

/** nccl-tests' S: bytes of one card's buffer, or of the whole array for AllGather/ReduceScatter, or all of one card's sends for AllToAll. */
export function nccltestsBytes(collective: CollectiveKind, n: number, count: number, bytesPerElement: number): number {
  switch (collective) {
    case 'allReduce':
    case 'broadcast':
    case 'reduce':
      return count * bytesPerElement;
    case 'allGather':
    case 'reduceScatter':
    case 'allToAll':
      return n * count * bytesPerElement;
  }
}

/**
 * @internal The part of a report that depends only on the plan (schedule,
 * simulation, routes): computed on first use, frozen, and shared by every
 * report of that plan — safe to share because nothing in it can change.
 */
export interface PlanDetail {
  readonly totalLinkBytes: number;
  readonly reroutes: readonly Reroute[];
  links(): readonly LinkTraffic[];
  steps(): readonly StepTiming[];
  transfers(): readonly TransferTiming[] | undefined;
  hops(): readonly HopTiming[];
}

export interface ReportFields {
  readonly collective: CollectiveKind;
  readonly op?: ReductionName;
  readonly root?: number;
  readonly dtype: DType;
  readonly nSails: number;
  readonly count: number;
  readonly bytesPerElement: number;
  readonly algorithm: string;
  readonly method: TimingMethod;
  readonly numerics?: Numerics;
  readonly kernels?: KernelVariant;
  readonly staged?: boolean;
  readonly seconds: number;
}

/**
 * What a collective or an estimate returns. Immutable: the object is frozen,
 * and so is everything its getters return.
 */
export class CollectiveReport {
  readonly collective: CollectiveKind;
  /** The reduction op (reducing collectives only). */
  readonly op?: ReductionName;
  /** The root card (broadcast and reduce only). */
  readonly root?: number;
  readonly dtype: DType;
  /** Cards taking part. */
  readonly nSails: number;
  /** The collective's count, as NCCL defines it (see schedule/working-buffer.ts). */
  readonly count: number;
  /** nccl-tests' size S in bytes (the whole array for AllGather and ReduceScatter). */
  readonly bytes: number;
  /** The algorithm whose schedule was priced (and, with schedule numerics, executed). */
  readonly algorithm: string;
  /** Whether `seconds` comes from the event-driven simulator or from analytic pricing. */
  readonly method: TimingMethod;
  /** How the data results were computed (absent for timing-only estimates). */
  readonly numerics?: Numerics;
  /** The kernel build that computed the data (absent for timing-only estimates). */
  readonly kernels?: KernelVariant;
  /** True when plain typed arrays were copied into kernel memory and back. */
  readonly staged?: boolean;
  /** Simulated seconds on the links. */
  readonly seconds: number;
  /** nccl-tests algbw: bytes / seconds in GB/s (GB = 1e9 B); 0 when no link time was needed. */
  readonly algBw: number;
  /** nccl-tests busbw: algBw × the collective's bus factor, in GB/s. */
  readonly busBw: number;
  /** Sum of bytes over all links (a message crossing two links counts twice). */
  readonly totalLinkBytes: number;
  private readonly detail: PlanDetail;

  /** @internal Reports are made by the library (collectives, `Topology.estimate`). */
  constructor(fields: ReportFields, detail: PlanDetail) {
    this.collective = fields.collective;
    if (fields.op !== undefined) this.op = fields.op;
    if (fields.root !== undefined) this.root = fields.root;
    this.dtype = fields.dtype;
    this.nSails = fields.nSails;
    this.count = fields.count;
    this.bytes = nccltestsBytes(fields.collective, fields.nSails, fields.count, fields.bytesPerElement);
    this.algorithm = fields.algorithm;
    this.method = fields.method;
    if (fields.numerics !== undefined) this.numerics = fields.numerics;
    if (fields.kernels !== undefined) this.kernels = fields.kernels;
    if (fields.staged !== undefined) this.staged = fields.staged;
    this.seconds = fields.seconds;
    this.algBw = fields.seconds > 0 ? this.bytes / fields.seconds / 1e9 : 0;
    this.busBw = this.algBw * busBandwidthFactor(fields.collective, fields.nSails);
    this.totalLinkBytes = detail.totalLinkBytes;
    this.detail = detail;
    Object.freeze(this);
  }

  /** Traffic per directed link (every link of the topology, by link id). */
  get links(): readonly LinkTraffic[] {
    return this.detail.links();
  }

  /** Per step: when it started and ended, its messages and bytes (empty when priced analytically without steps). */
  get steps(): readonly StepTiming[] {
    return this.detail.steps();
  }

  /** Every message (absent when the timeline was not kept, or the time was not simulated). */
  get transfers(): readonly TransferTiming[] | undefined {
    return this.detail.transfers();
  }

  /** Card pairs routed around links that are not Up. */
  get reroutes(): readonly Reroute[] {
    return this.detail.reroutes;
  }

  /**
   * The timeline as Trace Event JSON: one track per card (its reductions) and
   * one per link (the messages it serialized), times in microseconds. Load it
   * in ui.perfetto.dev or chrome://tracing. Needs the timeline (`transfers`).
   */
  toChromeTrace(): ChromeTrace {
    const CARDS = 1;
    const LINKS = 2;
    const us = (s: number) => s * 1e6;
    const events: Record<string, unknown>[] = [
      { ph: 'M', pid: CARDS, name: 'process_name', args: { name: 'cards' } },
      { ph: 'M', pid: LINKS, name: 'process_name', args: { name: 'links' } },
    ];
    const hops = this.detail.hops();
    const linkNames = new Map(this.links.map((l) => [l.link, `link ${l.from}→${l.to}`]));
    for (let c = 0; c < this.nSails; c++) events.push({ ph: 'M', pid: CARDS, tid: c, name: 'thread_name', args: { name: `card ${c}` } });
    const usedLinks = new Set(hops.map((h) => h.link));
    for (const link of [...usedLinks].sort((a, b) => a - b)) {
      events.push({ ph: 'M', pid: LINKS, tid: link, name: 'thread_name', args: { name: linkNames.get(link) ?? `link ${link}` } });
    }
    const transfers = this.transfers ?? [];
    for (const hop of hops) {
      const t = transfers[hop.transfer];
      events.push({
        ph: 'X', pid: LINKS, tid: hop.link, ts: us(hop.start), dur: us(hop.end - hop.start),
        name: t ? `step ${t.step}: ${t.src}→${t.dst}` : `transfer ${hop.transfer}`,
        cat: t?.reduce ? 'reduce-send' : 'copy-send',
        args: t ? { bytes: t.bytes, step: t.step, src: t.src, dst: t.dst, route: t.route.join('→') } : {},
      });
    }
    for (const t of transfers) {
      if (t.reduceStart === undefined) continue;
      events.push({
        ph: 'X', pid: CARDS, tid: t.dst, ts: us(t.reduceStart), dur: us(t.done - t.reduceStart),
        name: `reduce step ${t.step} from ${t.src}`, cat: 'reduce', args: { bytes: t.bytes, step: t.step },
      });
    }
    return {
      traceEvents: events,
      displayTimeUnit: 'ns',
      metadata: {
        collective: this.collective, algorithm: this.algorithm, nSails: this.nSails, bytes: this.bytes,
        seconds: this.seconds, algBw: this.algBw, busBw: this.busBw, ...(this.op ? { op: this.op } : {}),
      },
    };
  }

  /** Plain data (for JSON.stringify): every field and the link, step, message and reroute lists (no per-hop records). */
  toJSON(): Record<string, unknown> {
    const { detail: _detail, ...fields } = this as unknown as Record<string, unknown>;
    return {
      ...fields,
      links: this.links, steps: this.steps, ...(this.transfers ? { transfers: this.transfers } : {}), reroutes: this.reroutes,
    };
  }
}
