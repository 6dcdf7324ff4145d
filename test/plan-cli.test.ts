// spanker-plan end to end: spawn the command as a user would and check the table, the sweep, the JSON,
// the exit codes, and one clear line for every kind of bad input.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/plan/cli/main.js';
import { MODELS, planInference, Topology } from '../src/index.js';

const BIN = fileURLToPath(new URL('../bin/spanker-plan.mjs', import.meta.url));
const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));
mkdirSync(OUT, { recursive: true });

function plan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Run main() in this process, capturing its output. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

const rowsOf = (stdout: string) => stdout.split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));
/** The numeric cells of a row: everything between the strategy name and the verdict. */
const cellsOf = (row: string) => row.slice(16).trim().split(/\s+/).slice(0, 13);

describe('spanker-plan', () => {
  it('prints a ranked table of every strategy for the cards, the best marked, columns aligned', async () => {
    const { code, stdout, stderr } = await plan('--model', 'llama-2-7b', '--cards', '8');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('# spanker-plan: Llama-2-7B (6.74e9 parameters, 3.53 GiB in q4_k), batch 1, context 2048, prompt 128');
    expect(stdout).toContain('# card rev-a: 4.00 GiB, DDR 2 GB/s, matmul 51.2 GFLOP/s (assumed), host link 100 MB/s');
    const lines = stdout.split('\n');
    const header = lines.find((l) => l.startsWith('# strategy'))!;
    expect(header).toMatch(/strategy\s+mem\/card\s+fits\s+ms\/token\s+tok\/s\s+prefill\s+DDR\s+compute\s+links\s+bound\s+payload\s+busiest\s+total\s+verdict/);
    const rows = rowsOf(stdout);
    expect(rows.map((r) => r.slice(2, 16).trim())).toEqual(['TP 8', 'TP 4 × PP 2', 'TP 2 × PP 4', 'PP 8']);
    expect(rows[0]!.startsWith('→ TP 8')).toBe(true);
    expect(rows.slice(1).every((r) => r.startsWith('  '))).toBe(true);
    const verdictAt = header.indexOf('verdict');
    for (const row of rows) {
      expect(row.slice(verdictAt - 2, verdictAt)).toBe('  '); // the numeric columns end where the header says
      const cells = cellsOf(row);
      expect(cells[1]).toBe('yes');
      expect(Number(cells[2])).toBeGreaterThan(0); // ms/token
    }
    // The table says what the library says.
    const library = await planInference({ model: 'llama-2-7b', topology: await Topology.ring(8) });
    rows.forEach((row, i) => {
      const s = library.strategies[i]!;
      const cells = cellsOf(row);
      expect(Number(cells[2])).toBeCloseTo(s.decode!.secondsPerToken * 1e3, 2);
      expect(Number(cells[3])).toBeCloseTo(s.decode!.tokensPerSecond, 2);
      expect(Number(cells[9])).toBeCloseTo(s.linkLoad!.payloadMBps, 2);
      expect(Number(cells[10])).toBeCloseTo(s.linkLoad!.busiestLinkMBps, 2);
      expect(Number(cells[11])).toBeCloseTo(s.linkLoad!.totalMBps, 2);
      expect(row.endsWith(s.why)).toBe(true);
    });
    expect(rows[1]).toMatch(/× fewer tokens\/s than TP 8: DDR-bound/);
  });

  it('--sweep-cards: one table per card count, "nothing fits" where nothing does, and a summary', async () => {
    const { code, stdout } = await plan('--model', 'llama-2-7b', '--sweep-cards', '4,1,2', '--prompt', '16');
    expect(code).toBe(0);
    expect(stdout.match(/^# \d+ cards?: ring of \d+ links$/gm)).toEqual(['# 1 card: ring of 0 links', '# 2 cards: ring of 2 links', '# 4 cards: ring of 4 links']);
    expect(stdout).toContain('# nothing fits on 1 card');
    const single = rowsOf(stdout).find((r) => r.includes('single card'))!;
    expect(single).toMatch(/ NO .*each card needs 4\.\d\d GiB of 4\.00 GiB/);
    expect(stdout).toMatch(/# best per card count:\n#\s+1 card: nothing fits \(single card: each card needs .*\)\n#\s+2 cards: TP 2\s+\d+\.\d\d tok\/s\s+\d+\.\d\d ms\/token\s+\d\.\d\d GiB per card\s+busiest link \d+\.\d\d MB\/s\n#\s+4 cards: TP 4 /);
    // --summary: the same summary, no tables.
    const summary = await run('--model', 'llama-2-7b', '--sweep-cards', '4,1,2', '--prompt', '16', '--summary');
    expect(summary.code).toBe(0);
    expect(rowsOf(summary.stdout)).toEqual([]);
    expect(summary.stdout.slice(summary.stdout.indexOf('# best per card count:'))).toBe(stdout.slice(stdout.indexOf('# best per card count:')));
  });

  it('-J writes every plan as JSON', async () => {
    const file = `${OUT}plan.json`;
    const { code } = await plan('--model', 'tinyllama-1.1b', '--sweep-cards', '2,4', '--topology', 'ring:bidirectional', '--batch', '2', '--rate', '30', '-J', file);
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({
      tool: 'spanker-plan', format: 'q4_k', parameters: 1_100_048_384, batch: 2, context: 2048, prompt: 128, rate: 30,
      activations: 'f32', kvCache: 'f16', rankBy: 'throughput',
      topology: { kind: 'ring', argument: 'ring:bidirectional', link: 'spanker-rev-a' },
      model: { name: 'TinyLlama-1.1B', layers: 22, kvHeads: 4 },
      card: { name: 'rev-a', memoryBytes: 4 * 2 ** 30, ddrBandwidth: 2e9 },
    });
    expect(json.plans.map((p: { cards: number; best: string }) => [p.cards, p.best])).toEqual([[2, 'TP 2'], [4, 'TP 4']]);
    const best = json.plans[1].strategies[0];
    expect(best).toMatchObject({ name: 'TP 4', tensorParallel: 4, pipelineParallel: 1, rank: 1, verdict: 'best', fits: true, possible: true });
    expect(best.decode.tokensPerSecond).toBeGreaterThan(0);
    expect(best.linkLoad.tokensPerSecond).toBe(30);
    expect(best.memory.perStage).toHaveLength(1);
    expect(json.assumptions.length).toBeGreaterThan(5);
  });

  it('reads a JSON model file and a JSON topology, and --card fields', async () => {
    const modelFile = `${OUT}plan-model.json`;
    writeFileSync(modelFile, JSON.stringify({ ...MODELS['tinyllama-1.1b'], name: 'My TinyLlama' }));
    const topologyFile = `${OUT}plan-topology.json`;
    writeFileSync(topologyFile, JSON.stringify({ cards: 4, links: [0, 1, 2, 3].map((c) => ({ from: c, to: (c + 1) % 4, duplex: true })) }));
    const { code, stdout, stderr } = await run('--model', modelFile, '--topology', topologyFile, '--card', 'silicon-16g:ddr=38.4G,matmul=200G', '--prompt', '0');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('# spanker-plan: My TinyLlama');
    expect(stdout).toContain('# card silicon-16g (overridden: ddrBandwidth 38400000000, matmulFlops 200000000000): 16.00 GiB, DDR 38.4 GB/s, matmul 200 GFLOP/s, host link 100 MB/s');
    expect(stdout).toContain('# 4 cards: custom of 8 links');
  });

  it('exit 1 with one line for a link that is down with no way round', async () => {
    const file = `${OUT}plan-down.json`;
    writeFileSync(file, JSON.stringify({ cards: 2, links: [{ from: 0, to: 1, state: 'Down' }, { from: 1, to: 0 }] }));
    const { code, stdout, stderr } = await run('--topology', file, '--prompt', '0');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('spanker-plan: link 0→1 is Down: no route from card 0 to card 1 avoids it\n');
  });

  it('every user mistake: one clear line on stderr and exit 2, nothing on stdout', async () => {
    const bad = `${OUT}plan-bad-model.json`;
    writeFileSync(bad, JSON.stringify({ name: 'x', layers: 2, hidden: 512, ffn: 1024, heads: 8, kvHeads: 3, vocab: 100 }));
    const broken = `${OUT}plan-broken.json`;
    writeFileSync(broken, '{ "name": ');
    const cases: [string[], RegExp][] = [
      [['--modle', 'x'], /^spanker-plan: unknown flag --modle$/],
      [['llama-2-7b'], /^spanker-plan: unexpected argument "llama-2-7b": every setting is a flag \(--model llama-2-7b\?\)$/],
      [['--model', 'llama-3-8b'], /^spanker-plan: --model "llama-3-8b": expected a built-in model \(tinyllama-1\.1b, llama-2-7b, llama-2-13b, llama-2-70b\) or a \.json model file$/],
      [['--model', bad], /^spanker-plan: --model .*plan-bad-model\.json: invalid spec\.kvHeads: 3 KV heads do not divide the 8 attention heads into equal groups$/],
      [['--model', broken], /^spanker-plan: --model .*plan-broken\.json: .*JSON/],
      [['--model', `${OUT}missing.json`], /^spanker-plan: --model .*missing\.json: ENOENT/],
      [['--cards', '0'], /^spanker-plan: --cards "0": expected an integer 1\.\.4096$/],
      [['--cards', '4', '--sweep-cards', '1,2'], /^spanker-plan: --cards and --sweep-cards: give one or the other$/],
      [['--sweep-cards', '1,x'], /^spanker-plan: --sweep-cards "x": expected an integer 1\.\.4096$/],
      [['--batch', '-1'], /^spanker-plan: --batch "-1": expected an integer 1\.\.65536$/],
      [['--prompt', '300', '--context', '256'], /^spanker-plan: --prompt 300 is longer than --context 256: the prompt must fit in the context$/],
      [['--format', 'q5_k'], /^spanker-plan: --format "q5_k": expected one of q4_k, f16, f32$/],
      [['--activations', 'bf16'], /^spanker-plan: --activations "bf16": expected one of f32, f16$/],
      [['--rank', 'price'], /^spanker-plan: --rank "price": expected one of throughput, latency$/],
      [['--rate', '-3'], /^spanker-plan: --rate "-3": expected tokens per second > 0/],
      [['--card', 'rev-b'], /^spanker-plan: --card "rev-b": unknown card preset "rev-b"/],
      [['--card', 'rev-a:ddr=fast'], /^spanker-plan: --card ddr "fast": expected bytes per second > 0/],
      [['--card', 'rev-a:speed=3'], /^spanker-plan: --card "rev-a:speed=3": "speed=3" is not FIELD=VALUE with FIELD one of memory, ddr, matmul, host$/],
      [['--topology', 'hypercube'], /^spanker-plan: --topology "hypercube": expected mesh, ring/],
      [['--link', 'fast'], /^spanker-plan: --link "fast": expected a preset/],
      [['--topology', 'torus:2x2', '--sweep-cards', '1,2'], /^spanker-plan: --sweep-cards needs a topology built for each card count/],
      [['--topology', 'torus:2x2', '--cards', '8'], /^spanker-plan: --cards 8 does not match --topology torus:2x2 \(4 cards\)$/],
      [['--model', 'tinyllama-1.1b', '--cards'], /^spanker-plan: --cards needs a value$/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await run(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout, args.join(' ')).toBe('');
      const first = stderr.split('\n')[0]!;
      expect(first, args.join(' ')).toMatch(message);
      // Usage follows only for an unknown flag or a stray argument; otherwise the one line is all.
      if (!/unknown flag|unexpected argument|needs a value/.test(first)) expect(stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('the same through the real command: exit status 2 and one line', async () => {
    const { code, stdout, stderr } = await plan('--model', 'llama-3-8b');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('usage: spanker-plan [flags]');
    expect(stdout).toContain('--sweep-cards LIST');
  });
});
