/**
 * The timeline of a report, made ready to draw (in the worker): lanes for
 * cards, steps and links, and what goes in them. It always covers the whole
 * run, from 0 to `report.seconds`, in one of three forms:
 * - 'bars': every bar — per card a bar per step (from the first message it
 *   sends or receives in that step to the last one done), per link a bar per
 *   message it serialized (the per-hop times of the report's Chrome trace) —
 *   when there are at most MAX_BARS of them;
 * - 'binned': the same bars aggregated into TIMELINE_BINS equal time slices
 *   per lane: a slice's height is the share of it the lane was busy, its
 *   colour the step of the largest piece in it. More than MAX_CARD_LANES
 *   cards are grouped into lanes of consecutive cards;
 * - 'summary': the report kept no per-message timeline (over 200 000
 *   messages, or priced analytically), so the page draws what it has: the
 *   span of each step (`report.steps`) and each link's total busy time
 *   (`report.links`), which is drawn from 0 because when it fell is not known.
 * Link lanes are the MAX_LINK_LANES busiest links (in id order); the notes
 * say whenever something is aggregated, grouped or left out.
 */
import type { CollectiveReport } from 'spanker-scheduler';
import { countOf, formatBytes, formatSeconds } from './format.js';
import { nodeName } from './topology-view.js';

/** Most bars drawn one by one; beyond, the lanes are binned. */
export const MAX_BARS = 6000;
/** Time slices per lane when binned. */
export const TIMELINE_BINS = 480;
/** Most link lanes (the busiest links). */
export const MAX_LINK_LANES = 48;
/** Most card lanes; more cards are grouped, consecutive ids per lane. */
export const MAX_CARD_LANES = 64;
/** Most step lanes in a summary; more steps are grouped, consecutive steps per lane. */
export const MAX_STEP_LANES = 64;

/** What a lane shows: a card (or group of cards), a step (or group of steps), or a link. */
export type LaneKind = 'card' | 'link' | 'step';

/** One lane of the timeline. */
export interface TimelineLane {
  readonly kind: LaneKind;
  readonly label: string;
  /** A link lane's busy seconds as the report gives them (`report.links[].busySeconds`). */
  readonly busySeconds?: number;
}

/** One bar: `kind` 'busy' is a link's total busy time in a summary (its place in time unknown). */
export interface TimelineBar {
  readonly lane: number;
  readonly start: number;
  readonly end: number;
  /** Schedule step (colour); -1 when not one step. */
  readonly step: number;
  readonly kind: LaneKind | 'busy';
  readonly title: string;
}

interface TimelineCommon {
  /** The run's seconds: the axis runs from 0 to this. */
  readonly seconds: number;
  readonly lanes: readonly TimelineLane[];
  /** What is aggregated, grouped or left out, in words. */
  readonly notes: readonly string[];
}

/** A timeline ready to draw, in one of the three forms of the module comment. */
export type TimelineView =
  | TimelineCommon & { readonly mode: 'bars' | 'summary'; readonly bars: readonly TimelineBar[] }
  | TimelineCommon & {
    readonly mode: 'binned';
    readonly bins: number;
    /** Lane-major: the busy share (0–1) of slice b of lane l at [l · bins + b]. */
    readonly busy: Float32Array;
    /** The step of the largest piece in each slice (−1: empty). */
    readonly step: Int32Array;
  };

interface Piece {
  readonly lane: number;
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly kind: LaneKind;
  readonly title: () => string;
}

/** Hops per link from the Chrome trace (process 2 holds one track per link). */
function linkHops(report: CollectiveReport): Map<number, { start: number; end: number; step: number; name: string; bytes: number }[]> {
  const byLink = new Map<number, { start: number; end: number; step: number; name: string; bytes: number }[]>();
  for (const e of report.toChromeTrace().traceEvents) {
    if (e['ph'] !== 'X' || e['pid'] !== 2) continue;
    const args = e['args'] as { step?: number; bytes?: number };
    const start = (e['ts'] as number) / 1e6;
    const link = e['tid'] as number;
    const list = byLink.get(link) ?? [];
    list.push({ start, end: start + (e['dur'] as number) / 1e6, step: args.step ?? 0, name: String(e['name']), bytes: args.bytes ?? 0 });
    byLink.set(link, list);
  }
  return byLink;
}

/** The lane of each card: itself, or its group of ⌈n / MAX_CARD_LANES⌉ consecutive cards. */
function cardLanes(n: number): { lanes: TimelineLane[]; laneOf: (card: number) => number; perLane: number } {
  const perLane = Math.ceil(n / MAX_CARD_LANES);
  const lanes: TimelineLane[] = [];
  for (let first = 0; first < n; first += perLane) {
    const last = Math.min(n, first + perLane) - 1;
    lanes.push({ kind: 'card', label: first === last ? `card ${first}` : `cards ${first}–${last}` });
  }
  return { lanes, laneOf: (card) => Math.floor(card / perLane), perLane };
}

/** The busiest MAX_LINK_LANES of `links` (by bytes, then busy time), in id order. */
function busiestLinks<L extends { readonly link: number; readonly bytes: number; readonly busySeconds: number }>(links: readonly L[]): L[] {
  return [...links].sort((a, b) => b.bytes - a.bytes || b.busySeconds - a.busySeconds || a.link - b.link)
    .slice(0, MAX_LINK_LANES).sort((a, b) => a.link - b.link);
}

/** The timeline of `report` on a topology with `nSwitches` switches (for naming link ends). */
export function buildTimeline(report: CollectiveReport, nSwitches: number): TimelineView {
  const n = report.nSails;
  const seconds = report.seconds;
  const name = (id: number) => nodeName(n, nSwitches, id);
  const transfers = report.transfers;
  if (transfers === undefined) return summaryTimeline(report, name);

  const notes: string[] = [];
  const cards = cardLanes(n);
  if (cards.perLane > 1) notes.push(`${n} cards are drawn in ${cards.lanes.length} lanes of ${cards.perLane} consecutive cards (a lane's height is the average over its cards)`);
  const lanes: TimelineLane[] = [...cards.lanes];

  // Per card (or card lane), per step: [first start, last done] of the messages it sends or receives.
  const spans = new Map<string, { lane: number; step: number; start: number; end: number; messages: number; bytes: number }>();
  for (const t of transfers) {
    for (const card of t.src === t.dst ? [t.src] : [t.src, t.dst]) {
      const lane = cards.laneOf(card);
      const key = `${lane}:${t.step}`;
      const span = spans.get(key);
      if (span === undefined) {
        spans.set(key, { lane, step: t.step, start: t.start, end: t.done, messages: 1, bytes: t.bytes });
      } else {
        span.start = Math.min(span.start, t.start);
        span.end = Math.max(span.end, t.done);
        span.messages++;
        span.bytes += t.bytes;
      }
    }
  }
  const pieces: Piece[] = [...spans.values()].map((s) => ({
    lane: s.lane, start: s.start, end: s.end, step: s.step, kind: 'card',
    title: () => `${lanes[s.lane]!.label}, step ${s.step}: ${countOf(s.messages, 'message')}, ${formatBytes(s.bytes)}, ${formatSeconds(s.start)} → ${formatSeconds(s.end)}`,
  }));

  const hops = linkHops(report);
  const used = report.links.filter((l) => hops.has(l.link));
  const shown = busiestLinks(used);
  if (used.length > shown.length) notes.push(`only the ${shown.length} busiest of the ${used.length} links that carried data are drawn`);
  for (const l of shown) {
    const lane = lanes.length;
    lanes.push({ kind: 'link', label: `link ${name(l.from)}→${name(l.to)}`, busySeconds: l.busySeconds });
    for (const h of hops.get(l.link)!) {
      pieces.push({
        lane, start: h.start, end: h.end, step: h.step, kind: 'link',
        title: () => `link ${name(l.from)}→${name(l.to)}, ${h.name}, ${formatBytes(h.bytes)}, ${formatSeconds(h.start)} → ${formatSeconds(h.end)}`,
      });
    }
  }

  if (pieces.length <= MAX_BARS && cards.perLane === 1) {
    const bars = pieces.map((p) => ({ lane: p.lane, start: p.start, end: p.end, step: p.step, kind: p.kind, title: p.title() }));
    return { mode: 'bars', seconds, lanes, bars, notes };
  }
  notes.unshift(`${pieces.length.toLocaleString('en-US')} bars are aggregated into ${TIMELINE_BINS} time slices per lane: a slice's height is the share of it the lane was busy, its colour the step of the largest piece in it`);
  return { mode: 'binned', seconds, lanes, notes, ...binPieces(pieces, lanes, seconds, cards.perLane) };
}

/**
 * Sum each piece's overlap with every slice of its lane. Link pieces never
 * overlap (a link serializes one message at a time), so a link slice's busy
 * share is exact; card pieces of pipelined steps can, and a card lane's share
 * is capped at 1. A lane of `perCardLane` cards counts the share per card.
 */
function binPieces(pieces: readonly Piece[], lanes: readonly TimelineLane[], seconds: number, perCardLane: number): { bins: number; busy: Float32Array; step: Int32Array } {
  const bins = TIMELINE_BINS;
  const width = seconds > 0 ? seconds / bins : 1;
  const busy = new Float64Array(lanes.length * bins);
  const largest = new Float64Array(lanes.length * bins);
  const step = new Int32Array(lanes.length * bins).fill(-1);
  for (const p of pieces) {
    const scale = p.kind === 'card' ? 1 / perCardLane : 1;
    const first = Math.max(0, Math.min(bins - 1, Math.floor(p.start / width)));
    const last = Math.max(0, Math.min(bins - 1, Math.floor(p.end / width)));
    for (let b = first; b <= last; b++) {
      const overlap = Math.min(p.end, (b + 1) * width) - Math.max(p.start, b * width);
      // A zero-length piece still marks its slice (it happened there).
      const share = overlap > 0 ? overlap / width : p.end === p.start ? 0 : -1;
      if (share < 0) continue;
      const at = p.lane * bins + b;
      busy[at]! += share * scale;
      if (share >= largest[at]! || step[at] === -1) {
        largest[at] = share;
        step[at] = p.step;
      }
    }
  }
  return { bins, busy: Float32Array.from(busy, (v) => Math.min(1, v)), step };
}

/** No per-message timeline: step spans from `report.steps`, link busy time from `report.links`. */
function summaryTimeline(report: CollectiveReport, name: (id: number) => string): TimelineView {
  const seconds = report.seconds;
  const why = report.method === 'analytic' ? 'it was priced analytically' : 'it has over 200 000 messages';
  const notes = [`the report keeps no per-message timeline (${why}), so the lanes show what it has`];
  const lanes: TimelineLane[] = [];
  const bars: TimelineBar[] = [];

  const steps = report.steps;
  if (steps.length > 0) {
    const perLane = Math.ceil(steps.length / MAX_STEP_LANES);
    if (perLane > 1) notes.push(`its ${steps.length} steps are drawn in ${Math.ceil(steps.length / perLane)} lanes of ${perLane} consecutive steps`);
    for (let first = 0; first < steps.length; first += perLane) {
      const group = steps.slice(first, first + perLane);
      const lane = lanes.length;
      const a = group[0]!;
      const z = group[group.length - 1]!;
      const start = Math.min(...group.map((s) => s.start));
      const end = Math.max(...group.map((s) => s.end));
      const transfers = group.reduce((sum, s) => sum + s.transfers, 0);
      const bytes = group.reduce((sum, s) => sum + s.bytes, 0);
      const label = group.length === 1 ? `step ${a.step}` : `steps ${a.step}–${z.step}`;
      lanes.push({ kind: 'step', label });
      bars.push({
        lane, start, end, step: group.length === 1 ? a.step : -1, kind: 'step',
        title: `${label}: ${countOf(transfers, 'message')}, ${formatBytes(bytes)}, ${formatSeconds(start)} → ${formatSeconds(end)}`,
      });
    }
    notes.push('a step lane runs from the first message of its steps to the last (report.steps)');
  }

  const busy = report.links.filter((l) => l.busySeconds > 0);
  if (busy.length > 0) {
    const shown = busiestLinks(busy);
    if (busy.length > shown.length) notes.push(`only the ${shown.length} busiest of the ${busy.length} busy links are drawn`);
    for (const l of shown) {
      const lane = lanes.length;
      const label = `link ${name(l.from)}→${name(l.to)}`;
      lanes.push({ kind: 'link', label, busySeconds: l.busySeconds });
      bars.push({
        lane, start: 0, end: l.busySeconds, step: -1, kind: 'busy',
        title: `${label}: busy ${formatSeconds(l.busySeconds)} in all (${(l.utilization * 100).toFixed(0)}% of the run), ${formatBytes(l.bytes)}; when is not known`,
      });
    }
    notes.push('a link lane shows the link\'s total busy time (report.links), drawn from 0 because when it fell is not known');
  }

  if (lanes.length === 0) {
    lanes.push({ kind: 'step', label: 'whole run' });
    bars.push({ lane: 0, start: 0, end: seconds, step: -1, kind: 'step', title: `the whole run: ${formatSeconds(seconds)} (no steps or link times in the report)` });
    notes.push('the report has no steps and no link times: the one bar is the whole run');
  }
  return { mode: 'summary', seconds, lanes, bars, notes };
}
