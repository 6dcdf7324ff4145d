/**
 * The Spanker rev-A card's numbers, in one place: the sharding cost model
 * (src/sharding/card-compute-model.ts) and the inference planner
 * (src/plan/inference-card.ts) both read them, so a layer priced by
 * `tensorParallelMatmul` and the same layer inside `planInference` cost the
 * same.
 *
 * Sources: shared/SPEC.md "Hardware facts" and shared/PLANNER.md "The card".
 */

/** 2^30: DDR capacities are binary, so "4 GB of DDR3L" holds 4 · 2^30 bytes. */
export const GIB = 2 ** 30;

/** Card memory, bytes: 4 GB DDR3L (SPEC.md, binary). */
export const REV_A_MEMORY_BYTES = 4 * GIB;

/** Local DDR bandwidth, bytes per second: the figure the crate's decision module uses (SPEC.md). */
export const REV_A_DDR_BANDWIDTH = 2e9;

/** Host link (GbE), bytes per second (SPEC.md). */
export const REV_A_HOST_BANDWIDTH = 1e8;

/**
 * Matmul engine rate, FLOP per second (a multiply-add is 2 FLOP).
 *
 * ASSUMPTION — no rate is published for rev-A's int4 (Q4_K) matmul engine.
 * 128 multiply-accumulate units at 200 MHz (a modest share of a mid-range
 * FPGA's DSP slices) = 25.6e9 MAC/s = 51.2e9 FLOP/s. What matters is its
 * ratio to DDR, 25.6 FLOP per byte: decoding one token reads every weight
 * once (0.5625 B each in Q4_K) and does 2 FLOP per weight per stream, so DDR
 * at 2e9 B/s feeds 3.56e9 weights/s = 7.1e9 FLOP/s per stream; decode stays
 * DDR-bound up to about 7 streams (rows), as every roofline study of LLM
 * decode finds, and prefill (hundreds of rows per weight read) is
 * compute-bound. Override it (`matmulFlops` of a plan's card,
 * `matmulFlopsPerSecond` of a sharding card model) once a figure exists.
 */
export const REV_A_MATMUL_FLOPS = 51.2e9;
