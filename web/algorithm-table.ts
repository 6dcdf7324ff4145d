/**
 * The algorithm-choice table: every algorithm the registry lists for the
 * collective at the run's size, its predicted time, how close that is to the
 * lower bound (bound ÷ time, as the summary's "of the bound"), busbw, the
 * pipeline and channels the time is for, and how it was priced, fastest
 * first. The arrow marks what `auto` picks (the least time); the highlighted
 * row is what ran. Algorithms that cannot run here say why.
 */
import { formatBandwidth, formatPercent, formatSeconds, methodLabel } from './format.js';
import type { TableRow } from './table-rows.js';

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/** Columns between the name and the summary, which an unusable row's reason spans. */
const NUMBER_COLUMNS = 6;

/**
 * Fill `table` with `rows`, fastest first, then those that cannot run; `ran`: the algorithm of the run (highlighted);
 * `bound`: the lower bound in seconds each time is measured against (undefined: "% of bound" is left empty).
 */
export function renderAlgorithmTable(table: HTMLTableElement, rows: readonly TableRow[], ran: string | undefined, bound: number | undefined): void {
  const usable = rows.filter((r) => r.usable).sort((a, b) => a.seconds! - b.seconds!);
  const unusable = rows.filter((r) => !r.usable);
  const body = document.createElement('tbody');
  usable.forEach((r, i) => {
    const tr = document.createElement('tr');
    tr.dataset['testid'] = 'algorithm-row';
    tr.dataset['algorithm'] = r.algorithm;
    tr.dataset['seconds'] = String(r.seconds);
    tr.dataset['method'] = r.method ?? '';
    tr.dataset['pipeline'] = String(r.pipeline ?? '');
    tr.dataset['channels'] = String(r.channels ?? '');
    // A plan that takes no time is at the bound (the library's efficiency is 1 then).
    const efficiency = bound === undefined ? undefined : r.seconds! > 0 ? bound / r.seconds! : 1;
    tr.dataset['efficiency'] = String(efficiency ?? '');
    if (r.algorithm === ran) tr.className = 'ran';
    tr.append(
      cell(i === 0 ? '→' : '', 'pick'), cell(r.algorithm, 'name'), cell(formatSeconds(r.seconds!), 'num'),
      cell(efficiency === undefined ? '' : formatPercent(efficiency), 'num efficiency'), cell(formatBandwidth(r.busBw!), 'num'),
      cell(String(r.pipeline ?? ''), 'num pipeline'), cell(String(r.channels ?? ''), 'num channels'),
      cell(methodLabel(r.method), 'method'), cell(r.summary, 'summary'),
    );
    body.append(tr);
  });
  for (const r of unusable) {
    const tr = document.createElement('tr');
    tr.dataset['testid'] = 'algorithm-row';
    tr.dataset['algorithm'] = r.algorithm;
    tr.dataset['method'] = '';
    tr.className = 'unusable';
    const reason = cell(`cannot run here: ${r.reason ?? ''}`, 'summary');
    reason.colSpan = NUMBER_COLUMNS + 1;
    tr.append(cell('', 'pick'), cell(r.algorithm, 'name'), reason);
    body.append(tr);
  }
  const head = document.createElement('thead');
  head.innerHTML = '<tr><th></th><th>algorithm</th><th class="num">predicted</th>' +
    '<th class="num" title="lower bound ÷ predicted time: 100 % is the best any schedule can do on these links">of bound</th>' +
    '<th class="num">busbw</th><th class="num" title="sub-chunks per message">pipe&shy;line</th>' +
    '<th class="num" title="rings sharing the data">chan&shy;nels</th><th>priced</th><th>how it works</th></tr>';
  table.replaceChildren(head, body);
}
