/**
 * The topology drawing: every card (and switch), every directed link as its
 * own curve with an arrowhead at its middle — line width and colour by the
 * bytes it carried in the run, Down links dashed red. Clicking a link (its
 * curve or arrow) calls `onLinkClick` with its id.
 */
import type { CollectiveReport, Topology } from 'spanker-scheduler';
import { formatBytes } from './format.js';
import { layoutTopology } from './layout.js';
import { resetSvg, svgElement, tooltip } from './svg.js';

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

export function drawTopology(
  svg: SVGSVGElement, topo: Topology, report: CollectiveReport | undefined, onLinkClick: (link: number) => void,
): void {
  const layout = layoutTopology(topo);
  resetSvg(svg, layout.width, layout.height);
  const bytes = topo.links.map((_, id) => report?.links[id]?.bytes ?? 0);
  const maxBytes = Math.max(0, ...bytes);

  const curves = svgElement('g', { class: 'links' });
  const arrows = svgElement('g', { class: 'arrows' });
  topo.links.forEach((link, id) => {
    const geometry = layout.links[id]!;
    const down = link.state !== 'Up';
    const fraction = maxBytes > 0 ? bytes[id]! / maxBytes : 0;
    const colour = down ? DOWN_COLOUR : bytes[id]! > 0 ? trafficColour(fraction) : IDLE_COLOUR;
    const traffic = report?.links[id];
    const title = `link ${id}: ${link.localSail}→${link.remoteSail} · ${down ? link.state : `${formatBytes(bytes[id]!)}${traffic ? `, ${(traffic.utilization * 100).toFixed(0)}% busy` : ''}`}` +
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
    const isCard = id < topo.nSails;
    const r = layout.nodeRadius;
    const shape = isCard
      ? svgElement('circle', { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r, class: 'card' })
      : svgElement('rect', { x: (p.x - 30).toFixed(1), y: (p.y - 14).toFixed(1), width: 60, height: 28, rx: 6, class: 'switch' });
    const label = svgElement('text', {
      x: p.x.toFixed(1), y: p.y.toFixed(1), class: 'node-label', 'font-size': isCard ? Math.max(9, Math.min(13, r * 0.8)).toFixed(0) : 12,
    }, [isCard ? String(id) : 'switch']);
    nodes.append(svgElement('g', { class: isCard ? 'node card-node' : 'node switch-node', 'data-node': id }, [
      shape, label, tooltip(isCard ? `card ${id}` : `switch (node ${id})`),
    ]));
  });
  svg.append(curves, nodes, arrows);
}
