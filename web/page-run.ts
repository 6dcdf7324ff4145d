/**
 * One press of Run: the topology as asked (with the chosen link Down), the
 * collective on real data with its check, the algorithm table at that size
 * and the busbw sweep. All in this page, with the library's wasm kernels.
 */
import { SpankerError, type AlgorithmCandidate, type Topology } from 'spanker-scheduler';
import { runOnData, type DataRun } from './data-run.js';
import { buildTopology, sizeUnit, timingRequest, withDownLink, type Settings } from './settings.js';
import { sweepCurves, type CurveSeries } from './sweep.js';

export interface PageRun {
  readonly settings: Settings;
  /** The topology run on (the chosen link Down). */
  readonly topo: Topology;
  /** The data run, unless it failed (then `error` says why). */
  readonly data?: DataRun;
  readonly error?: string;
  readonly table: readonly AlgorithmCandidate[];
  readonly curves: readonly CurveSeries[];
}

/** A failure as the page prints it: a SpankerError with its code, anything else by its message. */
export function describeError(error: unknown): string {
  if (error instanceof SpankerError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Throws (with a message for the page) when the topology cannot be built or the size does not split evenly. */
export async function runPage(s: Settings): Promise<PageRun> {
  const topo = withDownLink(await buildTopology(s), s.downLink);
  const unit = sizeUnit(s.collective, topo.nSails, s.dtype);
  if (s.bytes <= 0 || s.bytes % unit !== 0) {
    throw new RangeError(`size ${s.bytes} B: ${s.collective} of ${s.dtype} on ${topo.nSails} cards needs a positive multiple of ${unit} B`);
  }
  const table = topo.algorithmTable(s.collective, timingRequest(s, s.bytes));
  const curves = sweepCurves(topo, s);
  try {
    return { settings: s, topo, data: runOnData(topo, s), table, curves };
  } catch (error) {
    return { settings: s, topo, error: describeError(error), table, curves };
  }
}
