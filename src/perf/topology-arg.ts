/** Building the Topology a spanker-perf run asks for (--topology, --link, -g). */
import { readFileSync } from 'node:fs';
import { Topology, type TopologyOptions } from '../topology.js';
import type { PerfConfig } from './args.js';
import { UsageError } from './usage-error.js';

const DEFAULT_CARDS = 4;

export async function buildTopology(config: PerfConfig): Promise<Topology> {
  const options: TopologyOptions = 'preset' in config.link
    ? { preset: config.link.preset }
    : { link: { bandwidth: config.link.bandwidth, latency: config.link.latency } };
  const t = config.topology;
  const n = config.cards ?? DEFAULT_CARDS;
  switch (t.kind) {
    case 'mesh':
      return Topology.mock(n, options);
    case 'ring':
      return Topology.ring(n, options);
    case 'bidirectionalRing':
      return Topology.ring(n, { ...options, bidirectional: true });
    case 'switch':
      return Topology.switch(n, options);
    case 'torus2d':
      if (config.cards !== undefined && config.cards !== t.rows * t.cols) {
        throw new UsageError(`-g ${config.cards} does not match --topology torus:${t.rows}x${t.cols} (${t.rows * t.cols} cards)`);
      }
      return Topology.torus2d(t.rows, t.cols, options);
    case 'json': {
      let spec: unknown;
      try {
        spec = JSON.parse(readFileSync(t.file, 'utf8'));
      } catch (error) {
        throw new UsageError(`--topology ${t.file}: ${(error as Error).message}`);
      }
      const topo = await Topology.fromJSON(spec);
      if (config.cards !== undefined && config.cards !== topo.nSails) {
        throw new UsageError(`-g ${config.cards} does not match ${t.file} (${topo.nSails} cards)`);
      }
      return topo;
    }
  }
}
