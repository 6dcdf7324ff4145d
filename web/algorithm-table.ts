/**
 * The algorithm-choice table: every algorithm the registry lists for the
 * collective at the run's size, its predicted time, busbw and how it was
 * priced, fastest first. The arrow marks what `auto` picks (the least time);
 * the highlighted row is what ran. Algorithms that cannot run here say why.
 */
import { formatBandwidth, formatSeconds, methodLabel } from './format.js';
import type { TableRow } from './table-rows.js';

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/** Fill `table` with `rows`, fastest first, then those that cannot run; `ran`: the algorithm of the run (highlighted). */
export function renderAlgorithmTable(table: HTMLTableElement, rows: readonly TableRow[], ran: string | undefined): void {
  const usable = rows.filter((r) => r.usable).sort((a, b) => a.seconds! - b.seconds!);
  const unusable = rows.filter((r) => !r.usable);
  const body = document.createElement('tbody');
  usable.forEach((r, i) => {
    const tr = document.createElement('tr');
    tr.dataset['testid'] = 'algorithm-row';
    tr.dataset['algorithm'] = r.algorithm;
    tr.dataset['seconds'] = String(r.seconds);
    tr.dataset['method'] = r.method ?? '';
    if (r.algorithm === ran) tr.className = 'ran';
    tr.append(
      cell(i === 0 ? '→' : '', 'pick'), cell(r.algorithm, 'name'), cell(formatSeconds(r.seconds!), 'num'),
      cell(formatBandwidth(r.busBw!), 'num'), cell(methodLabel(r.method), 'method'), cell(r.summary, 'summary'),
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
    reason.colSpan = 4;
    tr.append(cell('', 'pick'), cell(r.algorithm, 'name'), reason);
    body.append(tr);
  }
  const head = document.createElement('thead');
  head.innerHTML = '<tr><th></th><th>algorithm</th><th class="num">predicted</th><th class="num">busbw</th><th>priced</th><th>how it works</th></tr>';
  table.replaceChildren(head, body);
}
