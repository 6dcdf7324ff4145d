/**
 * The planner's table for one card count: every strategy as planInference
 * ranks it — the fullest card's memory as a bar (weights, KV cache and
 * activations against the card's capacity), whether it fits and what
 * overflows, decode tokens/s and time per token, the time to first token,
 * the busiest link's load, and on a line below, why it wins or loses (what
 * bounds it: DDR, compute or links). Strategies that cannot split the model
 * say why.
 */
import type { InferencePlan, MemoryFit, StrategyPlan } from 'spanker-scheduler';
import { countOf, formatSeconds } from './format.js';

const GIB = 2 ** 30;

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/** The fullest card's memory: one segment per part, scaled so the larger of total and capacity fills the bar; a line at the capacity. */
function memoryBar(memory: MemoryFit): HTMLElement {
  const scale = Math.max(memory.totalBytes, memory.capacityBytes);
  const bar = document.createElement('div');
  bar.className = `memory-bar${memory.fits ? '' : ' overflow'}`;
  bar.dataset['testid'] = 'memory-bar';
  bar.title = `weights ${(memory.weightBytes / GIB).toFixed(2)} GiB, KV cache ${(memory.kvCacheBytes / GIB).toFixed(2)} GiB, ` +
    `activations ${(memory.activationBytes / GIB).toFixed(2)} GiB of ${(memory.capacityBytes / GIB).toFixed(2)} GiB`;
  for (const [part, bytes] of [['weights', memory.weightBytes], ['kv', memory.kvCacheBytes], ['activations', memory.activationBytes]] as const) {
    const segment = document.createElement('span');
    segment.className = `segment ${part}`;
    segment.dataset['bytes'] = String(bytes);
    segment.style.width = `${((bytes / scale) * 100).toFixed(3)}%`;
    bar.append(segment);
  }
  const capacity = document.createElement('span');
  capacity.className = 'capacity';
  capacity.dataset['bytes'] = String(memory.capacityBytes);
  capacity.style.left = `${((memory.capacityBytes / scale) * 100).toFixed(3)}%`;
  bar.append(capacity);
  return bar;
}

/** Columns of the table (the "why" line below each row spans them all). */
const COLUMNS = 8;

/** A strategy's row, and a line below it saying why it wins or loses (or cannot run). */
function strategyRows(s: StrategyPlan): HTMLTableRowElement[] {
  const tr = document.createElement('tr');
  tr.dataset['testid'] = 'plan-row';
  tr.dataset['strategy'] = s.name;
  tr.dataset['verdict'] = s.verdict;
  tr.dataset['fits'] = String(s.fits);
  tr.className = s.verdict === 'best' ? 'best' : s.verdict === 'slower' ? '' : 'unusable';
  tr.append(cell(s.verdict === 'best' ? '→' : '', 'pick'), cell(s.name, 'name'));
  const whyRow = document.createElement('tr');
  whyRow.className = `plan-why ${tr.className}`;
  tr.classList.add('has-why');
  whyRow.append(cell(''), cell('', 'name'));
  const why = cell('', 'summary');
  why.colSpan = COLUMNS - 2;
  why.dataset['testid'] = 'plan-why';
  whyRow.append(why);
  if (!s.possible || s.memory === undefined || s.decode === undefined) {
    why.textContent = `not possible: ${s.obstacle ?? s.why}`;
    tr.append(cell('–', 'memory'), cell('–'), cell('–', 'num'), cell('–', 'num'), cell('–', 'num'), cell('–', 'num'));
    return [tr, whyRow];
  }
  why.textContent = s.fits ? s.why : `does not fit: ${s.overflow ?? s.why}`;
  const memory = document.createElement('td');
  memory.className = 'memory';
  memory.dataset['totalBytes'] = String(s.memory.totalBytes);
  memory.append(memoryBar(s.memory), `${(s.memory.totalBytes / GIB).toFixed(2)} GiB`);
  const tps = cell(s.decode.tokensPerSecond.toFixed(2), 'num');
  tps.dataset['value'] = String(s.decode.tokensPerSecond);
  tr.append(
    memory,
    cell(s.fits ? 'yes' : 'no', s.fits ? 'fits' : 'fits no'),
    tps,
    cell(formatSeconds(s.decode.secondsPerToken), 'num'),
    cell(s.prefill ? formatSeconds(s.prefill.seconds) : '–', 'num'),
    cell(s.linkLoad ? `${s.linkLoad.busiestLinkMBps.toFixed(2)} MB/s` : '–', 'num'),
  );
  return [tr, whyRow];
}

/** Fill `table` with the strategies of `plan` (ranked as planInference ranks them) and `caption` with what was planned. */
export function renderPlanTable(table: HTMLTableElement, caption: HTMLElement, plan: InferencePlan): void {
  const head = document.createElement('thead');
  head.innerHTML = '<tr><th></th><th>strategy</th><th>memory per card <small>(fullest card)</small></th><th>fits</th>' +
    '<th class="num">tokens/s</th><th class="num">per token</th><th class="num">first token</th><th class="num">busiest link</th></tr>';
  const body = document.createElement('tbody');
  body.append(...plan.strategies.flatMap(strategyRows));
  table.replaceChildren(head, body);
  table.dataset['cards'] = String(plan.cards);
  caption.textContent = `${plan.model.name} in ${plan.format} on ${countOf(plan.cards, 'card')} (${plan.card.name}), batch ${plan.batch}, ` +
    `context ${plan.context}, prompt ${plan.prompt}: ${plan.best ? `best ${plan.best.name}` : 'nothing fits'}`;
}
