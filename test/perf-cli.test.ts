// spanker-perf end to end: spawn the command as a user would, and check the
// table, the JSON, the exit codes and every kind of bad input; then the
// nccl-tests habits (issue 13): attached values, -d all / -o all / -r all,
// the flags that do not apply, nccl-tests' binary names, -f 1, column widths
// that grow with the numbers, 0-byte rows, output files checked before the
// sweep, the memory check, the narrow layout, the method column, --pipeline.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DTYPES, REDUCE_OPS, Topology } from '../src/index.js';
import { typeLabel } from '../src/perf/args.js';
import { main } from '../src/perf/main.js';
import { INAPPLICABLE_FLAGS } from '../src/perf/nccl-flags.js';
import { BIN, cellsOf, freshOutputDir, perf, rowsOf, titleLine } from './perf-run.js';

const OUT = freshOutputDir('perf-cli');

const lines = (stdout: string) => stdout.split('\n');
/** Offsets where each whitespace-separated token ends. */
const tokenEnds = (line: string) => [...line.matchAll(/\S+/g)].map((m) => m.index! + m[0].length);

/** Every row's cells end where the header's titles end: right-aligned columns that line up, and never touch. */
function expectAligned(stdout: string): void {
  const header = titleLine(stdout);
  const ends = tokenEnds(header.slice(1)).map((e) => e + 1); // without the leading '#'
  for (const row of rowsOf(stdout)) {
    expect(tokenEnds(row), row).toEqual(ends);
    expect(row.length).toBe(header.length);
  }
}

/**
 * Wide layout cells: 0 size, 1 count, 2 type, 3 redop, 4 root, 5 algorithm, 6 pipe, 7 ch, 8 method,
 * 9–14 out of place (host sim algbw busbw %bound #wrong), 15–20 in place.
 */
const W = {
  size: 0, count: 1, type: 2, redop: 3, root: 4, algorithm: 5, pipe: 6, ch: 7, method: 8,
  host: 9, sim: 10, algbw: 11, busbw: 12, bound: 13, wrong: 14, ipHost: 15, ipSim: 16, ipBusbw: 18, ipBound: 19, ipWrong: 20,
};

describe('spanker-perf', () => {
  it('prints an aligned nccl-tests table with 0 wrong elements and exits 0', async () => {
    const { code, stdout, stderr } = await perf('all_reduce', '-b', '8', '-e', '256K', '-f', '2', '-g', '4');
    expect(code).toBe(0);
    expect(stderr).toBe(''); // no progress bar in a pipe
    expect(titleLine(stdout)).toMatch(/^#\s+size\s+count\s+type\s+redop\s+root\s+algorithm\s+pipe\s+ch\s+method\s+host\s+sim\s+algbw\s+busbw\s+%bound\s+#wrong\s+host\s+sim\s+algbw\s+busbw\s+%bound\s+#wrong$/);
    const rows = rowsOf(stdout);
    expect(rows).toHaveLength(16); // 8 B … 256 KiB by ×2
    expectAligned(stdout);
    for (const row of rows) {
      const cells = cellsOf(row);
      expect(cells).toHaveLength(21);
      expect(cells.slice(W.type, W.root + 1)).toEqual(['float', 'sum', '-1']);
      expect(cells[W.method]).toBe('sim');
      expect(cells[W.wrong]).toBe('0');
      expect(cells[W.ipWrong]).toBe('0');
      expect(Number(cells[W.sim])).toBeGreaterThan(0);
      expect(Number(cells[W.count])).toBe(Number(cells[W.size]) / 4);
    }
    expect(rows.map((r) => Number(cellsOf(r)[0]))).toEqual(Array.from({ length: 16 }, (_, k) => 8 * 2 ** k));
    expect(stdout).toContain('\n# Out of bounds values : 0 OK\n');
    expect(stdout).toMatch(/\n# Avg bus bandwidth    : \d+\.\d{3} GB\/s \(simulated\)\n#\n$/);
  });

  it('-d all -o all: every type and op of the library, in nccl-tests\' loop order, each with 0 wrong elements', async () => {
    for (const collective of ['all_reduce', 'all_gather', 'reduce_scatter', 'broadcast', 'reduce', 'alltoall']) {
      const { code, stdout, stderr } = await perf(collective, '-b', '96', '-e', '6K', '-f', '8', '-g', '3', '-d', 'all', '-o', 'all', '-r', '2', '-n', '2', '--topology', 'mesh');
      expect(code, `${collective}: ${stderr}`).toBe(0);
      const reducing = ['all_reduce', 'reduce_scatter', 'reduce'].includes(collective);
      const cases = DTYPES.flatMap((d) => (reducing ? REDUCE_OPS : ['none']).map((op) => `${typeLabel(d)} ${op}`));
      const rows = rowsOf(stdout).map(cellsOf);
      const sizes = [96, 768, 6144];
      expect(rows.map((c) => `${c[W.type]} ${c[W.redop]}`)).toEqual(cases.flatMap((c) => sizes.map(() => c)));
      for (const cells of rows) {
        expect(cells[W.wrong], `${collective} ${cells.join(' ')}`).toBe('0');
        expect(cells[W.ipWrong]).toBe('0');
        expect(cells[W.root]).toBe(['broadcast', 'reduce'].includes(collective) ? '2' : '-1');
      }
      expect(stdout.includes(`# -o all: not applied: ${collective} does not reduce (its rows say redop none)`)).toBe(!reducing);
    }
  });

  it('-r all runs every root in turn', async () => {
    const { code, stdout } = await perf('broadcast', '-b', '1K', '-e', '2K', '-g', '3', '-r', 'all', '-n', '1');
    expect(code).toBe(0);
    expect(rowsOf(stdout).map((r) => `${cellsOf(r)[W.size]}@${cellsOf(r)[W.root]}`)).toEqual(['1024@0', '2048@0', '1024@1', '2048@1', '1024@2', '2048@2']);
  });

  it('takes attached short values (-b1K -e4K -g8) and --long=value as getopt does', async () => {
    const spaced = await perf('all_reduce', '-b', '1K', '-e', '4K', '-g', '8', '--analytic');
    const attached = await perf('all_reduce', '-b1K', '-e4K', '-g8', '--analytic');
    const long = await perf('all_reduce', '--minbytes=1K', '--maxbytes=4K', '--ngpus=8', '--analytic');
    expect(spaced.code).toBe(0);
    expect(rowsOf(spaced.stdout)).toHaveLength(3);
    expect(attached).toEqual(spaced);
    expect(long).toEqual(spaced);
  });

  it("accepts nccl-tests' binary names as the collective", async () => {
    for (const name of ['all_gather_perf', './build/all_gather_perf']) {
      const { code, stdout } = await perf(name, '-b', '1K', '-e', '1K', '--analytic');
      expect(code).toBe(0);
      expect(lines(stdout)[0]).toMatch(/^# spanker-perf all_gather: 4 cards/);
    }
  });

  it('accepts the nccl-tests flags that cannot apply, each with one # line saying why', async () => {
    const args = INAPPLICABLE_FLAGS.flatMap((f, i) => (i % 2 === 0 ? [f.short, '1'] : [`${f.long}=1`]));
    const { code, stdout } = await perf('all_reduce', '-b', '1K', '-e', '1K', '--analytic', ...args);
    expect(code).toBe(0);
    const notes = lines(stdout).filter((l) => l.includes('not applied'));
    expect(notes).toEqual(INAPPLICABLE_FLAGS.map((f, i) => `# ${i % 2 === 0 ? `${f.short} 1 (${f.long})` : `${f.long} 1`}: not applied: ${f.why}`));
    const g = INAPPLICABLE_FLAGS.findIndex((f) => f.short === '-G');
    expect(notes[g]).toMatch(/^# (-G 1 \(--cudagraph\)|--cudagraph 1): not applied: nothing is launched on a GPU, so there is no CUDA graph to capture$/);
    expect(rowsOf(stdout)).toHaveLength(1);
  });

  it('-f 1 steps by -i (1M by default), as nccl-tests does, and says so; -i under a factor is noted', async () => {
    const { code, stdout } = await perf('all_reduce', '-b', '8', '-e', '3M', '-f', '1', '--analytic');
    expect(code).toBe(0);
    expect(lines(stdout)).toContain('# -f 1: no factor, so sizes step by -i, 1M by default, as in nccl-tests');
    expect(rowsOf(stdout).map((r) => Number(cellsOf(r)[W.size]))).toEqual([8, 8 + 2 ** 20, 8 + 2 * 2 ** 20]);
    const stepped = await perf('all_reduce', '-b', '1K', '-e', '4K', '-i', '1K', '--analytic');
    expect(rowsOf(stepped.stdout).map((r) => Number(cellsOf(r)[W.size]))).toEqual([1024, 2048, 3072, 4096]);
    const both = await perf('all_reduce', '-b', '1K', '-e', '4K', '-f', '2', '-i', '1K', '--analytic');
    expect(lines(both.stdout)).toContain('# -i 1K: not applied: -f 2 steps the sweep (as in nccl-tests, a factor above 1 wins)');
    expect(rowsOf(both.stdout).map((r) => Number(cellsOf(r)[W.size]))).toEqual([1024, 2048, 4096]);
  });

  it('columns grow with the numbers: hgx-h100 all_gather at 1 GiB (busbw in the thousands) stays apart and aligned', async () => {
    const { code, stdout } = await perf('all_gather', '--link', 'hgx-h100', '--topology', 'mesh', '-g', '8', '-b', '1G', '-e', '1G', '--analytic');
    expect(code).toBe(0);
    const topo = await Topology.mock(8, { preset: 'hgx-h100' });
    const report = topo.estimate('allGather', { bytes: 2 ** 30 });
    expect(report.busBw).toBeGreaterThan(1000); // the case that ran together in issue 13
    const [row] = rowsOf(stdout);
    expect(cellsOf(row!)).toEqual([
      '1073741824', String(2 ** 30 / 4 / 8), 'float', 'none', '-1', report.algorithm, String(report.pipeline), String(report.channels),
      report.method === 'simulate' ? 'sim' : 'analytic',
      'N/A', (report.seconds * 1e6).toFixed(2), report.algBw.toFixed(3), report.busBw.toFixed(3), (report.efficiency * 100).toFixed(1), 'N/A',
      'N/A', (report.seconds * 1e6).toFixed(2), report.algBw.toFixed(3), report.busBw.toFixed(3), (report.efficiency * 100).toFixed(1), 'N/A',
    ]);
    expectAligned(stdout);
  });

  it('--analytic: "not checked", the method column, and no row claims "simulated" when closed forms priced it', async () => {
    const { code, stdout } = await perf('all_reduce', '--analytic', '-g', '4096', '-b', '1M', '-e', '1G', '-f', '32', '--topology', 'ring:bidirectional');
    expect(code).toBe(0);
    const rows = rowsOf(stdout);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const cells = cellsOf(row);
      expect(cells[W.method]).toBe('analytic');
      expect(cells[W.host]).toBe('N/A');
      expect(cells[W.wrong]).toBe('N/A');
      expect(Number(cells[W.sim])).toBeGreaterThan(0);
    }
    expect(lines(stdout)).toContain('# Out of bounds values : not checked (--analytic: no data)');
    expect(stdout).toMatch(/\n# Avg bus bandwidth    : \d+\.\d{3} GB\/s \(analytic: closed forms\)\n/);
    expect(stdout).not.toMatch(/simulated/);
    // Small card counts are simulated even with --analytic, and say so.
    const small = await perf('all_reduce', '--analytic', '-g', '4', '-b', '1K', '-e', '1K');
    expect(cellsOf(rowsOf(small.stdout)[0]!)[W.method]).toBe('sim');
    expect(small.stdout).toMatch(/\(simulated\)\n/);
  });

  it('-c 0 says the results were not checked; -c N > 1 checks once and says why', async () => {
    const none = await perf('all_reduce', '-b', '1K', '-e', '1K', '-c', '0', '-n', '1');
    expect(none.code).toBe(0);
    expect(cellsOf(rowsOf(none.stdout)[0]!)[W.wrong]).toBe('N/A');
    expect(lines(none.stdout)).toContain('# Out of bounds values : not checked (-c 0)');
    const many = await perf('all_reduce', '-b', '1K', '-e', '1K', '-c', '5', '-n', '1');
    expect(lines(many.stdout)).toContain('# -c 5: checked once: results on simulated cards are the same every iteration');
    expect(lines(many.stdout)).toContain('# Out of bounds values : 0 OK');
  });

  it('0-byte rows as nccl-tests prints them (all_gather -b 8 on 8 cards), left out of the average, which says so', async () => {
    const { code, stdout } = await perf('all_gather', '-b', '8', '-e', '64', '-g', '8', '-n', '1');
    expect(code).toBe(0);
    const rows = rowsOf(stdout).map(cellsOf);
    expect(rows.map((c) => [c[W.size], c[W.count]])).toEqual([['0', '0'], ['32', '1'], ['64', '2']]);
    expect(rows[0]!.slice(W.sim, W.busbw + 1)).toEqual(['0.00', '0.000', '0.000']);
    expect(rows[0]![W.wrong]).toBe('0');
    const mean = rows.slice(1).reduce((sum, c) => sum + Number(c[W.busbw]) + Number(c[W.ipBusbw]), 0) / 4;
    const avg = lines(stdout).find((l) => l.startsWith('# Avg bus bandwidth'))!;
    expect(avg).toBe(`# Avg bus bandwidth    : ${/: (\S+) GB/.exec(avg)![1]} GB/s (simulated; over the rows with data: 1 0-byte row left out)`);
    expect(Math.abs(Number(/: (\S+) GB/.exec(avg)![1]) - mean)).toBeLessThanOrEqual(0.001); // the printed cells are rounded
    expect(lines(stdout)).toContain('# sizes rounded down to multiples of what all_gather splits evenly over 8 cards');
  });

  it('-J writes the results as JSON, with the method of each row', async () => {
    const file = `${OUT}perf.json`;
    const { code } = await perf('reduce_scatter', '-b', '1K', '-e', '4K', '-g', '4', '-J', file, '--topology', 'torus:2x2');
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({ tool: 'spanker-perf', collective: 'reduce_scatter', cards: 4, topology: 'torus2d', dtype: 'f32', op: 'sum', outOfBounds: 0, check: true, zeroByteRows: 0 });
    expect(json.rows).toHaveLength(3);
    for (const row of json.rows) {
      expect(row).toMatchObject({ type: 'float', redop: 'sum', root: -1, method: 'simulate', count: row.size / 16 });
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

  it('checks -J and --trace paths before the sweep: one clear line, exit 2, nothing run', async () => {
    const cases: [string[], string][] = [
      [['-J', '/nonexistent/dir/o.json'], 'spanker-perf: -J /nonexistent/dir/o.json: cannot write there: folder /nonexistent/dir does not exist'],
      [['--trace', '/nonexistent/x.json'], 'spanker-perf: --trace /nonexistent/x.json: cannot write there: folder /nonexistent does not exist'],
      [['--trace', OUT], `spanker-perf: --trace ${OUT}: cannot write there: it is a folder`],
      [['-J', `${OUT}same.json`, '--trace', `${OUT}same.json`], `spanker-perf: -J and --trace both name ${OUT}same.json: give them different files`],
    ];
    for (const [args, message] of cases) {
      // A sweep that would take minutes if it ran first.
      const { code, stdout, stderr } = await perf('all_reduce', '-b', '8', '-e', '64M', '-g', '8', ...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`${message}\n`);
    }
  });

  it('creates a -J file whose folder exists up front, and removes it again when the run fails', async () => {
    const created = `${OUT}created/results.json`;
    mkdirSync(`${OUT}created`, { recursive: true });
    // A topology where card 1 cannot reach card 0 (one directed link): every AllReduce is LINK_DOWN.
    const topology = `${OUT}one-way.json`;
    writeFileSync(topology, JSON.stringify({ cards: 2, links: [{ from: 0, to: 1 }] }));
    const failed = await perf('all_reduce', '-b', '1K', '-e', '1K', '--topology', topology, '-J', created);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('spanker-perf: no route from card 1 to card 0: the topology has no path between them\n');
    expect(rowsOf(failed.stdout)).toEqual([]);
    expect(existsSync(created)).toBe(false);
    const ok = await perf('all_reduce', '-b', '1K', '-e', '1K', '-g', '2', '-J', created, '-n', '1');
    expect(ok.code).toBe(0);
    expect(JSON.parse(readFileSync(created, 'utf8')).rows).toHaveLength(1);
  });

  it('the memory check and the allocator agree: all_reduce -g 8 -b 256M is refused up front, in one line', async () => {
    const { code, stdout, stderr } = await perf('all_reduce', '-g', '8', '-b', '256M', '-e', '256M');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('spanker-perf: size 256M on 8 cards needs 4294967296 B of kernel memory for its buffers, and wasm32 kernel memory holds '
      + '4294967232 B (4G less 64 B): use --analytic for timing only, or lower -e or -g\n');
  });

  it('--narrow: the compact layout, aligned and under 80 columns for the default sweep', async () => {
    const { code, stdout } = await perf('all_reduce', '-e', '64M', '--narrow', '--analytic');
    expect(code).toBe(0);
    expect(lines(stdout)).toContain('# narrow layout: host is the out-of-place run; #wrong counts both runs; algorithm:P<pipe>:k<ch> when above 1; --wide shows every column');
    expect(lines(stdout)).toContain('# type float, redop sum');
    expect(titleLine(stdout)).toMatch(/^#\s+size\s+algorithm\s+method\s+sim\s+busbw\s+%bound\s+host\s+#wrong$/);
    const rows = rowsOf(stdout);
    expect(rows.map((r) => cellsOf(r)[0])).toEqual(['8', '16', '32', '64', '128', '256', '512', '1K', '2K', '4K', '8K', '16K', '32K', '64K', '128K', '256K', '512K', '1M', '2M', '4M', '8M', '16M', '32M', '64M']);
    expectAligned(stdout);
    for (const row of rows) expect(row.length).toBeLessThan(80);
    // The same numbers as the wide layout.
    const wide = await perf('all_reduce', '-e', '64M', '--analytic');
    const plan = (c: string[]) => `${c[W.algorithm]}${c[W.pipe] !== '1' ? `:P${c[W.pipe]}` : ''}${c[W.ch] !== '1' ? `:k${c[W.ch]}` : ''}`;
    expect(rowsOf(wide.stdout).map((r) => [plan(cellsOf(r)), cellsOf(r)[W.sim], cellsOf(r)[W.busbw], cellsOf(r)[W.bound]]))
      .toEqual(rows.map((r) => [cellsOf(r)[1], cellsOf(r)[3], cellsOf(r)[4], cellsOf(r)[5]])); // narrow: size algorithm method sim busbw %bound host #wrong
  });

  it('--pipeline N reaches the collectives: the sim column is the library\'s pipelined time', async () => {
    const { code, stdout } = await perf('all_reduce', '-g', '4', '-b', '1M', '-e', '1M', '--algorithm', 'ring', '--pipeline', '4', '-n', '1');
    expect(code).toBe(0);
    expect(lines(stdout)[1]).toMatch(/^# algorithm ring, pipeline 4, /);
    const topo = await Topology.ring(4);
    const pipelined = topo.estimate('allReduce', { bytes: 1 << 20, algorithm: 'ring', pipeline: 4, method: 'simulate' });
    const plain = topo.estimate('allReduce', { bytes: 1 << 20, algorithm: 'ring', pipeline: 1, method: 'simulate' });
    expect(pipelined.seconds).not.toBe(plain.seconds);
    const cells = cellsOf(rowsOf(stdout)[0]!);
    expect(cells[W.sim]).toBe((pipelined.seconds * 1e6).toFixed(2));
    expect(cells[W.ipSim]).toBe((pipelined.seconds * 1e6).toFixed(2));
    expect(cells[W.wrong]).toBe('0');
  });

  it('--channels K reaches the collectives; without --pipeline and --channels the columns show auto\'s choice and %bound is the report\'s', async () => {
    const { code, stdout } = await perf('all_reduce', '-g', '8', '-b', '4M', '-e', '4M', '--topology', 'ring:bidirectional', '--algorithm', 'ring', '--channels', '1', '-n', '1');
    expect(code).toBe(0);
    expect(lines(stdout)[1]).toMatch(/^# algorithm ring, channels 1, /);
    const topo = await Topology.ring(8, { bidirectional: true });
    const one = topo.estimate('allReduce', { bytes: 4 << 20, algorithm: 'ring', channels: 1 });
    const cells = cellsOf(rowsOf(stdout)[0]!);
    expect([cells[W.pipe], cells[W.ch]]).toEqual([String(one.pipeline), '1']);
    expect(cells[W.sim]).toBe((one.seconds * 1e6).toFixed(2));
    expect(cells[W.bound]).toBe((one.efficiency * 100).toFixed(1));
    const auto = await perf('all_reduce', '-g', '8', '-b', '4M', '-e', '4M', '--topology', 'ring:bidirectional', '-n', '1');
    const report = topo.estimate('allReduce', { bytes: 4 << 20 });
    expect(report.channels).toBe(2); // two counter-rotating rings: auto uses both directions
    const autoCells = cellsOf(rowsOf(auto.stdout)[0]!);
    expect([autoCells[W.algorithm], autoCells[W.pipe], autoCells[W.ch]]).toEqual([report.algorithm, String(report.pipeline), '2']);
    expect(autoCells[W.sim]).toBe((report.seconds * 1e6).toFixed(2));
    expect(autoCells[W.bound]).toBe((report.efficiency * 100).toFixed(1));
    expect(Number(autoCells[W.sim])).toBeLessThan(Number(cells[W.sim]));
  });

  it('--help documents every flag with an example', async () => {
    const { code, stdout } = await perf('--help');
    expect(code).toBe(0);
    for (const flag of ['-b', '-e', '-f', '-i', '-g', '-o', '-d', '-r', '-n', '-w', '-c', '-J', '--topology', '--link', '--algorithm', '--pipeline', '--channels', '--trace', '--analytic', '--narrow', '--wide']) {
      expect(stdout).toContain(`${flag}`);
    }
    expect(stdout).toContain(`  ${INAPPLICABLE_FLAGS.map((f) => f.short).join(' ')}\n`);
    expect(stdout).toContain('example: spanker-perf all_reduce -b 8 -e 128M -f 2 -g 4');
  });

  const BAD: [string[], RegExp, boolean][] = [
    [['--frobnicate'], /unknown flag --frobnicate/, true],
    [['all_reduce_perff'], /unknown collective "all_reduce_perff"/, true],
    [['sendrecv_perf'], /unknown collective "sendrecv_perf": expected one of all_reduce, all_gather/, true],
    [['alltoall', '-b', '10', '-e', '10', '-g', '4'], /size 10 is not a multiple of 16 B/, false],
    [['broadcast', '-r', '4', '-g', '4', '-e', '1K'], /-r 4: root must be a card, 0\.\.3/, false],
    [['all_reduce', '-b', '2G', '-e', '2G', '-g', '4'], /needs .* of kernel memory .* use --analytic/, false],
    [['all_reduce', '-b', '1X'], /-b "1X": expected a byte count/, false],
    [['all_reduce', '-b', '1.3'], /-b 1\.3: not a whole number of bytes/, false],
    [['all_reduce', '-o', 'mean'], /-o "mean": expected one of sum, prod, max, min, avg, or all/, false],
    [['all_reduce', '-d', 'float8'], /-d "float8": expected float, double, int32, half, bfloat16, f8e4m3, f8e5m2, int8, uint8, uint32, int64, uint64 or all/, false],
    [['all_reduce', '-f', '1.5'], /-f "1\.5": expected an integer/, false],
    [['all_reduce', '-b', '0', '-e', '1K'], /-b 0 with -f 2 never grows/, false],
    [['all_reduce', '-f', '1', '-i', '0', '-e', '1K'], /-i 0 with no factor \(-f 1\) never grows/, false],
    [['all_reduce', '-G', 'x'], /-G "x": expected an integer/, false],
    [['all_reduce', '--topology', 'hypercube'], /--topology "hypercube"/, false],
    [['all_reduce', '--link', 'fast'], /--link "fast": expected a preset/, false],
    [['all_reduce', '--algorithm', 'tree', '-e', '1K'], /unknown algorithm "tree" for allReduce/, false],
    [['all_reduce', '--pipeline', '0'], /--pipeline "0": expected an integer 1\.\.4096/, false],
    [['all_reduce', '-g', '0'], /-g "0": expected an integer 1\.\.65536/, false],
    [['all_reduce', '-g', '6', '--topology', 'torus:2x2'], /-g 6 does not match --topology torus:2x2/, false],
    [['all_reduce', '-e', '4', '-b', '8'], /-e 4 is below -b 8/, false],
    [['all_reduce', '--narrow', '--wide'], /--narrow and --wide: choose one layout/, false],
    [['all_reduce', '--analytic=1'], /--analytic takes no value/, true],
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

  it('ends quietly when the reader closes the pipe early', async () => {
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile('/bin/sh', ['-c', `"${process.execPath}" "${BIN}" all_reduce -e 1M -n 1 | head -1`], { encoding: 'utf8' }, (error, _stdout, stderr) => {
        resolve({ code: error ? 1 : 0, stderr });
      });
    });
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('spanker-perf in process', () => {
  afterEach(() => vi.restoreAllMocks());

  function capture(isTTY: boolean, columns?: number) {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out, err,
      io: { stdout: { isTTY, ...(columns === undefined ? {} : { columns }), write: (t: string) => out.push(t) }, stderr: { isTTY, write: (t: string) => err.push(t) } },
    };
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
    expect(tty.err.join('')).toMatch(/\r\[[#.]{30}\] [12]\/2 rows, \d+\.\d s/);
    expect(tty.err.join('').endsWith('\r\x1b[K')).toBe(true); // erased at the end
    const pipe = capture(false);
    expect(await main(slow, pipe.io)).toBe(0);
    expect(pipe.err).toEqual([]);
    const json = capture(true);
    expect(await main([...slow, '-J', `${OUT}perf-progress.json`], json.io)).toBe(0);
    expect(json.err).toEqual([]);
  });

  it('picks the narrow layout on a terminal under 120 columns, the wide one otherwise and in pipes; --wide overrides', async () => {
    const args = ['all_reduce', '-b', '1K', '-e', '1K', '--analytic'];
    const layoutOf = async (isTTY: boolean, columns: number | undefined, extra: string[] = []) => {
      const c = capture(isTTY, columns);
      expect(await main([...args, ...extra], c.io)).toBe(0);
      return c.out.join('').includes('# narrow layout') ? 'narrow' : 'wide';
    };
    expect(await layoutOf(true, 100)).toBe('narrow');
    expect(await layoutOf(true, 119)).toBe('narrow');
    expect(await layoutOf(true, 120)).toBe('wide');
    expect(await layoutOf(true, undefined)).toBe('wide');
    expect(await layoutOf(false, 80)).toBe('wide');
    expect(await layoutOf(true, 80, ['--wide'])).toBe('wide');
    expect(await layoutOf(false, undefined, ['--narrow'])).toBe('narrow');
  });
});
