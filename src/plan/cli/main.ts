/**
 * spanker-plan: which parallelism, how many cards and how busy the links are
 * for a model on simulated Spanker cards. `main(argv)` prints one table per
 * card count and resolves to the exit status: 0 the plan was made (even when
 * nothing fits — the table says so), 2 a mistake on the command line or in a
 * model file, 1 any other error (a link that is down with no way round, …).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SpankerError } from '../../errors.js';
import { parseArgs as parsePerfArgs } from '../../perf/args.js';
import { buildTopology } from '../../perf/topology-arg.js';
import { UsageError } from '../../perf/usage-error.js';
import type { Topology } from '../../topology.js';
import { CARD_PRESETS } from '../inference-card.js';
import type { InferencePlan } from '../inference-plan.js';
import type { ModelDescription } from '../model.js';
import { modelFromJSON } from '../model-from-json.js';
import { builtInModel } from '../models.js';
import { formatGiB, planInference } from '../plan-inference.js';
import { parseArgs, type PlanConfig } from './args.js';
import { USAGE } from './help.js';
import { formatRow, headerLines } from './table.js';

export interface PlanIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const DEFAULT_CARDS = 8;

export async function main(argv: readonly string[], io: PlanIO = process): Promise<number> {
  const out = (line = '') => io.stdout.write(`${line}\n`);
  try {
    const config = parseArgs(argv);
    if (config.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const model = loadModel(config.model);
    const fixedShape = config.topology.kind === 'torus2d' || config.topology.kind === 'json';
    if (fixedShape && config.sweepCards !== undefined) {
      throw new UsageError(`--sweep-cards needs a topology built for each card count (ring, ring:bidirectional, mesh, switch), not ${config.topologyText}`);
    }
    const counts = config.sweepCards ?? [config.cards ?? (fixedShape ? 0 : DEFAULT_CARDS)];

    const plans: InferencePlan[] = [];
    const topologies: Topology[] = [];
    for (const requested of counts) {
      const topology = await topologyFor(config, requested);
      topologies.push(topology);
      plans.push(await planInference({
        model, topology, batch: config.batch, context: config.context, ...(config.prompt !== undefined ? { prompt: config.prompt } : {}),
        format: config.format, card: config.card, activations: config.activations, kvCache: config.kvCache, rankBy: config.rankBy,
        ...(config.rate !== undefined ? { linkLoadTokensPerSecond: config.rate } : {}),
      }));
    }

    const first = plans[0]!;
    // Describe the links from the largest topology (a single card has none).
    const network = topologies[topologies.length - 1]!.network;
    const link = network.links[0];
    const card = first.card;
    const assumedMatmul = card.matmulFlops === CARD_PRESETS['rev-a'].matmulFlops;
    out(`# spanker-plan: ${model.name} (${first.parameters.toExponential(2).replace('e+', 'e')} parameters, ${formatGiB(first.weightBytes)} in ${first.format}), `
      + `batch ${first.batch}, context ${first.context}, prompt ${first.prompt}`);
    out(`# card ${card.name}: ${formatGiB(card.memoryBytes)}, DDR ${card.ddrBandwidth / 1e9} GB/s, matmul ${card.matmulFlops / 1e9} GFLOP/s`
      + `${assumedMatmul ? ' (assumed)' : ''}, host link ${card.hostBandwidth / 1e6} MB/s`);
    out(`# links: ${network.kind} topology, preset ${network.preset.name}`
      + (link ? ` (${link.bandwidth / 1e6} MB/s, ${+(link.latency * 1e6).toFixed(4)} µs per hop on link 0)` : '')
      + `; activations ${first.activations}, KV cache ${first.kvCache}; ranked by ${first.rankBy === 'throughput' ? 'tokens/s' : 'ms per token'}`);
    out(`# decode step: ms per token of one stream; DDR, compute, links: its parts (DDR reads and compute overlap); link loads ${config.rate !== undefined ? `at ${config.rate} tokens/s (--rate)` : "at each strategy's own tokens/s"}`);
    if (!config.summary) {
      plans.forEach((plan, k) => {
        const topology = topologies[k]!;
        out('#');
        out(`# ${cardsText(plan.cards)}: ${topology.network.kind} of ${topology.links.length} links`);
        for (const line of headerLines()) out(line);
        for (const strategy of plan.strategies) out(formatRow(strategy));
        if (plan.best === undefined) out(`# nothing fits on ${cardsText(plan.cards)}`);
      });
    }
    if (plans.length > 1 || config.summary) {
      out('#');
      out('# best per card count:');
      for (const plan of plans) out(`#   ${cardsText(plan.cards).padStart(9)}: ${summaryOf(plan)}`);
    }

    if (config.jsonFile !== undefined) {
      writeFileSync(config.jsonFile, JSON.stringify({
        tool: 'spanker-plan',
        model, format: first.format, card, parameters: first.parameters, weightBytes: first.weightBytes,
        topology: { kind: network.kind, preset: network.preset.name, argument: config.topologyText, link: config.linkText },
        batch: first.batch, context: first.context, prompt: first.prompt, activations: first.activations, kvCache: first.kvCache,
        rankBy: first.rankBy, rate: config.rate ?? null,
        plans: plans.map((plan) => ({ cards: plan.cards, best: plan.best?.name ?? null, strategies: plan.strategies })),
        assumptions: first.assumptions,
      }, null, 2));
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`spanker-plan: ${error.message}\n`);
      if (error.showUsage) io.stderr.write(`\n${USAGE}`);
      return 2;
    }
    if (error instanceof SpankerError) {
      io.stderr.write(`spanker-plan: ${error.message}\n`);
      return error.code === 'INVALID_ARGUMENT' ? 2 : 1;
    }
    throw error;
  }
}

/** The best strategy of a plan in one line, or why nothing fits. */
function summaryOf(plan: InferencePlan): string {
  const best = plan.best;
  if (best === undefined) {
    const closest = plan.strategies[0];
    return closest?.possible ? `nothing fits (${closest.name}: ${closest.why})` : 'nothing is possible';
  }
  const d = best.decode!;
  return `${best.name.padEnd(14)}${d.tokensPerSecond.toFixed(2).padStart(9)} tok/s${(d.secondsPerToken * 1e3).toFixed(2).padStart(10)} ms/token`
    + `${formatGiB(best.memory!.totalBytes).padStart(11)} per card   busiest link ${best.linkLoad!.busiestLinkMBps.toFixed(2)} MB/s`;
}

const cardsText = (n: number) => `${n} card${n === 1 ? '' : 's'}`;

/** A built-in model, or a JSON model file validated with its errors named by file and JSON path. */
function loadModel(text: string): ModelDescription {
  if (!text.endsWith('.json')) return builtInModel(text);
  let spec: unknown;
  try {
    spec = JSON.parse(readFileSync(text, 'utf8'));
  } catch (error) {
    throw new UsageError(`--model ${text}: ${(error as Error).message}`);
  }
  try {
    return modelFromJSON(spec);
  } catch (error) {
    if (error instanceof SpankerError) throw new UsageError(`--model ${text}: ${error.message}`);
    throw error;
  }
}

/** The topology for `cards` cards (0: what a torus or JSON topology fixes), built as spanker-perf builds it. */
async function topologyFor(config: PlanConfig, cards: number): Promise<Topology> {
  const fixedShape = config.topology.kind === 'torus2d' || config.topology.kind === 'json';
  const perfConfig = parsePerfArgs(['--topology', config.topologyText, '--link', config.linkText, ...(fixedShape ? [] : ['-g', String(cards)])]);
  const topology = await buildTopology(perfConfig);
  if (fixedShape && config.cards !== undefined && config.cards !== topology.nSails) {
    throw new UsageError(`--cards ${config.cards} does not match --topology ${config.topologyText} (${topology.nSails} cards)`);
  }
  return topology;
}
