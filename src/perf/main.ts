/**
 * spanker-perf: nccl-tests' *_perf tools for simulated Spanker cards.
 * `main(argv)` runs one sweep and resolves to the exit status:
 * 0 all right, 1 a wrong element or a run-time error, 2 a command-line mistake
 * (including an output file that cannot be written, found before the sweep).
 *
 * Everything that can be checked up front is, before the first size runs:
 * the arguments, the topology, the root, the algorithm, the memory of the
 * largest size, and the output files. The table is printed once every row
 * is in, so each column is exactly as wide as its widest number (a progress
 * bar shows on a terminal meanwhile); rows computed before a run-time error
 * are printed before the error.
 */
import { SpankerError } from '../errors.js';
import type { CollectiveReport } from '../report.js';
import { algorithmsFor, findAlgorithm } from '../schedule/registry.js';
import type { Topology } from '../topology.js';
import { parseArgs, PERF_COLLECTIVES, type Layout, type PerfConfig } from './args.js';
import { checkMemory } from './buffers.js';
import { checkFaults, describeFaults } from './fault-arg.js';
import { USAGE } from './help.js';
import { OutputFile } from './output-file.js';
import { Progress } from './progress.js';
import { sweepSizes } from './sizes.js';
import { planSizes, ROOTED, runSize, sizeUnit, sweepCases, type Case } from './sweep.js';
import { formatTable, type Row } from './table.js';
import { buildTopology } from './topology-arg.js';
import { UsageError } from './usage-error.js';

export interface PerfIO {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

/** Terminals narrower than this get the narrow layout unless --wide is given. */
const NARROW_BELOW_COLUMNS = 120;

export async function main(argv: readonly string[], io: PerfIO = process): Promise<number> {
  const out = (line = '') => io.stdout.write(`${line}\n`);
  const files: OutputFile[] = [];
  try {
    const config = parseArgs(argv);
    if (config.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const topo = await buildTopology(config);
    const collective = PERF_COLLECTIVES[config.collective];
    const n = topo.nSails;
    if (ROOTED.has(collective) && config.root !== 'all' && config.root >= n) {
      throw new UsageError(`-r ${config.root}: root must be a card, 0..${n - 1}`);
    }
    checkFaults(config.faults, topo.network);
    if (config.algorithm !== 'auto' && findAlgorithm(collective, config.algorithm) === undefined) {
      throw new UsageError(`unknown algorithm ${JSON.stringify(config.algorithm)} for ${collective} (available: auto, ${algorithmsFor(collective).map((a) => a.name).join(', ')})`);
    }
    const requested = sweepSizes({ minBytes: config.minBytes, maxBytes: config.maxBytes, factor: config.factor, increment: config.increment });
    const cases = sweepCases(config, collective, n);
    const plans = new Map(config.dtypes.map((dtype) => [dtype, planSizes(config, collective, n, dtype, requested)] as const));
    if (!config.analytic) {
      for (const [dtype, { sizes }] of plans) {
        const largest = sizes[sizes.length - 1]!;
        checkMemory(collective, n, dtype, largest / sizeUnit(collective, n, dtype), largest);
      }
    }
    const json = config.jsonFile === undefined ? undefined : OutputFile.open('-J', config.jsonFile);
    if (json) files.push(json);
    const trace = config.traceFile === undefined ? undefined : OutputFile.open('--trace', config.traceFile);
    if (trace) files.push(trace);
    const layout: Layout = config.layout ?? (io.stdout.isTTY && (io.stdout.columns ?? Infinity) < NARROW_BELOW_COLUMNS ? 'narrow' : 'wide');

    for (const line of headerLines(config, topo, [...plans.values()].some((p) => p.rounded))) out(line);

    const total = cases.reduce((sum, c) => sum + plans.get(c.dtype)!.sizes.length, 0);
    const progress = new Progress(io.stderr, json === undefined, total);
    const rows: Row[] = [];
    let last: CollectiveReport | undefined;
    try {
      cases.forEach((c: Case, k) => {
        const { sizes } = plans.get(c.dtype)!;
        sizes.forEach((size, s) => {
          // Keep the per-message timeline only where --trace needs it: the last case's largest size.
          const timeline = trace !== undefined && k === cases.length - 1 && s === sizes.length - 1;
          const { row, report } = runSize(topo, config, c, size, timeline);
          rows.push(row);
          last = report;
          progress.update(rows.length);
        });
      });
    } finally {
      // The rows so far, also when a size failed (its error follows them).
      progress.clear();
      if (rows.length > 0) for (const line of formatTable(rows, layout)) out(line);
    }

    const checked = !config.analytic && config.check;
    const halves = rows.flatMap((r) => [r.outOfPlace, r.inPlace]);
    const wrong = halves.reduce((sum, h) => sum + (h.wrong ?? 0), 0);
    const withData = rows.filter((r) => r.size > 0);
    const avgBusBw = withData.length === 0 ? undefined : withData.reduce((sum, r) => sum + r.outOfPlace.busBw + r.inPlace.busBw, 0) / (2 * withData.length);
    const simulated = rows.filter((r) => r.method === 'simulate').length;
    const zeroByte = rows.length - withData.length;
    const pricedBy = simulated === rows.length ? 'simulated' : simulated === 0 ? 'analytic: closed forms' : `${simulated} rows simulated, ${rows.length - simulated} analytic`;
    out(`# Out of bounds values : ${checked ? `${wrong} ${wrong === 0 ? 'OK' : 'FAILED'}` : `not checked (${config.analytic ? '--analytic: no data' : '-c 0'})`}`);
    out(`# Avg bus bandwidth    : ${avgBusBw === undefined ? 'N/A' : avgBusBw.toFixed(3)} GB/s (${pricedBy}`
      + `${zeroByte > 0 ? `; over the rows with data: ${zeroByte} 0-byte row${zeroByte === 1 ? '' : 's'} left out` : ''})`);
    out('#');

    if (trace !== undefined && last !== undefined) {
      trace.write(JSON.stringify((last as CollectiveReport).toChromeTrace()));
      out(`# trace of ${(last as CollectiveReport).bytes} B written to ${trace.path}`);
    }
    if (json !== undefined) {
      const network = topo.network;
      json.write(JSON.stringify({
        tool: 'spanker-perf', collective: config.collective, cards: n, topology: network.kind, preset: network.preset.name,
        dtype: config.dtypes.length === 1 ? config.dtypes[0] : 'all', op: config.ops.length === 1 ? config.ops[0] : 'all', root: config.root,
        algorithm: config.algorithm, pipeline: config.pipeline ?? null, channels: config.channels ?? null, analytic: config.analytic,
        faults: config.faults.map((f) => f.text), onFault: config.onFault ?? null, timeout: config.timeout ?? null,
        kernels: config.analytic ? null : topo.kernels, iterations: config.iterations, warmup: config.warmup, check: checked,
        rows, outOfBounds: checked ? wrong : null, avgBusBw: avgBusBw ?? null, zeroByteRows: zeroByte,
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
  } finally {
    for (const file of files) file.discard();
  }
}

/** The `#` lines above the table: what runs, on what, and the flags taken but not applied. */
function headerLines(config: PerfConfig, topo: Topology, rounded: boolean): string[] {
  const network = topo.network;
  const link = network.links[0];
  const pipeline = (config.pipeline === undefined ? '' : `, pipeline ${config.pipeline}`) + (config.channels === undefined ? '' : `, channels ${config.channels}`);
  return [
    `# spanker-perf ${config.collective}: ${topo.nSails} cards, ${network.kind} topology of ${network.links.length} links`
      + (link ? ` (${link.bandwidth / 1e6} MB/s, ${+(link.latency * 1e6).toFixed(4)} µs per hop on link 0; preset ${network.preset.name})` : ''),
    `# algorithm ${config.algorithm}${pipeline}, ${config.analytic
      ? 'timing only (--analytic): no data, no host time'
      : `${topo.kernels} kernels, ${config.warmup} warm-up + ${config.iterations} timed iterations, check ${config.check ? 'on' : 'off'}`}`,
    ...config.notes.map((note) => `# ${note}`),
    ...(config.faults.length > 0 || config.timeout !== undefined ? [
      `# faults: ${config.faults.length > 0 ? describeFaults(config.faults) : 'none'}; onFault ${config.onFault ?? 'reroute'}`
        + `${config.timeout === undefined ? '' : `; sim timeout ${config.timeout} s`} (faults force the event simulation)`,
      '# +fault: sim time the faults added (against the same run without them); resent: bytes lost on failed links and sent again',
    ] : []),
    `# ${config.analytic ? '' : 'host: measured time of the real wasm run on this machine; '}sim: time on the modelled links`,
    '# method: what priced sim (sim: event simulation; analytic: closed form or topology-aware model); algbw, busbw: from sim (GB = 1e9 B)',
    '# pipe, ch: sub-chunks per message and rings sharing the data, as priced; %bound: the lower bound on these links / sim',
    ...(rounded ? [`# sizes rounded down to multiples of what ${config.collective} splits evenly over ${topo.nSails} cards`] : []),
    '#',
  ];
}
