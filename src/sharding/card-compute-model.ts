/**
 * What one matmul costs on one card: a roofline over DDR traffic and the
 * matmul engine's rate (the model LLM-Viewer-style inference analyses use:
 * time = max(bytes moved / memory bandwidth, FLOPs / compute rate)).
 *
 * Bytes moved: the card's weights (read once per call), its input
 * activations (4·m·k bytes, read once: they are assumed to fit the engine's
 * on-chip buffer) and its output (4·m·n bytes written). FLOPs: 2·m·k·n (one
 * multiply and one add per weight per row of activations).
 */
import { invalidArgumentError } from '../errors.js';
import { rowBytes, type WeightFormat } from './linear-weights.js';

/** A card's matmul model. */
export interface MatmulCardModel {
  /** Bytes per second the card reads and writes its DDR. */
  readonly ddrBandwidth: number;
  /** Floating-point operations per second of the matmul engine (2 per multiply-add). */
  readonly matmulFlopsPerSecond: number;
}

/**
 * Spanker rev-A.
 *
 * - `ddrBandwidth` 2e9 B/s: the local DDR bandwidth the crate's decision
 *   module uses (SPEC.md, "Hardware facts"; the same figure as the
 *   spanker-rev-a preset's γ in src/network/presets.ts).
 * - `matmulFlopsPerSecond` 32e9: an ASSUMPTION — no rate for the card's int4
 *   (Q4_K) matmul engine is published. It is a 128-lane multiply-add array
 *   at 125 MHz (128 × 2 FLOP × 125e6), 125 MHz being the board's SerDes
 *   reference clock and a typical fabric clock for a mid-range FPGA design of
 *   this kind. What matters for the model is the ratio to DDR: 16 FLOP per
 *   byte. A Q4_K layer does 2·m FLOP per 0.5625 bytes of weights, so decode
 *   (m = 1, 3.6 FLOP/B) is memory-bound, as every roofline study of LLM
 *   decode finds, and from m ≈ 5 rows (prefill) the engine's rate sets the
 *   time; an f32 layer (0.5·m FLOP/B) turns compute-bound only past m ≈ 32.
 *   Change it with `{ card: { matmulFlopsPerSecond } }` once a figure exists.
 */
export const REV_A_MATMUL_MODEL: MatmulCardModel = Object.freeze({ ddrBandwidth: 2e9, matmulFlopsPerSecond: 32e9 });

/** The cost of one matmul on one card. */
export interface MatmulCost {
  readonly format: WeightFormat;
  /** Rows of activations, reduction length and output columns of this card's matmul. */
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** Bytes of this card's weights. */
  readonly weightBytes: number;
  /** Bytes through DDR: weights, input activations (4·m·k) and output (4·m·n). */
  readonly bytes: number;
  /** 2·m·k·n. */
  readonly flops: number;
  /** bytes / ddrBandwidth. */
  readonly memorySeconds: number;
  /** flops / matmulFlopsPerSecond. */
  readonly computeSeconds: number;
  /** max(memorySeconds, computeSeconds). */
  readonly seconds: number;
  /** Which of the two sets `seconds` (memory on a tie). */
  readonly bound: 'memory' | 'compute';
}

/** Time per amount of work at a rate; a zero rate prices as infinity (never a division fault), nothing to do as 0. */
function secondsAt(amount: number, rate: number): number {
  if (amount === 0) return 0;
  return rate > 0 ? amount / rate : Infinity;
}

/** Cost of out[m×n] = a[m×k] · w[n×k]ᵀ on a card with `model`. */
export function matmulCost(model: MatmulCardModel, format: WeightFormat, m: number, k: number, n: number): MatmulCost {
  const weightBytes = n * rowBytes(format, k);
  const bytes = weightBytes + 4 * m * k + 4 * m * n;
  const flops = 2 * m * k * n;
  const memorySeconds = secondsAt(bytes, model.ddrBandwidth);
  const computeSeconds = secondsAt(flops, model.matmulFlopsPerSecond);
  const bound = computeSeconds > memorySeconds ? 'compute' : 'memory';
  return Object.freeze({
    format, m, k, n, weightBytes, bytes, flops, memorySeconds, computeSeconds,
    seconds: Math.max(memorySeconds, computeSeconds), bound,
  });
}

/** Fill a partial model from rev-A's and check it: INVALID_ARGUMENT (`card.<field>`) unless each rate is ≥ 0 (0 prices as infinity). */
export function resolveCardModel(partial: Partial<MatmulCardModel> | undefined): MatmulCardModel {
  if (partial === undefined) return REV_A_MATMUL_MODEL;
  if (typeof partial !== 'object' || partial === null) throw invalidArgumentError('card', 'expected { ddrBandwidth?, matmulFlopsPerSecond? }');
  const model = { ...REV_A_MATMUL_MODEL, ...partial };
  for (const key of ['ddrBandwidth', 'matmulFlopsPerSecond'] as const) {
    const value = model[key];
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
      throw invalidArgumentError(`card.${key}`, `expected a non-negative number (per second), got ${String(value)}`, String(value));
    }
  }
  return Object.freeze({ ddrBandwidth: model.ddrBandwidth, matmulFlopsPerSecond: model.matmulFlopsPerSecond });
}
