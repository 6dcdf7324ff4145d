/**
 * The busbw-vs-size curve: timing-only estimates (`topo.estimate`, no data)
 * over a sweep of sizes, for the chosen algorithm and for every algorithm the
 * registry lists for the collective, so the curve shows where `auto` switches.
 * Every point says how it was priced (simulated or analytic). Runs in the
 * worker, reporting each point as it goes.
 */
import { algorithmsFor, type TimingMethod, type Topology } from 'spanker-scheduler';
import { collectiveOptions, requestKeys, sizeUnit, type Settings } from './settings.js';

/** The sweep: 16 B to 64 MiB (or the run's size, when larger) by ×4, rounded down to what the collective can split evenly. */
export const SWEEP_MIN_BYTES = 16;
/** The sweep's largest size unless the run is larger. */
export const SWEEP_MAX_BYTES = 64 * 2 ** 20;
/** Each size of the sweep is this many times the one before. */
export const SWEEP_FACTOR = 4;

/** One estimate of the sweep. */
export interface CurvePoint {
  readonly bytes: number;
  /** nccl-tests busbw, GB/s. */
  readonly busBw: number;
  readonly seconds: number;
  readonly algorithm: string;
  readonly method: TimingMethod;
}

/** One algorithm's (or auto's) points over the sweep. */
export interface CurveSeries {
  /** 'auto', or an algorithm name. */
  readonly label: string;
  /** The series the run used (drawn bold). */
  readonly chosen: boolean;
  readonly points: readonly CurvePoint[];
  /** Why some sizes have no point: the first failure (when every size failed, it cannot run here). */
  readonly reason?: string;
  /** Sizes that failed. */
  readonly failed: number;
}

/** The sizes of the sweep for this collective, card count and dtype. */
export function sweepSizes(s: Settings, n: number): number[] {
  const unit = sizeUnit(s.collective, n, s.dtype);
  const sizes = new Set<number>();
  const max = Math.max(SWEEP_MAX_BYTES, s.bytes);
  for (let bytes = SWEEP_MIN_BYTES; bytes <= max; bytes *= SWEEP_FACTOR) {
    const rounded = Math.floor(bytes / unit) * unit;
    if (rounded > 0) sizes.add(rounded);
  }
  return [...sizes];
}

/** The algorithms of the curves: the chosen setting first, then every registry algorithm (the forced one is not repeated). */
export function sweepLabels(s: Settings): string[] {
  return [s.algorithm, ...algorithmsFor(s.collective).map((info) => info.name as string).filter((name) => name !== s.algorithm)];
}

/** Every curve; `onPoint(k, total)` before the k-th (from 1) of the sizes × labels estimates. */
export function sweepCurves(topo: Topology, s: Settings, onPoint: (done: number, total: number) => void): CurveSeries[] {
  const sizes = sweepSizes(s, topo.nSails);
  const labels = sweepLabels(s);
  const total = sizes.length * labels.length;
  let done = 0;
  return labels.map((label, i) => {
    const points: CurvePoint[] = [];
    let reason: string | undefined;
    let failed = 0;
    for (const bytes of sizes) {
      onPoint(++done, total);
      try {
        const r = topo.estimate(s.collective, { bytes, ...collectiveOptions(s, label), ...requestKeys(s), dtype: s.dtype, timeline: false });
        points.push({ bytes, busBw: r.busBw, seconds: r.seconds, algorithm: r.algorithm, method: r.method });
      } catch (error) {
        failed++;
        reason ??= (error as Error).message;
      }
    }
    return { label, chosen: i === 0, points, failed, ...(reason !== undefined ? { reason } : {}) };
  });
}
