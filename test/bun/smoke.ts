// Bun smoke test: the package imported by name (`spanker-scheduler`, resolved
// through its own `exports` from inside the repository, as Node resolves a
// package's self-reference), run in the real Bun runtime: every collective
// checked element by element against closed-form results, a timing estimate
// against the ring's α-β-γ closed form, and device enumeration on fake nodes
// (Bun presents itself as Node, so the library takes its node:fs path).
//
// Each check prints one "ok …" line; the first failure throws, so Bun exits
// non-zero. test/bun.test.ts runs this and reads the lines.
// Usage: bun run test/bun/smoke.ts <empty folder for fake device nodes>
import { mkdirSync, writeFileSync } from 'node:fs';
import { SpankerError, Topology } from 'spanker-scheduler';

declare const Bun: { readonly version: string };

let passed = 0;

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
  passed++;
  console.log(`ok ${what}`);
}

/** Elements of `actual` that differ from `expected(c, i)`, over all cards. */
function wrong(n: number, length: number, actual: (c: number) => ArrayLike<number>, expected: (c: number, i: number) => number): number {
  let count = 0;
  for (let c = 0; c < n; c++) {
    const card = actual(c);
    if (card.length !== length) return Infinity;
    for (let i = 0; i < length; i++) if (card[i] !== expected(c, i)) count++;
  }
  return count;
}

/**
 * The six collectives on 5 cards (not a power of two) of a bidirectional
 * ring, 1027 elements (SIMD blocks plus a scalar tail). Card c's element i
 * is (c + 1)·(i mod 13 + 1): small integers, so every sum is exact in f32
 * and the expected results have closed forms.
 */
async function collectives(): Promise<void> {
  const n = 5;
  const count = 1027;
  const topo = await Topology.ring(n, { bidirectional: true });
  const x = (c: number, i: number) => (c + 1) * ((i % 13) + 1);
  const sumOverCards = (i: number) => ((n * (n + 1)) / 2) * ((i % 13) + 1);
  const fill = (buffers: { card(c: number): Float32Array }, length: number, value: (c: number, i: number) => number) => {
    for (let c = 0; c < n; c++) {
      const card = buffers.card(c);
      for (let i = 0; i < length; i++) card[i] = value(c, i);
    }
  };

  const cards = topo.alloc('f32', count);
  fill(cards, count, x);
  const report = topo.allReduce(cards, 'sum');
  check(wrong(n, count, (c) => cards.card(c), (_, i) => sumOverCards(i)) === 0 && report.seconds > 0,
    `allReduce sum, ${n} cards × ${count} f32 (${report.kernels} kernels, ${report.algorithm}): 0 wrong of ${n * count}`);
  fill(cards, count, x);
  topo.allReduce(cards, 'max');
  check(wrong(n, count, (c) => cards.card(c), (_, i) => x(n - 1, i)) === 0, `allReduce max, ${n} cards × ${count} f32: 0 wrong of ${n * count}`);

  fill(cards, count, x);
  topo.reduce(cards, 'sum', { root: 3 });
  check(wrong(n, count, (c) => cards.card(c), (c, i) => (c === 3 ? sumOverCards(i) : x(c, i))) === 0,
    `reduce sum to root 3: 0 wrong of ${n * count} (the others unchanged)`);

  fill(cards, count, x);
  topo.broadcast(cards, { root: 2 });
  check(wrong(n, count, (c) => cards.card(c), (_, i) => x(2, i)) === 0, `broadcast from root 2: 0 wrong of ${n * count}`);

  const gathered = topo.alloc('f32', n * count);
  fill(cards, count, x);
  topo.allGather(cards, gathered);
  check(wrong(n, n * count, (c) => gathered.card(c), (_, j) => x(Math.floor(j / count), j % count)) === 0,
    `allGather into recv: 0 wrong of ${n * n * count}`);

  // ReduceScatter: card c ends with block c of the sum (send holds n blocks).
  const scattered = topo.alloc('f32', count);
  fill(gathered, n * count, (c, j) => x(c, j));
  topo.reduceScatter(gathered, 'sum', { recv: scattered });
  check(wrong(n, count, (c) => scattered.card(c), (c, i) => sumOverCards(c * count + i)) === 0,
    `reduceScatter sum: 0 wrong of ${n * count}`);

  // AllToAll: block s of card d = block d of card s. Card c's element j = 1000c + j.
  fill(gathered, n * count, (c, j) => 1000 * c + j);
  topo.allToAll(gathered);
  check(wrong(n, n * count, (c) => gathered.card(c), (d, j) => 1000 * Math.floor(j / count) + d * count + (j % count)) === 0,
    `allToAll in place: 0 wrong of ${n * n * count}`);

  // Plain typed arrays (copied in and out of kernel memory), i32 avg truncating toward zero.
  const arrays = Array.from({ length: n }, (_, c) => Int32Array.from({ length: 101 }, (_, i) => c - 2 + 7 * i));
  topo.allReduce(arrays, 'avg');
  check(wrong(n, 101, (c) => arrays[c]!, (_, i) => 7 * i) === 0, 'allReduce avg of plain Int32Arrays: 0 wrong of 505');
  cards.free();
  gathered.free();
  scattered.free();
}

/** A timing-only estimate equals the ring's α-β-γ closed form. */
async function estimate(): Promise<void> {
  const topo = await Topology.ring(8);
  const bytes = 4 << 20;
  // One ring, unpipelined: the textbook form (auto would cut the data into sub-chunks and pick channels).
  const report = topo.estimate('allReduce', { bytes, algorithm: 'ring', pipeline: 1, channels: 1 });
  // spanker-rev-a: α = 1 µs per hop, β = 1 / 500 MB/s, γ = 1.5 ns/B; p = 8.
  const p = 8;
  const closedForm = 2 * (p - 1) * 1e-6 + (2 * bytes * (p - 1) / p) / 5e8 + (bytes * (p - 1) / p) * 1.5e-9;
  check(Math.abs(report.seconds - closedForm) <= 1e-9 * closedForm,
    `estimate allReduce ring 8 cards 4 MiB: ${(report.seconds * 1e6).toFixed(3)} µs = closed form`);
}

/** Enumeration of two plain files named like device nodes in `root`. */
async function devices(root: string): Promise<void> {
  const dir = `${root}/two`;
  mkdirSync(dir, { recursive: true });
  for (const n of [0, 1]) writeFileSync(`${dir}/spanker${n}`, '');
  const topo = await Topology.enumerate({ devRoot: dir });
  let error: unknown;
  const buffers = [new Float32Array([1]), new Float32Array([2])];
  try {
    topo.allReduce(buffers, 'sum');
  } catch (e) {
    error = e;
  } finally {
    topo.close();
  }
  check(topo.nSails === 2 && error instanceof SpankerError && error.code === 'NOT_IMPLEMENTED' && buffers[0]![0] === 1 && buffers[1]![0] === 2,
    'enumerate: spanker0..1 → 2 Sails; allReduce → NOT_IMPLEMENTED, buffers untouched');
}

const root = process.argv[2];
if (root === undefined) throw new Error('usage: bun run smoke.ts <empty folder for fake device nodes>');
check(typeof Bun.version === 'string', `running in Bun ${Bun.version}`);
await collectives();
await estimate();
await devices(root);
console.log(`bun smoke: ${passed} checks passed`);
