/** Building SVG by hand: one element constructor and the "nice" axis ticks every chart uses. */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes (numbers are written as they are) and optional children. */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  tag: K, attributes: Record<string, string | number> = {}, children: readonly (SVGElement | string)[] = [],
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** A `<title>` child: the browser shows it as the element's tooltip. */
export function tooltip(text: string): SVGTitleElement {
  return svgElement('title', {}, [text]);
}

/** Remove everything from `svg` and size it to `width` × `height` user units. */
export function resetSvg(svg: SVGSVGElement, width: number, height: number): void {
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
}

/** About `target` round tick values (1, 2 or 5 × 10^k apart) from 0 to at least `max`. */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let k = 0; k * step < max + step * 0.999; k++) ticks.push(k * step);
  return ticks;
}
