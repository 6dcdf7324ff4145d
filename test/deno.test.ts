// Runs the Deno smoke tests (test/deno/) in the real Deno runtime from the
// `deno` devDependency, so `npm test` covers Deno:
// - smoke-npm.ts imports 'spanker-scheduler' by name, the way a Deno project
//   with a package.json and node_modules does;
// - smoke-dist.ts imports the built dist/index.js by path;
// - example.ts is the README's Deno example, run as printed there.
// Deno type-checks each script first (--check), against the package's own
// declarations. Nothing is downloaded (--no-remote, --cached-only; the
// package is installed locally below), and Deno writes only under
// test-output/deno/ (DENO_DIR, the fake device roots) — it may read and write
// nothing else (--allow-read/--allow-write name the one device folder).
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const repo = path('../');
const denoBin = path('../node_modules/.bin/deno');
const output = path('../test-output/deno/');
const TIMEOUT_MS = 120_000;

/** A fresh empty folder under test-output/deno/. */
function freshDir(name: string): string {
  const dir = `${output}${name}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * `deno run` a script of test/deno/ with read+write permission on `devices`
 * only; `args` follow the script. Resolves with stdout; rejects on a non-zero exit.
 */
async function denoRun(script: string, devices: string, args: readonly string[], cwd = repo): Promise<string> {
  const flags = [
    'run', '--no-remote', '--cached-only', '--no-prompt', '--check',
    `--config=${path('deno/deno.json')}`, `--allow-read=${devices}`, `--allow-write=${devices}`,
  ];
  const { stdout } = await promisify(execFile)(denoBin, [...flags, path(`deno/${script}`), ...args], {
    cwd,
    timeout: TIMEOUT_MS,
    encoding: 'utf8',
    env: { ...process.env, DENO_DIR: `${output}cache`, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  return stdout;
}

beforeAll(() => {
  // Install the package into test/deno/node_modules as `npm install` of its
  // tarball would: package.json plus the files it publishes ("files").
  // (A symlink, as npm makes for a `file:` folder, runs too, but Deno then
  // treats the package as local source and cannot type-check its `.js`
  // specifiers against the `.d.ts` files; real installs are copies.)
  const target = path('deno/node_modules/spanker-scheduler/');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  // The tarball's own file list (npm expands "files" globs such as docs/*.md).
  const packed = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo, encoding: 'utf8' });
  const [info] = JSON.parse(packed) as { files: { path: string }[] }[];
  for (const { path: entry } of info!.files) {
    mkdirSync(dirname(`${target}${entry}`), { recursive: true });
    cpSync(`${repo}${entry}`, `${target}${entry}`);
  }
});

/** The "ok …" lines every smoke run must print (test/deno/checks.ts). */
const EXPECTED_CHECKS = [
  /^ok running in Deno 2\.\d+\.\d+/,
  /^ok allReduce sum, 4 cards × 1027 f32 \((simd|scalar) kernels, \w+\): 0 wrong of 4108$/,
  /^ok allReduce max, 4 cards × 1027 f32: 0 wrong of 4108$/,
  /^ok allGather, 3 cards × 101 i32 plain arrays: 0 wrong of 303$/,
  /^ok estimate allReduce ring 8 cards 4 MiB: 20199\.088 µs = closed form$/,
  /^ok enumerate: spanker0\.\.2 → 3 Sails/,
  /^ok device allReduce → NOT_IMPLEMENTED, buffers untouched$/,
  /^ok close\(\) closes every node/,
  /^ok enumerate: spanker0, spanker2 → stops at the gap: 1 Sail$/,
  /^ok enumerate: no nodes → NO_SAILS/,
  /^ok enumerate: spanker1 is a directory → RUNTIME/,
  /^ok enumerate: 257 names → stops after spanker255: 256 Sails$/,
  /^ok enumerate \/dev without permission → RUNTIME \(NotCapable\)/,
];

describe('Deno', () => {
  it.each([
    ['smoke-npm.ts', 'npm'],
    ['smoke-dist.ts', 'dist'],
  ])('%s: collectives checked element by element, an estimate, device enumeration', async (script, label) => {
    const devices = freshDir(`devices-${label}`);
    const lines = (await denoRun(script, devices, [devices])).trim().split('\n');
    expect(lines).toHaveLength(EXPECTED_CHECKS.length + 1);
    EXPECTED_CHECKS.forEach((pattern, i) => expect(lines[i]).toMatch(pattern));
    expect(lines.at(-1)).toBe(`deno smoke (${label}): ${EXPECTED_CHECKS.length} checks passed`);
  }, TIMEOUT_MS);

  it("the README's Deno example is test/deno/example.ts and prints what the README shows", async () => {
    const readme = readFileSync(`${repo}README.md`, 'utf8');
    const section = readme.slice(readme.indexOf('### Deno'));
    const code = section.match(/```ts\n([\s\S]*?)```/)![1]!;
    expect(code).toBe(readFileSync(path('deno/example.ts'), 'utf8'));
    // The README shows a run with two fake nodes in ./devices, relative to the working folder.
    const shown = section.match(/```text\n\$ (.*)\n([\s\S]*?)```/)!;
    expect(shown[1]).toBe('deno run --allow-read=devices --allow-write=devices example.ts devices');
    const cwd = freshDir('example');
    mkdirSync(`${cwd}/devices`);
    for (const n of [0, 1]) writeFileSync(`${cwd}/devices/spanker${n}`, '');
    expect(await denoRun('example.ts', 'devices', ['devices'], cwd)).toBe(shown[2]);
  }, TIMEOUT_MS);
});
