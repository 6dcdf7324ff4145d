/**
 * The busbw-vs-size chart: size on a log₂ axis, nccl-tests busbw (GB/s) on a
 * linear one. The chosen setting ('auto' or the forced algorithm) is the bold
 * curve; every other algorithm is a thin coloured line; the run itself is the
 * large ringed dot. Every point is marked by how it was priced: a filled dot
 * was simulated, a hollow one priced analytically (and its tooltip says so).
 */
import { countOf, formatBandwidth, formatBytes, formatBytesShort, formatSeconds, methodLabel } from './format.js';
import type { ReportView } from './report-view.js';
import { niceTicks, resetSvg, svgElement, tooltip } from './svg.js';
import type { CurvePoint, CurveSeries } from './sweep.js';

const WIDTH = 520;
const HEIGHT = 440;
const MARGIN = { left: 56, right: 18, top: 18, bottom: 46 };
const CHOSEN_COLOUR = '#0f172a';
const RUN_COLOUR = '#f59e0b';
/** Line colours of the other algorithms, in registry order. */
const PALETTE = ['#2563eb', '#16a34a', '#db2777', '#9333ea', '#0891b2', '#ca8a04'];

/** Draw the curves of the sweep and the run's point (undefined when the run failed). */
export function drawCurve(svg: SVGSVGElement, series: readonly CurveSeries[], run: ReportView | undefined): void {
  resetSvg(svg, WIDTH, HEIGHT);
  const points = series.flatMap((s) => s.points);
  const allBytes = [...points.map((p) => p.bytes), ...(run ? [run.bytes] : [])].filter((b) => b > 0);
  if (allBytes.length === 0) {
    const reason = series.find((s) => s.reason)?.reason;
    svg.append(svgElement('text', { x: WIDTH / 2, y: HEIGHT / 2, class: 'axis-label', 'text-anchor': 'middle' }, [
      reason ? 'No algorithm could be priced here:' : 'No sizes to sweep.',
    ]));
    if (reason) {
      svg.append(svgElement('text', { x: WIDTH / 2, y: HEIGHT / 2 + 18, class: 'tick-label', 'text-anchor': 'middle' }, [
        reason.length > 90 ? `${reason.slice(0, 89)}…` : reason, tooltip(reason),
      ]));
    }
    return;
  }
  const minLog = Math.log2(Math.min(...allBytes));
  const maxLog = Math.max(Math.log2(Math.max(...allBytes)), minLog + 1);
  // No link time at all (one card): an axis of 0–1 GB/s rather than one of 1e-12.
  const maxBw = Math.max(...points.map((p) => p.busBw), run?.busBw ?? 0) || 1;
  const yTicks = niceTicks(maxBw, 5);
  const yMax = yTicks[yTicks.length - 1]!;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (bytes: number) => MARGIN.left + ((Math.log2(bytes) - minLog) / (maxLog - minLog)) * plotW;
  const y = (bw: number) => MARGIN.top + plotH - (bw / yMax) * plotH;

  const axis = svgElement('g', { class: 'axis' });
  for (const t of yTicks) {
    axis.append(
      svgElement('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(t).toFixed(1), y2: y(t).toFixed(1), class: 'grid' }),
      svgElement('text', { x: MARGIN.left - 6, y: (y(t) + 4).toFixed(1), class: 'tick-label', 'text-anchor': 'end' }, [`${+t.toPrecision(6)}`]),
    );
  }
  // A size tick every factor of 16 (every other point of the ×4 sweep).
  for (let e = Math.ceil(minLog); e <= maxLog; e++) {
    if (e % 4 !== 0 && !(e === Math.ceil(minLog))) continue;
    const tx = x(2 ** e);
    axis.append(
      svgElement('line', { x1: tx.toFixed(1), x2: tx.toFixed(1), y1: MARGIN.top, y2: MARGIN.top + plotH, class: 'grid' }),
      svgElement('text', { x: tx.toFixed(1), y: MARGIN.top + plotH + 16, class: 'tick-label', 'text-anchor': 'middle' }, [formatBytesShort(2 ** e)]),
    );
  }
  axis.append(
    svgElement('text', { x: MARGIN.left + plotW / 2, y: HEIGHT - 8, class: 'axis-label', 'text-anchor': 'middle' }, ['size S (bytes, log scale)']),
    svgElement('text', { x: 14, y: MARGIN.top + plotH / 2, class: 'axis-label', 'text-anchor': 'middle', transform: `rotate(-90 14 ${MARGIN.top + plotH / 2})` }, ['busbw (GB/s)']),
  );
  svg.append(axis);

  const line = (s: CurveSeries) => s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.bytes).toFixed(1)},${y(p.busBw).toFixed(1)}`).join(' ');
  const others = series.filter((s) => !s.chosen);
  const colourOf = new Map(others.map((s, i) => [s.label, PALETTE[i % PALETTE.length]!]));
  /** A point's marker: filled when simulated, hollow (white inside) when analytic. */
  const marker = (s: CurveSeries, p: CurvePoint, colour: string, r: number, testid: string) => svgElement('circle', {
    cx: x(p.bytes).toFixed(1), cy: y(p.busBw).toFixed(1), r, stroke: colour, 'stroke-width': 1.5, fill: p.method === 'simulate' ? colour : '#fff',
    class: `point ${p.method}`, 'data-testid': testid, 'data-series': s.label, 'data-bytes': p.bytes, 'data-method': p.method,
    'data-seconds': p.seconds, 'data-algorithm': p.algorithm,
  }, [tooltip(`${s.label === p.algorithm ? p.algorithm : `${s.label}: ${p.algorithm}`}, ${formatBytes(p.bytes)}: ${formatSeconds(p.seconds)} (${methodLabel(p.method)}), busbw ${formatBandwidth(p.busBw)}`)]);
  for (const s of others) {
    if (s.points.length === 0) continue;
    const colour = colourOf.get(s.label)!;
    svg.append(svgElement('path', { d: line(s), class: 'series', stroke: colour, 'data-series': s.label }, [tooltip(s.label)]));
    for (const p of s.points) svg.append(marker(s, p, colour, 2.5, 'curve-other-point'));
  }
  const chosen = series.find((s) => s.chosen);
  if (chosen && chosen.points.length > 0) {
    svg.append(svgElement('path', { d: line(chosen), class: 'series chosen', stroke: CHOSEN_COLOUR, 'data-series': chosen.label }));
    for (const p of chosen.points) svg.append(marker(chosen, p, CHOSEN_COLOUR, 3.5, 'curve-point'));
  }
  if (run && run.bytes > 0) {
    svg.append(svgElement('circle', {
      cx: x(run.bytes).toFixed(1), cy: y(run.busBw).toFixed(1), r: 7, fill: RUN_COLOUR, class: 'run-point', 'data-testid': 'curve-run-point', 'data-method': run.method,
    }, [tooltip(`this run: ${formatBytes(run.bytes)}, ${run.algorithm}, ${formatSeconds(run.seconds)} (${methodLabel(run.method)}), busbw ${formatBandwidth(run.busBw)}`)]));
  }

  // Legend, top left inside the plot.
  const legend = svgElement('g', { class: 'legend' });
  const entries: { label: string; colour: string; bold: boolean; note?: string; kind?: 'run' | 'simulate' | 'analytic' }[] = [];
  const failure = (s: CurveSeries) => (s.points.length === 0 ? 'cannot run here' : s.failed > 0 ? `${countOf(s.failed, 'size')} failed` : undefined);
  for (const s of chosen ? [chosen, ...others] : others) {
    const note = failure(s);
    entries.push({ label: s.label, colour: s.chosen ? CHOSEN_COLOUR : colourOf.get(s.label)!, bold: s.chosen, ...(note ? { note } : {}) });
  }
  if (run) entries.push({ label: 'this run', colour: RUN_COLOUR, bold: false, kind: 'run' });
  const methods = new Set(points.map((p) => p.method));
  if (methods.has('simulate')) entries.push({ label: 'simulated', colour: CHOSEN_COLOUR, bold: false, kind: 'simulate' });
  if (methods.has('analytic')) entries.push({ label: 'analytic', colour: CHOSEN_COLOUR, bold: false, kind: 'analytic' });
  entries.forEach((e, i) => {
    const ly = MARGIN.top + 12 + i * 16;
    const lx = MARGIN.left + 10;
    legend.append(
      e.kind === 'run'
        ? svgElement('circle', { cx: lx + 9, cy: ly - 4, r: 5, fill: e.colour })
        : e.kind !== undefined
          ? svgElement('circle', { cx: lx + 9, cy: ly - 4, r: 3.5, stroke: e.colour, 'stroke-width': 1.5, fill: e.kind === 'simulate' ? e.colour : '#fff' })
          : svgElement('line', { x1: lx, x2: lx + 18, y1: ly - 4, y2: ly - 4, stroke: e.colour, 'stroke-width': e.bold ? 3 : 1.5 }),
      svgElement('text', { x: lx + 24, y: ly, class: `legend-label${e.note ? ' muted' : ''}` }, [e.note ? `${e.label} (${e.note})` : e.label]),
    );
  });
  svg.append(legend);
}
