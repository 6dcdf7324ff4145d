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
  readonly allReducesPerStep: number;
  readonly allGathersPerStep: number;
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
  /** The busiest directed link (node ids), when link bytes are known. */
  readonly busiestLink: { readonly from: number; readonly to: number } | undefined;
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
  readonly tensorParallel: number;
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
  readonly memory?: MemoryFit;
  readonly decode?: DecodeTime;
  /** Prefill of every stream's prompt: the time to first token (TTFT). */
  readonly prefill?: PhaseTime;
  readonly collectives?: CollectiveCounts;
  readonly linkLoad?: LinkLoad;
  readonly layer?: LayerCost;
  /** Loading the fullest card's weights over its host link, seconds. */
  readonly loadSeconds?: number;
  /** 1 = best. */
  readonly rank: number;
  readonly verdict: Verdict;
  /** One line: why it is not the best (or what makes it the best). */
  readonly why: string;
}

/** A plan: the inputs as resolved, and every strategy ranked. */
export interface InferencePlan {
  readonly model: ModelDescription;
  readonly format: WeightFormat;
  readonly card: InferenceCard;
  /** Cards of the topology. */
  readonly cards: number;
  readonly batch: number;
  readonly context: number;
  readonly prompt: number;
  /** Element type of the activations the collectives and sends carry. */
  readonly activations: 'f32' | 'f16';
  /** Element type of the KV cache. */
  readonly kvCache: 'f32' | 'f16';
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
