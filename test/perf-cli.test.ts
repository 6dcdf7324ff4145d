// spanker-perf end to end: spawn the command as a user would, and check the
// table, the JSON, the exit codes and every kind of bad input.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/perf/main.js';
import { Topology } from '../src/index.js';

const BIN = fileURLToPath(new URL('../bin/spanker-perf.mjs', import.meta.url));
const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));
mkdirSync(OUT, { recursive: true });

function perf(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const rowsOf = (stdout: string) => stdout.split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));

describe('spanker-perf', () => {
  it('prints an aligned nccl-tests table with 0 wrong elements and exits 0', async () => {
    const { code, stdout, stderr } = await perf('all_reduce', '-b', '8', '-e', '256K', '-f', '2', '-g', '4');
    expect(code).toBe(0);
    expect(stderr).toBe(''); // no progress bar in a pipe
    const lines = stdout.split('\n');
    const header = lines.find((l) => l.startsWith('#') && l.includes('count'))!;
    expect(header).toMatch(/size\s+count\s+type\s+redop\s+root\s+algorithm\s+host\s+sim\s+algbw\s+busbw\s+#wrong\s+host\s+sim\s+algbw\s+busbw\s+#wrong/);
    const rows = rowsOf(stdout);
    expect(rows).toHaveLength(16); // 8 B … 256 KiB by ×2
    for (const row of rows) {
      expect(row.length).toBe(header.length); // every row as wide as the header: columns line up
      const cells = row.trim().split(/\s+/);
      expect(cells).toHaveLength(16);
      expect(cells[2]).toBe('float');
      expect(cells[3]).toBe('sum');
      expect(cells[4]).toBe('-1');
      expect(cells[10]).toBe('0'); // #wrong out of place
      expect(cells[15]).toBe('0'); // #wrong in place
      expect(Number(cells[7])).toBeGreaterThan(0); // sim µs
    }
    expect(rows.map((r) => Number(r.trim().split(/\s+/)[0]))).toEqual(Array.from({ length: 16 }, (_, k) => 8 * 2 ** k));
    expect(stdout).toContain('# Out of bounds values : 0 OK');
    expect(stdout).toMatch(/# Avg bus bandwidth\s+: \d+\.\d+ GB\/s/);
  });

  it('runs every collective, op and type with 0 wrong elements', async () => {
    for (const collective of ['all_reduce', 'all_gather', 'reduce_scatter', 'broadcast', 'reduce', 'alltoall']) {
      for (const [op, type] of [['sum', 'float'], ['max', 'double'], ['avg', 'int32'], ['prod', 'float'], ['min', 'int32'], ['avg', 'float']]) {
        const { code, stdout, stderr } = await perf(collective, '-b', '96', '-e', '6K', '-f', '4', '-g', '3', '-o', op!, '-d', type!, '-r', '2', '-n', '2', '--topology', 'mesh');
        expect(code, `${collective} ${op} ${type}: ${stderr}`).toBe(0);
        for (const row of rowsOf(stdout)) {
          const cells = row.trim().split(/\s+/);
          expect(cells[10]).toBe('0');
          expect(cells[15]).toBe('0');
        }
      }
    }
  });

  it('-J writes the results as JSON', async () => {
    const file = `${OUT}perf.json`;
    const { code } = await perf('reduce_scatter', '-b', '1K', '-e', '4K', '-g', '4', '-J', file, '--topology', 'torus:2x2');
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({ tool: 'spanker-perf', collective: 'reduce_scatter', cards: 4, topology: 'torus2d', dtype: 'f32', op: 'sum', outOfBounds: 0 });
    expect(json.rows).toHaveLength(3);
    for (const row of json.rows) {
      expect(row).toMatchObject({ type: 'float', redop: 'sum', root: -1 });
      for (const half of [row.outOfPlace, row.inPlace]) {
        expect(half.hostUs).toBeGreaterThan(0);
        expect(half.simUs).toBeGreaterThan(0);
        expect(half.busBw).toBeGreaterThan(0);
        expect(half.wrong).toBe(0);
      }
    }
    expect(json.avgBusBw).toBeGreaterThan(0);
  });

  it('--trace writes a Perfetto trace of the largest size', async () => {
    const file = `${OUT}perf-trace.json`;
    const { code, stdout } = await perf('all_reduce', '-b', '4K', '-e', '16K', '-g', '4', '--algorithm', 'ring', '--trace', file);
    expect(code).toBe(0);
    expect(stdout).toContain(`trace of 16384 B written to ${file}`);
    const trace = JSON.parse(readFileSync(file, 'utf8'));
    expect(trace.metadata).toMatchObject({ collective: 'allReduce', algorithm: 'ring', bytes: 16384 });
    expect(trace.traceEvents.filter((e: { ph: string }) => e.ph === 'X').length).toBeGreaterThan(0);
  });

  it('--analytic prices 4096 cards without data', async () => {
    const { code, stdout } = await perf('all_reduce', '--analytic', '-g', '4096', '-b', '1M', '-e', '1G', '-f', '32', '--topology', 'ring:bidirectional');
    expect(code).toBe(0);
    const rows = rowsOf(stdout);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const cells = row.trim().split(/\s+/);
      expect(cells[6]).toBe('N/A'); // host time
      expect(cells[10]).toBe('N/A'); // #wrong
      expect(Number(cells[7])).toBeGreaterThan(0);
    }
  });

  it('--help documents every flag with an example', async () => {
    const { code, stdout } = await perf('--help');
    expect(code).toBe(0);
    for (const flag of ['-b', '-e', '-f', '-i', '-g', '-o', '-d', '-r', '-n', '-w', '-c', '-J', '--topology', '--link', '--algorithm', '--trace', '--analytic']) {
      expect(stdout).toContain(`${flag}`);
    }
    expect(stdout).toContain('example: spanker-perf all_reduce -b 8 -e 128M -f 2 -g 4');
  });

  const BAD: [string[], RegExp, boolean][] = [
    [['--frobnicate'], /unknown flag --frobnicate/, true],
    [['all_reduce_perf'], /unknown collective "all_reduce_perf"/, true],
    [['alltoall', '-b', '10', '-e', '10', '-g', '4'], /size 10 is not a multiple of 16 B/, false],
    [['broadcast', '-r', '4', '-g', '4', '-e', '1K'], /-r 4: root must be a card, 0\.\.3/, false],
    [['all_reduce', '-b', '2G', '-e', '2G', '-g', '4'], /needs .* of kernel memory .* use --analytic/, false],
    [['all_reduce', '-b', '1X'], /-b "1X": expected a byte count/, false],
    [['all_reduce', '-o', 'mean'], /-o "mean": expected one of sum, prod, max, min, avg/, false],
    [['all_reduce', '-d', 'half'], /-d "half": expected float, double or int32/, false],
    [['all_reduce', '--topology', 'hypercube'], /--topology "hypercube"/, false],
    [['all_reduce', '--link', 'fast'], /--link "fast": expected a preset/, false],
    [['all_reduce', '--algorithm', 'tree', '-e', '1K'], /unknown algorithm "tree" for allReduce/, false],
    [['all_reduce', '-g', '0'], /-g "0": expected an integer 1\.\.65536/, false],
    [['all_reduce', '-g', '6', '--topology', 'torus:2x2'], /-g 6 does not match --topology torus:2x2/, false],
    [['all_reduce', '-e', '4', '-b', '8'], /-e 4 is below -b 8/, false],
    [['all_reduce', '-b'], /-b needs a value/, true],
  ];
  for (const [args, message, usage] of BAD) {
    it(`bad input ${args.join(' ')}: one clear line, non-zero exit, no stack trace`, async () => {
      const { code, stdout, stderr } = await perf(...args);
      expect(code).not.toBe(0);
      expect(stdout).toBe('');
      const first = stderr.split('\n')[0]!;
      expect(first).toMatch(/^spanker-perf: /);
      expect(first).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(stderr.includes('usage: spanker-perf')).toBe(usage);
    });
  }
});

describe('spanker-perf in process', () => {
  afterEach(() => vi.restoreAllMocks());

  function capture(isTTY: boolean) {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { isTTY, write: (t: string) => err.push(t) } } };
  }

  it('exits 1 and reports FAILED when any element is wrong', async () => {
    const original = Topology.prototype.allReduce;
    vi.spyOn(Topology.prototype, 'allReduce').mockImplementation(function (this: Topology, ...args: Parameters<Topology['allReduce']>) {
      const report = original.apply(this, args);
      const recv = (args[2] as { recv?: { card(i: number): Float32Array } } | undefined)?.recv;
      if (recv) recv.card(1)[0] = -12345; // corrupt one element of the out-of-place result
      return report;
    });
    const { out, io } = capture(false);
    const code = await main(['all_reduce', '-b', '64', '-e', '64', '-n', '1'], io);
    expect(code).toBe(1);
    const text = out.join('');
    expect(text).toContain('# Out of bounds values : 1 FAILED');
  });

  it('draws a progress bar on a terminal for sweeps over a second, and none with -J or in a pipe', async () => {
    const slow = ['all_reduce', '-b', '16M', '-e', '32M', '-n', '3'];
    const tty = capture(true);
    expect(await main(slow, tty.io)).toBe(0);
    expect(tty.err.join('')).toMatch(/\r\[[#.]{30}\] [12]\/2 sizes, \d+\.\d s/);
    expect(tty.err.join('').endsWith('\r\x1b[K')).toBe(true); // erased at the end
    const pipe = capture(false);
    expect(await main(slow, pipe.io)).toBe(0);
    expect(pipe.err).toEqual([]);
    const json = capture(true);
    expect(await main([...slow, '-J', `${OUT}perf-progress.json`], json.io)).toBe(0);
    expect(json.err).toEqual([]);
  });
});
