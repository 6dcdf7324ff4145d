// The built package, as a user imports it: `spanker-scheduler` resolves
// through package.json `exports` to dist/ (built by `npm run build`), with
// the wasm inlined — no file is fetched at run time. And the published
// tarball, as a user installs it: `npm pack` (without its prepack build: the
// suite runs on the dist/ `npm test` built, and rebuilding would race the
// other test files that import it), then `npm install` of the .tgz into a
// fresh project under test-output/package/, offline.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../', import.meta.url));
const work = fileURLToPath(new URL('../test-output/package/', import.meta.url));
const project = `${work}project/`;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the built package', () => {
  it('imports by name and runs an AllReduce', async () => {
    const spanker = await import('spanker-scheduler');
    const topo = await spanker.Topology.mock(4);
    const cards = topo.alloc('f32', 1024);
    for (let c = 0; c < 4; c++) cards.card(c).fill(c + 1);
    const report = topo.allReduce(cards, 'sum');
    expect(report).toMatchObject({ collective: 'allReduce', op: 'sum', nSails: 4, count: 1024, kernels: 'simd', method: 'simulate' });
    expect(report.seconds).toBeGreaterThan(0);
    expect(cards.card(3).every((v) => v === 10)).toBe(true);
    cards.free();
  });

  it('exports exactly the documented public surface', async () => {
    const spanker = await import('spanker-scheduler');
    expect(Object.keys(spanker).sort()).toEqual([
      'ALGORITHMS', 'ALGORITHM_NAMES', 'CARD_STRIDE_ALIGN', 'COLLECTIVES', 'CardBuffers', 'CollectiveReport', 'DEFAULT_PRESET', 'DTYPES',
      'INTERCARD_BUS_WIDTH', 'INTERCARD_LANES', 'INTERCARD_LANE_WIDTH', 'KERNEL_MEMORY_LIMIT_BYTES', 'LinkState',
      'MAX_SAILS', 'ModelParallel', 'Network', 'PRESETS', 'Q4K_BLOCK_BYTES', 'Q4K_BLOCK_WEIGHTS', 'REDUCE_OPS',
      'REV_A_MATMUL_MODEL', 'Schedule', 'ShardedLinear', 'SpankerError', 'StagedLayers', 'TensorParallel', 'Topology',
      'algorithmsFor', 'busBandwidthFactor', 'hasWasmSimd', 'laneBandwidth', 'preMulSum', 'shardBounds',
      // Bits of the narrow floats (src/narrow-float.ts).
      'bitsToFloat', 'floatToBits',
      // The inference planner (src/plan/).
      'CARD_PRESETS', 'MODELS', 'PLAN_ASSUMPTIONS', 'WEIGHT_FORMAT_INFO', 'kvCacheBytes', 'modelFromJSON', 'modelWeightBytes',
      'parameterCount', 'pickStrategy', 'planInference',
      // Faults during a collective (src/sim/faults/).
      'MAX_FAULTS', 'randomFaults',
      // Limits of the pipeline and channels options (src/collectives/options.ts).
      'MAX_CHANNELS', 'MAX_PIPELINE',
    ].sort());
  });

  it('ships the wasm inside the bundle and has type declarations', () => {
    const bundle = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');
    expect(bundle).not.toMatch(/\.wasm['"]/);
    expect(bundle).toContain('AGFzbQ'); // base64 of "\0asm"
    const types = readFileSync(new URL('../dist/types/index.d.ts', import.meta.url), 'utf8');
    expect(types).toContain('Topology');
  });
});

describe('the packed tarball', () => {
  let files: string[];
  let manifest: { license?: string; scripts?: Record<string, string>; exports: Record<string, unknown>; files: string[] };
  let installErr: string;

  beforeAll(async () => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(project, { recursive: true });
    const packed = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repo, encoding: 'utf8' });
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);
    manifest = JSON.parse(readFileSync(`${repo}package.json`, 'utf8'));
    writeFileSync(`${project}package.json`, JSON.stringify({ name: 'tarball-user', private: true, type: 'module' }));
    const installed = await run(npm, ['install', '--no-audit', '--no-fund', '--offline', `../${info!.filename}`], { cwd: project, encoding: 'utf8' });
    installErr = installed.stderr;
  }, 120_000);

  it('is Apache-2.0 licensed: the LICENSE text and the SPDX field', () => {
    expect(manifest.license).toBe('Apache-2.0');
    const license = readFileSync(`${repo}LICENSE`, 'utf8');
    expect(license).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    expect(files).toContain('LICENSE');
  });

  it('holds what users need and nothing of the sources', () => {
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/perf.js', 'dist/types/index.d.ts', 'bin/spanker-perf.mjs', 'schema/topology.schema.json', 'docs/faults.md']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /^(src|test|assembly|scripts|web|bench|tools)\//.test(f))).toEqual([]);
  });

  it('builds on prepack and runs nothing on install, so installing it warns about no script', () => {
    expect(manifest.scripts?.['prepack']).toBe('node scripts/build.mjs');
    for (const hook of ['prepare', 'preinstall', 'install', 'postinstall']) expect(manifest.scripts).not.toHaveProperty(hook);
    expect(installErr.split('\n').filter((line) => /warn|error/i.test(line))).toEqual([]);
    expect(existsSync(`${project}node_modules/spanker-scheduler/LICENSE`)).toBe(true);
  });

  it('imports by name in the installed project, schema included, and its spanker-perf runs', async () => {
    const script = [
      "import { Topology } from 'spanker-scheduler';",
      "import schema from 'spanker-scheduler/topology.schema.json' with { type: 'json' };",
      'const topo = await Topology.fromJSON({ $schema: "./node_modules/spanker-scheduler/schema/topology.schema.json", cards: 2, links: [{ from: 0, to: 1, duplex: true }] });',
      "const cards = topo.alloc('f32', 5); cards.card(0).fill(1); cards.card(1).fill(2);",
      "topo.allReduce(cards, 'sum');",
      'console.log(schema.title, Array.from(cards.card(1)).join(","));',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    expect(stdout).toBe('spanker-scheduler topology 3,3,3,3,3\n');
    const perf = await run(`${project}node_modules/.bin/spanker-perf`, ['all_reduce', '-b', '1K', '-e', '1K', '-g', '2'], { cwd: project, encoding: 'utf8' });
    expect(perf.stdout).toContain('# Out of bounds values : 0 OK');
  });
});
