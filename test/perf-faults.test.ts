// spanker-perf --fault, --on-fault, --sim-timeout end to end: the command as
// a user runs it. The simulated columns of a faulted sweep are the library's
// own numbers for the same faults (a percentage is of each size's
// fault-free time), the data still checks (#wrong 0), -J and --trace carry
// the faults, every way a fault stops a run is exit 1 with the library's
// one-line message, and every mistake in the flag is one line and exit 2.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Topology } from '../src/index.js';
import { cellsOf, freshOutputDir, perf, rowsOf, titleLine } from './perf-run.js';

const OUT = freshOutputDir('perf-faults');

describe('spanker-perf --fault', () => {
  it('a link down half-way through every size: the library\'s numbers, the data checked, the cost in two more columns', async () => {
    const { code, stdout, stderr } = await perf('all_reduce', '-b', '64K', '-e', '1M', '-f', '4', '-g', '8', '--topology', 'ring:bidirectional', '--algorithm', 'ring', '--fault', '2-3@50%', '-n', '1', '-w', '0');
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("\n# faults: link 2→3 goes Down at 50% of each size's fault-free time; onFault reroute (faults force the event simulation)\n");
    expect(titleLine(stdout)).toMatch(/\s#wrong\s+\+fault\s+resent$/);
    const topo = await Topology.ring(8, { bidirectional: true });
    const rows = rowsOf(stdout).map(cellsOf);
    expect(rows.map((r) => Number(r[0]))).toEqual([65536, 262144, 1048576]);
    for (const cells of rows) {
      const bytes = Number(cells[0]);
      const faultFree = topo.estimate('allReduce', { bytes, algorithm: 'ring', method: 'simulate' }).seconds;
      const report = topo.estimate('allReduce', { bytes, algorithm: 'ring', faults: [{ at: faultFree / 2, link: [2, 3] }] });
      expect(cells[10], `sim of ${bytes} B`).toBe((report.seconds * 1e6).toFixed(2));
      expect(cells[16], `in-place sim of ${bytes} B`).toBe((report.seconds * 1e6).toFixed(2));
      expect(cells[21], `+fault of ${bytes} B`).toBe((report.faults!.addedSeconds * 1e6).toFixed(2));
      expect(cells[22], `resent of ${bytes} B`).toBe(String(report.faults!.resentBytes));
      expect(Number(cells[21])).toBeGreaterThan(0);
      expect(cells[14]).toBe('0');
      expect(cells[20]).toBe('0');
    }
    expect(stdout).toContain('\n# Out of bounds values : 0 OK\n');
  });

  it('-J and --trace carry the faults; the narrow layout keeps the fault columns', async () => {
    const json = `${OUT}faults.json`;
    const trace = `${OUT}faults-trace.json`;
    const { code, stdout, stderr } = await perf('all_gather', '-b', '48K', '-e', '48K', '-g', '6', '--topology', 'torus:2x3', '--algorithm', 'ring',
      '--fault', '0-1@40%,4-5@1us+30us', '-J', json, '--trace', trace, '--narrow', '-n', '1');
    expect(code, stderr).toBe(0);
    expect(titleLine(stdout)).toMatch(/\s\+fault\s+resent$/);
    const results = JSON.parse(readFileSync(json, 'utf8'));
    expect(results.faults).toEqual(['0-1@40%', '4-5@1us+30us']);
    expect(results.onFault).toBeNull();
    expect(results.rows[0].fault.resentMessages).toBeGreaterThan(0);
    expect(results.rows[0].fault.addedUs).toBeGreaterThan(0);
    const events = JSON.parse(readFileSync(trace, 'utf8')).traceEvents as Record<string, unknown>[];
    expect(events.filter((e) => e['cat'] === 'lost').length).toBe(results.rows[0].fault.resentMessages);
    expect(events.filter((e) => e['cat'] === 'resend').length).toBeGreaterThan(0);
    expect(events.filter((e) => e['cat'] === 'fault').map((e) => e['name'])).toEqual(['link 0→1 Down', 'link 4→5 Training']);
  });

  it('a retraining and a lost lane run too; --analytic with faults is simulated', async () => {
    const { code, stdout, stderr } = await perf('reduce_scatter', '-b', '48K', '-e', '48K', '-g', '4', '--topology', 'ring:bidirectional',
      '--fault', '1-2@10us+100us,2-3@0%x0.75', '--analytic');
    expect(code, stderr).toBe(0);
    const cells = cellsOf(rowsOf(stdout)[0]!);
    expect(cells[8]).toBe('sim');
    expect(Number(cells[21])).toBeGreaterThan(0);
  });
});

describe('spanker-perf: a fault that stops a run is exit 1 with one line', () => {
  const STOPS: [string[], RegExp][] = [
    [['--topology', 'ring', '--fault', '2-3@50%'], /^spanker-perf: link 2→3 went Down at \S+ \S+ \(step \d+\): no route from card \d+ to card \d+ avoids it\n$/],
    [['--topology', 'ring:bidirectional', '--fault', 'card:1@10us'], /^spanker-perf: card 1 failed at 10 µs \(step \d+\): its data is lost and the collective cannot complete\n$/],
    [['--topology', 'ring:bidirectional', '--sim-timeout', '1us'], /^spanker-perf: timed out after 1 µs of simulated time in step 0: 4 cards still waiting \(card 0 on /],
    [['--topology', 'ring:bidirectional', '--algorithm', 'ring', '--fault', '1-2@50%', '--on-fault', 'abort'], /^spanker-perf: link 1→2 went Down at .*: onFault is 'abort', so the collective stops/],
  ];
  for (const [args, message] of STOPS) {
    it(args.join(' '), async () => {
      const { code, stderr } = await perf('all_reduce', '-b', '64K', '-e', '64K', '-g', '4', '-n', '1', ...args);
      expect(code).toBe(1);
      expect(stderr).toMatch(message);
    });
  }
});

describe('spanker-perf: a mistake in the fault flags is one line and exit 2', () => {
  const BAD: [string[], string][] = [
    [['--fault', '2-3@50'], 'spanker-perf: --fault "2-3@50": 50 is not a percentage (50%), a time with its unit (10us, 1.5ms, 2e-6s) or step:K (examples: 2-3@50%, card:5@10us, 2-3@1ms+200us, 2-3@50%x0.75, 2-3@step:4)'],
    [['--fault', '2-3'], 'spanker-perf: --fault "2-3": expected TARGET@WHEN[+TIME][xF] (examples: 2-3@50%, card:5@10us, 2-3@1ms+200us, 2-3@50%x0.75, 2-3@step:4)'],
    [['--fault', '2-3@1ms+0us'], 'spanker-perf: --fault "2-3@1ms+0us": +0us is not a time above 0 with its unit, such as 200us (examples: 2-3@50%, card:5@10us, 2-3@1ms+200us, 2-3@50%x0.75, 2-3@step:4)'],
    [['--fault', '2-3@1msx1'], 'spanker-perf: --fault "2-3@1msx1": x1 is not a fraction of bandwidth, 0 < F < 1, such as x0.75 (examples: 2-3@50%, card:5@10us, 2-3@1ms+200us, 2-3@50%x0.75, 2-3@step:4)'],
    [['--fault', 'card:2@1ms+1ms'], 'spanker-perf: --fault "card:2@1ms+1ms": a card stops for good: no +TIME or xF (examples: 2-3@50%, card:5@10us, 2-3@1ms+200us, 2-3@50%x0.75, 2-3@step:4)'],
    [['--fault', '2-3@step:-1'], 'spanker-perf: --fault "2-3@step:-1": step:-1 is not step:K with K a step number (examples: 2-3@50%, card:5@10us, 2-3@1ms+200us, 2-3@50%x0.75, 2-3@step:4)'],
    [['--fault', '0-2@1ms'], 'spanker-perf: --fault "0-2@1ms": no link 0→2 in this ring network of 4 cards and 0 switches'],
    [['--fault', '0-1@1ms,card:7@1ms'], 'spanker-perf: --fault "card:7@1ms": expected a card id: an integer in 0..3, got 7'],
    [['--on-fault', 'retry'], 'spanker-perf: --on-fault "retry": expected reroute or abort'],
    [['--sim-timeout', '5'], 'spanker-perf: --sim-timeout "5": expected a time above 0 with its unit, such as 5ms, 200us or 2e-3s'],
  ];
  for (const [args, message] of BAD) {
    it(args.join(' '), async () => {
      const { code, stdout, stderr } = await perf('all_reduce', '-e', '1K', '-g', '4', ...args);
      expect(code).toBe(2);
      expect(stderr).toBe(`${message}\n`);
      expect(stdout).toBe('');
    });
  }

  it('--help documents the fault flags and the grammar, with examples', async () => {
    const { code, stdout } = await perf('--help');
    expect(code).toBe(0);
    for (const text of ['--fault F', 'TARGET@WHEN[+TIME][xF]', '--fault 2-3@50%', '--on-fault reroute|abort', '--sim-timeout TIME', 'card:N', 'step:K']) {
      expect(stdout).toContain(text);
    }
    // -T is nccl-tests' wall-clock timeout: accepted with a note that points to --sim-timeout.
    const { stdout: noted } = await perf('all_reduce', '-e', '1K', '-g', '2', '-T', '30', '-n', '1');
    expect(noted).toContain('# -T 30 (--timeout): not applied: a simulated run cannot hang (to bound its simulated time, --sim-timeout TIME)\n');
  });
});
