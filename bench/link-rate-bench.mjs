// Link-rate targets (issue 10): what `auto` reaches against report.bound — the
// lower bound no algorithm can beat on the topology's links and reducers —
// on the cases the issue names, with no option set. Timing-only estimates.
import { Topology } from '../dist/index.js';

const MiB = 2 ** 20;

/** The issue's cases: a topology maker, the AllReduce size, the target efficiency, and why a miss happens. */
const CASES = [
  { name: '8-card bidirectional ring (spanker-rev-a links)', make: () => Topology.ring(8, { bidirectional: true }), bytes: 64 * MiB, target: 0.85 },
  { name: 'switch(8, hgx-h100)', make: () => Topology.switch(8, { preset: 'hgx-h100' }), bytes: 1024 * MiB, target: 0.9 },
  { name: '4×4 torus (bidirectional links)', make: () => Topology.torus2d(4, 4), bytes: 64 * MiB, target: 0.75 },
  {
    name: 'multiDim: two bidirectional rings of 4 joined by a switch',
    make: () => Topology.multiDim([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2 }]),
    bytes: 64 * MiB, target: 0.75,
  },
];

/** One row per case: auto's choice, its time, busBw and efficiency, and the reduce share of the bound. */
export async function measureLinkRate() {
  const rows = [];
  for (const c of CASES) {
    const topo = await c.make();
    const report = topo.estimate('allReduce', { bytes: c.bytes, timeline: false });
    // The card's reduce work alone: (p − 1)/p of the buffer reduced on each card at its reduce rate (γ s/B).
    const p = topo.nSails;
    const gamma = topo.network.cards[0].reduceSecondsPerByte;
    const reduceSeconds = ((p - 1) / p) * c.bytes * gamma;
    rows.push({ ...c, report, reduceSeconds });
    process.stderr.write(`link rate: ${c.name}\n`);
  }
  return rows;
}

/** The BENCHMARKS.md section for measureLinkRate's rows. */
export function linkRateSection(rows) {
  const lines = [];
  lines.push('## Plans at link rate');
  lines.push('');
  lines.push('`topo.estimate(\'allReduce\', { bytes })` with no option (`auto` picks the algorithm, chunking and channels) against `report.bound`, the time no algorithm can beat on these links and reducers; efficiency = bound / time (bench/link-rate-bench.mjs). "reduce work" is each card\'s (p − 1)/p of the buffer at its reduce rate — when it is most of the bound, the card\'s reducer, not the links, sets the pace.');
  lines.push('');
  lines.push('| topology | AllReduce | auto\'s choice | time (ms) | bound (ms) | reduce work (ms) | busBw (GB/s) | efficiency | target |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const rep = r.report;
    const choice = `${rep.algorithm}, pipeline ${rep.pipeline}, ${rep.channels} channel${rep.channels === 1 ? '' : 's'} (${rep.method})`;
    const met = rep.efficiency >= r.target ? 'met' : '**not met**';
    lines.push(`| ${r.name} | ${r.bytes / MiB} MiB | ${choice} | ${(rep.seconds * 1e3).toFixed(3)} | ${(rep.bound * 1e3).toFixed(3)} | ${(r.reduceSeconds * 1e3).toFixed(3)} | ${rep.busBw.toFixed(3)} | ${rep.efficiency.toFixed(3)} | ≥ ${r.target} ${met} |`);
  }
  lines.push('');
  const missed = rows.filter((r) => r.report.efficiency < r.target);
  for (const r of missed) {
    const rep = r.report;
    const reducerBound = r.reduceSeconds >= 0.99 * rep.bound;
    lines.push(`- ${r.name}: **${reducerBound ? 'reducer-bound' : 'link-bound'}**. ${reducerBound
      ? `The bound is the cards' reduce work (${(r.reduceSeconds * 1e3).toFixed(1)} ms); the plan takes ${((rep.seconds - r.reduceSeconds) * 1e3).toFixed(1)} ms more. In the hierarchical schedules every reduction happens in the reduce-scatter phases and the all-gather phases that follow carry none, so the reducer idles while the last data is gathered; a schedule that all-gathers early chunks while later chunks are still being reduced (or gives the links' idle direction to the reduce-scatter) would be needed to close the gap. The torus-style variant that runs every rotation of the dimensions at once priced slower here.`
      : `The links are the bound; the plan leaves ${((rep.seconds - rep.bound) * 1e3).toFixed(1)} ms of link time unused.`}`);
  }
  if (missed.length > 0) lines.push('');
  return lines;
}
