// The simulator's speed (issue 8): wall time of timing-only estimates
// (`method: 'simulate'`, no data) on a fresh bidirectional ring, each on a
// new topology so no cached plan or route is reused, counting the whole
// `estimate` call. Every case runs in a child process of its own: in a process
// that already holds big card buffers (as after the kernel sections of
// `npm run bench`) the same estimate measured about 15 % slower, so the table
// also shows that condition, measured the same way after allocating and
// reducing 8 cards × 64 MiB.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Topology } from '../dist/index.js';
import { median } from './timing.mjs';

const MiB = 2 ** 20;
const RUNS = 5;
// The figure this work set out to improve: the 256 × 64 case in BENCHMARKS.md as committed in cc8a624 (2026-11-29).
const ROUND1_WALL = 12.617;

/** Rows { n, pipeline, method, messages, wall, runs, seconds, busBw, afterBuffers }, each measured in a fresh process. */
export function measureSimSpeed({ quick }) {
  const cases = quick
    ? [[4096, 1, 'analytic'], [64, 4, 'simulate']]
    : [[4096, 1, 'analytic'], [64, 8, 'simulate'], [256, 64, 'simulate'], [256, 64, 'simulate', 'after-buffers']];
  return cases.map(([n, pipeline, method, condition]) => {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), String(n), String(pipeline), method, condition ?? 'fresh'], { encoding: 'utf8' });
    process.stderr.write(`estimated ${n} cards × ${pipeline} chunks (${method}, ${condition ?? 'fresh process'})\n`);
    return JSON.parse(out);
  });
}

async function measureOne(n, pipeline, method, condition) {
  if (condition === 'after-buffers') {
    const cards = await Topology.ring(8, { bidirectional: true });
    const buffers = cards.alloc('f32', 16 * MiB); // 64 MiB per card
    for (let r = 0; r < 3; r++) cards.allReduce(buffers, 'sum');
    buffers.free();
  }
  const walls = [];
  let report;
  for (let r = 0; r < RUNS; r++) {
    const ring = await Topology.ring(n, { bidirectional: true });
    const start = performance.now();
    report = ring.estimate('allReduce', { bytes: 4 * MiB, algorithm: 'ring', pipeline, channels: 1, method, timeline: false });
    walls.push((performance.now() - start) / 1e3);
  }
  return {
    n, pipeline, method, afterBuffers: condition === 'after-buffers',
    messages: method === 'simulate' ? 2 * (n - 1) * n * pipeline : 0,
    wall: median(walls), runs: RUNS, seconds: report.seconds, busBw: report.busBw,
  };
}

/** The BENCHMARKS.md section for measureSimSpeed's rows. */
export function simSpeedSection(rows) {
  const lines = ['## Simulator speed', ''];
  lines.push('Wall time of `topo.estimate(\'allReduce\', { algorithm: \'ring\', pipeline, channels: 1, method })` on a fresh bidirectional ring of spanker-rev-a links, 4 MiB per card, median over the runs shown, counting the whole call: building the schedule, its dependencies, the event loop and the report. `analytic` is the closed form; `simulate` runs the event-driven simulator over every message. Each row runs in a process of its own (bench/sim-speed-bench.mjs); the last one first allocates 8 cards × 64 MiB of card buffers and reduces them (as the kernel sections above hold big buffers), because a process holding that much wasm memory runs the same estimate slower.');
  lines.push('');
  lines.push('| cards | pipeline chunks | method | process | messages simulated | wall time (s) | messages/s | runs | simulated time (ms) | busbw (GB/s) |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const rate = r.messages > 0 ? `${(r.messages / r.wall / 1e6).toFixed(2)} M` : '—';
    lines.push(`| ${r.n} | ${r.pipeline} | ${r.method} | ${r.afterBuffers ? 'after 512 MiB of card buffers' : 'fresh'} | ${r.messages.toLocaleString('en-US')} | ${r.wall.toFixed(3)} | ${rate} | ${r.runs} | ${(r.seconds * 1e3).toFixed(3)} | ${r.busBw.toFixed(3)} |`);
  }
  lines.push('');
  const big = rows.find((r) => r.n === 256 && !r.afterBuffers);
  const loaded = rows.find((r) => r.n === 256 && r.afterBuffers);
  if (big !== undefined) {
    const rate = big.messages / big.wall;
    const met = rate >= 1e7;
    lines.push(`Target (issue 8): at least 10 M simulated messages per second on the 256 × 64 ring, 10× the ${(big.messages / ROUND1_WALL / 1e6).toFixed(2)} M/s (${ROUND1_WALL} s) this table showed on 2026-11-29 before the work: now ${(rate / 1e6).toFixed(2)} M/s in a fresh process, ${(ROUND1_WALL / big.wall).toFixed(1)}× faster — ${met ? 'met' : '**not met**'}${loaded === undefined ? '' : `; ${(loaded.messages / loaded.wall / 1e6).toFixed(2)} M/s in a process holding 512 MiB of card buffers`}. What got it here: pure ring schedules carry their dependencies by construction (src/schedule/algorithms/ring-forwarding.ts, checked against the range analysis on random layouts), so no analysis pass; they list sub-chunk 0 of every card, then sub-chunk 1, …, the order they run, so the simulator reads its per-message state in order; schedules whose messages have one range each do not write a per-message segment index; and the simulator keeps about 21 bytes of its own per message (it kept about 80 and a table over every card × buffer piece). ${met ? 'What is left' : 'What limits it'} (profiled with --cpu-prof): the event loop, about 40 ns per event over 12.5 M events (8.4 M link requests and 4.2 M reductions), is about 60 % of the call; building the schedule, most of it the first touch of its six per-message arrays (about 170 MB), about a quarter.`);
    lines.push('');
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.length >= 5) {
  const [n, pipeline, method, condition] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(await measureOne(Number(n), Number(pipeline), method, condition)));
}
