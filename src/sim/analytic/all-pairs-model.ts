/**
 * The all-pairs exchanges (direct AllReduce, AllGather, ReduceScatter and
 * AllToAll, pairwise AllToAll) priced on a regular shape without building
 * their p(p − 1) messages: linear in the cards.
 *
 * Every card sends one message of s bytes to every other card. Routes are
 * dimension-order (network/dimension-order.ts), so a message's segment
 * along dimension k is a pair of coordinates on one line of that dimension,
 * and every (line, coordinate pair) carries the same number of messages,
 * p / size_k. The busiest link of dimension k therefore carries
 * λ_k · p / size_k messages, λ_k being the busiest link's load when one line
 * alone runs an all-pairs exchange:
 *   - ring:               size(size − 1)/2 (every message goes forward);
 *   - bidirectional ring: Σ_{h < size/2} h each way, plus the exactly
 *                         opposite messages, split by the source's parity;
 *   - mesh:               1;
 *   - switch:             size − 1 on each card's up and down link.
 * A phase then takes at least the busiest link's serialization, starting
 * when its first message can reach it and ending when its last message can
 * arrive (for a switch, one more hop before or after), and at least the
 * longest route's own time; the model takes the larger — the phase model's
 * bound (phase-model.ts) computed in closed form. Reductions (ReduceScatter,
 * AllReduce's first phase) cost each card (p − 1)·s·γ, overlapping the
 * arrivals. Needs every link Up and each dimension's links alike (the
 * shapes' own models); otherwise the pricing needs the real routes.
 */
import type { Dimension, Network } from '../../network/network.js';
import { goesForward } from '../../network/dimension-order.js';
import { LinkState } from '../../link.js';
import { groupLinkCount } from '../../network/shapes/layout.js';

/** One phase in which every card sends `bytes` to every other card. */
export interface AllPairsPhase {
  readonly bytes: number;
  readonly reduce: boolean;
}

/** The busiest link's load, in messages, when one line of `dim` runs an all-pairs exchange. */
export function linePairLoad(dim: Dimension): number {
  const S = dim.size;
  if (S <= 1) return 0;
  switch (dim.kind) {
    case 'ring':
      return (S * (S - 1)) / 2;
    case 'bidirectionalRing': {
      if (S === 2) return 1;
      const half = Math.floor((S - 1) / 2); // distances that are strictly shorter one way
      let load = (half * (half + 1)) / 2;
      if (S % 2 === 0) {
        // The S/2-hop messages of even sources go forward: a forward link is
        // covered by the even sources among the S/2 coordinates behind it.
        let most = 0;
        for (let x = 0; x < 2; x++) {
          let even = 0;
          for (let a = x - S / 2 + 1; a <= x; a++) if (goesForward(S, ((a % S) + S) % S, (((a + S / 2) % S) + S) % S)) even++;
          most = Math.max(most, even);
        }
        load += most;
      }
      return load;
    }
    case 'mesh':
      return 1;
    case 'switch':
      return S - 1;
  }
}

/** Hops of the longest route within one line of `dim`. */
function lineDiameter(dim: Dimension): number {
  const S = dim.size;
  if (S <= 1) return 0;
  switch (dim.kind) {
    case 'ring':
      return S - 1;
    case 'bidirectionalRing':
      return S === 2 ? 1 : Math.floor(S / 2);
    case 'mesh':
      return 1;
    case 'switch':
      return 2;
  }
}

/**
 * Per dimension, its links' bandwidth and latency — undefined when a link is
 * not Up or the dimension's links differ (the closed form then does not hold).
 */
export function uniformDimensions(network: Network): { bandwidth: number; latency: number }[] | undefined {
  if (network.kind === 'custom' || network.dims.length === 0) return undefined;
  if (!network.cards.every((c) => c.injectionBandwidth === undefined && c.reduceSecondsPerByte === network.cards[0]!.reduceSecondsPerByte)) return undefined;
  const out: { bandwidth: number; latency: number }[] = [];
  let first = 0;
  const n = network.nSails;
  for (const dim of network.dims) {
    const count = (n / dim.size) * groupLinkCount(dim.kind, dim.size);
    const model = network.links[first];
    for (let l = first; l < first + count; l++) {
      const link = network.links[l]!;
      if (link.state !== LinkState.Up || link.bandwidth !== model!.bandwidth || link.latency !== model!.latency) return undefined;
    }
    out.push(model ? { bandwidth: model.bandwidth, latency: model.latency } : { bandwidth: Infinity, latency: 0 });
    first += count;
  }
  return out;
}

/** Seconds of consecutive all-pairs phases (each card's next phase waits for its previous one). */
export function allPairsSeconds(network: Network, phases: readonly AllPairsPhase[]): number | undefined {
  const models = uniformDimensions(network);
  if (models === undefined) return undefined;
  const p = network.nSails;
  if (p <= 1) return 0;
  const gamma = network.cards[0]!.reduceSecondsPerByte;
  let total = 0;
  for (const { bytes, reduce } of phases) {
    if (bytes === 0) continue;
    let links = 0;
    let path = 0;
    let firstArrival = Infinity;
    network.dims.forEach((dim, k) => {
      if (dim.size <= 1) return;
      const { bandwidth, latency } = models[k]!;
      const hop = latency + bytes / bandwidth;
      const messages = linePairLoad(dim) * (p / dim.size);
      // A switch link waits for (or is followed by) the other hop through the
      // switch: all of it store-and-forward, one packet of it cut-through.
      const cut = network.switch.forwarding === 'cut-through';
      const around = dim.kind !== 'switch' ? 0 : cut ? latency + Math.min(network.switch.packetBytes, bytes) / bandwidth : hop;
      links = Math.max(links, messages * (bytes / bandwidth) + latency + around);
      const crossing = dim.kind === 'switch' ? hop + around : hop;
      path += dim.kind === 'switch' ? crossing : lineDiameter(dim) * hop;
      firstArrival = Math.min(firstArrival, crossing);
    });
    let phase = Math.max(links, path);
    if (reduce) phase = Math.max(phase + bytes * gamma, firstArrival + (p - 1) * bytes * gamma);
    total += phase;
  }
  return total;
}
