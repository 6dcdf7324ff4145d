/**
 * The busbw-vs-size curve: timing-only estimates (`topo.estimate`, no data)
 * over a sweep of sizes, for the chosen algorithm and for every algorithm the
 * registry lists for the collective, so the curve shows where `auto` switches.
 */
import { algorithmsFor, type Topology } from 'spanker-scheduler';
import { sizeUnit, timingRequest, type Settings } from './settings.js';

/** The sweep: 16 B to 64 MiB by ×4 (rounded down to what the collective can split evenly). */
export const SWEEP_MIN_BYTES = 16;
export const SWEEP_MAX_BYTES = 64 * 2 ** 20;
export const SWEEP_FACTOR = 4;

export interface CurvePoint {
  readonly bytes: number;
  /** nccl-tests busbw, GB/s. */
  readonly busBw: number;
  readonly seconds: number;
  readonly algorithm: string;
}

export interface CurveSeries {
  /** 'auto', or an algorithm name. */
  readonly label: string;
  /** The series the run used (drawn bold). */
  readonly chosen: boolean;
  readonly points: readonly CurvePoint[];
  /** Why it cannot run here (then `points` is empty). */
  readonly reason?: string;
}

/** The sizes of the sweep for this collective, card count and dtype. */
export function sweepSizes(s: Settings, n: number): number[] {
  const unit = sizeUnit(s.collective, n, s.dtype);
  const sizes = new Set<number>();
  for (let bytes = SWEEP_MIN_BYTES; bytes <= SWEEP_MAX_BYTES; bytes *= SWEEP_FACTOR) {
    const rounded = Math.floor(bytes / unit) * unit;
    if (rounded > 0) sizes.add(rounded);
  }
  return [...sizes];
}

function series(topo: Topology, s: Settings, sizes: readonly number[], algorithm: string, chosen: boolean): CurveSeries {
  try {
    const points = sizes.map((bytes) => {
      const r = topo.estimate(s.collective, { ...timingRequest(s, bytes, algorithm), timeline: false });
      return { bytes, busBw: r.busBw, seconds: r.seconds, algorithm: r.algorithm };
    });
    return { label: algorithm, chosen, points };
  } catch (error) {
    return { label: algorithm, chosen, points: [], reason: (error as Error).message };
  }
}

/** The chosen setting's curve first, then one per registry algorithm (the forced one is not repeated). */
export function sweepCurves(topo: Topology, s: Settings): CurveSeries[] {
  const sizes = sweepSizes(s, topo.nSails);
  const all = [series(topo, s, sizes, s.algorithm, true)];
  for (const info of algorithmsFor(s.collective)) {
    if (info.name !== s.algorithm) all.push(series(topo, s, sizes, info.name, false));
  }
  return all;
}
