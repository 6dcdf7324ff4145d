/**
 * The text results of a run: the correctness badge, the summary numbers and
 * the list of routes changed around Down links.
 */
import type { Reroute } from 'spanker-scheduler';
import type { DataRun } from './data-run.js';
import { formatBandwidth, formatBytes, formatSeconds } from './format.js';
import type { Settings } from './settings.js';

/** Green "0 wrong", red "N wrong", grey when the data run failed. */
export function renderBadge(badge: HTMLElement, data: DataRun | undefined): void {
  badge.className = `badge ${data === undefined ? 'none' : data.wrong === 0 ? 'ok' : 'bad'}`;
  badge.dataset['wrong'] = data === undefined ? '' : String(data.wrong);
  const strong = document.createElement('strong');
  strong.textContent = data === undefined ? 'not run' : `${data.wrong.toLocaleString('en-US')} wrong`;
  const detail = document.createElement('span');
  detail.textContent = data === undefined ? '' : `of ${data.checked.toLocaleString('en-US')} elements checked`;
  badge.replaceChildren(strong, ' ', detail);
}

function row(list: HTMLElement, label: string, value: string, testid: string, raw?: number): void {
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  dd.dataset['testid'] = testid;
  if (raw !== undefined) dd.dataset['value'] = String(raw);
  list.append(dt, dd);
}

export function renderSummary(list: HTMLElement, s: Settings, data: DataRun | undefined): void {
  list.replaceChildren();
  if (data === undefined) return;
  const r = data.report;
  row(list, 'algorithm', s.algorithm === 'auto' ? `${r.algorithm} (auto)` : r.algorithm, 'summary-algorithm');
  row(list, 'simulated time', formatSeconds(r.seconds), 'summary-seconds', r.seconds);
  row(list, 'algbw / busbw', `${formatBandwidth(r.algBw)} / ${formatBandwidth(r.busBw)}`, 'summary-busbw', r.busBw);
  row(list, 'on the links', `${formatBytes(r.totalLinkBytes)} in ${(r.transfers?.length ?? 0).toLocaleString('en-US')} messages, ${r.steps.length} steps`, 'summary-traffic', r.totalLinkBytes);
  row(list, 'host time', `${data.hostMs.toFixed(2)} ms (${r.kernels} kernels, this machine)`, 'summary-host');
}

/** Each changed route as "src→dst via path (the unusable links)"; the first 12, then how many more. */
export function renderReroutes(list: HTMLElement, reroutes: readonly Reroute[]): void {
  const items = reroutes.slice(0, 12).map((r) => {
    const li = document.createElement('li');
    li.dataset['testid'] = 'reroute';
    li.textContent = `${r.src}→${r.dst} via ${r.actual.join('→')} (${r.unusable.join(', ')})`;
    return li;
  });
  if (reroutes.length > items.length) {
    const li = document.createElement('li');
    li.textContent = `… and ${reroutes.length - items.length} more`;
    items.push(li);
  }
  list.replaceChildren(...items);
  list.dataset['count'] = String(reroutes.length);
}
