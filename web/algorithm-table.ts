/**
 * The algorithm-choice table: `topo.algorithmTable` at the run's size — every
 * algorithm the registry lists for the collective, its predicted time and
 * busbw, fastest first. The arrow marks what `auto` picks (the least time);
 * the highlighted row is what ran. Algorithms that cannot run here say why.
 */
import { busBandwidthFactor, type AlgorithmCandidate, type CollectiveName } from 'spanker-scheduler';
import { formatBandwidth, formatSeconds } from './format.js';

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

export function renderAlgorithmTable(
  table: HTMLTableElement, rows: readonly AlgorithmCandidate[], collective: CollectiveName, n: number, bytes: number, ran: string | undefined,
): void {
  const usable = rows.filter((r) => r.usable).sort((a, b) => a.seconds! - b.seconds!);
  const unusable = rows.filter((r) => !r.usable);
  const body = document.createElement('tbody');
  usable.forEach((r, i) => {
    const busBw = r.seconds! > 0 ? (bytes / r.seconds! / 1e9) * busBandwidthFactor(collective, n) : 0;
    const tr = document.createElement('tr');
    tr.dataset['testid'] = 'algorithm-row';
    tr.dataset['algorithm'] = r.algorithm;
    if (r.algorithm === ran) tr.className = 'ran';
    tr.append(
      cell(i === 0 ? '→' : '', 'pick'), cell(r.algorithm, 'name'), cell(formatSeconds(r.seconds!), 'num'),
      cell(formatBandwidth(busBw), 'num'), cell(r.method ?? ''), cell(r.summary, 'summary'),
    );
    body.append(tr);
  });
  for (const r of unusable) {
    const tr = document.createElement('tr');
    tr.dataset['testid'] = 'algorithm-row';
    tr.dataset['algorithm'] = r.algorithm;
    tr.className = 'unusable';
    const reason = cell(`cannot run here: ${r.reason ?? ''}`, 'summary');
    reason.colSpan = 4;
    tr.append(cell('', 'pick'), cell(r.algorithm, 'name'), reason);
    body.append(tr);
  }
  const head = document.createElement('thead');
  head.innerHTML = '<tr><th></th><th>algorithm</th><th class="num">predicted</th><th class="num">busbw</th><th>method</th><th>how it works</th></tr>';
  table.replaceChildren(head, body);
}
