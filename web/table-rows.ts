/**
 * The algorithm-choice table's rows (in the worker): `topo.algorithmTable` at
 * the run's size — every algorithm the registry lists for the collective,
 * its predicted time, busbw and how it was priced. Should the library's table
 * itself fail (one algorithm throwing takes the whole table down), each
 * algorithm is estimated alone, so the rows still say what each can do, and
 * a note says what happened.
 */
import { algorithmsFor, busBandwidthFactor, type TimingMethod, type Topology } from 'spanker-scheduler';
import { collectiveOptions, requestKeys, type Settings } from './settings.js';

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
  /** Why it cannot run here (unusable rows). */
  readonly reason?: string;
}

/** The table's rows, and a note when they did not come from the library's table. */
export interface AlgorithmTableView {
  readonly rows: readonly TableRow[];
  /** Set when the library's table failed and the rows come from one estimate per algorithm. */
  readonly note?: string;
}

/** The rows at the size of `s`; `onProgress` after each algorithm when they are estimated one by one. */
export function algorithmTableRows(topo: Topology, s: Settings, onProgress: (done: number, total: number) => void): AlgorithmTableView {
  const n = topo.nSails;
  const busBw = (seconds: number) => (seconds > 0 ? (s.bytes / seconds / 1e9) * busBandwidthFactor(s.collective, n) : 0);
  const request = { bytes: s.bytes, ...requestKeys(s), dtype: s.dtype, pipeline: collectiveOptions(s).pipeline };
  try {
    const rows = topo.algorithmTable(s.collective, request).map((r): TableRow => ({
      algorithm: r.algorithm, summary: r.summary, usable: r.usable,
      ...(r.seconds !== undefined ? { seconds: r.seconds, busBw: busBw(r.seconds) } : {}),
      ...(r.method !== undefined ? { method: r.method } : {}),
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
    }));
    onProgress(1, 1);
    return { rows };
  } catch (error) {
    const infos = algorithmsFor(s.collective);
    const rows = infos.map((info, i): TableRow => {
      try {
        const r = topo.estimate(s.collective, { ...request, ...collectiveOptions(s, info.name), timeline: false });
        return { algorithm: info.name, summary: info.summary, usable: true, seconds: r.seconds, busBw: busBw(r.seconds), method: r.method };
      } catch (failure) {
        return { algorithm: info.name, summary: info.summary, usable: false, reason: (failure as Error).message };
      } finally {
        onProgress(i + 1, infos.length);
      }
    });
    return { rows, note: `the library's algorithmTable failed (${(error as Error).message}); each algorithm was estimated alone` };
  }
}
