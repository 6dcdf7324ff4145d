// The Deno smoke checks, shared by the two entry points (smoke-npm.ts imports
// the package by name, smoke-dist.ts imports the built file): real
// collectives checked element by element, a timing estimate against its
// closed form, and device enumeration on a fake device root.
//
// Each check prints one "ok …" line; the first failure throws, so Deno exits
// non-zero. test/deno.test.ts runs these and reads the lines.
import type * as Spanker from 'spanker-scheduler';

type Library = typeof Spanker;

let passed = 0;

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
  passed++;
  console.log(`ok ${what}`);
}

/** The SpankerError `fn` rejects with (a failed check otherwise). */
async function rejection(lib: Library, fn: () => Promise<unknown>, what: string): Promise<Spanker.SpankerError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof lib.SpankerError) return error;
    throw error;
  }
  throw new Error(`check failed: ${what}: expected a SpankerError, nothing was thrown`);
}

/** Every element of every card of an AllReduce (sum and max) on 4 cards. */
async function allReduce(lib: Library): Promise<void> {
  const topo = await lib.Topology.ring(4, { bidirectional: true });
  // 1027 elements: many 16-element SIMD blocks plus a 3-element scalar tail.
  const count = 1027;
  const cards = topo.alloc('f32', count);
  // Card c holds (c + 1)·(i mod 13 + 1): small integers, so every sum is exact in f32.
  const fill = () => {
    for (let c = 0; c < 4; c++) {
      const card = cards.card(c);
      for (let i = 0; i < count; i++) card[i] = (c + 1) * ((i % 13) + 1);
    }
  };
  fill();
  const report = topo.allReduce(cards, 'sum');
  let wrong = 0;
  for (let c = 0; c < 4; c++) {
    const card = cards.card(c);
    for (let i = 0; i < count; i++) if (card[i] !== 10 * ((i % 13) + 1)) wrong++;
  }
  check(wrong === 0 && report.collective === 'allReduce' && report.seconds > 0,
    `allReduce sum, 4 cards × ${count} f32 (${report.kernels} kernels, ${report.algorithm}): 0 wrong of ${4 * count}`);
  fill();
  topo.allReduce(cards, 'max');
  wrong = 0;
  for (let c = 0; c < 4; c++) {
    const card = cards.card(c);
    for (let i = 0; i < count; i++) if (card[i] !== 4 * ((i % 13) + 1)) wrong++;
  }
  check(wrong === 0, `allReduce max, 4 cards × ${count} f32: 0 wrong of ${4 * count}`);
  cards.free();
}

/** AllGather of plain arrays: block c of the result is card c's buffer. */
async function allGather(lib: Library): Promise<void> {
  const topo = await lib.Topology.mock(3);
  const count = 101;
  const buffers = [0, 1, 2].map((c) => Int32Array.from({ length: count }, (_, i) => c * 1000 + i));
  const { data, report } = topo.allGather(buffers);
  let wrong = data.length === 3 * count ? 0 : 1;
  for (let c = 0; c < 3; c++) for (let i = 0; i < count; i++) if (data[c * count + i] !== c * 1000 + i) wrong++;
  check(wrong === 0 && report.collective === 'allGather', `allGather, 3 cards × ${count} i32 plain arrays: 0 wrong of ${3 * count}`);
}

/** A timing-only estimate equals the ring's α-β-γ closed form. */
async function estimate(lib: Library): Promise<void> {
  const topo = await lib.Topology.ring(8);
  const bytes = 4 << 20;
  // One ring, unpipelined: the textbook form (auto would cut the data into sub-chunks and pick channels).
  const report = topo.estimate('allReduce', { bytes, algorithm: 'ring', pipeline: 1, channels: 1 });
  // spanker-rev-a: α = 1 µs per hop, β = 1 / 500 MB/s, γ = 1.5 ns/B; p = 8.
  const p = 8;
  const closedForm = 2 * (p - 1) * 1e-6 + (2 * bytes * (p - 1) / p) / 5e8 + (bytes * (p - 1) / p) * 1.5e-9;
  check(Math.abs(report.seconds - closedForm) <= 1e-9 * closedForm,
    `estimate allReduce ring 8 cards 4 MiB: ${(report.seconds * 1e6).toFixed(3)} µs = closed form`);
}

/** Device enumeration against plain files in `root` (a folder Deno may read and write). */
async function devices(lib: Library, root: string): Promise<void> {
  const { Topology } = lib;
  const make = (name: string, nodes: readonly number[]): string => {
    const dir = `${root}/${name}`;
    Deno.mkdirSync(dir);
    for (const n of nodes) Deno.writeTextFileSync(`${dir}/spanker${n}`, '');
    return dir;
  };

  const three = make('three', [0, 1, 2]);
  const topo = await Topology.enumerate({ devRoot: three });
  check(topo.nSails === 3 && topo.links.length === 0 && topo.devices.map((d) => d.path).join() === [0, 1, 2].map((n) => `${three}/spanker${n}`).join()
    && topo.controlNode === `${three}/spankerctl`, 'enumerate: spanker0..2 → 3 Sails, no links, paths in order, control node spankerctl');
  const buffers = [0, 1, 2].map((c) => new Float32Array([c, c + 0.5]));
  let error: unknown;
  try {
    topo.allReduce(buffers, 'sum');
  } catch (e) {
    error = e;
  }
  check(error instanceof lib.SpankerError && error.code === 'NOT_IMPLEMENTED'
    && error.message === 'not implemented yet: AllReduce on real device requires SPANKER_IOC_WORK_SUBMIT'
    && buffers.every((b, c) => b[0] === c && b[1] === c + 0.5), 'device allReduce → NOT_IMPLEMENTED, buffers untouched');
  topo.close();
  topo.close();
  check(topo.devices.every((d) => d.closed), 'close() closes every node (twice is harmless)');

  const gap = make('gap', [0, 2]);
  const gapped = await Topology.enumerate({ devRoot: gap });
  check(gapped.nSails === 1, 'enumerate: spanker0, spanker2 → stops at the gap: 1 Sail');
  gapped.close();

  const empty = make('empty', []);
  const none = await rejection(lib, () => Topology.enumerate({ devRoot: empty }), 'no nodes');
  check(none.code === 'NO_SAILS' && none.message.startsWith('no Sails enumerated; spanker.ko may not be loaded or no devices probed yet'),
    'enumerate: no nodes → NO_SAILS with the crate message');

  // "Exists but cannot be opened": a directory named spanker1. Opening it
  // read+write fails (EISDIR) even for root, unlike a chmod 000 file. (The
  // Node tests also try a dangling symlink; Deno allows creating symlinks only
  // with unscoped read and write permissions, which these checks do not get.)
  const dir = make('directory', [0]);
  Deno.mkdirSync(`${dir}/spanker1`);
  const isDir = await rejection(lib, () => Topology.enumerate({ devRoot: dir }), 'directory');
  check(isDir.code === 'RUNTIME' && isDir.message.includes(`${dir}/spanker1`) && isDir.cause instanceof Error,
    'enumerate: spanker1 is a directory → RUNTIME naming it, cause kept');

  // spanker0 … spanker255 are probed (indices up to 255); spanker256 is a
  // directory that would fail to open if it were probed.
  const many = make('many', Array.from({ length: 256 }, (_, n) => n));
  Deno.mkdirSync(`${many}/spanker256`);
  const full = await Topology.enumerate({ devRoot: many });
  check(full.nSails === 256 && full.devices.at(-1)?.path === `${many}/spanker255`, 'enumerate: 257 names → stops after spanker255: 256 Sails');
  full.close();

  // Deno's permissions hold: /dev is outside the granted folder (and Deno grants
  // /dev only with --allow-all), so the probe fails, naming the node.
  const denied = await rejection(lib, () => Topology.enumerate(), 'no permission');
  check(denied.code === 'RUNTIME' && denied.message.includes('/dev/spanker0') && (denied.cause as Error).name === 'NotCapable',
    'enumerate /dev without permission → RUNTIME (NotCapable) naming /dev/spanker0');
}

/** Run every check; `root` is an empty folder Deno may read and write. */
export async function runChecks(lib: Library, root: string, label: string): Promise<void> {
  check(typeof Deno.version.deno === 'string', `running in Deno ${Deno.version.deno} (${label})`);
  await allReduce(lib);
  await allGather(lib);
  await estimate(lib);
  await devices(lib, root);
  console.log(`deno smoke (${label}): ${passed} checks passed`);
}
