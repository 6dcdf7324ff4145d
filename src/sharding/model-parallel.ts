/**
 * ModelParallel: a stack of linear layers split into pipeline stages, one
 * stage per card (staged-layers.ts), run on real data with the wasm matmul
 * kernels; the activations go card to card as point-to-point sends priced
 * on the links (Topology.estimateSend).
 *
 * Each layer runs whole on one card, so the output equals running the stack
 * on a single card bit for bit. Timing is for one micro-batch (batch = the
 * m rows given): stage s computes its layers, then sends its m × n output to
 * stage s+1, and nothing overlaps — so pipeline parallelism adds no speed per
 * token, it only makes a model fit (Megatron-LM's and PLANNER.md's point;
 * micro-batches raise throughput, not latency, and are not modelled here).
 *
 * Errors come before any computation: bad input, freed layers, or a send
 * whose route has no Up links (LINK_DOWN, found by pricing every send
 * first). Only buffers this call allocates are written, and they are freed
 * on every path; the output is returned as a new Float32Array.
 */
import type { CardBuffers } from '../card-buffers.js';
import { describeValue } from '../dtype.js';
import { invalidArgumentError, shapeMismatchError, topologyMismatchError } from '../errors.js';
import type { SendReport } from '../sim/point-to-point.js';
import type { Topology } from '../topology.js';
import { matmulCost, resolveCardModel, type MatmulCardModel } from './card-compute-model.js';
import { cardCompute, type CardCompute } from './layer-report.js';
import type { LinearWeights } from './linear-weights.js';
import { runMatmul, scratchElements, sliceAddress } from './run-matmul.js';
import { StagedLayers, assignStages, type PipelineStage } from './staged-layers.js';
import type { TensorParallelOptions } from './tensor-parallel.js';

/** Options of a forward pass. */
export interface ForwardOptions {
  /**
   * Applied in place to each layer's output (m × n, row-major) before the
   * next layer reads it, e.g. an activation function; `layer` is its index.
   * The view is over kernel memory: do not allocate kernel memory inside it.
   */
  readonly activation?: (values: Float32Array, layer: number) => void;
}

/** One stage of a forward pass. */
export interface PipelineStageReport extends PipelineStage {
  readonly compute: CardCompute;
}

/** Report of a model-parallel forward pass. */
export interface PipelineReport {
  readonly strategy: 'modelParallel';
  /** Stages (= cards used). */
  readonly stages: readonly PipelineStageReport[];
  /** Rows of activations (tokens). */
  readonly m: number;
  readonly model: MatmulCardModel;
  /** The activations handed from each stage to the next, priced on the links. */
  readonly sends: readonly SendReport[];
  /** Σ stage compute seconds (stages run one after another for one micro-batch). */
  readonly computeSeconds: number;
  /** Σ send seconds. */
  readonly sendSeconds: number;
  /** computeSeconds + sendSeconds. */
  readonly seconds: number;
}

/** A forward pass's result. */
export interface PipelineResult {
  /** The last layer's output, m × n row-major (copied from the last stage's card). */
  readonly output: Float32Array;
  readonly report: PipelineReport;
}

/** Model (pipeline) parallelism: layers in contiguous stages, one per card, on real data, sends priced on the links (module comment). */
export class ModelParallel {
  /** The card model compute is priced with. */
  readonly card: MatmulCardModel;

  /** Model parallelism over the cards of `topology` (the crate's `ModelParallel::new`). */
  constructor(
    /** The cards and links the stages run on. */
    readonly topology: Topology,
    options: TensorParallelOptions = {},
  ) {
    this.card = resolveCardModel(options.card);
  }

  /** Stages a model may be split into: one per card (the crate's `shard_count`). */
  shardCount(): number {
    return this.topology.nSails;
  }

  /** Which layers each stage gets for `layers` layers: contiguous groups on cards 0, 1, …, the larger first. */
  assignLayers(layers: number): PipelineStage[] {
    if (!Number.isSafeInteger(layers) || layers < 1) throw invalidArgumentError('layers', `expected a positive integer, got ${String(layers)}`, String(layers));
    return assignStages(layers, this.shardCount());
  }

  /**
   * Place a stack of layers (layer i's k = layer i−1's n) on the cards, in
   * stages (`assignLayers`). INVALID_ARGUMENT naming the layer for malformed
   * weights or a broken chain. Call `free()` when done.
   */
  placeLayers(layers: readonly LinearWeights[]): StagedLayers {
    return StagedLayers.create(this.topology, layers);
  }

  /**
   * Run the stack on `x` (m × k of layer 0, row-major; it starts on stage
   * 0's card), stage after stage, each handing its output to the next card.
   */
  forward(x: Float32Array, staged: StagedLayers, options: ForwardOptions = {}): PipelineResult {
    if (!(staged instanceof StagedLayers)) throw invalidArgumentError('staged', `expected StagedLayers (ModelParallel.placeLayers), got ${describeValue(staged)}`);
    staged.assertLive();
    const p = this.shardCount();
    if (staged.store.nCards !== p) throw topologyMismatchError(p, staged.store.nCards);
    if (staged.store.runtime !== this.topology.kernelRuntime) throw invalidArgumentError('staged', 'these layers were placed by a topology using another kernel runtime');
    const { layers, stages } = staged;
    const first = layers[0]!;
    if (!(x instanceof Float32Array)) throw invalidArgumentError('x', `expected a Float32Array of m × ${first.k} values, got ${describeValue(x)}`);
    if (x.length % first.k !== 0) throw shapeMismatchError(stages[0]!.card, Math.ceil(x.length / first.k) * first.k, x.length);
    const activation = options.activation;
    if (activation !== undefined && typeof activation !== 'function') {
      throw invalidArgumentError('activation', `expected a function (values, layer) => void, got ${describeValue(activation)}`);
    }
    const m = x.length / first.k;
    // Price every send first: a send with no usable route fails here, before any work.
    const sends = stages.slice(0, -1).map((s, i) => {
      const out = layers[s.end - 1]!;
      return this.topology.estimateSend(s.card, stages[i + 1]!.card, m * out.n * 4);
    });

    // An input that is a view into kernel memory would be detached if the allocations below grow it.
    const input = x.buffer === this.topology.kernelRuntime.memory.buffer ? x.slice() : x;
    const width = Math.max(...layers.map((l) => Math.max(l.k, l.n)));
    const scratchLength = Math.max(...layers.map((l) => scratchElements(l.format, l.k)));
    const taken: CardBuffers[] = [];
    try {
      const alloc = (length: number) => {
        const buffers = this.topology.alloc('f32', length, { init: 'uninitialized' });
        taken.push(buffers);
        return buffers;
      };
      // Two activation buffers per card: a layer reads one and writes the other.
      const ping = alloc(m * width);
      const pong = alloc(m * width);
      const scratch = alloc(scratchLength);
      const runtime = this.topology.kernelRuntime;
      const memory = () => new Float32Array(runtime.memory.buffer);
      memory().set(input, sliceAddress(ping, stages[0]!.card) / 4);
      let current = ping;
      let other = pong;
      const stageReports = stages.map((s, i) => {
        const c = s.card;
        const costs = [];
        for (let l = s.first; l < s.end; l++) {
          const layer = layers[l]!;
          runMatmul(runtime, layer.format, sliceAddress(other, c), sliceAddress(current, c), staged.address(l), m, layer.k, layer.n, sliceAddress(scratch, c));
          activation?.(new Float32Array(runtime.memory.buffer, sliceAddress(other, c), m * layer.n), l);
          [current, other] = [other, current];
          costs.push(matmulCost(this.card, layer.format, m, layer.k, layer.n));
        }
        const next = stages[i + 1];
        if (next !== undefined) {
          // The send: this card's output lands in the next card's current buffer.
          const count = m * layers[s.end - 1]!.n;
          const from = sliceAddress(current, c) / 4;
          memory().copyWithin(sliceAddress(current, next.card) / 4, from, from + count);
        }
        return Object.freeze({ ...s, compute: cardCompute(c, costs) });
      });
      const last = stages[stages.length - 1]!;
      const outWidth = layers[layers.length - 1]!.n;
      const output = new Float32Array(runtime.memory.buffer, sliceAddress(current, last.card), m * outWidth).slice();
      const computeSeconds = stageReports.reduce((sum, s) => sum + s.compute.seconds, 0);
      const sendSeconds = sends.reduce((sum, s) => sum + s.seconds, 0);
      return Object.freeze({
        output,
        report: Object.freeze({
          strategy: 'modelParallel', stages: Object.freeze(stageReports), m, model: this.card, sends: Object.freeze(sends),
          computeSeconds, sendSeconds, seconds: computeSeconds + sendSeconds,
        }),
      });
    } finally {
      for (const buffers of taken.reverse()) buffers.free();
    }
  }
}
