/**
 * What `planInference` returns: per strategy, the memory of the fullest
 * card, decode and prefill time split into their parts, the collectives per
 * step and the link load, and a verdict — ranked, best first.
 *
 * Units: bytes, seconds, tokens per second; link loads in MB/s with MB = 1e6 B
 * (nccl-tests' convention for GB).
 */
import type { InferenceCard } from './inference-card.js';
import type { ModelDescription } from './model.js';
import type { CardMemory } from './stage-work.js';
import type { WeightFormat } from './weight-format.js';

/** What limits a phase: DDR reads, the matmul engine, or the links. */
export type Bound = 'ddr' | 'compute' | 'link';

/** How a strategy compares: the best, a slower one, one whose cards overflow, one that cannot split this model. */
export type Verdict = 'best' | 'slower' | 'does not fit' | 'not possible';

/** The memory of one card of one stage. */
export interface StageMemory extends CardMemory {
  /** Stage index. */
  readonly stage: number;
  /** Layers of the stage. */
  readonly layers: number;
  /** Its cards. */
  readonly cards: readonly number[];
}

/** The fullest card, and whether every card fits. */
export interface MemoryFit extends CardMemory {
  /** The card's capacity, bytes. */
  readonly capacityBytes: number;
  /** True when every card's total fits its capacity. */
  readonly fits: boolean;
  /** totalBytes − capacityBytes when it does not fit, else 0. */
  readonly overflowBytes: number;
  /** Every stage's card. */
  readonly perStage: readonly StageMemory[];
}

/** One phase (a decode step, or the prefill), its wall time and its parts summed along the critical path. */
export interface PhaseTime {
  /** Wall time, seconds. Parts do not add up to it: DDR reads and compute overlap (the larger counts). */
  readonly seconds: number;
  /** Reading weights from DDR. */
  readonly weightReadSeconds: number;
  /** Reading (and writing) the KV cache. */
  readonly kvReadSeconds: number;
  /** The matmul engine at its rate. */
  readonly computeSeconds: number;
  /** Tensor-parallel collectives (AllReduces, the next-token AllGather). */
  readonly collectiveSeconds: number;
  /** Pipeline hand-offs between stages. */
  readonly transferSeconds: number;
  /** The largest of: DDR reads (weights + KV), compute, links (collectives + transfers). */
  readonly bound: Bound;
}

/** One decode step: every stream advances one token. */
export interface DecodeTime extends PhaseTime {
  /** Time per output token of one stream (TPOT) = `seconds`. */
  readonly secondsPerToken: number;
  /** Aggregate: batch / seconds. */
  readonly tokensPerSecond: number;
  /** One stream: 1 / seconds. */
  readonly tokensPerSecondPerStream: number;
  /** Micro-batches in flight in the pipeline. */
  readonly microBatches: number;
  /** What sets the step: one micro-batch's trip through every stage, or the busiest stage's share of all micro-batches. */
  readonly limitedBy: 'roundTrip' | 'busiestStage';
}

/** Collectives and sends of one decode step, and the AllReduce as priced. */
export interface CollectiveCounts {
  /**
   * AllReduces in one decode step, summed over every stage's tensor-parallel
   * group: micro-batches × 2 (attention and MLP output) × the model's
   * layers; 0 without tensor parallelism.
   */
  readonly allReducesPerStep: number;
  /** AllGathers in one decode step: one next-token exchange per micro-batch (8 B per stream per card); 0 without tensor parallelism. */
  readonly allGathersPerStep: number;
  /**
   * Point-to-point sends in one decode step: per micro-batch, p − 1
   * activation hand-offs between stages and one message of token ids back
   * to the first stage (micro-batches × p); 0 with one stage.
   */
  readonly sendsPerStep: number;
  /** Bytes of one decode AllReduce (S: rows × hidden × activation bytes), 0 without tensor parallelism. */
  readonly allReduceBytes: number;
  /** Seconds of one decode AllReduce on the first stage's group. */
  readonly allReduceSeconds: number;
  /** The algorithm `auto` chose for it. */
  readonly allReduceAlgorithm: string | undefined;
}

/** Link traffic of decoding at a token rate. */
export interface LinkLoad {
  /** The aggregate token rate the loads are computed at (the plan's, or the one requested). */
  readonly tokensPerSecond: number;
  /** nccl-tests' S summed over every collective and send, per token: the data the algorithm has to move, whatever the algorithm. */
  readonly payloadBytesPerToken: number;
  /** Bytes on all links per token (a message crossing two links counts twice). */
  readonly linkBytesPerToken: number;
  /** Bytes on the busiest directed link per token. */
  readonly busiestLinkBytesPerToken: number;
  /** The busiest directed link, when link bytes are known (undefined when no link carries anything). */
  readonly busiestLink: {
    /** Node id the link leaves: a card (0 … cards − 1) or a switch (ids from `cards` up). */
    readonly from: number;
    /** Node id the link enters: a card (0 … cards − 1) or a switch (ids from `cards` up). */
    readonly to: number;
  } | undefined;
  /** payloadBytesPerToken × rate, MB/s. */
  readonly payloadMBps: number;
  /** linkBytesPerToken × rate, MB/s. */
  readonly totalMBps: number;
  /** totalMBps / cards: what one card sends on average, MB/s. */
  readonly perCardMBps: number;
  /** busiestLinkBytesPerToken × rate, MB/s. */
  readonly busiestLinkMBps: number;
  /** False when a collective was priced by closed form: per-link bytes unknown, totals from nccl-tests' bus factors. */
  readonly exact: boolean;
}

/** The layer-level view of the first stage (for comparing with `pickStrategy` tile by tile). */
export interface LayerCost {
  /** Weight bytes of one layer on one card. */
  readonly weightBytesPerCard: number;
  /** weightBytesPerCard / DDR bandwidth. */
  readonly weightReadSeconds: number;
  /** AllReduces per layer (2 with tensor parallelism, else 0). */
  readonly allReducesPerLayer: number;
}

/** One strategy: t-way tensor parallelism inside each of p pipeline stages. */
export interface StrategyPlan {
  /** "single card", "TP 4", "PP 4", "TP 2 × PP 2". */
  readonly name: string;
  /** Tensor-parallel degree t: cards per stage that split every layer (Megatron-style); 1 = no tensor parallelism. */
  readonly tensorParallel: number;
  /** Pipeline stages p: contiguous runs of layers, stage s on cards s·t … s·t + t − 1; 1 = no pipeline. */
  readonly pipelineParallel: number;
  /** Cards used: t · p. */
  readonly cards: number;
  /** Whether the model can be split this way at all. */
  readonly possible: boolean;
  /** Why not, when not possible. */
  readonly obstacle?: string;
  /** Whether every card's memory fits (false when not possible). */
  readonly fits: boolean;
  /** What overflows, in words, when it does not fit. */
  readonly overflow?: string;
  /** Memory of the fullest card against its capacity, bytes, with every stage's card (absent when not possible). */
  readonly memory?: MemoryFit;
  /** One decode step: seconds, tokens per second and what bounds it (absent when not possible). */
  readonly decode?: DecodeTime;
  /** Prefill of every stream's prompt: the time to first token (TTFT). */
  readonly prefill?: PhaseTime;
  /** Collectives and sends per decode step, and one decode AllReduce as priced (absent when not possible). */
  readonly collectives?: CollectiveCounts;
  /** Link traffic of decoding, bytes per token and MB/s at the plan's token rate or the requested one (absent when not possible). */
  readonly linkLoad?: LinkLoad;
  /** One layer of the first stage on one card: weight bytes, their DDR read time, AllReduces (absent when not possible). */
  readonly layer?: LayerCost;
  /** Loading the fullest card's weights over its host link, seconds. */
  readonly loadSeconds?: number;
  /** 1 = best. */
  readonly rank: number;
  /** 'best' for rank 1 when it fits, else 'slower', 'does not fit' or 'not possible' (`why` says why). */
  readonly verdict: Verdict;
  /** One line: why it is not the best (or what makes it the best). */
  readonly why: string;
}

/** A plan: the inputs as resolved, and every strategy ranked. */
export interface InferencePlan {
  /** The model planned: a built-in one (MODELS) or the description given, validated. */
  readonly model: ModelDescription;
  /** Weight format every card stores the weights in (request's `format`, default 'q4_k'). */
  readonly format: WeightFormat;
  /** The card every strategy is priced on: the preset with any overrides applied (default 'rev-a'). */
  readonly card: InferenceCard;
  /** Cards of the topology. */
  readonly cards: number;
  /** Streams decoded together (default 1). */
  readonly batch: number;
  /** Tokens of KV cache per stream; decode is priced at the last of them (default 2048). */
  readonly context: number;
  /** Prompt tokens per stream, prefilled before decoding (default min(128, context); 0 = no prefill). */
  readonly prompt: number;
  /** Element type of the activations the collectives and sends carry. */
  readonly activations: 'f32' | 'f16';
  /** Element type of the KV cache. */
  readonly kvCache: 'f32' | 'f16';
  /** What ranks the strategies: aggregate tokens per second ('throughput', default) or seconds per output token ('latency'). */
  readonly rankBy: 'throughput' | 'latency';
  /** Parameters of the model (counted from its shapes). */
  readonly parameters: number;
  /** Bytes of all its weights in the format. */
  readonly weightBytes: number;
  /** Ranked: fitting strategies first (by `rankBy`), then those that do not fit, then those not possible. */
  readonly strategies: readonly StrategyPlan[];
  /** The first strategy, when it fits. */
  readonly best: StrategyPlan | undefined;
  /** The modelling assumptions, in words. */
  readonly assumptions: readonly string[];
}
