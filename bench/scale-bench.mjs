// Estimate wall time at scale (issue 8, "bounded cost"): `topo.estimate(c)` with
// `auto` at 4,096, 16,384 and 65,536 cards on every large topology kind (the
// full mesh at its 2,048-card limit), for every collective. Each topology is
// built fresh and each collective priced once on it: the first call pays for
// routes and plans, which is what a user pricing a new card count sees.
import { Topology, COLLECTIVES } from '../dist/index.js';

const MiB = 2 ** 20;

/** The topology kinds of the scale table, each a maker of a topology with n cards (n a power of 4). */
const KINDS = [
  ['ring', (n) => Topology.ring(n)],
  ['bidirectional ring', (n) => Topology.ring(n, { bidirectional: true })],
  ['torus2d', (n) => Topology.torus2d(Math.sqrt(n), Math.sqrt(n))],
  ['switch', (n) => Topology.switch(n)],
  ['multiDim 16-biring × switch', (n) => Topology.multiDim([{ kind: 'bidirectionalRing', size: 16 }, { kind: 'switch', size: n / 16 }])],
];

/** Bytes priced: 256 MiB for the whole-buffer collectives, 1 KiB per card for the per-card ones (nccl-tests' S). */
function bytesFor(collective, n) {
  return collective === 'allReduce' || collective === 'broadcast' || collective === 'reduce' ? 256 * MiB : n * 1024;
}

/** One row per topology kind and card count: the slowest and total wall time over the six collectives. */
export async function measureScale({ quick }) {
  const sizes = quick ? [4096] : [4096, 16384, 65536];
  const cases = [['full mesh (mock)', (n) => Topology.mock(n), 2048]];
  for (const n of sizes) for (const [name, make] of KINDS) cases.push([name, make, n]);
  const rows = [];
  for (const [name, make, n] of cases) {
    const topo = await make(n);
    const perCollective = [];
    for (const collective of COLLECTIVES) {
      const start = performance.now();
      const report = topo.estimate(collective, { bytes: bytesFor(collective, n), timeline: false });
      // Keep numbers only: a report holds its plan, and its plan the topology's routes.
      perCollective.push({
        collective, wall: (performance.now() - start) / 1e3,
        report: { algorithm: report.algorithm, method: report.method, seconds: report.seconds, efficiency: report.efficiency },
      });
    }
    const slowest = perCollective.reduce((a, b) => (b.wall > a.wall ? b : a));
    rows.push({ name, n, slowest, total: perCollective.reduce((s, r) => s + r.wall, 0), perCollective });
    process.stderr.write(`scale: ${name} ${n}: ${perCollective.map((c) => `${c.collective} ${c.wall.toFixed(2)} s`).join(', ')}\n`);
  }
  return rows;
}

/** The BENCHMARKS.md section for measureScale's rows. */
export function scaleSection(rows) {
  const lines = [];
  lines.push('## Estimates at scale');
  lines.push('');
  lines.push('Wall time of `topo.estimate(collective, { bytes })` with `auto` (the planner picks the algorithm, chunking, channels and method) on a freshly built topology of spanker-rev-a links: 256 MiB for AllReduce, Broadcast and Reduce, 1 KiB per card for the others; one call per collective, so each pays for its routes and plans as a user pricing a new card count would (bench/scale-bench.mjs). Target (issue 8): well under a second per estimate up to 65,536 cards.');
  lines.push('');
  lines.push('| topology | cards | slowest collective | its wall time (s) | all six (s) | target < 1 s per estimate | AllReduce: algorithm, method | AllReduce %bound |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ar = r.perCollective.find((c) => c.collective === 'allReduce').report;
    lines.push(`| ${r.name} | ${r.n.toLocaleString('en-US')} | ${r.slowest.collective} | ${r.slowest.wall.toFixed(2)} | ${r.total.toFixed(2)} | ${r.slowest.wall < 1 ? 'met' : '**not met**'} | ${ar.algorithm}, ${ar.method} | ${(ar.efficiency * 100).toFixed(1)} |`);
  }
  lines.push('');
  return lines;
}
