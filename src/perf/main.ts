/**
 * spanker-perf: nccl-tests' *_perf tools for simulated Spanker cards.
 * `main(argv)` runs one sweep and resolves to the exit status:
 * 0 all right, 1 a wrong element or a run-time error, 2 a command-line mistake.
 */
import { writeFileSync } from 'node:fs';
import { SpankerError } from '../errors.js';
import { algorithmsFor, findAlgorithm } from '../schedule/registry.js';
import { sweepSizes } from './sizes.js';
import { parseArgs, PERF_COLLECTIVES, type PerfConfig } from './args.js';
import { USAGE } from './help.js';
import { Progress } from './progress.js';
import { checkMemory, planSizes, runSize } from './sweep.js';
import { formatRow, headerLines, type Row } from './table.js';
import { buildTopology } from './topology-arg.js';
import { UsageError } from './usage-error.js';
import type { CollectiveReport } from '../report.js';

export interface PerfIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

export async function main(argv: readonly string[], io: PerfIO = process): Promise<number> {
  const out = (line = '') => io.stdout.write(`${line}\n`);
  let config: PerfConfig;
  try {
    config = parseArgs(argv);
    if (config.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const topo = await buildTopology(config);
    const collective = PERF_COLLECTIVES[config.collective];
    const n = topo.nSails;
    if ((collective === 'broadcast' || collective === 'reduce') && config.root >= n) {
      throw new UsageError(`-r ${config.root}: root must be a card, 0..${n - 1}`);
    }
    if (config.algorithm !== 'auto' && findAlgorithm(collective, config.algorithm) === undefined) {
      throw new UsageError(`unknown algorithm ${JSON.stringify(config.algorithm)} for ${collective} (available: auto, ${algorithmsFor(collective).map((a) => a.name).join(', ')})`);
    }
    const requested = sweepSizes({ minBytes: config.minBytes, maxBytes: config.maxBytes, factor: config.factor, increment: config.increment });
    const { sizes, rounded } = planSizes(config, collective, n, requested);
    checkMemory(config, collective, n, sizes[sizes.length - 1]!);

    const network = topo.network;
    const link = network.links[0];
    out(`# spanker-perf ${config.collective}: ${n} cards, ${network.kind} topology of ${network.links.length} links`
      + (link ? ` (${link.bandwidth / 1e6} MB/s, ${+(link.latency * 1e6).toFixed(4)} µs per hop on link 0; preset ${network.preset.name})` : ''));
    out(`# algorithm ${config.algorithm}, ${config.analytic ? 'timing only (--analytic): no data, no host time' : `${topo.kernels} kernels, ${config.warmup} warm-up + ${config.iterations} timed iterations, check ${config.check ? 'on' : 'off'}`}`);
    out('# host: measured time of the real wasm run on this machine; sim: simulated time on the links; algbw, busbw: from sim (GB = 1e9 B)');
    if (rounded) out(`# sizes rounded down to multiples of what ${config.collective} splits evenly over ${n} cards`);
    out('#');
    for (const line of headerLines()) out(line);

    const progress = new Progress(io.stderr, config.jsonFile === undefined, sizes.length);
    const rows: Row[] = [];
    let last: CollectiveReport | undefined;
    sizes.forEach((size, k) => {
      // Keep the per-message timeline only where --trace needs it: the largest size.
      const { row, report } = runSize(topo, config, size, config.traceFile !== undefined && k === sizes.length - 1);
      rows.push(row);
      last = report;
      // Rows print as they come; the bar is cleared first so it never mixes with the table.
      progress.clear();
      out(formatRow(row));
      progress.update(k + 1);
    });
    progress.clear();

    const halves = rows.flatMap((r) => [r.outOfPlace, r.inPlace]);
    const wrong = halves.reduce((sum, h) => sum + (h.wrong ?? 0), 0);
    const avgBusBw = halves.reduce((sum, h) => sum + h.busBw, 0) / Math.max(halves.length, 1);
    out(`# Out of bounds values : ${wrong} ${wrong === 0 ? 'OK' : 'FAILED'}`);
    out(`# Avg bus bandwidth    : ${avgBusBw.toFixed(3)} GB/s (simulated)`);
    out('#');

    if (config.traceFile !== undefined && last !== undefined) {
      writeFileSync(config.traceFile, JSON.stringify(last.toChromeTrace()));
      out(`# trace of ${last.bytes} B written to ${config.traceFile}`);
    }
    if (config.jsonFile !== undefined) {
      writeFileSync(config.jsonFile, JSON.stringify({
        tool: 'spanker-perf', collective: config.collective, cards: n, topology: network.kind, preset: network.preset.name,
        dtype: config.dtype, op: config.op, root: config.root, algorithm: config.algorithm, analytic: config.analytic,
        kernels: config.analytic ? null : topo.kernels, iterations: config.iterations, warmup: config.warmup, check: config.check,
        rows, outOfBounds: wrong, avgBusBw,
      }, null, 2));
    }
    return wrong === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`spanker-perf: ${error.message}\n`);
      if (error.showUsage) io.stderr.write(`\n${USAGE}`);
      return 2;
    }
    if (error instanceof SpankerError) {
      io.stderr.write(`spanker-perf: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
