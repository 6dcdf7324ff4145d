/**
 * spanker-scheduler: a topology of Spanker accelerator cards ("Sails"), the
 * collectives that run across them with hot loops in WebAssembly SIMD, and a
 * simulator that prices them on the inter-card links.
 * Public API re-exports only.
 */
export {
  Topology, MAX_SAILS, type TopologyOptions, type AllGatherResult, type RootedOptions, type EstimateRequest,
  type AlgorithmTableRequest,
} from './topology.js';
export { CardBuffers, CARD_STRIDE_ALIGN } from './card-buffers.js';
export type { AllocOptions, AllocInit } from './alloc.js';
export type { CardInput, DTypeOf, DTypeOfArray, PlainArrayFor } from './collectives/operands.js';
export type { CollectiveOptions, EstimateRequestBase, ReducingCollective, RootedCollective } from './collectives/options.js';
/** The largest `pipeline` (sub-chunks per message) and `channels` (rings) a collective or estimate takes. */
export { MAX_CHANNELS, MAX_PIPELINE } from './collectives/options.js';
export { ALGORITHM_NAMES, type AlgorithmChoice, type AlgorithmNameOf } from './schedule/algorithm-names.js';
export { DTYPES, type DType, type TypedArrayFor, type CardArray, type NarrowFloat, type Float16Input } from './dtype.js';
export { floatToBits, bitsToFloat } from './narrow-float.js';
export { REDUCE_OPS, preMulSum, type ReduceOp, type PreMulSum, type Reduction, type ReductionName } from './reduce-op.js';
export {
  CollectiveReport, busBandwidthFactor, type CollectiveName, type Numerics, type TimingMethod, type LinkTraffic,
  type StepTiming, type TransferTiming, type Reroute, type ChromeTrace,
} from './report.js';
export { INTERCARD_LANES, INTERCARD_LANE_WIDTH, INTERCARD_BUS_WIDTH, LinkState, type Link } from './link.js';
export { SpankerError, type SpankerErrorCode, type SpankerErrorDetails, type WaitingCard } from './errors.js';
export { MAX_FAULTS, type FaultSpec, type FaultState, type FaultOptions, type OnFault } from './sim/faults/fault-plan.js';
export type { FaultReport, FaultOutcome, ResentMessage, ReroutedMessage, LinkRef } from './sim/faults/fault-report.js';
export { randomFaults, type RandomFaultOptions, type RandomFaultMix } from './sim/faults/random-faults.js';
export type { EnumerateOptions } from './device/enumerate.js';
export type { SailDevice } from './device/sail-device.js';
export type { DeviceTransport, DeviceWork } from './device/transport.js';
export { hasWasmSimd } from './simd-support.js';
export { KERNEL_MEMORY_LIMIT_BYTES, type KernelChoice, type KernelVariant } from './kernel-runtime.js';
export {
  Network, type TopologyKind, type Dimension, type DimensionKind, type NetworkOptions, type LinkPatch, type NetworkInit,
} from './network/network.js';
export { laneBandwidth, type LinkModel, type LaneLinkSpec, type LineEncoding, type LinkInput, type CardModel } from './network/link-model.js';
export { PRESETS, DEFAULT_PRESET, type Preset, type PresetName } from './network/presets.js';
export type { DimensionSpec } from './network/shapes/multi-dim.js';
export type { TopologySpec, TopologyLinkSpec, CardOverrideSpec } from './network/from-json.js';
export type { SwitchModel, Forwarding } from './network/switch-model.js';
export { COLLECTIVES, Schedule, type CollectiveKind, type TransferView } from './schedule/schedule.js';
export type { AlgorithmCandidate } from './sim/planner.js';
export {
  ALGORITHMS, algorithmsFor, type AlgorithmInfo, type AlgorithmName, type CostParameters, type NaturalTopology, type AlgorithmInput,
  type ScheduleFn, type CostShape,
} from './schedule/registry.js';
export { pickStrategy, type PickStrategyInput, type PickStrategyResult, type TileStrategy } from './plan/pick-strategy.js';
export { planInference, PLAN_ASSUMPTIONS, type PlanInferenceRequest, type StrategyRequest } from './plan/plan-inference.js';
export type {
  InferencePlan, StrategyPlan, MemoryFit, StageMemory, PhaseTime, DecodeTime, CollectiveCounts, LinkLoad, LayerCost, Bound, Verdict,
} from './plan/inference-plan.js';
export type { CardMemory } from './plan/stage-work.js';
export { MODELS, type ModelName } from './plan/models.js';
export { parameterCount, modelWeightBytes, kvCacheBytes, type ModelDescription } from './plan/model.js';
export { modelFromJSON } from './plan/model-from-json.js';
export { WEIGHT_FORMAT_INFO, type WeightFormat, type WeightFormatInfo } from './plan/weight-format.js';
export { CARD_PRESETS, type CardPresetName, type InferenceCard, type InferenceCardInput } from './plan/inference-card.js';
export type { SendReport } from './sim/point-to-point.js';
export {
  TensorParallel, type TensorParallelOptions, type ShardedLayerOptions, type MegatronOptions, type ShardedLayerResult,
} from './sharding/tensor-parallel.js';
export {
  ModelParallel, type ForwardOptions, type PipelineReport, type PipelineStageReport, type PipelineResult,
} from './sharding/model-parallel.js';
export { ShardedLinear, type ParallelSplit } from './sharding/sharded-linear.js';
export { StagedLayers, type PipelineStage, type PlacedLayer } from './sharding/staged-layers.js';
export { shardBounds, type Shard } from './sharding/shard-bounds.js';
export {
  Q4K_BLOCK_WEIGHTS, Q4K_BLOCK_BYTES, type LinearWeights, type F32Weights, type Q4KWeights, type WeightFormat as LinearWeightFormat,
} from './sharding/linear-weights.js';
export { REV_A_MATMUL_MODEL, type MatmulCardModel, type MatmulCost } from './sharding/card-compute-model.js';
export type { ShardedLayerReport, CardCompute, TensorParallelStrategy } from './sharding/layer-report.js';
export type { ActivationInput } from './sharding/activations.js';
