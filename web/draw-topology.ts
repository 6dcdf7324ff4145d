/**
 * The topology drawing: every card (and switch), every directed link as its
 * own curve with an arrowhead at its middle — line width and colour by the
 * bytes it carried in the run, Down links dashed red. Clicking a link (its
 * curve or arrow) calls `onLinkClick` with its id. Topologies of more than
 * MAX_DRAWN_CARDS cards are not drawn: the page lists their busiest links.
 */
import type { LinkTraffic } from 'spanker-scheduler';
import { countOf, formatBytes } from './format.js';
import { layoutTopology } from './layout.js';
import { MAX_DRAWN_CARDS } from './settings.js';
import { resetSvg, svgElement, tooltip } from './svg.js';
import { nodeName, type TopologyView } from './topology-view.js';

/** Colour of a link that carried `fraction` (0–1) of the busiest link's bytes: light to deep blue. */
export function trafficColour(fraction: number): string {
  return `hsl(215 85% ${(78 - 48 * fraction).toFixed(0)}%)`;
}

/** Stroke width of a link that carried `fraction` of the busiest link's bytes. */
export function trafficWidth(fraction: number): number {
  return 1.5 + 6 * fraction;
}

const IDLE_COLOUR = '#cbd5e1';
const DOWN_COLOUR = '#dc2626';
const WIDTH = 520;

/** True when the page draws this topology (else it lists the busiest links). */
export function isDrawn(view: TopologyView): boolean {
  return view.nSails <= MAX_DRAWN_CARDS && view.links !== undefined;
}

/** `traffic`: every link's traffic by id (from the run's report), or undefined before a run or when it failed. */
export function drawTopology(
  svg: SVGSVGElement, view: TopologyView, traffic: readonly LinkTraffic[] | undefined, onLinkClick: (link: number) => void,
): void {
  if (!isDrawn(view)) {
    resetSvg(svg, WIDTH, 80);
    svg.append(
      svgElement('text', { x: WIDTH / 2, y: 34, class: 'axis-label', 'text-anchor': 'middle' }, [
        `${countOf(view.nSails, 'card')} and ${countOf(view.linkCount, 'link')}: too many to draw (at most ${MAX_DRAWN_CARDS} cards).`,
      ]),
      svgElement('text', { x: WIDTH / 2, y: 54, class: 'tick-label', 'text-anchor': 'middle' }, ['The busiest links are listed below the drawing.']),
    );
    return;
  }
  const name = (id: number) => nodeName(view.nSails, view.nSwitches, id);
  const links = view.links!;
  const layout = layoutTopology(view);
  resetSvg(svg, layout.width, layout.height);
  const bytes = links.map((_, id) => traffic?.[id]?.bytes ?? 0);
  const maxBytes = Math.max(0, ...bytes);

  const curves = svgElement('g', { class: 'links' });
  const arrows = svgElement('g', { class: 'arrows' });
  links.forEach((link, id) => {
    const geometry = layout.links[id]!;
    const down = link.state !== 'Up';
    const fraction = maxBytes > 0 ? bytes[id]! / maxBytes : 0;
    const colour = down ? DOWN_COLOUR : bytes[id]! > 0 ? trafficColour(fraction) : IDLE_COLOUR;
    const t = traffic?.[id];
    const title = `link ${id}: ${name(link.from)}→${name(link.to)} · ${down ? link.state : `${formatBytes(bytes[id]!)}${t ? `, ${(t.utilization * 100).toFixed(0)}% busy` : ''}`}` +
      ` · click to ${down ? 'bring it up' : 'take it down'}`;
    const common = { 'data-link': id, 'data-state': link.state, 'data-bytes': bytes[id]! };
    // A wide transparent stroke under the visible one makes thin links easy to click.
    const hit = svgElement('path', { d: geometry.d, class: 'link-hit', ...common }, [tooltip(title)]);
    const path = svgElement('path', {
      d: geometry.d, class: `link${down ? ' down' : bytes[id]! > 0 ? '' : ' idle'}`, 'data-testid': `link-${id}`, ...common,
      stroke: colour, 'stroke-width': down ? 2.5 : trafficWidth(fraction).toFixed(2), ...(down ? { 'stroke-dasharray': '7 5' } : {}),
    }, [tooltip(title)]);
    const size = down ? 6 : 4.5 + 3 * fraction;
    const arrow = svgElement('path', {
      d: `M${size},0 L${-size},${-size * 0.8} L${-size},${size * 0.8} Z`, class: 'link-arrow', 'data-testid': `link-arrow-${id}`, ...common,
      fill: colour, transform: `translate(${geometry.mid.x.toFixed(1)},${geometry.mid.y.toFixed(1)}) rotate(${geometry.angle.toFixed(1)})`,
    }, [tooltip(title)]);
    for (const element of [hit, path, arrow]) element.addEventListener('click', () => onLinkClick(id));
    curves.append(hit, path);
    arrows.append(arrow);
  });

  const nodes = svgElement('g', { class: 'nodes' });
  layout.nodes.forEach((p, id) => {
    const isCard = id < view.nSails;
    const r = layout.nodeRadius;
    const shape = isCard
      ? svgElement('circle', { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r, class: 'card' })
      : svgElement('rect', { x: (p.x - 30).toFixed(1), y: (p.y - 14).toFixed(1), width: 60, height: 28, rx: 6, class: 'switch' });
    const label = svgElement('text', {
      x: p.x.toFixed(1), y: p.y.toFixed(1), class: 'node-label', 'font-size': isCard ? Math.max(9, Math.min(13, r * 0.8)).toFixed(0) : 12,
    }, [name(id)]);
    nodes.append(svgElement('g', { class: isCard ? 'node card-node' : 'node switch-node', 'data-node': id }, [
      shape, label, tooltip(isCard ? `card ${id}` : name(id)),
    ]));
  });
  svg.append(curves, nodes, arrows);
}
