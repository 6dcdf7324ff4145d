/**
 * The simulation page: wires the form to a run and a run to the drawings.
 * Run (or clicking a link, which toggles it Down) → runPage → badge, summary,
 * topology, timeline, curve and table. `#status[data-runs]` counts finished
 * runs and `data-state` says running / done / error, so a test (or a person)
 * can tell when the drawings are current.
 */
import { SpankerError } from 'spanker-scheduler';
import { renderAlgorithmTable } from './algorithm-table.js';
import { byId, initControls, InputError, readSettings, selectDownLink, showLinks } from './controls.js';
import { drawCurve } from './draw-curve.js';
import { drawTimeline } from './draw-timeline.js';
import { drawTopology } from './draw-topology.js';
import { formatBytes } from './format.js';
import { describeError, runPage, type PageRun } from './page-run.js';
import { renderBadge, renderReroutes, renderSummary } from './results.js';
import { buildTopology } from './settings.js';

const status = byId('status');
let runs = 0;
let running = false;

function showError(message: string | undefined): void {
  const box = byId('error');
  box.hidden = message === undefined;
  box.textContent = message ?? '';
}

function render(run: PageRun): void {
  const { settings: s, topo, data } = run;
  showError(run.error);
  byId('output').classList.remove('stale');
  renderBadge(byId('badge'), data);
  renderSummary(byId('summary'), s, data);
  renderReroutes(byId('reroutes'), data?.report.reroutes ?? []);
  byId('reroutes-field').hidden = (data?.report.reroutes.length ?? 0) === 0;
  const shape = topo.network.kind === 'torus2d' ? `${s.torusRows}×${s.torusCols} torus` : byId<HTMLSelectElement>('topology').selectedOptions[0]?.text;
  const down = s.downLink === undefined ? undefined : topo.links[s.downLink]!;
  const nodeName = (id: number) => (id < topo.nSails ? String(id) : 'switch');
  byId('topology-caption').textContent = `${topo.nSails} cards · ${shape} · ${topo.links.length} links` +
    (down ? ` · ${nodeName(down.localSail)}→${nodeName(down.remoteSail)} Down` : '');
  drawTopology(byId<SVGSVGElement>('topology-svg'), topo, data?.report, toggleLink);
  const timeline = byId<SVGSVGElement>('timeline-svg');
  if (data) drawTimeline(timeline, data.report);
  timeline.toggleAttribute('hidden', data === undefined);
  byId('timeline-caption').textContent = data
    ? `${data.report.collective} ${formatBytes(data.report.bytes)}, ${data.report.algorithm}: ${data.report.steps.length} steps`
    : 'no timeline: the run failed';
  drawCurve(byId<SVGSVGElement>('curve-svg'), run.curves, data?.report);
  renderAlgorithmTable(byId<HTMLTableElement>('algorithm-table'), run.table, s.collective, topo.nSails, s.bytes, data?.report.algorithm);
  byId('table-caption').textContent = `${s.collective} of ${formatBytes(s.bytes)} on ${topo.nSails} cards`;
}

/** Read the form, compute, draw. One run at a time. */
async function run(): Promise<void> {
  if (running) return;
  running = true;
  status.dataset['state'] = 'running';
  status.textContent = 'running…';
  byId<HTMLButtonElement>('run').disabled = true;
  // Let the browser paint "running…" before the (synchronous) work starts.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  try {
    const result = await runPage(readSettings());
    render(result);
    status.dataset['state'] = result.error ? 'error' : 'done';
    status.textContent = result.error ? 'the data run failed (below)' : 'done';
  } catch (error) {
    // Nothing ran: the drawings below are the previous run's, dimmed.
    showError(describeError(error));
    renderBadge(byId('badge'), undefined);
    byId('summary').replaceChildren();
    byId('reroutes-field').hidden = true;
    byId('output').classList.add('stale');
    status.dataset['state'] = 'error';
    status.textContent = 'not run (see the message)';
  } finally {
    runs++;
    status.dataset['runs'] = String(runs);
    running = false;
    byId<HTMLButtonElement>('run').disabled = false;
  }
}

/** A click on a link in the drawing: take it Down (or bring it back Up) and run again. */
function toggleLink(link: number): void {
  if (running) return;
  const current = byId<HTMLSelectElement>('down-link').value;
  selectDownLink(current === String(link) ? undefined : link);
  void run();
}

/** The link list depends on the cards, the shape and the link model. */
async function refreshLinks(): Promise<void> {
  try {
    showLinks(await buildTopology(readSettings()));
  } catch (error) {
    // An invalid field or shape: Run reports it; the list keeps its last valid state.
    if (!(error instanceof InputError || error instanceof SpankerError)) throw error;
  }
}

initControls(() => void refreshLinks());
byId('controls').addEventListener('submit', (event) => {
  event.preventDefault();
  void run();
});
await refreshLinks();
await run();
