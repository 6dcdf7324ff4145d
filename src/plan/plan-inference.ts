/**
 * planInference: which parallelism runs a model on a topology of cards, at
 * how many tokens per second, in how much memory per card, and how busy the
 * links are — the question Spanker's hardware and software people ask
 * (issue 12).
 *
 * A fast analytical model plus an exhaustive search over strategies, with
 * memory fit as a hard constraint (Calculon's lesson, PLANNER.md). For every
 * split of the cards into p pipeline stages of t tensor-parallel cards:
 * - memory per card: weights, the KV cache at the full context, activations
 *   (src/plan/stage-work.ts); a strategy that does not fit is kept, with
 *   what overflows;
 * - decode (time per output token, tokens/s) and prefill (time to first
 *   token), each stage priced as a roofline — max(DDR bytes / DDR bandwidth,
 *   FLOPs / matmul rate) — plus its collectives, which are priced by
 *   `topology.estimate` on the real links: per layer the two Megatron
 *   AllReduces of the layer output within the stage's group
 *   (src/plan/layer-shard.ts), the next-token AllGather, and the pipeline's
 *   hand-offs as one-message sends (Topology.estimateSend, src/sim/point-to-point.ts);
 * - pipeline throughput with micro-batches: m = min(batch, p) micro-batches
 *   in flight, a step taking max(one micro-batch's round trip, m × the
 *   busiest stage);
 * - link traffic at the plan's token rate (or a requested one).
 * Strategies are ranked by aggregate tokens/s, or by latency on request.
 */
import { invalidArgumentError } from '../errors.js';
import { expectRecord, integerInRange, positiveFinite, rejectUnknownKeys } from '../network/validate.js';
import { Topology } from '../topology.js';
import { CollectivePrices, type CollectivePrice } from './collective-prices.js';
import type {
  Bound, CollectiveCounts, DecodeTime, InferencePlan, LinkLoad, MemoryFit, PhaseTime, StageMemory, StrategyPlan, Verdict,
} from './inference-plan.js';
import { resolveInferenceCard, type CardPresetName, type InferenceCard, type InferenceCardInput } from './inference-card.js';
import { checkFormatFits, layerShard, tensorParallelObstacle } from './layer-shard.js';
import { modelWeightBytes, parameterCount, type ModelDescription } from './model.js';
import { modelFromJSON } from './model-from-json.js';
import { builtInModel, type ModelName } from './models.js';
import {
  decodeWork, pipelineStages, prefillChunks, prefillWork, stageMemory, TOKEN_CANDIDATE_BYTES, TOKEN_ID_BYTES,
  type PipelineStage, type StageContext, type StageWork,
} from './stage-work.js';
import { resolveWeightFormat, type WeightFormat } from './weight-format.js';

/** One strategy to price: t-way tensor parallelism in each of p pipeline stages. */
export interface StrategyRequest {
  /** Tensor-parallel degree t (must divide the attention heads to be possible). */
  readonly tensorParallel: number;
  /** Pipeline stages p. */
  readonly pipelineParallel: number;
  /** Micro-batches in flight (1 … batch); default min(batch, p). */
  readonly microBatches?: number;
}

/** What to plan. */
export interface PlanInferenceRequest {
  /** A built-in model name (`tinyllama-1.1b`, `llama-2-7b`, `llama-2-13b`, `llama-2-70b`) or a description (validated as the JSON format). */
  readonly model: ModelName | ModelDescription;
  /** The cards and links; strategies use its cards 0, 1, … in order. */
  readonly topology: Topology;
  /** Streams decoded together (default 1). */
  readonly batch?: number;
  /** Tokens of KV cache per stream; decode is priced at the last of them (default 2048). */
  readonly context?: number;
  /** Prompt tokens per stream, prefilled before decoding (default 128; at most `context`). */
  readonly prompt?: number;
  /** Weight format (default 'q4_k'). */
  readonly format?: WeightFormat;
  /** Card preset or overrides (default 'rev-a'). */
  readonly card?: CardPresetName | InferenceCardInput;
  /** Element type of the activations collectives and sends carry (default 'f32': the card's matmul outputs f32). */
  readonly activations?: 'f32' | 'f16';
  /** Element type of the KV cache (default 'f16', as llama.cpp stores it). */
  readonly kvCache?: 'f32' | 'f16';
  /** Strategies to price (t · p ≤ cards); default every t × p = cards. */
  readonly strategies?: readonly StrategyRequest[];
  /** Rank by aggregate tokens/s (default) or by time per output token. */
  readonly rankBy?: 'throughput' | 'latency';
  /** Report link loads at this aggregate token rate instead of each strategy's own. */
  readonly linkLoadTokensPerSecond?: number;
}

const REQUEST_KEYS = [
  'model', 'topology', 'batch', 'context', 'prompt', 'format', 'card', 'activations', 'kvCache', 'strategies', 'rankBy',
  'linkLoadTokensPerSecond',
] as const;
const STRATEGY_KEYS = ['tensorParallel', 'pipelineParallel', 'microBatches'] as const;
const ELEMENT_BYTES = { f32: 4, f16: 2 } as const;

/** The modelling assumptions every plan states. */
export const PLAN_ASSUMPTIONS: readonly string[] = Object.freeze([
  'Each stage is a roofline: max(DDR bytes / DDR bandwidth, FLOPs / matmul rate) — reads and arithmetic overlap; collectives and sends do not overlap them.',
  'Decode is priced at the last position of a full context: every step reads all of a card\'s weights (but only one embedding row per stream) and its whole KV cache.',
  'Tensor parallelism is Megatron\'s: per layer, an AllReduce of the attention output and one of the MLP output (rows × hidden × activation bytes each); the output head is split by vocabulary and the next token is picked from each card\'s best candidate (an AllGather of 8 B per stream per card; sampling from full logits would gather rows × vocab × 4 B).',
  'KV heads are split across the TP cards where they divide, and replicated (and counted) on every card whose query heads use them where they do not.',
  'Q4_K rows split across cards in whole 256-weight blocks: ⌈blocks / t⌉ per card; a block straddling two cards\' heads is held by both.',
  'Pipeline stages are contiguous runs of layers (the first stages take the extra layers); each hand-off is one message of rows × hidden × activation bytes to the next stage\'s first card, and the token ids (4 B per stream) go back to the first stage. min(batch, p) micro-batches are in flight; a step takes max(one micro-batch\'s round trip, micro-batches × the busiest stage).',
  'Prefill runs in chunks of 512 positions per stream (llama.cpp\'s default micro-batch), each re-reading the weights; pipeline stages work on consecutive chunks at once.',
  'Collectives are priced by topology.estimate on the real links, each group alone: the groups of a hybrid do not contend for shared links.',
  'Activation memory is an estimate: f32 residual, normed input, gate and up outputs, attention scores and logits of the largest pass.',
  'Weights load over each card\'s own host link.',
]);

/** Plan a model on a topology: every strategy priced and ranked (see the module comment). */
export async function planInference(request: PlanInferenceRequest): Promise<InferencePlan> {
  const inputs = resolveRequest(request);
  const prices = new CollectivePrices(inputs.topology);
  const plans: UnrankedPlan[] = [];
  // One strategy at a time: estimates are synchronous, and the order keeps results deterministic.
  for (const strategy of inputs.strategies) plans.push(await planStrategy(inputs, prices, strategy));
  const strategies = rank(plans, inputs.rankBy);
  const best = strategies[0]?.verdict === 'best' ? strategies[0] : undefined;
  return Object.freeze({
    model: inputs.model,
    format: inputs.format,
    card: inputs.card,
    cards: inputs.topology.nSails,
    batch: inputs.batch,
    context: inputs.context,
    prompt: inputs.prompt,
    activations: inputs.activations,
    kvCache: inputs.kvCache,
    rankBy: inputs.rankBy,
    parameters: parameterCount(inputs.model),
    weightBytes: modelWeightBytes(inputs.model, inputs.format),
    strategies: Object.freeze(strategies),
    best,
    assumptions: PLAN_ASSUMPTIONS,
  });
}

interface ResolvedRequest {
  readonly model: ModelDescription;
  readonly topology: Topology;
  readonly batch: number;
  readonly context: number;
  readonly prompt: number;
  readonly format: WeightFormat;
  readonly card: InferenceCard;
  readonly activations: 'f32' | 'f16';
  readonly kvCache: 'f32' | 'f16';
  readonly strategies: readonly Required<StrategyRequest>[];
  readonly rankBy: 'throughput' | 'latency';
  readonly linkLoadTokensPerSecond: number | undefined;
}

function resolveRequest(request: PlanInferenceRequest): ResolvedRequest {
  const root = expectRecord(request, 'request', 'a plan request ({ model, topology, batch?, context?, prompt?, … })');
  rejectUnknownKeys(root, REQUEST_KEYS, 'request');
  if (root['model'] === undefined) throw invalidArgumentError('model', 'missing: a built-in model name or a model description');
  const model = typeof root['model'] === 'string' ? builtInModel(root['model'], 'model') : modelFromJSON(root['model'], 'model');
  const topology = root['topology'];
  if (!(topology instanceof Topology)) throw invalidArgumentError('topology', 'expected a Topology (Topology.ring(8), Topology.fromJSON(…), …)');
  const batch = root['batch'] === undefined ? 1 : integerInRange(root['batch'], 1, 65536, 'batch', 'a stream count');
  const context = root['context'] === undefined ? 2048 : integerInRange(root['context'], 1, 2 ** 24, 'context', 'a context length in tokens');
  const prompt = root['prompt'] === undefined ? Math.min(128, context) : integerInRange(root['prompt'], 0, context, 'prompt', `a prompt length in tokens, at most the context (${context})`);
  const format = resolveWeightFormat(root['format'] ?? 'q4_k');
  checkFormatFits(model, format);
  const card = resolveInferenceCard(root['card'] as CardPresetName | InferenceCardInput | undefined);
  const activations = elementType(root['activations'] ?? 'f32', 'activations');
  const kvCache = elementType(root['kvCache'] ?? 'f16', 'kvCache');
  const rankBy = root['rankBy'] ?? 'throughput';
  if (rankBy !== 'throughput' && rankBy !== 'latency') throw invalidArgumentError('rankBy', `expected 'throughput' or 'latency', got ${JSON.stringify(rankBy)}`, String(rankBy));
  const rate = root['linkLoadTokensPerSecond'] === undefined ? undefined : positiveFinite(root['linkLoadTokensPerSecond'], 'linkLoadTokensPerSecond', 'tokens per second');
  return {
    model, topology, batch, context, prompt, format, card, activations, kvCache, rankBy, linkLoadTokensPerSecond: rate,
    strategies: resolveStrategies(root['strategies'], topology.nSails, batch),
  };
}

function elementType(value: unknown, argument: string): 'f32' | 'f16' {
  if (value === 'f32' || value === 'f16') return value;
  throw invalidArgumentError(argument, `expected 'f32' or 'f16', got ${JSON.stringify(value)}`, String(value));
}

/** The requested strategies, or every t × p = cards (t ascending). */
function resolveStrategies(value: unknown, cards: number, batch: number): Required<StrategyRequest>[] {
  if (value === undefined) {
    const all: Required<StrategyRequest>[] = [];
    for (let t = 1; t <= cards; t++) {
      if (cards % t === 0) all.push({ tensorParallel: t, pipelineParallel: cards / t, microBatches: Math.min(batch, cards / t) });
    }
    return all;
  }
  if (!Array.isArray(value) || value.length === 0) throw invalidArgumentError('strategies', 'expected a non-empty array of { tensorParallel, pipelineParallel, microBatches? }');
  return Array.from(value as unknown[]).map((entry, i) => {
    const path = `strategies[${i}]`;
    const record = expectRecord(entry, path, 'a strategy ({ tensorParallel, pipelineParallel, microBatches? })');
    rejectUnknownKeys(record, STRATEGY_KEYS, path);
    const t = integerInRange(record['tensorParallel'], 1, cards, `${path}.tensorParallel`, 'a tensor-parallel degree');
    const p = integerInRange(record['pipelineParallel'], 1, cards, `${path}.pipelineParallel`, 'a pipeline degree');
    if (t * p > cards) throw invalidArgumentError(path, `TP ${t} × PP ${p} needs ${t * p} cards; the topology has ${cards}`, t * p);
    const m = record['microBatches'] === undefined ? Math.min(batch, p) : integerInRange(record['microBatches'], 1, batch, `${path}.microBatches`, `a micro-batch count (1..batch = ${batch})`);
    return { tensorParallel: t, pipelineParallel: p, microBatches: m };
  });
}

/** A strategy's name as tables print it. */
export function strategyName(t: number, p: number): string {
  if (t === 1 && p === 1) return 'single card';
  if (p === 1) return `TP ${t}`;
  if (t === 1) return `PP ${p}`;
  return `TP ${t} × PP ${p}`;
}

type UnrankedPlan = Omit<StrategyPlan, 'rank' | 'verdict' | 'why'>;

/** Seconds and link bytes of one stage's pass, with its parts. */
interface StagePass {
  readonly seconds: number;
  readonly weightReadSeconds: number;
  readonly kvReadSeconds: number;
  readonly computeSeconds: number;
  readonly collectiveSeconds: number;
  readonly transferSeconds: number;
  /** Per-link bytes of its collectives (full topology's link ids). */
  readonly linkBytes: Float64Array;
  /** nccl-tests' S summed over its collectives. */
  readonly payloadBytes: number;
  readonly exact: boolean;
}

/** A whole number of f32 elements: estimate() sizes are counted in them (a few bytes of padding at most). */
const padTo4 = (bytes: number) => Math.ceil(bytes / 4) * 4;

async function planStrategy(inputs: ResolvedRequest, prices: CollectivePrices, strategy: Required<StrategyRequest>): Promise<UnrankedPlan> {
  const { model, format, card, topology, batch, activations } = inputs;
  const t = strategy.tensorParallel;
  const p = strategy.pipelineParallel;
  const base = { name: strategyName(t, p), tensorParallel: t, pipelineParallel: p, cards: t * p };
  const obstacle = tensorParallelObstacle(model, t) ?? (p > model.layers ? `PP ${p} has more stages than the ${model.layers} layers` : undefined);
  if (obstacle !== undefined) return { ...base, possible: false, obstacle, fits: false };

  const shard = layerShard(model, format, t);
  const stages = pipelineStages(model.layers, t, p);
  const ctx: StageContext = { model, format, shard, batch, context: inputs.context, prompt: inputs.prompt, kvBytes: ELEMENT_BYTES[inputs.kvCache] };
  const memory = memoryFit(ctx, stages, card);
  const linkCount = topology.links.length;
  const actBytes = ELEMENT_BYTES[activations];

  /** One stage's pass: roofline over its work, plus its collectives (rows: activation rows all-reduced). */
  const stagePass = async (stage: PipelineStage, work: StageWork, rows: number): Promise<StagePass> => {
    const linkBytes = new Float64Array(linkCount);
    let collectiveSeconds = 0;
    let payloadBytes = 0;
    let exact = true;
    const add = (price: CollectivePrice, times: number, bytes: number) => {
      collectiveSeconds += times * price.seconds;
      payloadBytes += times * bytes;
      exact &&= price.exact;
      price.linkBytes.forEach((b, link) => { linkBytes[link]! += times * b; });
    };
    if (t > 1) {
      const arBytes = padTo4(rows * model.hidden * actBytes);
      add(await prices.allReduce(stage.cards, arBytes), 2 * stage.layers, arBytes);
      if (work.headRows > 0) {
        const agBytes = t * TOKEN_CANDIDATE_BYTES * work.headRows;
        add(await prices.allGather(stage.cards, agBytes), 1, agBytes);
      }
    }
    const weightReadSeconds = work.weightBytes / card.ddrBandwidth;
    const kvReadSeconds = work.kvBytes / card.ddrBandwidth;
    const computeSeconds = work.flops / card.matmulFlops;
    const seconds = Math.max(weightReadSeconds + kvReadSeconds, computeSeconds) + collectiveSeconds;
    return { seconds, weightReadSeconds, kvReadSeconds, computeSeconds, collectiveSeconds, transferSeconds: 0, linkBytes, payloadBytes, exact };
  };

  /** The hand-offs after every stage but the last (activations of `rows` rows), and the token ids back to the first stage. */
  const handOffs = async (rows: number, tokenRows: number): Promise<StagePass[]> => {
    const passes: StagePass[] = [];
    const send = async (from: number, to: number, bytes: number) => {
      const price = await prices.send(from, to, bytes);
      passes.push({
        seconds: price.seconds, weightReadSeconds: 0, kvReadSeconds: 0, computeSeconds: 0, collectiveSeconds: 0, transferSeconds: price.seconds,
        linkBytes: Float64Array.from(price.linkBytes), payloadBytes: bytes, exact: price.exact,
      });
    };
    for (let s = 0; s + 1 < stages.length; s++) {
      await send(stages[s]!.cards[t - 1]!, stages[s + 1]!.cards[0]!, padTo4(rows * model.hidden * actBytes));
    }
    if (p > 1 && tokenRows > 0) await send(stages[p - 1]!.cards[0]!, stages[0]!.cards[0]!, TOKEN_ID_BYTES * tokenRows);
    return passes;
  };

  // Decode: m micro-batches of ⌈batch / m⌉ streams (when m does not divide the batch, every micro-batch is
  // priced as the largest: its time sets the pace, and its link bytes are counted for each, a slight over-count).
  const m = strategy.microBatches;
  const rows = Math.ceil(batch / m);
  const decodePasses = await Promise.all(stages.map((stage) => stagePass(stage, decodeWork(ctx, stage, rows), rows)));
  const decodeSends = await handOffs(rows, rows);
  const roundTrip = sum([...decodePasses, ...decodeSends].map((x) => x.seconds));
  const busiest = decodePasses.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const occupancy = m * busiest.seconds;
  const limitedBy = roundTrip >= occupancy ? 'roundTrip' : 'busiestStage';
  const decodeParts = limitedBy === 'roundTrip' ? addParts([...decodePasses, ...decodeSends], 1) : addParts([busiest], m);
  const stepSeconds = Math.max(roundTrip, occupancy);
  const decode: DecodeTime = {
    ...phase(stepSeconds, decodeParts),
    secondsPerToken: stepSeconds,
    tokensPerSecond: batch / stepSeconds,
    tokensPerSecondPerStream: 1 / stepSeconds,
    microBatches: m,
    limitedBy,
  };

  // Link traffic of one decode step: every micro-batch's collectives and sends.
  const stepLinkBytes = new Float64Array(linkCount);
  let stepPayload = 0;
  let exact = true;
  for (const pass of [...decodePasses, ...decodeSends]) {
    pass.linkBytes.forEach((b, link) => { stepLinkBytes[link]! += m * b; });
    stepPayload += m * pass.payloadBytes;
    exact &&= pass.exact;
  }
  const linkLoad = linkLoadAt(inputs.linkLoadTokensPerSecond ?? decode.tokensPerSecond, stepLinkBytes, stepPayload / batch, batch, t * p, exact, topology);

  // Prefill: chunks flow through the stages; the last chunk drains the pipeline.
  const { chunks, positions } = prefillChunks(inputs.prompt);
  let prefill: PhaseTime | undefined;
  if (chunks > 0) {
    let seconds = 0;
    let parts = addParts([], 1);
    for (let j = 0; j < chunks; j++) {
      const chunkRows = batch * (Math.min(inputs.prompt, (j + 1) * positions) - j * positions);
      const passes = await Promise.all(stages.map((stage) => stagePass(stage, prefillWork(ctx, stage, j), chunkRows)));
      const slowest = passes.reduce((a, b) => (b.seconds > a.seconds ? b : a));
      if (j < chunks - 1) {
        seconds += slowest.seconds;
        parts = addParts([parts, slowest], 1);
      } else {
        const sends = await handOffs(chunkRows, batch);
        seconds += sum([...passes, ...sends].map((x) => x.seconds));
        parts = addParts([parts, ...passes, ...sends], 1);
      }
    }
    prefill = phase(seconds, parts);
  }

  const arBytes = t > 1 ? padTo4(rows * model.hidden * actBytes) : 0;
  const ar = t > 1 ? await prices.allReduce(stages[0]!.cards, arBytes) : undefined;
  const collectives: CollectiveCounts = {
    allReducesPerStep: t > 1 ? m * 2 * model.layers : 0,
    allGathersPerStep: t > 1 ? m : 0,
    sendsPerStep: p > 1 ? m * p : 0,
    allReduceBytes: arBytes,
    allReduceSeconds: ar?.seconds ?? 0,
    allReduceAlgorithm: ar?.algorithm,
  };
  const overflow = memory.fits ? undefined : overflowText(memory);
  return {
    ...base,
    possible: true,
    fits: memory.fits,
    ...(overflow !== undefined ? { overflow } : {}),
    memory,
    decode,
    ...(prefill !== undefined ? { prefill } : {}),
    collectives,
    linkLoad,
    layer: { weightBytesPerCard: shard.weightBytes, weightReadSeconds: shard.weightBytes / card.ddrBandwidth, allReducesPerLayer: t > 1 ? 2 : 0 },
    loadSeconds: Math.max(...memory.perStage.map((s) => s.weightBytes)) / card.hostBandwidth,
  };
}

function memoryFit(ctx: StageContext, stages: readonly PipelineStage[], card: InferenceCard): MemoryFit {
  const perStage: StageMemory[] = stages.map((stage) => ({ stage: stage.index, layers: stage.layers, cards: stage.cards, ...stageMemory(ctx, stage) }));
  const fullest = perStage.reduce((a, b) => (b.totalBytes > a.totalBytes ? b : a));
  const fits = fullest.totalBytes <= card.memoryBytes;
  return {
    weightBytes: fullest.weightBytes,
    kvCacheBytes: fullest.kvCacheBytes,
    activationBytes: fullest.activationBytes,
    totalBytes: fullest.totalBytes,
    capacityBytes: card.memoryBytes,
    fits,
    overflowBytes: fits ? 0 : fullest.totalBytes - card.memoryBytes,
    perStage: Object.freeze(perStage),
  };
}

/** GiB with two decimals: card memories are binary. */
export function formatGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

function overflowText(memory: MemoryFit): string {
  const fullest = memory.perStage.find((s) => s.totalBytes === memory.totalBytes)!;
  const where = memory.perStage.length > 1 ? `a card of stage ${fullest.stage}` : 'each card';
  return `${where} needs ${formatGiB(memory.totalBytes)} of ${formatGiB(memory.capacityBytes)} ` +
    `(weights ${formatGiB(memory.weightBytes)}, KV cache ${formatGiB(memory.kvCacheBytes)}, activations ${formatGiB(memory.activationBytes)}): ` +
    `${formatGiB(memory.overflowBytes)} over`;
}

type Parts = Omit<StagePass, 'seconds' | 'linkBytes' | 'payloadBytes' | 'exact'>;

function addParts(passes: readonly Parts[], times: number): Parts {
  const total = { weightReadSeconds: 0, kvReadSeconds: 0, computeSeconds: 0, collectiveSeconds: 0, transferSeconds: 0 };
  for (const x of passes) {
    total.weightReadSeconds += times * x.weightReadSeconds;
    total.kvReadSeconds += times * x.kvReadSeconds;
    total.computeSeconds += times * x.computeSeconds;
    total.collectiveSeconds += times * x.collectiveSeconds;
    total.transferSeconds += times * x.transferSeconds;
  }
  return total;
}

function phase(seconds: number, parts: Parts): PhaseTime {
  const ddr = parts.weightReadSeconds + parts.kvReadSeconds;
  const link = parts.collectiveSeconds + parts.transferSeconds;
  const bound: Bound = link > ddr && link > parts.computeSeconds ? 'link' : parts.computeSeconds > ddr ? 'compute' : 'ddr';
  return { seconds, ...parts, bound };
}

function linkLoadAt(rate: number, stepLinkBytes: Float64Array, payloadBytesPerToken: number, batch: number, cards: number, exact: boolean, topology: Topology): LinkLoad {
  let busiest = -1;
  stepLinkBytes.forEach((b, link) => { if (b > 0 && (busiest < 0 || b > stepLinkBytes[busiest]!)) busiest = link; });
  const linkBytesPerToken = sum(Array.from(stepLinkBytes)) / batch;
  const busiestLinkBytesPerToken = busiest < 0 ? 0 : stepLinkBytes[busiest]! / batch;
  const link = busiest < 0 ? undefined : topology.links[busiest]!;
  return {
    tokensPerSecond: rate,
    payloadBytesPerToken,
    linkBytesPerToken,
    busiestLinkBytesPerToken,
    busiestLink: link === undefined ? undefined : { from: link.localSail, to: link.remoteSail },
    payloadMBps: (payloadBytesPerToken * rate) / 1e6,
    totalMBps: (linkBytesPerToken * rate) / 1e6,
    perCardMBps: (linkBytesPerToken * rate) / 1e6 / cards,
    busiestLinkMBps: (busiestLinkBytesPerToken * rate) / 1e6,
    exact,
  };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Fitting strategies by the ranking key, then those that do not fit, then those not possible; verdicts and reasons. */
function rank(plans: readonly UnrankedPlan[], rankBy: 'throughput' | 'latency'): StrategyPlan[] {
  const key = (x: UnrankedPlan) => (rankBy === 'throughput' ? -x.decode!.tokensPerSecond : x.decode!.secondsPerToken);
  const group = (x: UnrankedPlan) => (!x.possible ? 2 : x.fits ? 0 : 1);
  // Stable sort: equal keys keep the enumeration order (fewer TP cards first).
  const sorted = [...plans].sort((a, b) => group(a) - group(b) || (group(a) === 2 ? 0 : key(a) - key(b)));
  const best = sorted[0] !== undefined && group(sorted[0]) === 0 ? sorted[0] : undefined;
  return sorted.map((x, i) => {
    let verdict: Verdict;
    let why: string;
    if (!x.possible) {
      verdict = 'not possible';
      why = x.obstacle!;
    } else if (!x.fits) {
      verdict = 'does not fit';
      why = x.overflow!;
    } else if (x === best) {
      verdict = 'best';
      why = `best: ${boundText(x.decode!)}`;
    } else {
      verdict = 'slower';
      const ratio = rankBy === 'throughput' ? best!.decode!.tokensPerSecond / x.decode!.tokensPerSecond : x.decode!.secondsPerToken / best!.decode!.secondsPerToken;
      why = `${ratio.toFixed(2)}× ${rankBy === 'throughput' ? 'fewer tokens/s' : 'slower per token'} than ${best!.name}: ${boundText(x.decode!)}`;
    }
    return Object.freeze({ ...x, rank: i + 1, verdict, why });
  });
}

function boundText(decode: DecodeTime): string {
  const ms = (s: number) => `${(s * 1e3).toFixed(1)} ms`;
  switch (decode.bound) {
    case 'ddr': return `DDR-bound (${ms(decode.weightReadSeconds + decode.kvReadSeconds)} of weight and KV reads per step)`;
    case 'compute': return `compute-bound (${ms(decode.computeSeconds)} of matmul per step)`;
    case 'link': return `link-bound (${ms(decode.collectiveSeconds + decode.transferSeconds)} of collectives and sends per step)`;
  }
}
