// The README's spanker-plan section and its worked examples in docs/planning.md are real output:
// every `$ npx spanker-plan …` command in them is run
// and must print exactly what is shown (all of it is simulated, so deterministic), and the
// library example (in docs/planning.md) prints what it says it prints.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const dir = new URL('../test-output/', import.meta.url);
mkdirSync(dir, { recursive: true });
const BIN = fileURLToPath(new URL('../bin/spanker-plan.mjs', import.meta.url));

const start = readme.indexOf('## spanker-plan');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
/** docs/planning.md: the library example and the worked examples. */
const study = readFileSync(new URL('../docs/planning.md', import.meta.url), 'utf8');
/** The README's section, then docs/planning.md. */
const withStudy = `${section}\n${study}`;

/** Every fenced block of `language` in `text` (the section and docs/planning.md unless given). */
function blocks(language: string, text = withStudy): string[] {
  return [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

/** The `$ npx spanker-plan …` runs in the section's text blocks: the command's arguments and the output shown. */
function runs(): { args: string[]; shown: string }[] {
  const found: { args: string[]; shown: string }[] = [];
  for (const block of blocks('text')) {
    const parts = block.split(/^\$ npx spanker-plan /m).slice(1);
    for (const part of parts) {
      const [command, ...output] = part.split('\n');
      found.push({ args: command!.split(' '), shown: output.join('\n') });
    }
  }
  return found;
}

describe('README: spanker-plan', () => {
  it('has the runs that answer the issue: the 7B sweeps at batch 1 and 8, and the docs planning loads', () => {
    const commands = runs().map((r) => r.args.join(' '));
    expect(commands).toContain('--model llama-2-7b --sweep-cards 1,2,4,8,16,32,64 --summary');
    expect(commands).toContain('--model llama-2-7b --batch 8 --sweep-cards 1,2,4,8,16,32 --summary');
    for (const model of ['tinyllama-1.1b', 'llama-2-7b', 'llama-2-70b']) {
      expect(commands).toContain(`--model ${model} --cards 8 --activations f16 --rate 30 --prompt 0`);
    }
  });

  it.each(runs().map((r) => [r.args.join(' '), r] as const))('spanker-plan %s prints what the README shows', (_name, { args, shown }) => {
    const output = execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    expect(output).toBe(shown.endsWith('\n') ? shown : `${shown}\n`);
  });

  it('the library example (docs/planning.md) prints what it shows', () => {
    const file = new URL('readme-plan.mjs', dir);
    writeFileSync(file, blocks('js', study)[0]!);
    const output = execFileSync(process.execPath, [fileURLToPath(file)], { encoding: 'utf8' });
    const prints = study.slice(study.indexOf('\nprints\n'));
    expect(output).toBe(prints.match(/```text\n([\s\S]*?)```/)![1]);
  });
});
