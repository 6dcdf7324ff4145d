/**
 * One spanker-perf row: for one size, type, op and root, the real collective
 * out of place and in place — checked, then timed on the host — and its
 * simulated cost; or, with --analytic, the price alone.
 */
import { bytesPerElement, type DType } from '../dtype.js';
import type { CollectiveReport } from '../report.js';
import type { ReduceOp } from '../reduce-op.js';
import type { CollectiveKind } from '../schedule/schedule.js';
import type { Topology } from '../topology.js';
import { PERF_COLLECTIVES, typeLabel, type PerfConfig } from './args.js';
import { allocateRun } from './buffers.js';
import { faultSpecs } from './fault-arg.js';
import { countWrong, fillInputs } from './check-data.js';
import type { HalfRow, Row } from './table.js';
import { UsageError } from './usage-error.js';

const BLOCKED: ReadonlySet<CollectiveKind> = new Set(['allGather', 'reduceScatter', 'allToAll']);
export const ROOTED: ReadonlySet<CollectiveKind> = new Set(['broadcast', 'reduce']);
export const REDUCING: ReadonlySet<CollectiveKind> = new Set(['allReduce', 'reduce', 'reduceScatter']);

/** One type × op × root combination of a sweep (nccl-tests runs its sizes for each, in this order). */
export interface Case {
  readonly dtype: DType;
  readonly op: ReduceOp;
  readonly root: number;
}

/** The cases of a sweep: types, then ops (reducing collectives), then roots (rooted ones), as nccl-tests loops. */
export function sweepCases(config: PerfConfig, collective: CollectiveKind, n: number): Case[] {
  const ops = REDUCING.has(collective) ? config.ops : config.ops.slice(0, 1);
  const roots = !ROOTED.has(collective) ? [0] : config.root === 'all' ? Array.from({ length: n }, (_, r) => r) : [config.root];
  return config.dtypes.flatMap((dtype) => ops.flatMap((op) => roots.map((root) => ({ dtype, op, root }))));
}

/** Bytes of one unit of a size: what the collective must split evenly (n blocks of elements, or one element). */
export function sizeUnit(collective: CollectiveKind, n: number, dtype: DType): number {
  return (BLOCKED.has(collective) ? n : 1) * bytesPerElement(dtype);
}

/** Sizes actually run: each a multiple of what the collective can split evenly. */
export function planSizes(config: PerfConfig, collective: CollectiveKind, n: number, dtype: DType, requested: readonly number[]): { sizes: number[]; rounded: boolean } {
  const unit = sizeUnit(collective, n, dtype);
  const size = bytesPerElement(dtype);
  const what = BLOCKED.has(collective) ? `${n} cards × ${size}-byte ${typeLabel(dtype)}` : `${size}-byte ${typeLabel(dtype)}`;
  if (requested.length === 1 && requested[0]! % unit !== 0) {
    throw new UsageError(`size ${requested[0]} is not a multiple of ${unit} B (${what}): ${config.collective} must split it evenly`);
  }
  const sizes = [...new Set(requested.map((s) => Math.floor(s / unit) * unit))];
  return { sizes, rounded: sizes.length !== requested.length || sizes.some((s, k) => s !== requested[k]) };
}

/**
 * The options every collective and estimate of the sweep gets besides its
 * algorithm: --pipeline and --channels, each only when set (absent: auto chooses).
 */
function tuning(config: PerfConfig): { pipeline?: number; channels?: number } {
  return {
    ...(config.pipeline === undefined ? {} : { pipeline: config.pipeline }),
    ...(config.channels === undefined ? {} : { channels: config.channels }),
  };
}

/**
 * --fault, --on-fault, --timeout as options for one size. A percentage is of
 * that size's fault-free time: the algorithm the run would choose, simulated.
 */
function faultOptions(topo: Topology, config: PerfConfig, c: Case, size: number): Record<string, unknown> {
  if (config.faults.length === 0 && config.timeout === undefined) return {};
  let faultFree = 0;
  if (config.faults.some((f) => 'percent' in f.when)) {
    // The library's own fault-free time of the run (same algorithm, chunking and schedule): an estimate
    // with a fault plan that cannot strike (a timeout no run reaches) reports it.
    const collective = PERF_COLLECTIVES[config.collective];
    faultFree = topo.estimate(collective, {
      bytes: size, algorithm: config.algorithm as never, dtype: c.dtype, timeline: false, ...tuning(config),
      ...(ROOTED.has(collective) ? { root: c.root } : {}), timeout: Number.MAX_VALUE,
    }).faults!.faultFreeSeconds;
  }
  return {
    ...(config.faults.length > 0 ? { faults: faultSpecs(config.faults, faultFree) } : {}),
    ...(config.onFault === undefined ? {} : { onFault: config.onFault }),
    ...(config.timeout === undefined ? {} : { timeout: config.timeout }),
  };
}

/** What the faults did to a run, for the row. */
function faultCells(report: CollectiveReport): Pick<Row, 'fault'> {
  const f = report.faults;
  return f === undefined ? {} : { fault: { addedUs: f.addedSeconds * 1e6, resentMessages: f.resentMessages, resentBytes: f.resentBytes } };
}

function halfFrom(report: CollectiveReport, hostUs: number | undefined, wrong: number | undefined): HalfRow {
  return { hostUs, simUs: report.seconds * 1e6, algBw: report.algBw, busBw: report.busBw, efficiency: report.efficiency, wrong };
}

export function runSize(topo: Topology, config: PerfConfig, c: Case, size: number, timeline: boolean): { row: Row; report: CollectiveReport } {
  const collective = PERF_COLLECTIVES[config.collective];
  const n = topo.nSails;
  const count = size / sizeUnit(collective, n, c.dtype);
  // nccl-tests' count column is the NCCL count argument: per card block for AllGather,
  // ReduceScatter and AllToAll, the whole buffer otherwise.
  // --algorithm is any string; the library checks it against the collective's algorithms (INVALID_ARGUMENT).
  const algorithm = config.algorithm as never;
  const lead = {
    size, count, type: typeLabel(c.dtype),
    redop: REDUCING.has(collective) ? c.op : 'none', root: ROOTED.has(collective) ? c.root : -1,
  };
  const faults = faultOptions(topo, config, c, size);
  if (config.analytic) {
    // Only the keys this collective declares: `root` for rooted ones (the library rejects others).
    const report = topo.estimate(collective, {
      bytes: size, algorithm, dtype: c.dtype, timeline, ...tuning(config), ...(ROOTED.has(collective) ? { root: c.root } : {}), ...faults,
    });
    const h = halfFrom(report, undefined, undefined);
    return { row: { ...lead, algorithm: report.algorithm, method: report.method, pipeline: report.pipeline, channels: report.channels, outOfPlace: h, inPlace: h, ...faultCells(report) }, report };
  }
  const runMode = (inPlace: boolean): { half: HalfRow; report: CollectiveReport } => {
    const { send, recv, free } = allocateRun(topo, collective, c.dtype, count, inPlace);
    const options = { algorithm, timeline, ...tuning(config), ...faults, ...(recv ? { recv } : {}) };
    const call = (): CollectiveReport => {
      switch (collective) {
        case 'allReduce': return topo.allReduce(send, c.op, options);
        case 'reduce': return topo.reduce(send, c.op, { ...options, root: c.root });
        case 'reduceScatter': return topo.reduceScatter(send, c.op, options);
        case 'broadcast': return topo.broadcast(send, { ...options, root: c.root });
        case 'allToAll': return topo.allToAll(send, options);
        case 'allGather': return topo.allGather(send, recv ?? send, { algorithm, timeline, ...tuning(config), ...faults });
      }
    };
    try {
      let wrong: number | undefined;
      fillInputs(send, c.op, n, collective, count, inPlace);
      let report = call();
      if (config.check) wrong = countWrong(recv ?? send, collective, c.op, n, count, c.root, inPlace);
      for (let k = 0; k < config.warmup; k++) call();
      const start = performance.now();
      for (let k = 0; k < config.iterations; k++) report = call();
      const hostUs = ((performance.now() - start) * 1e3) / config.iterations;
      return { half: halfFrom(report, hostUs, wrong), report };
    } finally {
      free();
    }
  };
  const outOfPlace = runMode(false);
  const inPlace = runMode(true);
  return {
    row: {
      ...lead, algorithm: outOfPlace.report.algorithm, method: outOfPlace.report.method,
      pipeline: outOfPlace.report.pipeline, channels: outOfPlace.report.channels, outOfPlace: outOfPlace.half, inPlace: inPlace.half, ...faultCells(outOfPlace.report) },
    report: outOfPlace.report,
  };
}
