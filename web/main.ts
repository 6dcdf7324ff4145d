/**
 * The simulation page: wires the form to a run and a run to the drawings.
 * Run (or clicking a link, which toggles it Down) → the worker runs the job
 * (web/worker.ts; the page only draws) while the progress bar says where it
 * is and Cancel can stop it → badge, summary, topology, timeline, curve and
 * table. `#status[data-runs]` counts finished runs and `data-state` says
 * running / done / error / cancelled, so a test (or a person) can tell when
 * the drawings are current. The "plan a model" panel has its own worker.
 */
import { renderAlgorithmTable } from './algorithm-table.js';
import { byId, initControls, InputError, keepRootACard, readSettings, selectDownLink, showLinks } from './controls.js';
import { drawCurve } from './draw-curve.js';
import { drawTimeline, renderTimelineNotes, timelineLegend } from './draw-timeline.js';
import { drawTopology, isDrawn } from './draw-topology.js';
import { countOf, formatBytes } from './format.js';
import type { PageRunView } from './page-run.js';
import { initPlanPanel } from './plan-panel.js';
import { renderProgress } from './progress.js';
import { renderBadge, renderBusiestLinks, renderReroutes, renderSummary } from './results.js';
import { nodeName } from './topology-view.js';
import { CancelledError, WorkerClient } from './worker-client.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);
const runner = new WorkerClient(WORKER_URL);
const planner = new WorkerClient(WORKER_URL);
const status = byId('status');
let runs = 0;
let running = false;
/** The last run drawn (the timeline is redrawn from it when the window is resized). */
let shown: PageRunView | undefined;

function showError(message: string | undefined): void {
  const box = byId('error');
  box.hidden = message === undefined;
  box.textContent = message ?? '';
}

/** The timeline at the width its section has now. */
function drawShownTimeline(): void {
  const svg = byId<SVGSVGElement>('timeline-svg');
  const timeline = shown?.run?.timeline;
  svg.toggleAttribute('hidden', timeline === undefined);
  renderTimelineNotes(byId('timeline-notes'), timeline);
  byId('timeline-legend').textContent = timelineLegend(timeline);
  if (timeline !== undefined) drawTimeline(svg, timeline, svg.parentElement!.clientWidth - 30);
}

function render(view: PageRunView): void {
  shown = view;
  const { settings: s, topology, run } = view;
  showError(view.error);
  byId('output').classList.remove('stale');
  renderBadge(byId('badge'), run);
  renderSummary(byId('summary'), s, run);
  renderReroutes(byId('reroutes'), run?.report);
  byId('reroutes-field').hidden = (run?.report.rerouteCount ?? 0) === 0;
  const shape = topology.kind === 'torus2d' ? `${s.torusRows}×${s.torusCols} torus` : byId<HTMLSelectElement>('topology').selectedOptions[0]?.text;
  const down = s.downLink === undefined ? undefined : topology.links?.[s.downLink];
  const name = (id: number) => nodeName(topology.nSails, topology.nSwitches, id);
  byId('topology-caption').textContent = `${countOf(topology.nSails, 'card')} · ${shape} · ${countOf(topology.linkCount, 'link')}` +
    (down ? ` · ${name(down.from)}→${name(down.to)} Down` : '');
  drawTopology(byId<SVGSVGElement>('topology-svg'), topology, run?.report.allLinks ? run.report.links : undefined, toggleLink);
  renderBusiestLinks(byId('busiest-links'), run?.report, topology.nSwitches);
  byId('busiest-field').hidden = isDrawn(topology) || run === undefined;
  byId('topology-legend').hidden = !isDrawn(topology);
  drawShownTimeline();
  byId('timeline-caption').textContent = run
    ? `${run.report.collective} ${formatBytes(run.report.bytes)}, ${run.report.algorithm}: ${countOf(run.report.steps, 'step')}`
    : 'no timeline: the run failed';
  drawCurve(byId<SVGSVGElement>('curve-svg'), view.curves, run?.report);
  renderAlgorithmTable(byId<HTMLTableElement>('algorithm-table'), view.table.rows, run?.report.algorithm);
  const tableNote = byId('table-note');
  tableNote.hidden = view.table.note === undefined;
  tableNote.textContent = view.table.note ?? '';
  byId('table-caption').textContent = `${s.collective} of ${formatBytes(s.bytes)} on ${countOf(topology.nSails, 'card')}` +
    (s.pipeline > 1 ? `, pipeline ${s.pipeline}` : '');
}

/** Nothing ran (a form mistake, a failure before the run, or Cancel): the drawings below are the previous run's, dimmed. */
function showNotRun(message: string | undefined): void {
  showError(message);
  renderBadge(byId('badge'), undefined);
  byId('summary').replaceChildren();
  byId('reroutes-field').hidden = true;
  byId('output').classList.add('stale');
}

/** Read the form, compute in the worker, draw. One run at a time. */
async function run(): Promise<void> {
  if (running) return;
  running = true;
  status.dataset['state'] = 'running';
  status.textContent = 'running…';
  byId<HTMLButtonElement>('run').disabled = true;
  byId<HTMLButtonElement>('cancel').disabled = false;
  try {
    keepRootACard();
    const settings = readSettings();
    const view = await runner.request('run', settings, (progress) => renderProgress(byId('progress'), progress));
    render(view);
    status.dataset['state'] = view.error ? 'error' : 'done';
    status.textContent = view.error ? 'the run failed (below)' : 'done';
  } catch (error) {
    const cancelled = error instanceof CancelledError;
    showNotRun(cancelled ? undefined : error instanceof Error ? error.message : String(error));
    status.dataset['state'] = cancelled ? 'cancelled' : 'error';
    status.textContent = cancelled ? 'cancelled: the drawings are the last run\'s' : 'not run (see the message)';
    if (cancelled) void refreshLinks();
  } finally {
    renderProgress(byId('progress'), undefined);
    runs++;
    status.dataset['runs'] = String(runs);
    running = false;
    byId<HTMLButtonElement>('run').disabled = false;
    byId<HTMLButtonElement>('cancel').disabled = true;
  }
}

/** A click on a link in the drawing: take it Down (or bring it back Up) and run again. */
function toggleLink(link: number): void {
  if (running) return;
  const current = byId<HTMLSelectElement>('down-link').value;
  selectDownLink(current === String(link) ? undefined : link);
  void run();
}

/** The link list depends on the cards, the shape and the link model (the worker builds the topology). */
async function refreshLinks(): Promise<void> {
  let settings;
  try {
    settings = readSettings();
  } catch (error) {
    // An invalid field: Run reports it; the list keeps its last valid state.
    if (error instanceof InputError) return;
    throw error;
  }
  try {
    showLinks(await runner.request('describe', settings));
  } catch {
    // A shape the library refuses or a cancelled job: Run reports the first; the list keeps its last valid state.
  }
}

initControls(() => void refreshLinks());
byId('controls').addEventListener('submit', (event) => {
  event.preventDefault();
  void run();
});
byId('cancel').addEventListener('click', () => runner.cancel());
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(drawShownTimeline, 100);
});
initPlanPanel(planner);
await refreshLinks();
await run();
