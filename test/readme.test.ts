// The README's usage example runs as written, and does what its comments say.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README', () => {
  it('the Usage example runs and its comments are true', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const usage = readme.slice(readme.indexOf('## Usage'));
    const code = usage.match(/```ts\n([\s\S]*?)```/)![1]!;
    const dir = new URL('../test-output/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    const file = new URL('readme-usage.mjs', dir);
    writeFileSync(file, `${code}\nexport { topo, report, data };\n`);
    const { topo, report, data } = await import(file.href);
    expect(topo.links).toHaveLength(12);
    expect(report).toEqual({
      collective: 'allReduce', op: 'sum', dtype: 'f32', nSails: 4, count: 1048576,
      bytesPerCard: 4194304, kernels: 'simd', staged: false,
    });
    expect(data).toBeInstanceOf(Float32Array);
    expect(data.length).toBe(4 << 20);
    expect(data.every((v: number) => v === 10)).toBe(true);
  });
});
