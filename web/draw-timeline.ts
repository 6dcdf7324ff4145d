/**
 * The timeline of a run: one lane per card — a bar per schedule step, from
 * the first message the card sends or receives in that step to when the last
 * has arrived (and been reduced) — and one lane per link that carried data —
 * a bar per message it serialized. Colour is the step, the same in both
 * groups. Card bars come from `report.transfers`; link bars from the report's
 * Chrome trace, which has the per-hop times of multi-hop routes.
 */
import type { CollectiveReport } from 'spanker-scheduler';
import { formatBytes, formatSeconds } from './format.js';
import { niceTicks, resetSvg, svgElement, tooltip } from './svg.js';

/** Most bars drawn; beyond, the drawing says how many were left out. */
export const MAX_BARS = 6000;
/** Most link lanes drawn (the busiest first, then in id order). */
export const MAX_LINK_LANES = 48;

const WIDTH = 1060;
const LABEL_WIDTH = 84;
const RIGHT_MARGIN = 16;
const LANE = 15;
const GAP = 4;
const AXIS = 26;

/** Colour of step `k`: hues a golden angle apart, so neighbouring steps differ. */
export function stepColour(step: number): string {
  return `hsl(${((step * 137.508) % 360).toFixed(0)} 62% 56%)`;
}

interface Bar {
  readonly lane: number;
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly title: string;
  readonly kind: 'card' | 'link';
}

/** Per card, per step: [first start, last done] of the messages it sends or receives. */
function cardBars(report: CollectiveReport): Bar[] {
  const spans = new Map<string, { card: number; step: number; start: number; end: number; messages: number; bytes: number }>();
  for (const t of report.transfers ?? []) {
    for (const card of t.src === t.dst ? [t.src] : [t.src, t.dst]) {
      const key = `${card}:${t.step}`;
      const span = spans.get(key) ?? { card, step: t.step, start: t.start, end: t.done, messages: 0, bytes: 0 };
      span.start = Math.min(span.start, t.start);
      span.end = Math.max(span.end, t.done);
      span.messages++;
      span.bytes += t.bytes;
      spans.set(key, span);
    }
  }
  return [...spans.values()].map((s) => ({
    lane: s.card, start: s.start, end: s.end, step: s.step, kind: 'card' as const,
    title: `card ${s.card}, step ${s.step}: ${s.messages} message${s.messages === 1 ? '' : 's'}, ${formatBytes(s.bytes)}, ${formatSeconds(s.start)} → ${formatSeconds(s.end)}`,
  }));
}

/** Hops per link from the Chrome trace (process 2 holds one track per link). */
function linkHops(report: CollectiveReport): Map<number, { start: number; end: number; step: number; name: string; bytes: number }[]> {
  const byLink = new Map<number, { start: number; end: number; step: number; name: string; bytes: number }[]>();
  for (const e of report.toChromeTrace().traceEvents) {
    if (e['ph'] !== 'X' || e['pid'] !== 2) continue;
    const args = e['args'] as { step?: number; bytes?: number };
    const start = (e['ts'] as number) / 1e6;
    const hop = { start, end: start + (e['dur'] as number) / 1e6, step: args.step ?? 0, name: String(e['name']), bytes: args.bytes ?? 0 };
    const link = e['tid'] as number;
    const list = byLink.get(link) ?? [];
    list.push(hop);
    byLink.set(link, list);
  }
  return byLink;
}

export function drawTimeline(svg: SVGSVGElement, report: CollectiveReport): void {
  const n = report.nSails;
  const hops = linkHops(report);
  const links = report.links.filter((l) => hops.has(l.link));
  const shownLinks = [...links].sort((a, b) => b.bytes - a.bytes || a.link - b.link).slice(0, MAX_LINK_LANES).sort((a, b) => a.link - b.link);
  const laneOfLink = new Map(shownLinks.map((l, i) => [l.link, n + 1 + i]));
  const lanes = n + 1 + shownLinks.length; // cards, a spacer, links

  let bars = cardBars(report);
  for (const [link, list] of hops) {
    const lane = laneOfLink.get(link);
    if (lane === undefined) continue;
    for (const h of list) bars.push({ lane, start: h.start, end: h.end, step: h.step, kind: 'link', title: `${h.name}, ${formatBytes(h.bytes)}, ${formatSeconds(h.start)} → ${formatSeconds(h.end)}` });
  }
  const total = bars.length;
  if (bars.length > MAX_BARS) bars = bars.sort((a, b) => a.start - b.start).slice(0, MAX_BARS);

  const notes: string[] = [];
  if (report.transfers === undefined) notes.push('the report kept no timeline (over 200 000 messages)');
  if (total > bars.length) notes.push(`the first ${bars.length} of ${total} bars are drawn`);
  if (links.length > shownLinks.length) notes.push(`the ${shownLinks.length} busiest of ${links.length} links are drawn`);

  const height = AXIS + lanes * (LANE + GAP) + (notes.length > 0 ? 22 : 8);
  resetSvg(svg, WIDTH, height);
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT_MARGIN;
  const end = report.seconds > 0 ? report.seconds : 1e-9;
  // Time axis in the unit formatSeconds picks for the whole run.
  const unit = end < 1e-3 ? 1e-6 : end < 1 ? 1e-3 : 1;
  const x = (t: number) => LABEL_WIDTH + (t / end) * plotWidth;
  const y = (lane: number) => AXIS + lane * (LANE + GAP);

  const axis = svgElement('g', { class: 'axis' });
  for (const tick of niceTicks(end / unit, 8)) {
    if (tick * unit > end * 1.0001) continue;
    const tx = x(tick * unit);
    axis.append(
      svgElement('line', { x1: tx.toFixed(1), x2: tx.toFixed(1), y1: AXIS - 4, y2: y(lanes) - GAP, class: 'grid' }),
      svgElement('text', { x: tx.toFixed(1), y: AXIS - 9, class: 'tick-label', 'text-anchor': 'middle' }, [`${+tick.toPrecision(6)}`]),
    );
  }
  axis.append(svgElement('text', { x: 4, y: AXIS - 9, class: 'tick-label' }, [unit === 1e-6 ? 'time (µs)' : unit === 1e-3 ? 'time (ms)' : 'time (s)']));

  const labels = svgElement('g', { class: 'lane-labels' });
  for (let c = 0; c < n; c++) labels.append(svgElement('text', { x: 4, y: y(c) + LANE - 3, class: 'lane-label' }, [`card ${c}`]));
  for (const l of shownLinks) {
    labels.append(svgElement('text', { x: 4, y: y(laneOfLink.get(l.link)!) + LANE - 3, class: 'lane-label' }, [`link ${l.from}→${l.to}`]));
  }
  if (shownLinks.length > 0) {
    labels.append(svgElement('line', { x1: 4, x2: WIDTH - RIGHT_MARGIN, y1: y(n) + LANE / 2, y2: y(n) + LANE / 2, class: 'separator' }));
  }

  const barGroup = svgElement('g', { class: 'bars' });
  for (const b of bars) {
    const x0 = x(b.start);
    barGroup.append(svgElement('rect', {
      x: x0.toFixed(2), y: y(b.lane), width: Math.max(1, x(b.end) - x0).toFixed(2), height: LANE, rx: 2,
      fill: stepColour(b.step), class: `bar ${b.kind}-bar`, 'data-step': b.step,
    }, [tooltip(b.title)]));
  }
  svg.append(axis, labels, barGroup);
  if (notes.length > 0) {
    svg.append(svgElement('text', { x: LABEL_WIDTH, y: height - 6, class: 'note' }, [`Not all shown: ${notes.join('; ')}.`]));
  }
}
