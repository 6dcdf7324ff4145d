/**
 * StagedLayers: a stack of linear layers placed on the cards of a topology
 * for model (pipeline) parallelism — each layer whole on one card, layers
 * assigned to cards in contiguous groups (stages), in kernel memory.
 *
 * Stage s runs on card s and holds layers [first, end): with L layers on p
 * cards there are min(L, p) stages, of ⌈L/p⌉ or ⌊L/p⌋ layers each, the
 * larger first (shard-bounds.ts) — Llama-2-7B's 32 layers on 3 cards are
 * 11, 11, 10. A card's layers sit back to back in its region.
 */
import type { CardBuffers } from '../card-buffers.js';
import { invalidArgumentError, invalidUsageError } from '../errors.js';
import type { Topology } from '../topology.js';
import { allocWeightStore, bytesOf, storeAddress, storeBytes } from './card-weight-store.js';
import { checkLinearWeights, rowBytes, type LinearWeights, type WeightFormat } from './linear-weights.js';
import { shardBounds } from './shard-bounds.js';

/** One pipeline stage: the card it runs on and its layers [first, end). */
export interface PipelineStage {
  readonly stage: number;
  readonly card: number;
  readonly first: number;
  readonly end: number;
}

/** Where one layer lives. */
export interface PlacedLayer {
  readonly index: number;
  readonly stage: number;
  readonly card: number;
  readonly format: WeightFormat;
  readonly n: number;
  readonly k: number;
  /** Bytes of its weights, and their offset in its card's region. */
  readonly bytes: number;
  readonly offset: number;
}

/** Layers [first, end) per stage for `layers` layers on `cards` cards: contiguous groups, the larger first. */
export function assignStages(layers: number, cards: number): PipelineStage[] {
  return shardBounds(layers, Math.min(layers, cards)).map((s) => Object.freeze({ stage: s.card, card: s.card, first: s.start, end: s.end }));
}

/** A stack of layers placed on the cards in pipeline stages, in kernel memory. Make it with ModelParallel.placeLayers. */
export class StagedLayers {
  private constructor(
    /** Every layer, in order, with the card it is on. */
    readonly layers: readonly PlacedLayer[],
    /** The stages, in order: stage s on card s. */
    readonly stages: readonly PipelineStage[],
    /** @internal The weights, card-contiguous. */
    readonly store: CardBuffers<'i32'>,
  ) {}

  /**
   * @internal Use ModelParallel.placeLayers. Checks every layer and that each
   * one's input width k is the previous one's output width n
   * (INVALID_ARGUMENT naming `layers[i]`), before allocating anything.
   */
  static create(topology: Topology, layers: readonly LinearWeights[]): StagedLayers {
    if (!Array.isArray(layers) || layers.length === 0) {
      throw invalidArgumentError('layers', 'expected a non-empty array of { format, n, k, data }');
    }
    layers.forEach((w, i) => checkLinearWeights(w, `layers[${i}]`));
    for (let i = 1; i < layers.length; i++) {
      if (layers[i]!.k !== layers[i - 1]!.n) {
        throw invalidArgumentError(`layers[${i}].k`, `layer ${i} reads layer ${i - 1}'s output of width ${layers[i - 1]!.n}, but has k = ${layers[i]!.k}`, layers[i]!.k);
      }
    }
    const stages = assignStages(layers.length, topology.nSails);
    const placed: PlacedLayer[] = [];
    const bytesPerCard = new Array<number>(topology.nSails).fill(0);
    for (const s of stages) {
      for (let i = s.first; i < s.end; i++) {
        const { format, n, k } = layers[i]!;
        const bytes = n * rowBytes(format, k);
        placed.push(Object.freeze({ index: i, stage: s.stage, card: s.card, format, n, k, bytes, offset: bytesPerCard[s.card]! }));
        bytesPerCard[s.card]! += bytes;
      }
    }
    // Weights that are a view into kernel memory would be detached if the allocation grows it: copy them out first.
    const memory = topology.kernelRuntime.memory.buffer;
    const sources = layers.map((w) => bytesOf(w.data.buffer === memory ? w.data.slice() : w.data));
    const store = allocWeightStore(topology, bytesPerCard);
    for (const layer of placed) storeBytes(store, layer.card).set(sources[layer.index]!, layer.offset);
    return new StagedLayers(Object.freeze(placed), Object.freeze(stages), store);
  }

  /** Whether `free()` has been called. */
  get freed(): boolean {
    return this.store.freed;
  }

  /** Layer `index`'s weights, zero-copy over kernel memory (Float32Array for f32, Uint8Array for Q4_K). */
  layerWeights(index: number): Float32Array | Uint8Array {
    this.assertLive();
    const layer = this.layer(index);
    const bytes = storeBytes(this.store, layer.card).subarray(layer.offset, layer.offset + layer.bytes);
    return layer.format === 'f32' ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) : bytes;
  }

  /** @internal Kernel-memory address of layer `index`'s weights. */
  address(index: number): number {
    const layer = this.layer(index);
    return storeAddress(this.store, layer.card) + layer.offset;
  }

  /** Give the kernel memory back. Calling it again does nothing. */
  free(): void {
    this.store.free();
  }

  /** Throws INVALID_USAGE if the layers were freed. */
  assertLive(): void {
    if (this.store.freed) throw invalidUsageError(`StagedLayers (${this.layers.length} layers on ${this.stages.length} cards) used after free()`);
  }

  private layer(index: number): PlacedLayer {
    const layer = this.layers[index];
    if (!Number.isInteger(index) || layer === undefined) throw invalidArgumentError('layer', `layer index ${index} is outside 0..${this.layers.length - 1}`, index);
    return layer;
  }
}
