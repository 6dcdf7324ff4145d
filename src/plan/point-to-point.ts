/**
 * A point-to-point send — a pipeline stage handing its activations to the
 * next — priced on the real links.
 *
 * The library has no send primitive yet, so a send is priced as a Broadcast
 * with the `direct` algorithm on the two-card group {from, to}
 * (src/plan/group-topology.ts): exactly one message from `from` to `to`,
 * routed over the real links like any schedule (store-and-forward over each
 * hop: Σ latency + bytes / bandwidth). When a send primitive lands, this is
 * the one function to change.
 */
import type { CollectiveReport } from '../report.js';
import type { Topology } from '../topology.js';
import { groupTopology } from './group-topology.js';

/** The estimate of one message of `bytes` (a multiple of 4) from card `from` to card `to`. */
export async function estimateSend(topology: Topology, from: number, to: number, bytes: number): Promise<CollectiveReport> {
  const pair = await groupTopology(topology, [from, to]);
  return pair.estimate('broadcast', { bytes, root: 0, algorithm: 'direct' });
}
