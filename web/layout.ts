/**
 * Where the topology drawing puts every node and how it bends every directed
 * link: cards on a circle (mesh, rings, switch — switches in the middle) or
 * on a grid (torus). A link a→b is a quadratic curve bent to the right of its
 * direction, so the two directions of a cable are two separate curves; torus
 * wrap-around links arc outside their row (above) or column (left).
 */
import type { TopologyView } from './topology-view.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  /** Centre of every node, cards first, then switches. */
  readonly nodes: readonly Point[];
  /** Radius of a card's circle. */
  readonly nodeRadius: number;
  /** Every directed link, by link id. */
  readonly links: readonly LinkGeometry[];
}

export interface LinkGeometry {
  /** SVG path data. */
  readonly d: string;
  /** The curve's midpoint, and its direction there in degrees (for the arrowhead). */
  readonly mid: Point;
  readonly angle: number;
}

const WIDTH = 520;
const HEIGHT = 440;
/** How far apart the two directions of a cable are drawn (control-point offset, px). */
const DIRECTION_SEPARATION = 14;

function circle(n: number, cx: number, cy: number, radius: number): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n; // card 0 at the top, then clockwise
    return { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
  });
}

/** A quadratic curve from a to b whose control point is `offset` to the right of a→b's midpoint (or at `control`). */
function curve(a: Point, b: Point, control: Point): LinkGeometry {
  const mid = { x: 0.25 * a.x + 0.5 * control.x + 0.25 * b.x, y: 0.25 * a.y + 0.5 * control.y + 0.25 * b.y };
  // The derivative of a quadratic Bézier at t = ½ is b − a.
  const angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
  const f = (v: number) => v.toFixed(1);
  return { d: `M${f(a.x)},${f(a.y)} Q${f(control.x)},${f(control.y)} ${f(b.x)},${f(b.y)}`, mid, angle };
}

function bentRight(a: Point, b: Point, offset: number): LinkGeometry {
  const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  // (−dy, dx)/length is the right-hand normal in screen coordinates (y grows downwards).
  const nx = -(b.y - a.y) / length;
  const ny = (b.x - a.x) / length;
  return curve(a, b, { x: (a.x + b.x) / 2 + nx * offset, y: (a.y + b.y) / 2 + ny * offset });
}

/** A torus wrap link: both directions arc to the same side (`side` is a unit vector), the one with a < b further out. */
function wrapArc(a: Point, b: Point, from: number, to: number, side: Point): LinkGeometry {
  const distance = Math.hypot(b.x - a.x, b.y - a.y);
  const offset = distance * (from < to ? 0.34 : 0.24);
  return curve(a, b, { x: (a.x + b.x) / 2 + side.x * offset, y: (a.y + b.y) / 2 + side.y * offset });
}

/** Where everything goes; `view.links` must be listed (the page draws at most MAX_DRAWN_CARDS cards). */
export function layoutTopology(view: TopologyView): Layout {
  const network = view;
  const n = network.nSails;
  let nodes: Point[];
  let nodeRadius: number;
  let isWrap: (from: number, to: number) => Point | undefined = () => undefined;

  if (network.kind === 'torus2d') {
    const cols = network.dims[0]?.size ?? n;
    const rows = network.dims[1]?.size ?? 1;
    // Room above and left of the grid for the wrap-around arcs.
    const spacing = Math.min((WIDTH - 120) / Math.max(cols - 1, 1), (HEIGHT - 120) / Math.max(rows - 1, 1), 150);
    const x0 = (WIDTH - spacing * (cols - 1)) / 2 + 20;
    const y0 = (HEIGHT - spacing * (rows - 1)) / 2 + 20;
    nodes = Array.from({ length: n }, (_, id) => ({ x: x0 + (id % cols) * spacing, y: y0 + Math.floor(id / cols) * spacing }));
    nodeRadius = Math.max(8, Math.min(18, spacing * 0.16));
    isWrap = (from, to) => {
      const [rf, cf, rt, ct] = [Math.floor(from / cols), from % cols, Math.floor(to / cols), to % cols];
      if (rf === rt && Math.abs(cf - ct) > 1) return { x: 0, y: -1 };
      if (cf === ct && Math.abs(rf - rt) > 1) return { x: -1, y: 0 };
      return undefined;
    };
  } else {
    const radius = Math.min(WIDTH, HEIGHT) / 2 - 40;
    nodes = circle(n, WIDTH / 2, HEIGHT / 2, radius);
    // Switches in the middle, side by side.
    for (let s = 0; s < network.nSwitches; s++) {
      nodes.push({ x: WIDTH / 2 + (s - (network.nSwitches - 1) / 2) * 60, y: HEIGHT / 2 });
    }
    nodeRadius = Math.max(7, Math.min(18, ((Math.PI * radius) / Math.max(n, 1)) * 0.45));
  }

  const links = (network.links ?? []).map((link) => {
    const a = nodes[link.from]!;
    const b = nodes[link.to]!;
    const side = isWrap(link.from, link.to);
    return side ? wrapArc(a, b, link.from, link.to, side) : bentRight(a, b, DIRECTION_SEPARATION);
  });
  return { width: WIDTH, height: HEIGHT, nodes, nodeRadius, links };
}
