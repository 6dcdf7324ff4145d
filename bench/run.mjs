#!/usr/bin/env node
// `npm run bench`: the kernel benchmarks of BENCHMARKS.md, measured side by
// side in one run (see bench/timing.mjs). 4 cards, f32, per-card sizes of
// 64 KiB, 4 MiB and 64 MiB:
//   (a) allReduce sum through the public zero-copy API vs a roofline proxy
//       that loads and stores every byte of the same region once;
//   (b) the same vs the crate's algorithm in plain JS;
//   (c) allReduce max and min vs sum;
//   (d) f32 and Q4_K matmul kernels vs plain JS and a weight-read roofline (bench/matmul-bench.mjs);
//   (e) every dtype's allReduce sum vs f32 sum, per byte, at 4 MiB per card (bench/dtype-bench.mjs);
//   (f) the simulator's messages per second on a 256-card × 64-chunk ring (bench/sim-speed-bench.mjs);
//   (g) estimate wall time at 4,096 / 16,384 / 65,536 cards per topology kind (bench/scale-bench.mjs);
//   (h) auto's efficiency against report.bound on issue 10's cases (bench/link-rate-bench.mjs).
// Usage: node bench/run.mjs [--quick] [--out FILE]   (default FILE: BENCHMARKS.md)
import { cpus, totalmem, platform, arch } from 'node:os';
import { writeFileSync } from 'node:fs';
import { Topology } from '../dist/index.js';
import { crateAllReduceSum } from './crate-allreduce.mjs';
import { median, medianRatio, timeSideBySide } from './timing.mjs';
import { matmulSection, measureMatmul } from './matmul-bench.mjs';
import { dtypeSection, measureDtypes } from './dtype-bench.mjs';
import { measureScale, scaleSection } from './scale-bench.mjs';
import { measureSimSpeed, simSpeedSection } from './sim-speed-bench.mjs';
import { linkRateSection, measureLinkRate } from './link-rate-bench.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIndex = args.indexOf('--out');
const outFile = outIndex >= 0 ? args[outIndex + 1] : 'BENCHMARKS.md';

const CARDS = 4;
const KiB = 1024;
const MiB = 1024 * KiB;
const SIZES = quick ? [64 * KiB, 1 * MiB] : [64 * KiB, 4 * MiB, 64 * MiB];
const ROUNDS = quick ? 3 : 11;
const TARGET_SECONDS = quick ? 0.01 : 0.05; // per variant per round

const TARGETS = { roofline: 0.95, plainJs: 25, maxMin: 0.8 };

const topo = await Topology.mock(CARDS);
const rows = [];
for (const bytesPerCard of SIZES) {
  const count = bytesPerCard / 4;
  const cards = topo.alloc('f32', count);
  const plain = Array.from({ length: CARDS }, () => new Float32Array(count));
  // Small integers: sums stay exact and finite however many times they run.
  const refill = () => {
    for (let c = 0; c < CARDS; c++) {
      const card = cards.card(c);
      for (let i = 0; i < count; i++) card[i] = plain[c][i] = ((i + c) % 7) - 3;
    }
  };
  refill();
  // The roofline proxy runs over the same region the collective reads and writes.
  const kernels = cards.runtime.kernels;
  const variants = {
    roofline: () => kernels.roofline_load_store(cards.byteOffset, cards.strideBytes, CARDS, cards.bytesPerCard),
    sum: () => topo.allReduce(cards, 'sum'),
    // The same kernel called directly: what the public call adds is validation, the plan lookup and the report.
    sumKernel: () => kernels.reduce_sum_f32(cards.byteOffset, cards.strideBytes, CARDS, cards.byteOffset, cards.strideBytes, CARDS, count),
    max: () => topo.allReduce(cards, 'max'),
    min: () => topo.allReduce(cards, 'min'),
    plainJs: () => crateAllReduceSum(plain),
  };
  const { seconds } = timeSideBySide(variants, { rounds: ROUNDS, targetSeconds: TARGET_SECONDS });
  rows.push({
    bytesPerCard,
    us: Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, median(v) * 1e6])),
    sumVsRoofline: medianRatio(seconds, 'roofline', 'sum'),
    sumVsPlainJs: medianRatio(seconds, 'plainJs', 'sum'),
    maxVsSum: medianRatio(seconds, 'sum', 'max'),
    minVsSum: medianRatio(seconds, 'sum', 'min'),
    busBw: (bytesPerCard / median(seconds.sum) / 1e9) * (2 * (CARDS - 1)) / CARDS,
  });
  cards.free();
  process.stderr.write(`measured ${bytesPerCard / KiB} KiB per card\n`);
}

const matmul = await measureMatmul({ quick, rounds: ROUNDS, targetSeconds: TARGET_SECONDS });
const dtypes = await measureDtypes({ quick, cards: CARDS, rounds: ROUNDS, targetSeconds: TARGET_SECONDS });

const simRows = measureSimSpeed({ quick });
const scale = await measureScale({ quick });
const linkRate = await measureLinkRate();

const size = (b) => (b >= MiB ? `${b / MiB} MiB` : `${b / KiB} KiB`);
const verdict = (value, target) => (value >= target ? 'met' : '**not met**');
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [];
lines.push('# Benchmarks');
lines.push('');
lines.push(`Produced by \`npm run bench\` (bench/run.mjs) on ${new Date().toISOString().slice(0, 10)}; every number below comes from that one run.`);
lines.push('');
lines.push(`Machine: ${cpu}, ${cpus().length} logical cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${arch()}, Node ${process.version} (V8 ${process.versions.v8}), ${topo.kernels} kernels. A shared machine: absolute times vary run to run, so the ratios are what to read — each is the median over ${ROUNDS} rounds of two variants timed back to back in the same round.`);
lines.push('');
lines.push(`Setup: ${CARDS} cards, f32, in-place AllReduce on CardBuffers (zero-copy). Roofline proxy: a wasm kernel that loads and stores every byte of the same ${CARDS}-card region once, with no arithmetic, in the reduce kernel's order (each 64-byte block of card 0, 1, …, n−1) — the memory traffic and streams of an in-place AllReduce (assembly/roofline.ts). Plain JS: the original crate's algorithm (card-outer accumulation from card 0, then a copy to every card) on Float32Arrays (bench/crate-allreduce.mjs).`);
lines.push('');
lines.push('## Ratios');
lines.push('');
lines.push('| per card | (a) sum vs roofline (target ≥ 0.95×) | (b) sum vs plain JS (target ≥ 25× at 4 MiB) | (c) max vs sum (≥ 0.8×) | (c) min vs sum (≥ 0.8×) |');
lines.push('|---|---|---|---|---|');
for (const r of rows) {
  const plainTarget = r.bytesPerCard === 4 * MiB ? ` ${verdict(r.sumVsPlainJs, TARGETS.plainJs)}` : '';
  lines.push(`| ${size(r.bytesPerCard)} | ${r.sumVsRoofline.toFixed(2)}× ${verdict(r.sumVsRoofline, TARGETS.roofline)} | ${r.sumVsPlainJs.toFixed(1)}×${plainTarget} | ${r.maxVsSum.toFixed(2)}× ${verdict(r.maxVsSum, TARGETS.maxMin)} | ${r.minVsSum.toFixed(2)}× ${verdict(r.minVsSum, TARGETS.maxMin)} |`);
}
lines.push('');
lines.push('## Median times (µs per call)');
lines.push('');
lines.push('| per card | roofline | sum | sum kernel alone | max | min | plain JS sum | sum busbw (host, GB/s) |');
lines.push('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const u = r.us;
  lines.push(`| ${size(r.bytesPerCard)} | ${u.roofline.toFixed(1)} | ${u.sum.toFixed(1)} | ${u.sumKernel.toFixed(1)} | ${u.max.toFixed(1)} | ${u.min.toFixed(1)} | ${u.plainJs.toFixed(1)} | ${r.busBw.toFixed(2)} |`);
}
lines.push('');
lines.push('The busbw column is nccl-tests\' AllReduce bus bandwidth of the host run (S/t × 2(n−1)/n, GB = 1e9 B): how fast the wasm kernels move data in memory, not a simulation of the inter-card link.');
lines.push('');
lines.push('## What limits a target that is not met');
lines.push('');
lines.push('- (a) at 64 KiB per card also pays the public call itself: validation, the cached plan lookup and building the report take a few µs per call (compare the "sum" and "sum kernel alone" columns), a quarter of the whole at this size and nothing at 4 MiB.');
lines.push('- (a) and (c) at cache-resident sizes (64 KiB per card, 256 KiB in all): the data sits in L2, so time is set by instructions, not memory. Per 16-byte vector and card the proxy issues a load and a store; sum adds one f32x4.add, min three instructions (two f32x4.pmin and a v128.or) and max four (a sign flip on entry, then as min), which is what exact `Math.max`/`Math.min` semantics cost (assembly/ops.ts explains the trick; V8\'s own f32x4.max is about nine x86 instructions and measured slower still). Once the cards outgrow the caches the extra instructions hide under memory time and the ratios approach 1.');
lines.push('- (b) the plain-JS baseline spends a few nanoseconds per element (a scalar f32 load, convert, add, convert, store per card), while the kernel runs close to the roofline proxy (column (a)); the ratio is then roughly memory bandwidth over the scalar loop\'s speed, which a faster kernel can barely raise. At 64 MiB per card both sides are memory-bound and the ratio shrinks.');
lines.push('');
lines.push(...matmulSection(matmul, ROUNDS));
lines.push(...dtypeSection(dtypes, ROUNDS));
lines.push(...simSpeedSection(simRows));
lines.push(...scaleSection(scale));
lines.push(...linkRateSection(linkRate));
const text = lines.join('\n') + '\n';
if (outFile === '-') process.stdout.write(text);
else {
  writeFileSync(outFile, text);
  process.stdout.write(text);
}
