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
import { REV_A_DDR_BANDWIDTH, REV_A_MATMUL_FLOPS } from '../hardware/rev-a-card.js';

/** A card's matmul model. */
export interface MatmulCardModel {
  /** Bytes per second the card reads and writes its DDR. */
  readonly ddrBandwidth: number;
  /** Floating-point operations per second of the matmul engine (2 per multiply-add). */
  readonly matmulFlopsPerSecond: number;
}

/**
 * Spanker rev-A (src/hardware/rev-a-card.ts, the same card the inference
 * planner prices): DDR 2e9 B/s, the bandwidth the crate's decision module
 * uses (SPEC.md "Hardware facts"), and a matmul rate of 51.2e9 FLOP/s — an
 * ASSUMPTION, no rate being published; its reasoning is in rev-a-card.ts.
 * Change it with `{ card: { matmulFlopsPerSecond } }` once a figure exists.
 */
export const REV_A_MATMUL_MODEL: MatmulCardModel = Object.freeze({ ddrBandwidth: REV_A_DDR_BANDWIDTH, matmulFlopsPerSecond: REV_A_MATMUL_FLOPS });

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
