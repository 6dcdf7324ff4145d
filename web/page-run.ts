/**
 * One press of Run, in the worker: the topology as asked (with the chosen
 * link Down), then either the collective on real data with its check or a
 * timing-only estimate, the timeline of its report, the algorithm table at
 * that size and the busbw sweep — reporting progress phase by phase and
 * point by point. The result is plain data for the page to draw.
 */
import { SpankerError, type CollectiveReport, type Topology } from 'spanker-scheduler';
import { runOnData } from './data-run.js';
import { countOf, formatBytes } from './format.js';
import { viewReport, type ReportView } from './report-view.js';
import { buildTopology, collectiveOptions, requestKeys, MAX_DRAWN_CARDS, sizeUnit, withDownLink, type Settings } from './settings.js';
import { sweepCurves, sweepLabels, sweepSizes, type CurveSeries } from './sweep.js';
import { algorithmTableRows, type AlgorithmTableView } from './table-rows.js';
import { buildTimeline, type TimelineView } from './timeline-view.js';
import { describeTopology, type TopologyView } from './topology-view.js';
import type { ProgressReporter } from './worker-protocol.js';

/** The check of a run on real data. */
export interface DataCheck {
  /** Elements compared. */
  readonly checked: number;
  /** Elements that differ from the expected result. */
  readonly wrong: number;
  /** Host milliseconds of the real run (the wasm kernels in this browser). */
  readonly hostMs: number;
}

/** The run as the page shows it: its report, its check (runs on real data) and its timeline. */
export interface RunView {
  readonly report: ReportView;
  /** Present for a run on real data; absent for timing only. */
  readonly data?: DataCheck;
  readonly timeline: TimelineView;
}

/** Everything one press of Run draws. */
export interface PageRunView {
  readonly settings: Settings;
  /** The topology run on (the chosen link Down). */
  readonly topology: TopologyView;
  /** The run, unless it failed (then `error` says why). */
  readonly run?: RunView;
  readonly error?: string;
  readonly table: AlgorithmTableView;
  readonly curves: readonly CurveSeries[];
}

/** A failure as the page prints it: a SpankerError with its code, anything else by its message. */
export function describeError(error: unknown): string {
  if (error instanceof SpankerError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** The run itself: on data with its check, or an estimate. */
function runOnce(topo: Topology, s: Settings): { report: CollectiveReport; data?: DataCheck } {
  if (s.mode === 'estimate') {
    const report = topo.estimate(s.collective, { bytes: s.bytes, ...collectiveOptions(s), ...requestKeys(s), dtype: s.dtype, timeline: true });
    return { report };
  }
  const { report, checked, wrong, hostMs } = runOnData(topo, s);
  return { report, data: { checked, wrong, hostMs } };
}

/** Throws (with a message for the page) when the topology cannot be built or the size does not split evenly. */
export async function runPage(s: Settings, progress: ProgressReporter): Promise<PageRunView> {
  // Units of work: the topology, the run, its timeline, the table, then one per sweep point.
  const sweepPoints = sweepLabels(s).length * sweepSizes(s, s.cards).length;
  const total = 4 + sweepPoints;
  progress({ label: `building the topology (${countOf(s.cards, 'card')})`, done: 0, total });
  const topo = withDownLink(await buildTopology(s), s.downLink);
  const topology = describeTopology(topo);
  const unit = sizeUnit(s.collective, topo.nSails, s.dtype);
  if (s.bytes <= 0 || s.bytes % unit !== 0) {
    throw new RangeError(`size ${s.bytes} B: ${s.collective} of ${s.dtype} on ${topo.nSails} cards needs a positive multiple of ${unit} B`);
  }

  progress({
    label: s.mode === 'data' ? `${s.collective} of ${formatBytes(s.bytes)} on real data` : `estimating ${s.collective} of ${formatBytes(s.bytes)} (timing only)`,
    done: 1, total,
  });
  let run: RunView | undefined;
  let error: string | undefined;
  try {
    const { report, data } = runOnce(topo, s);
    progress({ label: 'timeline', done: 2, total });
    const view = viewReport(report, topology.nSwitches, topology.nSails <= MAX_DRAWN_CARDS);
    run = { report: view, timeline: buildTimeline(report, topology.nSwitches), ...(data ? { data } : {}) };
  } catch (failure) {
    error = describeError(failure);
  }

  progress({ label: 'algorithm table', done: 3, total });
  const table = algorithmTableRows(topo, s, (done, rows) => progress({ label: `algorithm table: ${done} of ${rows}`, done: 3, total }));
  const curves = sweepCurves(topo, s, (done, points) => {
    progress({ label: `sweep point ${done} of ${points}`, done: 4 + done - 1, total });
  });
  return { settings: s, topology, table, curves, ...(run ? { run } : {}), ...(error !== undefined ? { error } : {}) };
}
