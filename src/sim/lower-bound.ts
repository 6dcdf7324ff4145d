/**
 * A lower bound on the time of a collective on a network: seconds that no
 * algorithm can beat under the simulator's model (sim/simulate.ts — FIFO
 * links of bandwidth B and latency α, store-and-forward hops, a per-card
 * injection limit, one reducer per card at γ seconds per byte), whatever
 * its schedule, pipelining or channels. Reports divide it by the simulated
 * time to say how close a plan is to the ceiling.
 *
 * The bound is the largest of several terms, each a bound on its own; it is
 * not their sum, because a good schedule overlaps sending, receiving and
 * reducing. Only Up links count. Notation: n cards, S bytes (the NCCL count
 * times the element size: a card's buffer for allReduce, broadcast and
 * reduce; one block for allGather and reduceScatter; one card-to-card block
 * for allToAll); out(c) = min(Σ bandwidth of c's Up outgoing links, c's
 * injection limit), in(c) = Σ bandwidth of c's Up incoming links,
 * rate(c) = 1/γ_c; d(a, b) = the least total latency of a path of Up links
 * from card a to card b (through switches and cards); α_min = the least
 * latency of any Up link. Terms:
 *
 * 1. Latency. Card b's result depends on card a's input (every ordered pair
 *    for allReduce, allGather, reduceScatter, allToAll; root → every card
 *    for broadcast; every card → root for reduce), and nothing crosses a
 *    path faster than its latency: max d(a, b) over those pairs — the
 *    diameter, or the root's eccentricity.
 * 2. A card's own data. Let x be the byte of card c's input (or, for a
 *    reduction, of its contribution) that first leaves c last. Its first
 *    departure cannot end before c has sent every byte it must send at
 *    least once: own(c)/out(c); then it must still reach the farthest card
 *    that needs it: + max_b d(c, b) (or + the least latency of c's
 *    outgoing links, when only some card needs a given byte — allToAll and
 *    reduceScatter, whose bytes each go to one card).
 *      own(c): allReduce, allGather S (every element of its input leaves
 *      it at least once, or no other card could use it); reduceScatter,
 *      allToAll (n − 1)·S (its part of every other card's block); broadcast
 *      S for the root; reduce S for every card but the root, which reaches
 *      only the root: + d(c, root).
 * 3. A card's receiving. Card c must receive need(c) bytes over in(c), the
 *    last of them arriving one link latency after its serialization ends:
 *    need(c)/in(c) + the least latency of c's incoming links.
 *      need(c): allReduce S (for each element, something about the others'
 *      inputs); allGather, allToAll (n − 1)·S; reduceScatter S; broadcast
 *      S for every card but the root; reduce S for the root.
 * 4. All cards' sending (and receiving). Each message crosses at least one
 *    link leaving a card and one entering a card, and carries each element
 *    to one card (no multicast, no in-network reduction). So the messages'
 *    bytes W are bounded by what every card's links can carry together:
 *    W/Σ_c out(c) + α_min, and likewise W/Σ_c in(c) + α_min, where
 *      allReduce W = 2(n − 1)·S: for one element, every card must end
 *      knowing all n inputs and a message passes on one (partial) value,
 *      which is one-way gossip, and one-way gossip among n needs 2n − 2
 *      calls (Harary & Schwenk 1974; Hedetniemi, Hedetniemi & Liestman
 *      1988, "A survey of gossiping and broadcasting", §4);
 *      allGather, allToAll, reduceScatter n(n − 1)·S (n·(n − 1) deliveries
 *      of a block; for reduceScatter n − 1 contributions into each of n
 *      blocks); broadcast, reduce (n − 1)·S.
 *    With equal cards this is the usual "each card sends 2(n − 1)/n of the
 *    buffer"; with unequal ones it is the weaker, still valid, average.
 * 5. Reducing (allReduce, reduceScatter, reduce). Merging n contributions
 *    into one value takes n − 1 combines per element: (n − 1)·S bytes for
 *    allReduce and reduce, n(n − 1)·S for reduceScatter, shared by all
 *    reducers, none of which can start before a message has arrived:
 *    α_min + work/Σ_c rate(c) (0 when some card reduces for free).
 * 6. Cuts. For a partition of the nodes into sides A and B (cards on both),
 *    the bytes that must cross from A to B over the Up links from A to B,
 *    + the least latency of those links: allReduce S each way;
 *    allGather |A|·S from A, |B|·S from B; reduceScatter |B|·S from A and
 *    |A|·S from B; allToAll |A|·|B|·S each way; broadcast S away from the
 *    root's side; reduce S into it. Any partition gives a valid bound; the
 *    ones tried are, for a regular shape, its halves along each dimension
 *    (the minimum bisection of a ring, torus or multi-dimensional network)
 *    and, for JSON graphs, the halves by card id and by breadth-first order
 *    from card 0; a switch is put on the side that adds the least crossing
 *    capacity.
 *
 * Not a valid bound, and so not used: a bandwidth term plus the diameter
 * (a pipelined ring AllGather on 3 one-way ring cards, S large, takes
 * α + 2Sβ + ε, less than 2(α + Sβ)) — the latency added to each term is
 * only what that term's last byte must still cross.
 *
 * Distances: exact (Dijkstra from every card over Up links) when
 * nSails × links ≤ 2^25; beyond, for regular shapes the healthy hop
 * diameter times α_min (a Down link only lengthens paths), and α_min for
 * JSON graphs; the root's distances are always exact. A card that must
 * send or receive but has no Up link, or a pair with no path, gives
 * Infinity (no algorithm can finish).
 */
import { invalidArgumentError } from '../errors.js';
import { LinkState } from '../link.js';
import { Network } from '../network/network.js';
import { COLLECTIVES, type CollectiveKind } from '../schedule/schedule.js';

/** What to bound. */
export interface LowerBoundRequest {
  readonly collective: CollectiveKind;
  /** NCCL count (schedule/working-buffer.ts): elements per card, per block or per card pair. */
  readonly count: number;
  /** Bytes per element (> 0). */
  readonly bytesPerElement: number;
  /** Root card of broadcast and reduce (default 0); the others ignore it. */
  readonly root?: number;
}

/** One term of the bound. */
export interface LowerBoundTerm {
  /** 'latency', 'card send', 'card receive', 'all sends', 'all receives', 'reducing' or 'cut'. */
  readonly kind: 'latency' | 'card send' | 'card receive' | 'all sends' | 'all receives' | 'reducing' | 'cut';
  /** The card (card terms) or the side-A cards' count (cut terms), when it applies. */
  readonly card?: number;
  readonly seconds: number;
}

/** The bound and the term that sets it (the largest of each kind). */
export interface LowerBound {
  readonly seconds: number;
  /** The largest term: what limits any algorithm here. */
  readonly limit: LowerBoundTerm;
  /** The largest term of each kind. */
  readonly terms: readonly LowerBoundTerm[];
}

/** Most nSails × links for exact all-pairs latency distances (about a second of work). */
const EXACT_DISTANCE_BUDGET = 2 ** 25;

/**
 * Seconds no algorithm can beat for `request` on `network` (see the module
 * comment for the terms). 0 for one card or count 0. INVALID_ARGUMENT for
 * a network that is not a Network, an unknown collective, a count that is
 * not a non-negative integer, a bytesPerElement that is not finite and
 * > 0, or a root that is not a card.
 */
export function collectiveLowerBound(network: Network, request: LowerBoundRequest): number {
  return collectiveLowerBoundTerms(network, request).seconds;
}

/** The bound with its terms (see collectiveLowerBound). */
export function collectiveLowerBoundTerms(network: Network, request: LowerBoundRequest): LowerBound {
  const { collective, count, bytesPerElement, root } = checkRequest(network, request);
  const n = network.nSails;
  const zero: LowerBoundTerm = { kind: 'latency', seconds: 0 };
  if (n === 1 || count === 0) return { seconds: 0, limit: zero, terms: [zero] };
  const S = count * bytesPerElement;
  const caps = capacities(network);
  const distances = latencyDistances(network, collective === 'broadcast' || collective === 'reduce' ? root : undefined);
  const best = new Map<LowerBoundTerm['kind'], LowerBoundTerm>();
  const offer = (term: LowerBoundTerm) => {
    const seconds = Number.isNaN(term.seconds) ? Infinity : term.seconds;
    const current = best.get(term.kind);
    if (current === undefined || seconds > current.seconds) best.set(term.kind, { ...term, seconds });
  };
  const over = (bytes: number, capacity: number) => (bytes === 0 ? 0 : capacity > 0 ? bytes / capacity : Infinity);

  // 1. Latency.
  if (collective === 'broadcast') offer({ kind: 'latency', seconds: distances.fromRoot!.reduce((a, b) => Math.max(a, b), 0) });
  else if (collective === 'reduce') offer({ kind: 'latency', seconds: distances.toRoot!.reduce((a, b) => Math.max(a, b), 0) });
  else offer({ kind: 'latency', seconds: distances.diameter });

  // 2 and 3. Each card's own data and receiving.
  for (let c = 0; c < n; c++) {
    let own = 0;
    let reach = 0;
    let need = 0;
    switch (collective) {
      case 'allReduce': own = S; reach = distances.outEccentricity[c]!; need = S; break;
      case 'allGather': own = S; reach = distances.outEccentricity[c]!; need = (n - 1) * S; break;
      case 'reduceScatter': own = (n - 1) * S; reach = caps.minOutLatency[c]!; need = S; break;
      case 'allToAll': own = (n - 1) * S; reach = caps.minOutLatency[c]!; need = (n - 1) * S; break;
      case 'broadcast':
        if (c === root) { own = S; reach = distances.fromRoot!.reduce((a, b) => Math.max(a, b), 0); } else need = S;
        break;
      case 'reduce':
        if (c === root) need = S; else { own = S; reach = distances.toRoot![c]!; }
        break;
    }
    if (own > 0) offer({ kind: 'card send', card: c, seconds: over(own, caps.out[c]!) + reach });
    if (need > 0) offer({ kind: 'card receive', card: c, seconds: over(need, caps.in[c]!) + caps.minInLatency[c]! });
  }

  // 4. All cards' links together.
  const messages = collective === 'allReduce' ? 2 * (n - 1) * S
    : collective === 'broadcast' || collective === 'reduce' ? (n - 1) * S
    : n * (n - 1) * S;
  offer({ kind: 'all sends', seconds: over(messages, caps.totalOut) + caps.minLatency });
  offer({ kind: 'all receives', seconds: over(messages, caps.totalIn) + caps.minLatency });

  // 5. Reducing.
  const work = collective === 'allReduce' || collective === 'reduce' ? (n - 1) * S : collective === 'reduceScatter' ? n * (n - 1) * S : 0;
  if (work > 0) offer({ kind: 'reducing', seconds: caps.totalRate === Infinity ? caps.minLatency : caps.minLatency + work / caps.totalRate });

  // 6. Cuts.
  for (const sideA of candidateSides(network)) {
    const a = sideA.reduce((k, v) => k + v, 0);
    const b = n - a;
    if (a === 0 || b === 0) continue;
    let fromA = 0;
    let fromB = 0;
    switch (collective) {
      case 'allReduce': fromA = S; fromB = S; break;
      case 'allGather': fromA = a * S; fromB = b * S; break;
      case 'reduceScatter': fromA = b * S; fromB = a * S; break;
      case 'allToAll': fromA = a * b * S; fromB = a * b * S; break;
      case 'broadcast': if (sideA[root] === 1) fromA = S; else fromB = S; break;
      case 'reduce': if (sideA[root] === 1) fromB = S; else fromA = S; break;
    }
    if (fromA > 0) {
      const cut = crossing(network, sideA, 1);
      offer({ kind: 'cut', card: a, seconds: over(fromA, cut.capacity) + cut.minLatency });
    }
    if (fromB > 0) {
      const cut = crossing(network, sideA, 0);
      offer({ kind: 'cut', card: a, seconds: over(fromB, cut.capacity) + cut.minLatency });
    }
  }

  const terms = [...best.values()];
  const limit = terms.reduce((x, y) => (y.seconds > x.seconds ? y : x));
  return { seconds: limit.seconds, limit, terms };
}

function checkRequest(network: Network, request: LowerBoundRequest): { collective: CollectiveKind; count: number; bytesPerElement: number; root: number } {
  if (!(network instanceof Network)) throw invalidArgumentError('network', 'expected a Network');
  if (typeof request !== 'object' || request === null) throw invalidArgumentError('request', 'expected { collective, count, bytesPerElement, root? }');
  const { collective, count, bytesPerElement } = request;
  if (!(COLLECTIVES as readonly unknown[]).includes(collective)) {
    throw invalidArgumentError('collective', `unknown collective ${JSON.stringify(collective)} (expected one of ${COLLECTIVES.join(', ')})`, String(collective));
  }
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw invalidArgumentError('count', `expected a non-negative integer, got ${String(count)}`, String(count));
  if (typeof bytesPerElement !== 'number' || !Number.isFinite(bytesPerElement) || bytesPerElement <= 0) {
    throw invalidArgumentError('bytesPerElement', `expected a finite number > 0, got ${String(bytesPerElement)}`, String(bytesPerElement));
  }
  const root = request.root ?? 0;
  if (typeof root !== 'number' || !Number.isInteger(root) || root < 0 || root >= network.nSails) {
    throw invalidArgumentError('root', `root ${String(root)} is not a card: expected an integer 0..${network.nSails - 1}`, String(root));
  }
  return { collective, count, bytesPerElement, root };
}

/** Per-card capacities and latencies over Up links. */
function capacities(network: Network) {
  const n = network.nSails;
  const outLinks = new Float64Array(n);
  const inn = new Float64Array(n);
  const minOutLatency = new Float64Array(n).fill(Infinity);
  const minInLatency = new Float64Array(n).fill(Infinity);
  let minLatency = Infinity;
  for (const link of network.links) {
    if (link.state !== LinkState.Up) continue;
    minLatency = Math.min(minLatency, link.latency);
    if (link.localSail < n) {
      outLinks[link.localSail]! += link.bandwidth;
      minOutLatency[link.localSail] = Math.min(minOutLatency[link.localSail]!, link.latency);
    }
    if (link.remoteSail < n) {
      inn[link.remoteSail]! += link.bandwidth;
      minInLatency[link.remoteSail] = Math.min(minInLatency[link.remoteSail]!, link.latency);
    }
  }
  const out = Float64Array.from(outLinks, (bandwidth, c) => Math.min(bandwidth, network.cards[c]!.injectionBandwidth ?? Infinity));
  let totalRate = 0;
  for (const card of network.cards) totalRate += card.reduceSecondsPerByte === 0 ? Infinity : 1 / card.reduceSecondsPerByte;
  return {
    out, in: inn, minOutLatency, minInLatency,
    minLatency: minLatency === Infinity ? 0 : minLatency,
    totalOut: out.reduce((a, b) => a + b, 0),
    totalIn: inn.reduce((a, b) => a + b, 0),
    totalRate,
  };
}

/** Up links in compressed sparse rows, forward or reversed. */
function adjacency(network: Network, reverse: boolean): { first: Int32Array; to: Int32Array; latency: Float64Array } {
  const nodes = network.nNodes;
  const first = new Int32Array(nodes + 1);
  const up = network.links.filter((l) => l.state === LinkState.Up);
  for (const l of up) first[(reverse ? l.remoteSail : l.localSail) + 1]!++;
  for (let v = 0; v < nodes; v++) first[v + 1]! += first[v]!;
  const fill = first.slice(0, nodes);
  const to = new Int32Array(up.length);
  const latency = new Float64Array(up.length);
  for (const l of up) {
    const from = reverse ? l.remoteSail : l.localSail;
    const k = fill[from]!++;
    to[k] = reverse ? l.localSail : l.remoteSail;
    latency[k] = l.latency;
  }
  return { first, to, latency };
}

/** Least-latency distances from `source` to every node (Dijkstra with a binary heap). */
function dijkstra(graph: ReturnType<typeof adjacency>, nodes: number, source: number): Float64Array {
  const dist = new Float64Array(nodes).fill(Infinity);
  dist[source] = 0;
  const heap: number[] = [source];
  const key = (v: number) => dist[v]!;
  const push = (v: number) => {
    heap.push(v);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (key(heap[parent]!) <= key(heap[i]!)) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let m = i;
        if (l < heap.length && key(heap[l]!) < key(heap[m]!)) m = l;
        if (l + 1 < heap.length && key(heap[l + 1]!) < key(heap[m]!)) m = l + 1;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };
  const done = new Uint8Array(nodes);
  while (heap.length > 0) {
    const v = pop();
    if (done[v] === 1) continue;
    done[v] = 1;
    for (let k = graph.first[v]!; k < graph.first[v + 1]!; k++) {
      const w = graph.to[k]!;
      const d = dist[v]! + graph.latency[k]!;
      if (d < dist[w]!) {
        dist[w] = d;
        push(w);
      }
    }
  }
  return dist;
}

/**
 * Latency distances between cards: each card's out-eccentricity and the
 * diameter (exact within the budget, else a lower bound — see the module
 * comment), and the root's exact distances to and from every card.
 */
function latencyDistances(network: Network, root: number | undefined) {
  const n = network.nSails;
  const nodes = network.nNodes;
  const exact = n * Math.max(1, network.links.length) <= EXACT_DISTANCE_BUDGET;
  const forward = exact || root !== undefined ? adjacency(network, false) : undefined;
  let outEccentricity: Float64Array;
  let diameter: number;
  if (forward !== undefined && exact) {
    outEccentricity = new Float64Array(n);
    diameter = 0;
    for (let c = 0; c < n; c++) {
      const dist = dijkstra(forward, nodes, c);
      let far = 0;
      for (let b = 0; b < n; b++) far = Math.max(far, dist[b]!);
      outEccentricity[c] = far;
      diameter = Math.max(diameter, far);
    }
  } else {
    let minLatency = Infinity;
    for (const link of network.links) if (link.state === LinkState.Up) minLatency = Math.min(minLatency, link.latency);
    if (minLatency === Infinity) minLatency = 0;
    diameter = healthyHopDiameter(network) * minLatency;
    outEccentricity = new Float64Array(n).fill(diameter);
  }
  let fromRoot: Float64Array | undefined;
  let toRoot: Float64Array | undefined;
  if (root !== undefined) {
    fromRoot = dijkstra(forward!, nodes, root).slice(0, n);
    toRoot = dijkstra(adjacency(network, true), nodes, root).slice(0, n);
  }
  return { outEccentricity, diameter, fromRoot, toRoot };
}

/**
 * Hops between the two farthest cards of the network's regular shape with
 * every link Up (1 for JSON graphs): per dimension, a one-way ring size − 1,
 * a bidirectional ring ⌊size/2⌋, a mesh 1, a switch 2.
 */
function healthyHopDiameter(network: Network): number {
  if (network.dims.length === 0) return 1;
  let hops = 0;
  for (const d of network.dims) {
    if (d.size <= 1) continue;
    switch (d.kind) {
      case 'ring': hops += d.size - 1; break;
      case 'bidirectionalRing': hops += Math.floor(d.size / 2); break;
      case 'mesh': hops += 1; break;
      case 'switch': hops += 2; break;
    }
  }
  return hops;
}

/** Card partitions to try as cuts (1 = side A), see the module comment. */
function candidateSides(network: Network): Uint8Array[] {
  const n = network.nSails;
  const sides: Uint8Array[] = [];
  // Halves along each dimension of a regular shape: coordinate < ⌊size/2⌋.
  let stride = 1;
  for (const d of network.dims) {
    if (d.size >= 2) {
      const side = new Uint8Array(n);
      for (let c = 0; c < n; c++) side[c] = Math.floor(c / stride) % d.size < Math.floor(d.size / 2) ? 1 : 0;
      sides.push(side);
    }
    stride *= d.size;
  }
  if (sides.length > 0) return sides;
  // JSON graphs: halves by card id and by breadth-first order from card 0 (links taken both ways).
  const byId = new Uint8Array(n);
  for (let c = 0; c < Math.floor(n / 2); c++) byId[c] = 1;
  sides.push(byId);
  const neighbours: number[][] = Array.from({ length: network.nNodes }, () => []);
  for (const l of network.links) {
    if (l.state !== LinkState.Up) continue;
    neighbours[l.localSail]!.push(l.remoteSail);
    neighbours[l.remoteSail]!.push(l.localSail);
  }
  const seen = new Uint8Array(network.nNodes);
  const queue = [0];
  seen[0] = 1;
  const side = new Uint8Array(n);
  let taken = 0;
  for (let i = 0; i < queue.length && taken < Math.floor(n / 2); i++) {
    const v = queue[i]!;
    if (v < n) { side[v] = 1; taken++; }
    for (const w of neighbours[v]!) if (seen[w] === 0) { seen[w] = 1; queue.push(w); }
  }
  if (taken === Math.floor(n / 2)) sides.push(side);
  return sides;
}

/**
 * Capacity and least latency of the Up links crossing from side A to side
 * B (`towardB` = 1) or from B to A (0), cards placed by `sideA` and each
 * switch on the side where its links to cards add the least crossing
 * capacity in that direction.
 */
function crossing(network: Network, sideA: Uint8Array, towardB: 0 | 1): { capacity: number; minLatency: number } {
  const n = network.nSails;
  // side[v] = 1 for side A. For a switch: the capacity it adds in A (links to B cards in the
  // crossing direction) against in B (links from A cards).
  const side = new Uint8Array(network.nNodes);
  side.set(sideA);
  if (network.nSwitches > 0) {
    const costInA = new Float64Array(network.nNodes);
    const costInB = new Float64Array(network.nNodes);
    for (const l of network.links) {
      if (l.state !== LinkState.Up) continue;
      const [from, to] = towardB === 1 ? [l.localSail, l.remoteSail] : [l.remoteSail, l.localSail];
      // Crossing A → B in the chosen direction: `from` on A, `to` on B.
      if (from >= n && to < n && sideA[to] === 0) costInA[from]! += l.bandwidth;
      if (to >= n && from < n && sideA[from] === 1) costInB[to]! += l.bandwidth;
    }
    for (let s = n; s < network.nNodes; s++) side[s] = costInA[s]! <= costInB[s]! ? 1 : 0;
  }
  let capacity = 0;
  let minLatency = Infinity;
  for (const l of network.links) {
    if (l.state !== LinkState.Up) continue;
    const crosses = towardB === 1 ? side[l.localSail] === 1 && side[l.remoteSail] === 0 : side[l.localSail] === 0 && side[l.remoteSail] === 1;
    if (crosses) {
      capacity += l.bandwidth;
      minLatency = Math.min(minLatency, l.latency);
    }
  }
  return { capacity, minLatency: minLatency === Infinity ? 0 : minLatency };
}
