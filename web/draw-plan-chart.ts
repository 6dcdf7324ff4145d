/**
 * The planner's chart: decode tokens/s (aggregate, at the request's batch)
 * against card count, one line per pipeline degree p — each point is TP N/p
 * × PP p on N cards, so "PP 1" is tensor parallelism over all the cards.
 * Filled points fit in the cards' memory; hollow ones do not (their speed is
 * what they would reach, and the tooltip says what overflows); a ring marks
 * the best strategy at each card count. Strategies that cannot split the
 * model (a TP degree that does not divide the heads) have no point. Clicking
 * a point calls `onCards` with its card count.
 */
import type { InferencePlan, StrategyPlan } from 'spanker-scheduler';
import { countOf, formatSeconds } from './format.js';
import { niceTicks, resetSvg, svgElement, tooltip } from './svg.js';

const WIDTH = 620;
const HEIGHT = 360;
const MARGIN = { left: 60, right: 130, top: 18, bottom: 46 };
const PALETTE = ['#0f172a', '#2563eb', '#16a34a', '#db2777', '#9333ea', '#0891b2', '#ca8a04', '#dc2626', '#65a30d', '#7c3aed', '#0d9488'];

interface ChartPoint {
  readonly cards: number;
  readonly strategy: StrategyPlan;
  readonly tokensPerSecond: number;
}

/** Draw the plans of every card count (ascending). */
export function drawPlanChart(svg: SVGSVGElement, plans: readonly InferencePlan[], onCards: (cards: number) => void): void {
  resetSvg(svg, WIDTH, HEIGHT);
  const byDegree = new Map<number, ChartPoint[]>();
  for (const plan of plans) {
    for (const s of plan.strategies) {
      if (!s.possible || s.decode === undefined) continue;
      const list = byDegree.get(s.pipelineParallel) ?? [];
      list.push({ cards: plan.cards, strategy: s, tokensPerSecond: s.decode.tokensPerSecond });
      byDegree.set(s.pipelineParallel, list);
    }
  }
  const points = [...byDegree.values()].flat();
  if (points.length === 0) {
    svg.append(svgElement('text', { x: WIDTH / 2, y: HEIGHT / 2, class: 'axis-label', 'text-anchor': 'middle' }, ['No strategy can split this model on these card counts.']));
    return;
  }
  const counts = plans.map((p) => p.cards);
  const minLog = Math.log2(Math.min(...counts));
  const maxLog = Math.max(Math.log2(Math.max(...counts)), minLog + 1);
  const yTicks = niceTicks(Math.max(...points.map((p) => p.tokensPerSecond), 1e-9), 5);
  const yMax = yTicks[yTicks.length - 1]!;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (cards: number) => MARGIN.left + ((Math.log2(cards) - minLog) / (maxLog - minLog)) * plotW;
  const y = (tps: number) => MARGIN.top + plotH - (tps / yMax) * plotH;

  const axis = svgElement('g', { class: 'axis' });
  for (const t of yTicks) {
    axis.append(
      svgElement('line', { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: y(t).toFixed(1), y2: y(t).toFixed(1), class: 'grid' }),
      svgElement('text', { x: MARGIN.left - 6, y: (y(t) + 4).toFixed(1), class: 'tick-label', 'text-anchor': 'end' }, [`${+t.toPrecision(6)}`]),
    );
  }
  for (const cards of counts) {
    const tx = x(cards);
    const label = svgElement('text', { x: tx.toFixed(1), y: MARGIN.top + plotH + 16, class: 'tick-label clickable', 'text-anchor': 'middle' }, [String(cards)]);
    label.addEventListener('click', () => onCards(cards));
    axis.append(svgElement('line', { x1: tx.toFixed(1), x2: tx.toFixed(1), y1: MARGIN.top, y2: MARGIN.top + plotH, class: 'grid' }), label);
  }
  axis.append(
    svgElement('text', { x: MARGIN.left + plotW / 2, y: HEIGHT - 8, class: 'axis-label', 'text-anchor': 'middle' }, ['cards (log scale)']),
    svgElement('text', { x: 14, y: MARGIN.top + plotH / 2, class: 'axis-label', 'text-anchor': 'middle', transform: `rotate(-90 14 ${MARGIN.top + plotH / 2})` }, ['decode tokens/s (all streams)']),
  );
  svg.append(axis);

  const degrees = [...byDegree.keys()].sort((a, b) => a - b);
  degrees.forEach((p, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    const list = byDegree.get(p)!.sort((a, b) => a.cards - b.cards);
    // Lines join neighbouring points that fit; a point that does not fit breaks the line.
    let d = '';
    let open = false;
    for (const point of list) {
      if (!point.strategy.fits) {
        open = false;
        continue;
      }
      d += `${open ? 'L' : 'M'}${x(point.cards).toFixed(1)},${y(point.tokensPerSecond).toFixed(1)} `;
      open = true;
    }
    if (d !== '') svg.append(svgElement('path', { d: d.trim(), class: 'series', stroke: colour, 'data-degree': p }));
    for (const point of list) {
      const s = point.strategy;
      const best = s.verdict === 'best';
      const marker = svgElement('circle', {
        cx: x(point.cards).toFixed(1), cy: y(point.tokensPerSecond).toFixed(1), r: best ? 5 : 4, stroke: colour, 'stroke-width': 1.5,
        fill: s.fits ? colour : '#fff', class: `plan-point${best ? ' best' : ''}${s.fits ? '' : ' no-fit'}`, 'data-testid': 'plan-point',
        'data-cards': point.cards, 'data-strategy': s.name, 'data-tokens-per-second': point.tokensPerSecond, 'data-fits': String(s.fits),
      }, [tooltip(`${countOf(point.cards, 'card')}, ${s.name}: ${point.tokensPerSecond.toFixed(2)} tokens/s, ${formatSeconds(s.decode!.secondsPerToken)} per token` +
        `${s.fits ? '' : ` — does not fit: ${s.overflow ?? ''}`}${best ? ' (best)' : ''}`)]);
      marker.addEventListener('click', () => onCards(point.cards));
      svg.append(marker);
      if (best) svg.append(svgElement('circle', { cx: x(point.cards).toFixed(1), cy: y(point.tokensPerSecond).toFixed(1), r: 9, class: 'best-ring' }));
    }
  });

  // Legend, right of the plot.
  const legend = svgElement('g', { class: 'legend' });
  const lx = MARGIN.left + plotW + 14;
  degrees.forEach((p, i) => {
    const ly = MARGIN.top + 12 + i * 16;
    legend.append(
      svgElement('line', { x1: lx, x2: lx + 18, y1: ly - 4, y2: ly - 4, stroke: PALETTE[i % PALETTE.length]!, 'stroke-width': 2 }),
      svgElement('text', { x: lx + 24, y: ly, class: 'legend-label' }, [p === 1 ? 'PP 1 (TP only)' : `PP ${p}`]),
    );
  });
  const ly = MARGIN.top + 12 + degrees.length * 16 + 8;
  legend.append(
    svgElement('circle', { cx: lx + 9, cy: ly - 4, r: 4, fill: '#fff', stroke: '#334155', 'stroke-width': 1.5 }),
    svgElement('text', { x: lx + 24, y: ly, class: 'legend-label' }, ['does not fit']),
    svgElement('circle', { cx: lx + 9, cy: ly + 12, r: 8, class: 'best-ring' }),
    svgElement('text', { x: lx + 24, y: ly + 16, class: 'legend-label' }, ['best']),
  );
  svg.append(legend);
}
