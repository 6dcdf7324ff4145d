/**
 * spanker-scheduler: a topology of Spanker accelerator cards ("Sails") and the
 * collectives that run across them, with hot loops in WebAssembly SIMD.
 * Public API re-exports only.
 */
export { Topology, MAX_SAILS, type TopologyOptions, type AllGatherResult } from './topology.js';
export { CardBuffers, CARD_STRIDE_ALIGN } from './card-buffers.js';
export type { AllocOptions, AllocInit } from './alloc.js';
export type { CardInput } from './collectives/operands.js';
export { DTYPES, type DType, type TypedArrayFor, type CardArray } from './dtype.js';
export { REDUCE_OPS, type ReduceOp } from './reduce-op.js';
export type { CollectiveReport, CollectiveName } from './report.js';
export { INTERCARD_LANES, INTERCARD_LANE_WIDTH, INTERCARD_BUS_WIDTH, LinkState, type Link } from './link.js';
export { SpankerError, type SpankerErrorCode, type SpankerErrorDetails } from './errors.js';
export { hasWasmSimd } from './simd-support.js';
export { KERNEL_MEMORY_LIMIT_BYTES, type KernelChoice, type KernelVariant } from './kernel-runtime.js';
