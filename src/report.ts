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
import type { FaultReport } from './sim/faults/fault-report.js';

/** A collective's name in reports: the same names as CollectiveKind (`'allReduce'`, …). */
export type CollectiveName = CollectiveKind;

/** How data results were computed: the canonical card order, or the algorithm's own order. */
export type Numerics = 'canonical' | 'schedule';

/** How time was obtained: event-driven simulation of the schedule, or the algorithm's closed form. */
export type TimingMethod = 'simulate' | 'analytic';

/** Traffic on one directed link. */
export interface LinkTraffic {
  /** Link id (index into `topo.links`). */
  readonly link: number;
  /** Node the link leaves. */
  readonly from: number;
  /** Node the link enters. */
  readonly to: number;
  /** Bytes the link carried (a message crossing two links counts on each). */
  readonly bytes: number;
  /** Seconds spent serializing. */
  readonly busySeconds: number;
  /** busySeconds / the collective's seconds (0 when it took no time). */
  readonly utilization: number;
}

/** One step of the schedule: when its first transfer left and its last one finished. */
export interface StepTiming {
  /** Step number, 0-based. */
  readonly step: number;
  /** Seconds from the collective's start when the step's first transfer left. */
  readonly start: number;
  /** Seconds from the collective's start when the step's last transfer finished (reductions included). */
  readonly end: number;
  /** Messages in the step. */
  readonly transfers: number;
  /** Bytes the step's messages carry (each counted once, whatever its hops). */
  readonly bytes: number;
}

/** One message of the schedule, as simulated (seconds from the collective's start). */
export interface TransferTiming {
  /** The schedule step it belongs to. */
  readonly step: number;
  /** Sending card. */
  readonly src: number;
  /** Receiving card. */
  readonly dst: number;
  /** Payload bytes. */
  readonly bytes: number;
  /** True when the destination reduces the data into its own (false: it stores a copy). */
  readonly reduce: boolean;
  /** Node ids the message passed through, src first, dst last. */
  readonly route: readonly number[];
  /** When its first byte left the source, seconds. */
  readonly start: number;
  /** When its last byte reached the destination, seconds. */
  readonly arrive: number;
  /** When the destination began reducing it (reduce transfers only). */
  readonly reduceStart?: number;
  /** When its data was final at the destination (after the reduction, for reduce transfers), seconds. */
  readonly done: number;
  /** How many times it was sent, when a fault lost it and its source sent it again (absent: once). */
  readonly attempts?: number;
}

/** A card pair whose route changed because a link on its usual route is not Up. */
export interface Reroute {
  /** Sending card. */
  readonly src: number;
  /** Receiving card. */
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
  /** True when a fault cut the hop short (`end` is when the fault struck): the message was lost and resent. */
  readonly lost?: boolean;
  /** Which sending of its message the hop belongs to, when not the first (1: the first resend). */
  readonly attempt?: number;
}

/** Trace Event Format (chrome://tracing, ui.perfetto.dev). */
export interface ChromeTrace {
  /** The events: process and thread names, then one complete event (`ph: 'X'`) per reduction and per message hop, times in µs. */
  readonly traceEvents: readonly Record<string, unknown>[];
  /** How viewers show times. */
  readonly displayTimeUnit: 'ns' | 'ms';
  /** What ran: collective, algorithm, bytes, cards, seconds, and the like. */
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
 * The part of a report that depends only on the plan (schedule, simulation,
 * routes): computed on first use, frozen, and shared by every report of that
 * plan — safe to share because nothing in it can change.
 * @hidden Built by the library (src/sim/report-builder.ts).
 */
export interface PlanDetail {
  /** Sum of bytes over all links. */
  readonly totalLinkBytes: number;
  /** Card pairs routed around links that are not Up. */
  readonly reroutes: readonly Reroute[];
  /** Traffic per link. */
  links(): readonly LinkTraffic[];
  /** Per-step timing. */
  steps(): readonly StepTiming[];
  /** Every message, when the timeline was kept. */
  transfers(): readonly TransferTiming[] | undefined;
  /** Every hop of every message, when the timeline was kept. */
  hops(): readonly HopTiming[];
  /** The lower bound of this collective on this network (src/sim/lower-bound.ts). */
  bound(): number;
  /** The chunking and channels priced. */
  readonly pipeline: number;
  readonly channels: number;
  /** What the faults did, for a plan priced with faults. */
  faults(): FaultReport | undefined;
}

/** What a CollectiveReport is built from (the library builds reports; see CollectiveReport for each field's meaning). */
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
 * What every collective and every estimate returns: what ran, on how much
 * data, and what it costs on the modelled links. Immutable: the object is
 * frozen, and so is everything its getters return.
 *
 * @example
 * ```ts
 * const topo = await Topology.ring(8, { bidirectional: true });
 * const report = topo.estimate('allReduce', { bytes: 4 << 20 });
 * console.log(report.algorithm, report.method, report.seconds, report.busBw);
 * for (const l of report.links) if (l.bytes > 0) console.log(`${l.from}→${l.to}: ${l.bytes} B, ${(100 * l.utilization).toFixed(1)} % busy`);
 * ```
 */
export class CollectiveReport {
  /** Which collective ran. */
  readonly collective: CollectiveKind;
  /** The reduction op (reducing collectives only). */
  readonly op?: ReductionName;
  /** The root card (broadcast and reduce only). */
  readonly root?: number;
  /** Element type of the data. */
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

  /** @hidden Reports are built by the library (src/sim/report-builder.ts): collectives and estimates return them. */
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

  /** Sub-chunks per message of the priced schedule (1: not pipelined), as chosen by the planner or forced. */
  get pipeline(): number {
    return this.detail.pipeline;
  }

  /** Rings sharing the data in the priced schedule (1 for algorithms without channels). */
  get channels(): number {
    return this.detail.channels;
  }

  /**
   * Seconds no algorithm can beat for this collective on this network and its
   * link and card models (src/sim/lower-bound.ts: each card's send and
   * receive capacity, cuts, reducing work, latency). Computed on first read.
   */
  get bound(): number {
    return this.detail.bound();
  }

  /** bound / seconds: how close the priced plan is to the ceiling (1 when it takes no time). */
  get efficiency(): number {
    if (!(this.seconds > 0)) return 1;
    // A plan that meets the bound exactly can come out a few ulps faster by rounding: that is 1, not 1.000…03.
    const ratio = this.detail.bound() / this.seconds;
    return ratio > 1 && ratio <= 1 + 1e-9 ? 1 : ratio;
  }

  /**
   * With a fault plan (`options.faults`, `timeout`): each fault and what it
   * did, the messages lost and resent and those rerouted, and the time the
   * faults added. Absent without one.
   */
  get faults(): FaultReport | undefined {
    return this.detail.faults();
  }

  /**
   * The timeline as Trace Event JSON: one track per card (its reductions) and
   * one per link (the messages it serialized), times in microseconds. Load it
   * in ui.perfetto.dev or chrome://tracing. Needs the timeline (`transfers`).
   * With faults, a hop a fault cut short is in category `lost` (named
   * `lost: …`), the hops of a resent message in `resend`, and a third
   * process, `faults`, has one track per fault with a slice for the time
   * its link was down or degraded (to the end of the run for good).
   */
  toChromeTrace(): ChromeTrace {
    const CARDS = 1;
    const LINKS = 2;
    const FAULTS = 3;
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
      const name = t ? `step ${t.step}: ${t.src}→${t.dst}` : `transfer ${hop.transfer}`;
      events.push({
        ph: 'X', pid: LINKS, tid: hop.link, ts: us(hop.start), dur: us(hop.end - hop.start),
        name: hop.lost ? `lost: ${name}` : hop.attempt ? `resend: ${name}` : name,
        cat: hop.lost ? 'lost' : hop.attempt ? 'resend' : t?.reduce ? 'reduce-send' : 'copy-send',
        args: {
          ...(t ? { bytes: t.bytes, step: t.step, src: t.src, dst: t.dst, route: t.route.join('→') } : {}),
          // A lost hop and its resend name their message, so a viewer can join them.
          ...(hop.lost || hop.attempt ? { transfer: hop.transfer } : {}),
          ...(hop.lost ? { lost: true } : {}), ...(hop.attempt ? { attempt: hop.attempt } : {}),
        },
      });
    }
    const faults = this.faults;
    if (faults !== undefined) {
      events.push({ ph: 'M', pid: FAULTS, name: 'process_name', args: { name: 'faults' } });
      for (const f of faults.faults) {
        if (!f.struck) continue;
        const what = f.link ? `link ${f.link.from}→${f.link.to}` : `card ${f.card}`;
        const state = f.bandwidthFactor !== undefined ? `×${f.bandwidthFactor} bandwidth` : f.becomes;
        const end = f.until ?? Math.max(this.seconds, f.at!);
        events.push({ ph: 'M', pid: FAULTS, tid: f.index, name: 'thread_name', args: { name: `fault ${f.index}: ${what}` } });
        events.push({
          ph: 'X', pid: FAULTS, tid: f.index, ts: us(f.at!), dur: us(end - f.at!), name: `${what} ${state}`, cat: 'fault',
          args: { lost: f.lost, rerouted: f.rerouted, delayed: f.delayed, ...(f.until === undefined ? {} : { until: f.until }) },
        });
      }
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
        ...(faults ? { faultFreeSeconds: faults.faultFreeSeconds, addedSeconds: faults.addedSeconds, resentMessages: faults.resentMessages } : {}),
      },
    };
  }

  /** Plain data (for JSON.stringify): every field and the link, step, message and reroute lists (no per-hop records). */
  toJSON(): Record<string, unknown> {
    const { detail: _detail, ...fields } = this as unknown as Record<string, unknown>;
    return {
      ...fields,
      pipeline: this.pipeline, channels: this.channels, bound: this.bound, efficiency: this.efficiency,
      links: this.links, steps: this.steps, ...(this.transfers ? { transfers: this.transfers } : {}), reroutes: this.reroutes,
      ...(this.faults ? { faults: this.faults } : {}),
    };
  }
}
