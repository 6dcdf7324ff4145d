/**
 * Draws a TimelineView (see timeline-view.ts) at the width of its container:
 * lanes of cards, steps and links, a time axis from 0 to the run's seconds,
 * and a note saying what is aggregated or left out. Bars are coloured by
 * step, the same in every lane. Every drawn bar carries its time span in
 * seconds (`data-t0`, `data-t1`) and every link lane its busy seconds, so a
 * test can check what is drawn against the report. The notes (what is
 * aggregated or left out) go in an HTML list below it, where they wrap.
 */
import { formatSeconds } from './format.js';
import { niceTicks, resetSvg, svgElement, tooltip } from './svg.js';
import type { TimelineBar, TimelineView } from './timeline-view.js';

const MIN_WIDTH = 480;
const LABEL_WIDTH = 112;
const RIGHT_MARGIN = 16;
const LANE = 15;
const GAP = 4;
const AXIS = 26;
/** Colour of bars that are not one step (groups of steps, a link's total busy time). */
const NEUTRAL = '#94a3b8';

/** Colour of step `k`: hues a golden angle apart, so neighbouring steps differ. */
export function stepColour(step: number): string {
  return step < 0 ? NEUTRAL : `hsl(${((step * 137.508) % 360).toFixed(0)} 62% 56%)`;
}

/** Busy shares are drawn in this many height levels, so neighbouring slices of equal level merge into one rectangle. */
const LEVELS = 8;

/** Draw `view` `width` pixels wide (at least 480). */
export function drawTimeline(svg: SVGSVGElement, view: TimelineView, width: number): void {
  const w = Math.max(MIN_WIDTH, Math.floor(width));
  const lanes = view.lanes;
  const cardLanes = lanes.filter((l) => l.kind === 'card').length;
  // A gap between the card (or step) lanes and the link lanes.
  const split = lanes.findIndex((l) => l.kind === 'link');
  const laneRow = (lane: number) => lane + (split > 0 && lane >= split ? 1 : 0);
  const rows = lanes.length + (split > 0 ? 1 : 0);
  const height = AXIS + rows * (LANE + GAP) + 4;
  resetSvg(svg, w, height);
  svg.dataset['mode'] = view.mode;
  svg.dataset['seconds'] = String(view.seconds);
  svg.dataset['cardLanes'] = String(cardLanes);
  const plotWidth = w - LABEL_WIDTH - RIGHT_MARGIN;
  const end = view.seconds > 0 ? view.seconds : 1e-9;
  const unit = end < 1e-3 ? 1e-6 : end < 1 ? 1e-3 : 1;
  const x = (t: number) => LABEL_WIDTH + (Math.min(t, end) / end) * plotWidth;
  const y = (lane: number) => AXIS + laneRow(lane) * (LANE + GAP);

  const axis = svgElement('g', { class: 'axis' });
  for (const tick of view.seconds > 0 ? niceTicks(end / unit, Math.max(3, Math.round(plotWidth / 110))) : []) {
    if (tick * unit > end * 1.0001) continue;
    const tx = x(tick * unit);
    axis.append(
      svgElement('line', { x1: tx.toFixed(1), x2: tx.toFixed(1), y1: AXIS - 4, y2: AXIS + rows * (LANE + GAP) - GAP, class: 'grid' }),
      svgElement('text', { x: tx.toFixed(1), y: AXIS - 9, class: 'tick-label', 'text-anchor': 'middle' }, [`${+tick.toPrecision(6)}`]),
    );
  }
  // The end of the run, labelled: the axis always reaches it.
  axis.append(
    svgElement('line', { x1: x(end).toFixed(1), x2: x(end).toFixed(1), y1: AXIS - 4, y2: AXIS + rows * (LANE + GAP) - GAP, class: 'run-end' }),
    svgElement('text', { x: 4, y: AXIS - 9, class: 'tick-label' }, [unit === 1e-6 ? 'time (µs)' : unit === 1e-3 ? 'time (ms)' : 'time (s)']),
  );

  const labels = svgElement('g', { class: 'lane-labels' });
  lanes.forEach((lane, i) => {
    labels.append(svgElement('text', {
      x: 4, y: y(i) + LANE - 3, class: 'lane-label', 'data-kind': lane.kind,
      ...(lane.busySeconds !== undefined ? { 'data-busy-seconds': lane.busySeconds } : {}),
    }, [lane.label]));
  });
  if (split > 0) {
    const sy = AXIS + split * (LANE + GAP) + LANE / 2;
    labels.append(svgElement('line', { x1: 4, x2: w - RIGHT_MARGIN, y1: sy, y2: sy, class: 'separator' }));
  }

  const barGroup = svgElement('g', { class: 'bars' });
  if (view.mode === 'binned') {
    const slice = view.seconds / view.bins;
    lanes.forEach((lane, l) => {
      // Runs of slices with the same step and busy level become one rectangle.
      let b = 0;
      while (b < view.bins) {
        const at = l * view.bins + b;
        const level = Math.ceil(view.busy[at]! * LEVELS);
        const step = view.step[at]!;
        let e = b + 1;
        while (e < view.bins && view.step[l * view.bins + e] === step && Math.ceil(view.busy[l * view.bins + e]! * LEVELS) === level) e++;
        if (level > 0) {
          let busy = 0;
          for (let k = b; k < e; k++) busy += view.busy[l * view.bins + k]!;
          const h = Math.max(2, (LANE * level) / LEVELS);
          const t0 = b * slice;
          const t1 = e * slice;
          barGroup.append(svgElement('rect', {
            x: x(t0).toFixed(2), y: (y(l) + LANE - h).toFixed(2), width: Math.max(1, x(t1) - x(t0)).toFixed(2), height: h.toFixed(2),
            fill: stepColour(step), class: `bar ${lane.kind}-bar binned`, 'data-step': step, 'data-lane': l,
            'data-t0': t0, 'data-t1': t1, 'data-busy-seconds': busy * slice,
          }, [tooltip(`${lane.label}, ${formatSeconds(t0)} → ${formatSeconds(t1)}: busy ${((busy / (e - b)) * 100).toFixed(0)}%${step >= 0 ? `, mostly step ${step}` : ''}`)]));
        }
        b = e;
      }
    });
  } else {
    for (const bar of view.bars) barGroup.append(barElement(bar, x, y));
  }
  svg.append(axis, labels, barGroup);
  if (view.seconds === 0) {
    svg.append(svgElement('text', { x: LABEL_WIDTH + plotWidth / 2, y: AXIS + 11, class: 'tick-label', 'text-anchor': 'middle' }, ['nothing crossed a link: no time on the links']));
  }
}

/** What the lanes of a timeline in this mode show. */
export function timelineLegend(view: TimelineView | undefined): string {
  switch (view?.mode) {
    case undefined: return '';
    case 'bars': return 'Cards: a bar per step the card sends or receives in. Links: a bar per message serialized. Colour: step.';
    case 'binned': return 'Cards: when each card sends or receives, per step. Links: when each link serializes messages. Height: how busy; colour: step.';
    case 'summary': return 'What the report has: the span of each step, and each link\'s total busy time (grey). Colour: step.';
  }
}

/** The timeline's notes (what is aggregated, grouped or left out), one sentence per list item. */
export function renderTimelineNotes(list: HTMLElement, view: TimelineView | undefined): void {
  list.replaceChildren(...(view?.notes ?? []).map((note) => {
    const li = document.createElement('li');
    li.dataset['testid'] = 'timeline-note';
    li.textContent = `${note[0]!.toUpperCase()}${note.slice(1)}.`;
    return li;
  }));
}

function barElement(bar: TimelineBar, x: (t: number) => number, y: (lane: number) => number): SVGRectElement {
  const x0 = x(bar.start);
  return svgElement('rect', {
    x: x0.toFixed(2), y: y(bar.lane), width: Math.max(1, x(bar.end) - x0).toFixed(2), height: LANE, rx: 2,
    fill: stepColour(bar.step), class: `bar ${bar.kind}-bar`, 'data-step': bar.step, 'data-lane': bar.lane, 'data-t0': bar.start, 'data-t1': bar.end,
  }, [tooltip(bar.title)]);
}
