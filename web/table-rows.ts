/**
 * The algorithm-choice table's rows (in the worker): `topo.algorithmTable` at
 * the run's size — every algorithm the registry lists for the collective,
 * its predicted time with the chunking (pipeline) and channels it is for,
 * busbw, how it was priced, and the lower bound each is measured against.
 * Pipeline and channels are passed only when the form pins them: left out,
 * the library prices each algorithm's variants and keeps the fastest, as its
 * `auto` does. Should the library's table itself fail (one algorithm
 * throwing takes the whole table down), each algorithm is estimated alone,
 * so the rows still say what each can do, and a note says what happened.
 */
import { algorithmsFor, busBandwidthFactor, type TimingMethod, type Topology } from 'spanker-scheduler';
import { chunking, collectiveOptions, requestKeys, type Settings } from './settings.js';

/** One algorithm at the run's size. */
export interface TableRow {
  readonly algorithm: string;
  readonly summary: string;
  readonly usable: boolean;
  /** Predicted seconds (usable rows). */
  readonly seconds?: number;
  /** nccl-tests busbw at that time, GB/s (usable rows). */
  readonly busBw?: number;
  readonly method?: TimingMethod;
  /** Sub-chunks per message and rings sharing the data that `seconds` is for (usable rows): the library's choice, or as pinned. */
  readonly pipeline?: number;
  readonly channels?: number;
  /** Why it cannot run here (unusable rows). */
  readonly reason?: string;
}

/** The table's rows, the bound they are measured against, and a note when they did not come from the library's table. */
export interface AlgorithmTableView {
  readonly rows: readonly TableRow[];
  /**
   * Seconds no algorithm can beat for this collective, size and network
   * (`report.bound`: the same for every algorithm); absent when no algorithm
   * could be priced.
   */
  readonly bound?: number;
  /** Set when the library's table failed and the rows come from one estimate per algorithm. */
  readonly note?: string;
}

/**
 * The rows at the size of `s`; `onProgress` after each algorithm when they are estimated one by one.
 * `bound`: the run's `report.bound` when it ran (the bound does not depend on the algorithm); otherwise
 * it is read from an estimate of the fastest row.
 */
export function algorithmTableRows(
  topo: Topology, s: Settings, onProgress: (done: number, total: number) => void, bound?: number,
): AlgorithmTableView {
  const n = topo.nSails;
  const busBw = (seconds: number) => (seconds > 0 ? (s.bytes / seconds / 1e9) * busBandwidthFactor(s.collective, n) : 0);
  const request = { bytes: s.bytes, ...requestKeys(s), dtype: s.dtype, ...chunking(s) };
  let rows: TableRow[];
  let note: string | undefined;
  try {
    rows = topo.algorithmTable(s.collective, request).map((r): TableRow => ({
      algorithm: r.algorithm, summary: r.summary, usable: r.usable,
      ...(r.seconds !== undefined ? { seconds: r.seconds, busBw: busBw(r.seconds) } : {}),
      ...(r.method !== undefined ? { method: r.method } : {}),
      ...(r.pipeline !== undefined ? { pipeline: r.pipeline } : {}),
      ...(r.channels !== undefined ? { channels: r.channels } : {}),
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
    }));
    onProgress(1, 1);
  } catch (error) {
    const infos = algorithmsFor(s.collective);
    rows = infos.map((info, i): TableRow => {
      try {
        const r = topo.estimate(s.collective, { ...request, ...collectiveOptions(s, info.name), timeline: false });
        bound ??= r.bound;
        return {
          algorithm: info.name, summary: info.summary, usable: true, seconds: r.seconds, busBw: busBw(r.seconds), method: r.method,
          pipeline: r.pipeline, channels: r.channels,
        };
      } catch (failure) {
        return { algorithm: info.name, summary: info.summary, usable: false, reason: (failure as Error).message };
      } finally {
        onProgress(i + 1, infos.length);
      }
    });
    note = `the library's algorithmTable failed (${(error as Error).message}); each algorithm was estimated alone`;
  }
  bound ??= boundOfFastest(topo, s, rows);
  return { rows, ...(bound !== undefined ? { bound } : {}), ...(note !== undefined ? { note } : {}) };
}

/** `report.bound` of the fastest usable row, estimated as the row says (its pipeline and channels pinned); undefined when none can be. */
function boundOfFastest(topo: Topology, s: Settings, rows: readonly TableRow[]): number | undefined {
  const fastest = rows.filter((r) => r.usable).sort((a, b) => a.seconds! - b.seconds!)[0];
  if (fastest === undefined) return undefined;
  try {
    return topo.estimate(s.collective, {
      bytes: s.bytes, ...requestKeys(s), dtype: s.dtype, algorithm: fastest.algorithm as never,
      ...(fastest.pipeline !== undefined ? { pipeline: fastest.pipeline } : {}), ...(fastest.channels !== undefined ? { channels: fastest.channels } : {}),
      timeline: false,
    }).bound;
  } catch {
    return undefined;
  }
}
