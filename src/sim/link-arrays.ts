/**
 * A network's numbers as flat arrays — per link its bandwidth (bytes/s) and
 * latency (s), per card its reduce cost γ (s/byte) and injection limit
 * (bytes/s, 0 = none) — which is what every pricing loop reads (the event
 * simulator, the fault simulator, the list scheduler and the analytic route
 * costs), indexed by link id and card id.
 */
import type { SimLinks } from './simulate.js';

export interface LinkArrays {
  readonly bandwidth: Float64Array;
  readonly latency: Float64Array;
  readonly gamma: Float64Array;
  readonly injection: Float64Array;
}

export function linkArraysOf(network: SimLinks): LinkArrays {
  const links = network.links;
  const bandwidth = new Float64Array(links.length);
  const latency = new Float64Array(links.length);
  for (let id = 0; id < links.length; id++) {
    bandwidth[id] = links[id]!.bandwidth;
    latency[id] = links[id]!.latency;
  }
  const gamma = new Float64Array(network.nSails);
  const injection = new Float64Array(network.nSails);
  network.cards.forEach((c, id) => {
    gamma[id] = c.reduceSecondsPerByte;
    injection[id] = c.injectionBandwidth ?? 0;
  });
  return { bandwidth, latency, gamma, injection };
}
