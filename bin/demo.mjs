#!/usr/bin/env node
// The quick-start demo: 4 mock cards, AllReduce (sum, f32) of 4 MiB per card,
// checked against its closed form, with the host bandwidth of the wasm run.
// (The nccl-tests-style `spanker-perf` command replaces this demo.)
import { Topology } from '../dist/index.js';

const CARDS = 4;
const BYTES_PER_CARD = 4 * 1024 * 1024;
const COUNT = BYTES_PER_CARD / Float32Array.BYTES_PER_ELEMENT;
const ITERATIONS = 20;

const topo = await Topology.mock(CARDS);
const cards = topo.alloc('f32', COUNT);

// nccl-tests-style input: card c holds (c + 1)·(i mod 17 + 1), so every sum is
// an exact small integer whatever the order: (i mod 17 + 1)·n(n+1)/2.
function fill() {
  for (let c = 0; c < CARDS; c++) {
    const card = cards.card(c);
    for (let i = 0; i < COUNT; i++) card[i] = (c + 1) * ((i % 17) + 1);
  }
}

fill();
const report = topo.allReduce(cards, 'sum');
let wrong = 0;
const triangular = (CARDS * (CARDS + 1)) / 2;
for (let c = 0; c < CARDS; c++) {
  const card = cards.card(c);
  for (let i = 0; i < COUNT; i++) if (card[i] !== ((i % 17) + 1) * triangular) wrong++;
}

// Time repeated in-place AllReduces (the values grow, which costs nothing in f32).
const times = [];
for (let k = 0; k < ITERATIONS; k++) {
  const start = performance.now();
  topo.allReduce(cards, 'sum');
  times.push((performance.now() - start) / 1e3);
}
times.sort((a, b) => a - b);
const seconds = times[Math.floor(times.length / 2)];
const algBw = BYTES_PER_CARD / seconds / 1e9; // nccl-tests: algbw = S / t, GB = 1e9 B
const busBw = algBw * (2 * (CARDS - 1)) / CARDS; // AllReduce bus factor 2(n−1)/n
cards.free();

console.log(`spanker-scheduler demo: AllReduce sum, f32, ${CARDS} mock cards × ${BYTES_PER_CARD / 1048576} MiB, ${report.kernels} kernels`);
console.log(`check: ${wrong} wrong elements of ${CARDS * COUNT} ${wrong === 0 ? '(OK)' : '(FAILED)'}`);
console.log(`host time: ${(seconds * 1e6).toFixed(0)} µs (median of ${ITERATIONS})  algbw ${algBw.toFixed(2)} GB/s  busbw ${busBw.toFixed(2)} GB/s`);
console.log('(host bandwidth of the in-memory wasm run, not a simulation of the inter-card link)');
console.log(`simulated on ${topo.network.preset.name} links (full mesh): ${(report.seconds * 1e6).toFixed(1)} µs with ${report.algorithm}, busbw ${report.busBw.toFixed(3)} GB/s`);
process.exitCode = wrong === 0 ? 0 : 1;
