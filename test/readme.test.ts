// The README's examples run as written: the first example, the simulation,
// pricing, sharding and numerics examples (numerics in docs/) print
// exactly the output shown (simulated times and results are deterministic),
// and the buffers example does what its comments say.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const numerics = readFileSync(new URL('../docs/buffers-and-numerics.md', import.meta.url), 'utf8');
const dir = new URL('../test-output/', import.meta.url);
mkdirSync(dir, { recursive: true });

/** The first fenced block of `language` after `heading` in `text` (the README unless given). */
function block(heading: string, language: string, text = readme): string {
  const at = text.indexOf(heading);
  expect(at, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  const section = text.slice(at);
  return section.match(new RegExp('```' + language + '\\n([\\s\\S]*?)```'))![1]!;
}

describe('README', () => {
  it.each([
    ['## A first example', 'readme-first.mjs'],
    ['## How times are priced', 'readme-pricing.mjs'],
  ])('"%s" prints what the README shows', (heading, name) => {
    const file = new URL(name, dir);
    writeFileSync(file, block(heading, 'js'));
    const output = execFileSync(process.execPath, [fileURLToPath(file)], { encoding: 'utf8' });
    expect(output).toBe(block(heading, 'text'));
  });

  it('"Simulate a collective" prints what the README shows', () => {
    const file = new URL('readme-simulate.mjs', dir);
    writeFileSync(file, block('### Simulate a collective', 'js'));
    const output = execFileSync(process.execPath, [fileURLToPath(file)], { encoding: 'utf8' });
    expect(output).toBe(block('### Simulate a collective', 'text'));
  });

  it('"Shard a layer" prints what it shows', () => {
    const file = new URL('readme-shard.mjs', dir);
    writeFileSync(file, block('### Shard a layer', 'js'));
    const output = execFileSync(process.execPath, [fileURLToPath(file)], { encoding: 'utf8' });
    expect(output).toBe(block('### Shard a layer', 'text'));
  });

  it('"Numerics" (docs/buffers-and-numerics.md) prints what it shows', () => {
    const file = new URL('readme-numerics.mjs', dir);
    writeFileSync(file, block('## Numerics', 'js', numerics));
    const output = execFileSync(process.execPath, [fileURLToPath(file)], { encoding: 'utf8' });
    expect(output).toBe(block('## Numerics', 'text', numerics));
  });

  it('the spanker-perf sample: a fresh run gives the same sizes, algorithms, simulated columns and #wrong', () => {
    const sample = block('## spanker-perf', 'text');
    const command = sample.split('\n')[0]!.replace(/^\$ npx spanker-perf /, '').replace(/ --trace \S+/, '').split(' ');
    const bin = fileURLToPath(new URL('../bin/spanker-perf.mjs', import.meta.url));
    const output = execFileSync(process.execPath, [bin, ...command], { encoding: 'utf8' });
    // Host times (columns 9 and 15) are measurements of this machine; everything else is deterministic.
    const stable = (text: string) => text.split('\n').filter((l) => /^\s+\d/.test(l)).map((l) => {
      const cells = l.trim().split(/\s+/);
      cells[9] = cells[15] = 'host';
      return cells.join(' ');
    });
    expect(stable(output)).toEqual(stable(sample));
    expect(stable(output).length).toBeGreaterThan(3);
  });

  it('the buffers example runs and its comments are true', async () => {
    const file = new URL('readme-buffers.mjs', dir);
    writeFileSync(file, `${block('### Zero-copy buffers', 'ts')}\nexport { topo, report, data };\n`);
    const { topo, report, data } = await import(file.href);
    expect(topo.links).toHaveLength(12);
    expect(report).toMatchObject({ collective: 'allReduce', op: 'sum', bytes: 4194304, kernels: 'simd', staged: false, method: 'simulate' });
    expect(report.seconds).toBeGreaterThan(0);
    expect(data).toBeInstanceOf(Float32Array);
    expect(data.length).toBe(4 << 20);
    expect(data.every((v: number) => v === 10)).toBe(true);
  });
});
