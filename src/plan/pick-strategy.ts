/**
 * The crate's parallelism decision rule — ported, with its weight-footprint
 * defect fixed, and generalised to price the collective on a real topology.
 *
 * One matmul tile: an m × k input, a k × n weight matrix, an m × n output,
 * `b` bytes per element, on `cards` cards with local DDR bandwidth `ddrBw`
 * and inter-card bandwidth `linkBw` (bytes per second). The rule compares
 * (shared/SPEC.md, "The crate's parallelism decision rule"):
 *
 *   tensor-parallel = W / (cards · ddrBw) + A / linkBw     weights sharded, output all-reduced
 *   model-parallel  = W / ddrBw + A / (cards · linkBw)     the tile's weights on one card
 *
 * with W = k·n·b, the weight footprint, and A = m·n·b, the output activation
 * that tensor parallelism all-reduces. The smaller wins; a tie, and
 * `cards ≤ 1`, go to tensor parallelism.
 *
 * **The crate's defect.** spanker-scheduler 0.1 took the weight footprint as
 * m·k·b — the size of the *input activation*, not of the weights. For its own
 * TinyLlama decode check (m = 1, n = 5632, k = 2048, b = 2, 4 cards, DDR 2e9,
 * link 5e8) that prices 4 KiB of weights where the tile holds
 * 2048 · 5632 · 2 = 23 068 672 bytes, and so concludes that model
 * parallelism wins (7.68 µs against 23.0 µs). With the real footprint tensor
 * parallelism wins by about 4× (2.906 ms against 11.540 ms). `{ legacy: true }`
 * reproduces the crate's numbers, for comparison only; nothing in this
 * library uses it.
 *
 * **Beyond the two-term rule.** Given a `topology`, the tensor-parallel
 * AllReduce of A bytes is priced by `topology.estimate('allReduce', …)` — the
 * simulated collective on the real links, with latency, hops and algorithm —
 * instead of A / linkBw, and the result says which pricing it used. The
 * model-parallel hand-off keeps the rule's A / (cards · linkBw).
 *
 * Arithmetic: a zero bandwidth prices as Infinity (never a division fault,
 * never NaN, even for zero bytes); byte counts are exact integers up to
 * 2^53 − 1 and saturate there (`saturated: true`), so huge inputs give finite,
 * ordered times instead of overflowing or losing their integer meaning.
 */
import { invalidArgumentError } from '../errors.js';
import type { CollectiveReport } from '../report.js';
import type { Topology } from '../topology.js';

/** The two strategies the rule chooses between. */
export type TileStrategy = 'tensorParallel' | 'modelParallel';

/** One matmul tile and the machine it runs on. */
export interface PickStrategyInput {
  /** Rows of the input and output (tokens in the batch). Integer ≥ 0. */
  readonly m: number;
  /** Reduction dimension (input features). Integer ≥ 0. */
  readonly k: number;
  /** Output features. Integer ≥ 0. */
  readonly n: number;
  /** Bytes per element, finite > 0 (2 for f16; 0.5625 for Q4_K's 144 B per 256 weights). */
  readonly bytesPerElement: number;
  /** Cards to split over. Integer ≥ 0; default: `topology.nSails` when a topology is given. */
  readonly cards?: number;
  /** Card-local DDR bandwidth, bytes per second, finite ≥ 0 (0 prices as Infinity). */
  readonly ddrBandwidth: number;
  /** Inter-card bandwidth, bytes per second, finite ≥ 0 (0 prices as Infinity). */
  readonly linkBandwidth: number;
  /** Reproduce the crate's defective footprint (W = m·k·b). For comparison only. */
  readonly legacy?: boolean;
  /** Price the tensor-parallel AllReduce with `topology.estimate` instead of A / linkBandwidth. */
  readonly topology?: Topology;
}

/** The decision and both prices. */
export interface PickStrategyResult {
  /** The cheaper strategy (ties and cards ≤ 1: tensorParallel). */
  readonly strategy: TileStrategy;
  /** Seconds for the tile under tensor parallelism. */
  readonly tensorParallelSeconds: number;
  /** Seconds for the tile under model parallelism. */
  readonly modelParallelSeconds: number;
  /** Weight footprint priced, bytes: k·n·b (legacy: the crate's m·k·b). */
  readonly weightBytes: number;
  /** Output activation all-reduced by tensor parallelism, bytes: m·n·b. */
  readonly activationBytes: number;
  /** True when a byte count reached 2^53 − 1 and was held there. */
  readonly saturated: boolean;
  /** True when the crate's defective footprint was used. */
  readonly legacy: boolean;
  /**
   * How the tensor-parallel collective was priced: `'twoTerm'` = A / linkBandwidth
   * (the crate's rule), `'topology'` = the simulated AllReduce on the given topology.
   */
  readonly collectivePricing: 'twoTerm' | 'topology';
  /** Seconds of the tensor-parallel AllReduce as priced. */
  readonly allReduceSeconds: number;
  /** The topology's AllReduce estimate, when `collectivePricing` is 'topology'. */
  readonly allReduce?: CollectiveReport;
}

/** Largest byte count kept exact; products beyond it saturate here. */
const SATURATED_BYTES = Number.MAX_SAFE_INTEGER;

const KEYS = ['m', 'k', 'n', 'bytesPerElement', 'cards', 'ddrBandwidth', 'linkBandwidth', 'legacy', 'topology'] as const;

/** Decide between tensor and model parallelism for one matmul tile (see the module comment). */
export function pickStrategy(input: PickStrategyInput): PickStrategyResult {
  if (typeof input !== 'object' || input === null) throw invalidArgumentError('input', 'expected { m, k, n, bytesPerElement, cards, ddrBandwidth, linkBandwidth }');
  for (const key of Object.keys(input)) {
    if (!(KEYS as readonly string[]).includes(key)) throw invalidArgumentError(`input.${key}`, `unknown key (allowed: ${KEYS.join(', ')})`, key);
  }
  const m = count(input.m, 'm');
  const k = count(input.k, 'k');
  const n = count(input.n, 'n');
  const b = input.bytesPerElement;
  if (typeof b !== 'number' || !Number.isFinite(b) || b <= 0) {
    throw invalidArgumentError('bytesPerElement', `expected a finite number > 0 (bytes per element), got ${String(b)}`, String(b));
  }
  const topology = input.topology;
  if (topology !== undefined && (typeof topology !== 'object' || topology === null || typeof topology.estimate !== 'function')) {
    throw invalidArgumentError('topology', 'expected a Topology');
  }
  if (input.cards === undefined && topology === undefined) throw invalidArgumentError('cards', 'missing: the number of cards (or a topology)');
  const cards = input.cards === undefined ? topology!.nSails : count(input.cards, 'cards');
  if (topology !== undefined && cards !== topology.nSails) {
    throw invalidArgumentError('cards', `${cards} cards, but the topology has ${topology.nSails}`, cards);
  }
  const ddr = bandwidth(input.ddrBandwidth, 'ddrBandwidth');
  const link = bandwidth(input.linkBandwidth, 'linkBandwidth');
  const legacy = input.legacy ?? false;
  if (typeof legacy !== 'boolean') throw invalidArgumentError('legacy', `expected true or false, got ${String(legacy)}`);

  const weight = saturatingProduct([legacy ? m : k, legacy ? k : n], b);
  const activation = saturatingProduct([m, n], b);
  const W = weight.value;
  const A = activation.value;

  let allReduceSeconds = transferSeconds(A, link);
  let allReduce: CollectiveReport | undefined;
  if (topology !== undefined) {
    // estimate() sizes are whole f32 elements: pad A up to a multiple of 4 bytes.
    allReduce = topology.estimate('allReduce', { bytes: Math.min(Math.ceil(A / 4) * 4, SATURATED_BYTES - 3) });
    allReduceSeconds = allReduce.seconds;
  }
  // Tensor parallel: each card reads W / cards from its DDR, then the output is all-reduced.
  const tensorParallelSeconds = transferSeconds(W, cards * ddr) + allReduceSeconds;
  // Model parallel: one card reads all of W; the hand-off of A is the crate's A / (cards · linkBw).
  const modelParallelSeconds = transferSeconds(W, ddr) + transferSeconds(A, cards * link);
  const strategy: TileStrategy = cards <= 1 || tensorParallelSeconds <= modelParallelSeconds ? 'tensorParallel' : 'modelParallel';
  return {
    strategy,
    tensorParallelSeconds,
    modelParallelSeconds,
    weightBytes: W,
    activationBytes: A,
    saturated: weight.saturated || activation.saturated,
    legacy,
    collectivePricing: topology === undefined ? 'twoTerm' : 'topology',
    allReduceSeconds,
    ...(allReduce !== undefined ? { allReduce } : {}),
  };
}

/** bytes / bandwidth, with a zero bandwidth (or a zero card count) pricing as Infinity. */
function transferSeconds(bytes: number, bytesPerSecond: number): number {
  return bytesPerSecond > 0 ? bytes / bytesPerSecond : Infinity;
}

/** ∏ integers × b, held at 2^53 − 1 once it gets there (never Infinity, never inexact above it). */
function saturatingProduct(integers: readonly number[], b: number): { value: number; saturated: boolean } {
  let value = b;
  for (const x of integers) value *= x;
  // Each factor is ≤ 2^53 − 1 and b is finite, so `value` is finite or ±Infinity only when b is
  // huge; either way anything past the bound saturates.
  return value > SATURATED_BYTES ? { value: SATURATED_BYTES, saturated: true } : { value, saturated: false };
}

function count(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgumentError(argument, `expected an integer ≥ 0, got ${String(value)}`, String(value));
  }
  return value;
}

function bandwidth(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidArgumentError(argument, `expected a finite number ≥ 0 (bytes per second; 0 prices as Infinity), got ${String(value)}`, String(value));
  }
  return value;
}
