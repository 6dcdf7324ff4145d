// Runs the package in the real Bun runtime, so `npm test` covers Bun: the
// `@oven/bun-linux-x64` devDependency carries Bun's binary (the `bun` wrapper
// package downloads it in a postinstall script, which cannot work here).
// - test/bun/smoke.ts: every collective checked element by element, an
//   estimate against its closed form, device enumeration on fake nodes;
// - the README's Node example ("Simulate a collective") run under Bun prints
//   exactly what the README shows;
// - the README's Bun example is test/bun/example.ts and prints what the README shows.
// Bun runs TypeScript directly and resolves `spanker-scheduler` by the
// package's own name (a self-reference through `exports`, to the built dist/).
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const repo = path('../');
const bunBin = path('../node_modules/@oven/bun-linux-x64/bin/bun');
const output = path('../test-output/bun/');
const readme = readFileSync(`${repo}README.md`, 'utf8');
const TIMEOUT_MS = 120_000;

/** A fresh empty folder under test-output/bun/. */
function freshDir(name: string): string {
  const dir = `${output}${name}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** `bun run script args…`; resolves with stdout, rejects on a non-zero exit. */
async function bunRun(script: string, args: readonly string[] = []): Promise<string> {
  const { stdout } = await promisify(execFile)(bunBin, ['run', script, ...args], {
    cwd: repo,
    timeout: TIMEOUT_MS,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', BUN_INSTALL_CACHE_DIR: `${output}cache` },
  });
  return stdout;
}

/** The first fenced block of `language` after `heading` in the README. */
function block(heading: string, language: string): string {
  const at = readme.indexOf(heading);
  expect(at, `README heading ${heading}`).toBeGreaterThanOrEqual(0);
  return readme.slice(at).match(new RegExp('```' + language + '\\n([\\s\\S]*?)```'))![1]!;
}

const EXPECTED_CHECKS = [
  /^ok running in Bun 1\.\d+\.\d+$/,
  /^ok allReduce sum, 5 cards × 1027 f32 \((simd|scalar) kernels, \w+\): 0 wrong of 5135$/,
  /^ok allReduce max, 5 cards × 1027 f32: 0 wrong of 5135$/,
  /^ok reduce sum to root 3: 0 wrong of 5135 \(the others unchanged\)$/,
  /^ok broadcast from root 2: 0 wrong of 5135$/,
  /^ok allGather into recv: 0 wrong of 25675$/,
  /^ok reduceScatter sum: 0 wrong of 5135$/,
  /^ok allToAll in place: 0 wrong of 25675$/,
  /^ok allReduce avg of plain Int32Arrays: 0 wrong of 505$/,
  /^ok estimate allReduce ring 8 cards 4 MiB: 20199\.088 µs = closed form$/,
  /^ok enumerate: spanker0\.\.1 → 2 Sails; allReduce → NOT_IMPLEMENTED, buffers untouched$/,
];

describe('Bun', () => {
  it('smoke.ts: collectives checked element by element, an estimate, device enumeration', async () => {
    const devices = freshDir('devices');
    const lines = (await bunRun(path('bun/smoke.ts'), [devices])).trim().split('\n');
    expect(lines).toHaveLength(EXPECTED_CHECKS.length + 1);
    EXPECTED_CHECKS.forEach((pattern, i) => expect(lines[i]).toMatch(pattern));
    expect(lines.at(-1)).toBe(`bun smoke: ${EXPECTED_CHECKS.length} checks passed`);
  }, TIMEOUT_MS);

  it("the README's Node example prints under Bun exactly what the README shows", async () => {
    freshDir('readme');
    // Inside the repository, so that `spanker-scheduler` resolves to this package.
    const file = `${output}readme/simulate.mjs`;
    writeFileSync(file, block('### Simulate a collective', 'js'));
    expect(await bunRun(file)).toBe(block('### Simulate a collective', 'text'));
  }, TIMEOUT_MS);

  it("the README's Bun example is test/bun/example.ts and prints what the README shows", async () => {
    expect(block('### Bun', 'ts')).toBe(readFileSync(path('bun/example.ts'), 'utf8'));
    const shown = block('### Bun', 'text').match(/^\$ bun run example\.ts\n([\s\S]*)$/)!;
    expect(shown, 'the README shows `$ bun run example.ts` and its output').not.toBeNull();
    expect(await bunRun(path('bun/example.ts'))).toBe(shown[1]);
  }, TIMEOUT_MS);
});
