/**
 * The "plan a model" panel: Plan → `planInference` at each card count, in
 * its own worker (so planning and a collective run can go on side by side)
 * → the tokens/s chart and the strategy table with memory bars for the
 * chosen card count. `#plan-status[data-runs]` counts finished plans and
 * `data-state` says running / done / error / cancelled, like the run's.
 */
import type { InferencePlan } from 'spanker-scheduler';
import { byId, fillSelect } from './controls.js';
import { drawPlanChart } from './draw-plan-chart.js';
import { countOf } from './format.js';
import { initPlanControls, readPlanRequest } from './plan-controls.js';
import { renderPlanTable } from './plan-table.js';
import { renderProgress } from './progress.js';
import { CancelledError, type WorkerClient } from './worker-client.js';

let plans: readonly InferencePlan[] = [];
let runs = 0;
let running = false;

function showPlanError(message: string | undefined): void {
  const box = byId('plan-error');
  box.hidden = message === undefined;
  box.textContent = message ?? '';
}

/** Show the table of `cards` (a count of the last plan). */
function showDetail(cards: number): void {
  const plan = plans.find((p) => p.cards === cards);
  if (plan === undefined) return;
  byId<HTMLSelectElement>('plan-detail').value = String(cards);
  renderPlanTable(byId<HTMLTableElement>('plan-table'), byId('plan-table-caption'), plan);
}

function render(result: readonly InferencePlan[]): void {
  plans = result;
  byId('plan-output').hidden = false;
  const detail = byId<HTMLSelectElement>('plan-detail');
  const previous = Number(detail.value);
  fillSelect(detail, plans.map((p) => [String(p.cards), countOf(p.cards, 'card')] as const), '');
  drawPlanChart(byId<SVGSVGElement>('plan-chart'), plans, showDetail);
  // Keep the count shown before if it is still planned, else the largest count where something fits, else the largest.
  const fitting = plans.filter((p) => p.best !== undefined);
  const cards = plans.some((p) => p.cards === previous) ? previous : (fitting[fitting.length - 1] ?? plans[plans.length - 1])!.cards;
  showDetail(cards);
}

/** Wire the panel to `client` and plan its defaults once. */
export function initPlanPanel(client: WorkerClient): void {
  initPlanControls();
  const status = byId('plan-status');
  const button = byId<HTMLButtonElement>('plan-run');
  const cancel = byId<HTMLButtonElement>('plan-cancel');
  byId<HTMLSelectElement>('plan-detail').addEventListener('change', (event) => showDetail(Number((event.target as HTMLSelectElement).value)));
  cancel.addEventListener('click', () => client.cancel());
  byId('plan-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void plan();
  });

  void plan();

  async function plan(): Promise<void> {
    if (running) return;
    running = true;
    button.disabled = true;
    cancel.disabled = false;
    status.dataset['state'] = 'running';
    status.textContent = 'planning…';
    try {
      const request = readPlanRequest();
      showPlanError(undefined);
      render(await client.request('plan', request, (progress) => renderProgress(byId('plan-progress'), progress)));
      status.dataset['state'] = 'done';
      status.textContent = 'done';
    } catch (error) {
      const cancelled = error instanceof CancelledError;
      status.dataset['state'] = cancelled ? 'cancelled' : 'error';
      status.textContent = cancelled ? 'cancelled' : 'not planned (see the message)';
      if (!cancelled) showPlanError(error instanceof Error ? error.message : String(error));
    } finally {
      renderProgress(byId('plan-progress'), undefined);
      runs++;
      status.dataset['runs'] = String(runs);
      running = false;
      button.disabled = false;
      cancel.disabled = true;
    }
  }
}
