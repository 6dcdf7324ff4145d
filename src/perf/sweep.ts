/**
 * One spanker-perf sweep: for every size, the real collective out of place
 * and in place — checked, then timed on the host — and its simulated cost.
 */
import type { CardBuffers } from '../card-buffers.js';
import { bytesPerElement } from '../dtype.js';
import { KERNEL_MEMORY_LIMIT_BYTES } from '../kernel-runtime.js';
import type { CollectiveReport } from '../report.js';
import type { CollectiveKind } from '../schedule/schedule.js';
import type { Topology } from '../topology.js';
import { PERF_COLLECTIVES, TYPE_LABEL, type PerfConfig } from './args.js';
import { countWrong, fillInputs } from './check-data.js';
import { formatSize } from './sizes.js';
import type { HalfRow, Row } from './table.js';
import { UsageError } from './usage-error.js';

const BLOCKED: ReadonlySet<CollectiveKind> = new Set(['allGather', 'reduceScatter', 'allToAll']);
const ROOTED: ReadonlySet<CollectiveKind> = new Set(['broadcast', 'reduce']);
const REDUCING: ReadonlySet<CollectiveKind> = new Set(['allReduce', 'reduce', 'reduceScatter']);

/** Sizes actually run: each a multiple of what the collective can split evenly. */
export function planSizes(config: PerfConfig, collective: CollectiveKind, n: number, requested: readonly number[]): { sizes: number[]; rounded: boolean } {
  const unit = (BLOCKED.has(collective) ? n : 1) * bytesPerElement(config.dtype);
  const what = BLOCKED.has(collective) ? `${n} cards × ${bytesPerElement(config.dtype)}-byte ${TYPE_LABEL[config.dtype]}` : `${bytesPerElement(config.dtype)}-byte ${TYPE_LABEL[config.dtype]}`;
  if (requested.length === 1 && requested[0]! % unit !== 0) {
    throw new UsageError(`size ${requested[0]} is not a multiple of ${unit} B (${what}): ${config.collective} must split it evenly`);
  }
  const sizes = [...new Set(requested.map((s) => Math.floor(s / unit) * unit))];
  return { sizes, rounded: sizes.length !== requested.length || sizes.some((s, k) => s !== requested[k]) };
}

/** Elements per card of the send and receive buffers for NCCL count `count`. */
function bufferLengths(collective: CollectiveKind, n: number, count: number): { send: number; recv: number } {
  switch (collective) {
    case 'allGather': return { send: count, recv: n * count };
    case 'reduceScatter': return { send: n * count, recv: count };
    case 'allToAll': return { send: n * count, recv: n * count };
    default: return { send: count, recv: count };
  }
}

/** Throws a one-line error when the largest size cannot fit in kernel memory (unless --analytic). */
export function checkMemory(config: PerfConfig, collective: CollectiveKind, n: number, largest: number): void {
  if (config.analytic) return;
  const size = bytesPerElement(config.dtype);
  const count = largest / ((BLOCKED.has(collective) ? n : 1) * size);
  const { send, recv } = bufferLengths(collective, n, count);
  const needed = n * (send + recv) * size;
  if (needed > KERNEL_MEMORY_LIMIT_BYTES) {
    throw new UsageError(`size ${formatSize(largest)} on ${n} cards needs ${formatSize(needed)} of kernel memory for send and receive buffers; wasm32 has 4G: use --analytic for timing only, or lower -e or -g`);
  }
}

export interface SweepResult {
  readonly rows: Row[];
  /** The largest size's out-of-place report (for --trace). */
  readonly last: CollectiveReport | undefined;
}

function halfFrom(report: CollectiveReport, hostUs: number | undefined, wrong: number | undefined): HalfRow {
  return { hostUs, simUs: report.seconds * 1e6, algBw: report.algBw, busBw: report.busBw, wrong };
}

export function runSize(topo: Topology, config: PerfConfig, size: number, timeline: boolean): { row: Row; report: CollectiveReport } {
  const collective = PERF_COLLECTIVES[config.collective];
  const n = topo.nSails;
  const elementSize = bytesPerElement(config.dtype);
  // --algorithm is any string; the library checks it against the collective's algorithms (INVALID_ARGUMENT).
  const algorithm = config.algorithm as never;
  const count = size / ((BLOCKED.has(collective) ? n : 1) * elementSize);
  const lead = {
    size, count: size / elementSize, type: TYPE_LABEL[config.dtype],
    redop: REDUCING.has(collective) ? config.op : 'none', root: ROOTED.has(collective) ? config.root : -1,
  };
  if (config.analytic) {
    // Only the keys this collective declares: `root` for rooted ones (the library rejects others).
    const report = topo.estimate(collective, {
      bytes: size, algorithm, dtype: config.dtype, timeline, ...(ROOTED.has(collective) ? { root: config.root } : {}),
    });
    const h = halfFrom(report, undefined, undefined);
    return { row: { ...lead, algorithm: report.algorithm, outOfPlace: h, inPlace: h }, report };
  }
  const { send: sendLength, recv: recvLength } = bufferLengths(collective, n, count);
  const runMode = (inPlace: boolean): { half: HalfRow; report: CollectiveReport } => {
    // In place, the one buffer has the receive shape where that is larger (AllGather).
    const send = topo.alloc(config.dtype, inPlace ? Math.max(sendLength, recvLength) : sendLength);
    const recv: CardBuffers | undefined = inPlace ? undefined : topo.alloc(config.dtype, recvLength);
    const options = { algorithm, timeline, ...(recv ? { recv } : {}) };
    const call = (): CollectiveReport => {
      switch (collective) {
        case 'allReduce': return topo.allReduce(send, config.op, options);
        case 'reduce': return topo.reduce(send, config.op, { ...options, root: config.root });
        case 'reduceScatter': return topo.reduceScatter(send, config.op, options);
        case 'broadcast': return topo.broadcast(send, { ...options, root: config.root });
        case 'allToAll': return topo.allToAll(send, options);
        case 'allGather': return topo.allGather(send, recv ?? send, { algorithm, timeline });
      }
    };
    try {
      let wrong: number | undefined;
      fillInputs(send, config.op, n, collective, count, inPlace);
      let report = call();
      if (config.check) wrong = countWrong(recv ?? send, collective, config.op, n, count, config.root, inPlace);
      for (let k = 0; k < config.warmup; k++) call();
      const start = performance.now();
      for (let k = 0; k < config.iterations; k++) report = call();
      const hostUs = ((performance.now() - start) * 1e3) / config.iterations;
      return { half: halfFrom(report, hostUs, wrong), report };
    } finally {
      send.free();
      recv?.free();
    }
  };
  const outOfPlace = runMode(false);
  const inPlace = runMode(true);
  return { row: { ...lead, algorithm: outOfPlace.report.algorithm, outOfPlace: outOfPlace.half, inPlace: inPlace.half }, report: outOfPlace.report };
}
