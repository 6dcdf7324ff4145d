/**
 * Ring orders for channels: k cyclic card orders for the ring-type
 * algorithms to run side by side (AlgorithmInput.rings), chosen so that
 * consecutive cards are joined by a direct Up link where the topology
 * allows, and so that no directed link serves two channels where possible.
 *
 * What each kind of network gets (p cards, k channels; an order's
 * "reverse" runs the same cycle backwards, over the opposite links):
 * - ring, bidirectional (dims [{bidirectionalRing, p}]): forward 0, 1, …,
 *   p − 1 and its reverse, alternating. Direct links always; disjoint for
 *   k ≤ 2 when p ≥ 3 (two cards have only one link each way).
 * - ring, one-way: every channel forward (the only direction there is);
 *   direct, never disjoint for k ≥ 2.
 * - torus2d R × C: Hamiltonian cycles of 1-hop links. k ≤ 2: a snake along
 *   the rows (see gridCycle) and its reverse. k = 3, 4: when the torus splits
 *   into two edge-disjoint Hamiltonian cycles by the helix construction
 *   (R = C ≥ 3, among others — checked, not assumed), both helices and their
 *   reverses: all 4·p directed links used once. Otherwise the row snake, the
 *   column snake (the same construction along the columns first) and their
 *   reverses, which share a few links. Beyond 4 the list repeats.
 * - multiDim: the snake of gridCycle with dimension 0 first and the other
 *   dimensions folded into one by a reflected Gray code (every step changes
 *   one coordinate by one), then its reverse, alternating. Steps along a
 *   switch dimension go through the switch (there is no direct link), and
 *   steps against a one-way ring dimension are not direct.
 * - mesh: order c steps by a stride s_c coprime to p (1, p − 1, 2, p − 2, …
 *   skipping the others): 0, s, 2s, … Different strides use different
 *   links, so up to φ(p) channels are disjoint; beyond, the list repeats.
 * - switch: the mesh's orders. Every pair is two hops through the switch,
 *   so no order is better than another; all channels share each card's link
 *   to the switch.
 * - custom (JSON graphs): a Hamiltonian cycle over direct Up links found by
 *   a bounded depth-first search (Warnsdorff's rule: try the neighbour with
 *   the fewest onward choices first; at most SEARCH_BUDGET expansions), then
 *   its reverse, alternating; card order 0 … p − 1 when none is found.
 * For every kind, when a chosen order steps over a direct link that is not
 * Up, only the orders that do not are kept; if none is left, the search
 * above looks for a cycle over Up links only and, if it finds one, uses it
 * (and its reverse, when the reverse links are Up too); otherwise the
 * orders stay and the planner routes around the link.
 */
import { invalidArgumentError } from '../errors.js';
import { LinkState } from '../link.js';
import type { Network } from './network.js';

/** Most node expansions of the Hamiltonian-cycle search before it gives up. */
const SEARCH_BUDGET = 200_000;

/**
 * `channels` cyclic card orders for `network` (each a permutation of
 * 0 … nSails − 1; see the module comment for which). INVALID_ARGUMENT
 * `channels` unless it is an integer ≥ 1.
 */
export function ringOrders(network: Network, channels: number): number[][] {
  if (!Number.isInteger(channels) || channels < 1) {
    throw invalidArgumentError('channels', `expected an integer ≥ 1, got ${String(channels)}`, String(channels));
  }
  const p = network.nSails;
  // The kind's orders are read lazily: a mesh or switch has φ(p) of them, p cards each — O(p²) if listed
  // (2^31 entries at 65,536 cards). The first `channels` usable ones are the same whether the rest are read or not.
  const usable: number[][] = [];
  const first: number[][] = [];
  for (const order of baseOrders(network)) {
    if (first.length < channels) first.push(order);
    if (p < 3 || !crossesUnusable(network, order)) usable.push(order);
    if (usable.length >= channels) break;
  }
  let base = usable;
  if (usable.length === 0) {
    const cycle = hamiltonianCycle(network);
    if (cycle !== undefined) {
      const back = reversed(cycle);
      base = crossesUnusable(network, back) ? [cycle] : [cycle, back];
    } else {
      base = first; // every order steps over a link that is not Up: keep them, the planner routes around it
    }
  }
  return Array.from({ length: channels }, (_, c) => base[c % base.length]!.slice());
}

/** The orders of the network's kind, before looking at link states (at least one). */
function baseOrders(network: Network): Iterable<number[]> {
  const p = network.nSails;
  const identity = Array.from({ length: p }, (_, i) => i);
  if (p <= 2) return [identity];
  const dims = network.dims;
  switch (network.kind) {
    case 'ring':
      return dims[0]?.kind === 'bidirectionalRing' ? [identity, reversed(identity)] : [identity];
    case 'torus2d': {
      const cols = dims[0]!.size;
      const rows = dims[1]!.size;
      if (cols === 1 || rows === 1) return [identity, reversed(identity)];
      const split = helixDecomposition(rows, cols);
      if (split !== undefined) return [split[0], reversed(split[0]), split[1], reversed(split[1])];
      const byRows = gridCycle(cols, rowsPath(rows), (r, c) => r * cols + c);
      const byColumns = gridCycle(rows, rowsPath(cols), (c, r) => r * cols + c);
      return [byRows, reversed(byRows), byColumns, reversed(byColumns)];
    }
    case 'multiDim': {
      const sizes = dims.map((d) => d.size);
      const first = sizes[0]!;
      const rest = grayPath(sizes.slice(1));
      const cycle = first === 1 ? rest.map((r) => r * first) : gridCycle(first, rest, (r, c) => r * first + c);
      return [cycle, reversed(cycle)];
    }
    case 'mesh':
    case 'switch':
      return strideOrders(p);
    case 'custom': {
      const cycle = hamiltonianCycle(network);
      if (cycle === undefined) return [identity];
      const back = reversed(cycle);
      return hasLinks(network, back) ? [cycle, back] : [cycle];
    }
  }
}

/** The same cycle backwards, still starting at the same card. */
function reversed(order: readonly number[]): number[] {
  return [order[0]!, ...order.slice(1).reverse()];
}

/** 0, 1, …, n − 1: the rows of a torus as a path. */
function rowsPath(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * A Hamiltonian cycle of a grid of `rows.length` rows × `width` columns
 * whose rows form the path `rows` (consecutive entries adjacent) and whose
 * columns 0 … width − 1 form a ring, `cardAt(row, column)` naming the
 * cards (width ≥ 2):
 *   row rows[0]: columns 0 → width − 1;
 *   rows[1 …]:   a snake over columns 1 … width − 1 (right to left, then
 *                left to right, …);
 *   then, if the last row ended at column width − 1 (an odd number of
 *   rows), the ring's wrap link to column 0; else the step from column 1 to
 *   column 0;
 *   then up column 0 through rows[len − 2], …, rows[1], closing at rows[0].
 * Every step moves one column (or wraps the ring) or one row along the path.
 */
function gridCycle(width: number, rows: readonly number[], cardAt: (row: number, column: number) => number): number[] {
  const order: number[] = [];
  for (let c = 0; c < width; c++) order.push(cardAt(rows[0]!, c));
  for (let i = 1; i < rows.length; i++) {
    if (i % 2 === 1) for (let c = width - 1; c >= 1; c--) order.push(cardAt(rows[i]!, c));
    else for (let c = 1; c < width; c++) order.push(cardAt(rows[i]!, c));
  }
  for (let i = rows.length - 1; i >= 1; i--) order.push(cardAt(rows[i]!, 0));
  return order;
}

/**
 * The cells of a grid of `sizes` (dimension 0 fastest; ids Σ coord_k ·
 * Π_{j<k} size_j) in reflected mixed-radix Gray-code order: consecutive ids
 * differ by one in one coordinate. [] → [0].
 */
function grayPath(sizes: readonly number[]): number[] {
  let path = [0];
  let stride = 1;
  for (const size of sizes) {
    const next: number[] = [];
    for (let v = 0; v < size; v++) {
      const sweep = v % 2 === 0 ? path : [...path].reverse();
      for (const id of sweep) next.push(id + v * stride);
    }
    path = next;
    stride *= size;
  }
  return path;
}

/**
 * Two edge-disjoint Hamiltonian cycles of the rows × cols torus (card
 * r·cols + c), when the helix gives them: the helix steps right cols − 1
 * times then down once (or, transposed, down rows − 1 times then right
 * once); if it closes after visiting every card, and the links it leaves
 * unused form one cycle through every card, those are the two. Kotzig
 * (1973) showed every product of two cycles splits into two Hamiltonian
 * cycles; this simple construction covers the square tori (checked here,
 * case by case, rather than assumed). Undefined when it does not apply.
 */
function helixDecomposition(rows: number, cols: number): [number[], number[]] | undefined {
  if (rows < 3 || cols < 3) return undefined; // a side of 2 has one link pair, not two
  for (const transposed of [false, true]) {
    const [R, C] = transposed ? [cols, rows] : [rows, cols];
    const card = (r: number, c: number) => (transposed ? ((c % C) * cols + (r % R)) : ((r % R) * cols + (c % C)));
    const helix: number[] = [];
    const seen = new Uint8Array(rows * cols);
    let r = 0;
    let c = 0;
    let ok = true;
    for (let i = 0; i < rows * cols; i++) {
      const here = card(r, c);
      if (seen[here] === 1) { ok = false; break; }
      seen[here] = 1;
      helix.push(here);
      if ((i + 1) % C === 0) r++;
      else c++;
    }
    if (!ok || card(r, c) !== 0) continue;
    const other = complementCycle(rows, cols, helix);
    if (other !== undefined) return [helix, other];
  }
  return undefined;
}

/** The cycle through every card made of the torus links `cycle` does not use (either direction), or undefined. */
function complementCycle(rows: number, cols: number, cycle: readonly number[]): number[] | undefined {
  const n = rows * cols;
  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  const used = new Set<number>();
  cycle.forEach((a, i) => used.add(key(a, cycle[(i + 1) % n]!)));
  const adjacent: number[][] = Array.from({ length: n }, () => []);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = r * cols + c;
      for (const b of [r * cols + ((c + 1) % cols), ((r + 1) % rows) * cols + c]) {
        if (!used.has(key(a, b))) {
          adjacent[a]!.push(b);
          adjacent[b]!.push(a);
        }
      }
    }
  }
  if (adjacent.some((list) => list.length !== 2)) return undefined;
  const order = [0];
  let previous = 0;
  let current = adjacent[0]![0]!;
  while (current !== 0 && order.length <= n) {
    order.push(current);
    const [x, y] = adjacent[current]!;
    const next = x === previous ? y! : x!;
    previous = current;
    current = next;
  }
  return order.length === n ? order : undefined;
}

/** Orders 0, s, 2s, … for the strides s coprime to p in the sequence 1, p − 1, 2, p − 2, … */
function* strideOrders(p: number): Generator<number[]> {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  for (let s = 1; s <= Math.floor(p / 2); s++) {
    for (const stride of s === p - s ? [s] : [s, p - s]) {
      if (gcd(stride, p) === 1) yield Array.from({ length: p }, (_, i) => (i * stride) % p);
    }
  }
}

/** Whether every step of `order` (closing step included) has a direct link. */
function hasLinks(network: Network, order: readonly number[]): boolean {
  return order.every((card, i) => network.linkIndex(card, order[(i + 1) % order.length]!) !== undefined);
}

/** Whether some step of `order` (closing step included) is a direct link that is not Up. */
function crossesUnusable(network: Network, order: readonly number[]): boolean {
  return order.some((card, i) => {
    const id = network.linkIndex(card, order[(i + 1) % order.length]!);
    return id !== undefined && network.links[id]!.state !== LinkState.Up;
  });
}

/**
 * A Hamiltonian cycle over direct Up links between cards, or undefined if
 * the bounded search finds none. Depth-first from card 0, iterative (a
 * path may be 65536 cards long); at each card the unvisited neighbours are
 * tried in order of how few unvisited neighbours they have themselves
 * (Warnsdorff's rule), ties by card id.
 */
function hamiltonianCycle(network: Network): number[] | undefined {
  const p = network.nSails;
  if (p < 3) return undefined;
  // Card-to-card Up links as sorted, de-duplicated neighbour lists.
  const neighbours: number[][] = Array.from({ length: p }, () => []);
  for (const link of network.links) {
    const { localSail: a, remoteSail: b } = link;
    if (link.state === LinkState.Up && a < p && b < p && a !== b) neighbours[a]!.push(b);
  }
  for (let c = 0; c < p; c++) {
    const list = neighbours[c]!.sort((x, y) => x - y);
    neighbours[c] = list.filter((d, i) => i === 0 || d !== list[i - 1]);
  }
  const closes = new Uint8Array(p); // cards with an Up link back to card 0
  const incoming: number[][] = Array.from({ length: p }, () => []);
  neighbours.forEach((list, a) => {
    for (const b of list) incoming[b]!.push(a);
    if (list[0] === 0) closes[a] = 1;
  });
  const visited = new Uint8Array(p);
  // free[c]: unvisited cards c has a link to, kept up to date as cards are visited and left.
  const free = Int32Array.from(neighbours, (list) => list.length);
  const visit = (c: number, delta: number) => {
    visited[c] = delta > 0 ? 1 : 0;
    for (const a of incoming[c]!) free[a]! -= delta;
  };
  const path = [0];
  const choices: number[][] = [];
  const tried: number[] = [];
  const optionsOf = (c: number) => neighbours[c]!.filter((d) => visited[d] === 0).sort((a, b) => free[a]! - free[b]! || a - b);
  visit(0, 1);
  choices.push(optionsOf(0));
  tried.push(0);
  let budget = SEARCH_BUDGET;
  while (path.length > 0 && budget-- > 0) {
    const depth = path.length - 1;
    if (path.length === p) {
      if (closes[path[depth]!] === 1) return path;
    } else if (tried[depth]! < choices[depth]!.length) {
      const next = choices[depth]![tried[depth]!++]!;
      visit(next, 1);
      path.push(next);
      choices.push(optionsOf(next));
      tried.push(0);
      continue;
    }
    // Dead end (or a full path that does not close): step back.
    visit(path.pop()!, -1);
    choices.pop();
    tried.pop();
  }
  return undefined;
}
