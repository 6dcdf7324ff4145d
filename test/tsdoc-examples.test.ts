// The `@example` blocks of the TSDoc comments (what `npm run docs` puts in the
// API reference) run as written against the built package: each block is
// written to test-output/tsdoc-examples/ after a preamble that imports the
// public API and gives it the `topo` and `cards` the examples talk about, and
// must run without an error.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const out = fileURLToPath(new URL('../test-output/tsdoc-examples/', import.meta.url));

/** [file, code] of every ```ts block that follows an @example tag in src/. */
function examples(): [string, string][] {
  const found: [string, string][] = [];
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.startsWith('generated')) continue;
    const text = readFileSync(`${src}${file}`, 'utf8');
    for (const match of text.matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\s*\*\s*```/g)) {
      found.push([file, match[1]!.replace(/^\s*\* ?/gm, '')]);
    }
  }
  return found;
}

const PREAMBLE = `import * as spanker from 'spanker-scheduler';
const { Topology, SpankerError, floatToBits, bitsToFloat } = spanker;
const topo = await Topology.ring(4, { bidirectional: true });
const cards = topo.alloc('f32', 1024);
`;

describe('TSDoc @example blocks', () => {
  const blocks = examples();

  it('there are examples on the main exports', () => {
    const files = new Set(blocks.map(([file]) => file));
    for (const file of ['topology.ts', 'card-buffers.ts', 'report.ts', 'errors.ts', 'collectives/options.ts']) expect(files.has(file), file).toBe(true);
  });

  it.each(blocks.map(([file, code], i) => [`${file} #${i}`, code]))('%s runs', async (name, code) => {
    mkdirSync(out, { recursive: true });
    const path = `${out}${name.replace(/[^\w]+/g, '-')}.mjs`;
    rmSync(path, { force: true });
    // Examples declare their own `topo`/`cards` sometimes: give each its own block scope.
    writeFileSync(path, `${PREAMBLE}{\n${code}\n}\n`);
    const { stderr } = await promisify(execFile)(process.execPath, [path], { encoding: 'utf8', timeout: 60_000 });
    expect(stderr).toBe('');
  });
});
