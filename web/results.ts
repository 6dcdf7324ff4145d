/**
 * The text results of a run: the correctness badge (or "timing only"), the
 * summary numbers with how the time was priced, the busiest links of a
 * topology too large to draw, and the routes changed around Down links.
 */
import { countOf, formatBandwidth, formatBytes, formatSeconds, methodLabel } from './format.js';
import type { RunView } from './page-run.js';
import type { ReportView } from './report-view.js';
import type { Settings } from './settings.js';
import { nodeName } from './topology-view.js';

/** Green "0 wrong", red "N wrong", grey "timing only" for an estimate, grey "not run" when the run failed. */
export function renderBadge(badge: HTMLElement, run: RunView | undefined): void {
  const data = run?.data;
  badge.className = `badge ${run === undefined ? 'none' : data === undefined ? 'estimate' : data.wrong === 0 ? 'ok' : 'bad'}`;
  badge.dataset['wrong'] = data === undefined ? '' : String(data.wrong);
  badge.dataset['mode'] = run === undefined ? '' : data === undefined ? 'estimate' : 'data';
  const strong = document.createElement('strong');
  const detail = document.createElement('span');
  if (run === undefined) {
    strong.textContent = 'not run';
  } else if (data === undefined) {
    strong.textContent = 'timing only';
    detail.textContent = 'topo.estimate: no data was moved or checked';
  } else {
    strong.textContent = `${data.wrong.toLocaleString('en-US')} wrong`;
    detail.textContent = `of ${data.checked.toLocaleString('en-US')} elements checked`;
  }
  badge.replaceChildren(strong, ' ', detail);
}

function row(list: HTMLElement, label: string, value: string, testid: string, raw?: number | string): void {
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  dd.dataset['testid'] = testid;
  if (raw !== undefined) dd.dataset['value'] = String(raw);
  list.append(dt, dd);
}

/** The summary list: what ran, its time and how it was priced, bandwidth, traffic and host time. */
export function renderSummary(list: HTMLElement, s: Settings, run: RunView | undefined): void {
  list.replaceChildren();
  if (run === undefined) return;
  const r = run.report;
  row(list, 'run', run.data ? 'on real data (every element checked)' : 'timing only (topo.estimate, no data)', 'summary-mode', run.data ? 'data' : 'estimate');
  row(list, 'algorithm', s.algorithm === 'auto' ? `${r.algorithm} (auto)` : r.algorithm, 'summary-algorithm');
  row(list, 'time on the links', `${formatSeconds(r.seconds)} (${methodLabel(r.method)})`, 'summary-seconds', r.seconds);
  row(list, 'priced', r.method === 'simulate' ? 'simulated: every message through the event simulator' : 'analytic: a model of the schedule, not simulated', 'summary-method', r.method);
  row(list, 'algbw / busbw', `${formatBandwidth(r.algBw)} / ${formatBandwidth(r.busBw)}`, 'summary-busbw', r.busBw);
  row(list, 'on the links', trafficText(r), 'summary-traffic', r.totalLinkBytes);
  if (s.pipeline > 1) row(list, 'pipeline', `${s.pipeline} sub-chunks per segment`, 'summary-pipeline', s.pipeline);
  if (run.data) row(list, 'host time', `${run.data.hostMs.toFixed(2)} ms (${r.kernels ?? '?'} kernels, this machine)`, 'summary-host');
}

/** True when the report says nothing of its links: priced analytically without per-link traffic. */
export function hasNoLinkData(r: ReportView): boolean {
  return r.method === 'analytic' && r.totalLinkBytes === 0 && r.seconds > 0;
}

/** "32 MiB in 112 messages, 2 steps"; what is not known is said to be not known. */
function trafficText(r: ReportView): string {
  if (hasNoLinkData(r)) return 'not known: priced analytically, without per-link traffic or steps';
  const messages = r.messages === undefined ? 'messages (not kept)' : countOf(r.messages, 'message');
  return `${formatBytes(r.totalLinkBytes)} in ${messages}, ${countOf(r.steps, 'step')}`;
}

/** The busiest links of a topology too large to draw. */
export function renderBusiestLinks(list: HTMLElement, r: ReportView | undefined, nSwitches: number): void {
  const items = (r === undefined || r.allLinks ? [] : r.links).map((l) => {
    const li = document.createElement('li');
    li.dataset['testid'] = 'busiest-link';
    li.textContent = `link ${l.link}: ${nodeName(r!.nSails, nSwitches, l.from)}→${nodeName(r!.nSails, nSwitches, l.to)}, ${formatBytes(l.bytes)}, ${(l.utilization * 100).toFixed(0)}% busy`;
    return li;
  });
  if (r !== undefined && !r.allLinks && r.linksUsed === 0) {
    const li = document.createElement('li');
    li.textContent = hasNoLinkData(r) ? 'not known: the run was priced analytically, without per-link traffic' : 'no link carried data';
    items.push(li);
  } else if (r !== undefined && !r.allLinks && r.linksUsed > items.length) {
    const li = document.createElement('li');
    li.textContent = `… ${countOf(r.linksUsed, 'link')} carried data in all`;
    items.push(li);
  }
  list.replaceChildren(...items);
}

/** Each changed route (the first 12, then how many more). */
export function renderReroutes(list: HTMLElement, r: ReportView | undefined): void {
  const items = (r?.reroutes ?? []).map((reroute) => {
    const li = document.createElement('li');
    li.dataset['testid'] = 'reroute';
    li.textContent = reroute.text;
    return li;
  });
  const count = r?.rerouteCount ?? 0;
  if (count > items.length) {
    const li = document.createElement('li');
    li.textContent = `… and ${count - items.length} more`;
    items.push(li);
  }
  list.replaceChildren(...items);
  list.dataset['count'] = String(count);
}
