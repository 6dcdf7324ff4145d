/**
 * CardBuffers: one buffer per card, all in kernel memory, card-contiguous.
 *
 * Layout (the crate's buffer contract, which a future DMA path maps to one
 * scatter-gather descriptor per card): card c's `length` elements start at
 * byte `byteOffset + c·strideBytes`. `strideBytes` is the card's byte length
 * rounded up to 16 so every card starts on a 16-byte boundary; the padding
 * between cards is never read or written by a kernel.
 *
 * Collectives on CardBuffers are zero-copy: the kernels work on these bytes
 * directly. `card(i)` is a typed-array view of card i over the current wasm
 * memory. Growing kernel memory (any `alloc`, or a collective on plain arrays)
 * detaches views taken before it, so take views after allocating, or call
 * `card(i)` again: it always returns a live view.
 */
import { arrayName, bytesPerElement, viewOf, type DType, type TypedArrayFor } from './dtype.js';
import { describeKind, invalidArgumentError, invalidUsageError } from './errors.js';
import type { KernelRuntime } from './kernel-runtime.js';

/** Card slices start on 16-byte boundaries: the v128 width. */
export const CARD_STRIDE_ALIGN = 16;

/** Bytes between the starts of consecutive cards for `length` elements of `dtype`. */
export function cardStrideBytes(dtype: DType, length: number): number {
  return Math.ceil((length * bytesPerElement(dtype)) / CARD_STRIDE_ALIGN) * CARD_STRIDE_ALIGN;
}

/**
 * One buffer per card in the kernels' wasm memory, card-contiguous (card c
 * at `byteOffset + c·strideBytes`): collectives read and write these bytes
 * in place, with no copy. Make them with `topo.alloc`, and `free()` them.
 *
 * @example
 * ```ts
 * const cards = topo.alloc('f32', 1024);     // 1024 elements on every card, zeroed
 * cards.card(2).fill(1.5);                    // a live Float32Array view of card 2
 * topo.allReduce(cards, 'sum');
 * console.log(cards.card(0)[0]);               // 1.5
 * cards.free();
 * ```
 */
export class CardBuffers<D extends DType = DType> {
  // Private names (#): unreachable from outside, and `#block in value` tells
  // a genuine CardBuffers from a Proxy of one or a look-alike (see
  // `isCardBuffers`). The public fields are frozen: layout cannot be edited.
  #block: { offset: number; size: number } | undefined;
  #viewsBuffer: ArrayBufferLike | undefined;
  #views: TypedArrayFor<D>[] = [];

  /** @internal Use `Topology.alloc`. */
  constructor(
    /** @internal The runtime whose memory holds these buffers. */
    readonly runtime: KernelRuntime,
    /** Element type of every card's buffer. */
    readonly dtype: D,
    /** Number of cards (one buffer each). */
    readonly nCards: number,
    /** Elements per card. */
    readonly length: number,
    /** Byte offset of card 0 in kernel memory (64-byte aligned). */
    readonly byteOffset: number,
    /** Bytes from one card's start to the next (a multiple of 16). */
    readonly strideBytes: number,
    block: { offset: number; size: number },
    /** @internal Freeze the layout fields (buffers handed to users; the library's own scratch skips it). */
    frozen = true,
  ) {
    this.#block = block;
    if (frozen) Object.freeze(this);
  }

  /**
   * Whether `value` is a genuine CardBuffers (not a Proxy of one, not an
   * object made from its prototype): a private-name check, which runs none
   * of the value's code.
   */
  static isCardBuffers(value: unknown): value is CardBuffers {
    return typeof value === 'object' && value !== null && #block in value;
  }

  /** Bytes of data per card (`length` × element size), without stride padding. */
  get bytesPerCard(): number {
    return this.length * bytesPerElement(this.dtype);
  }

  /** Whether `free()` has been called. */
  get freed(): boolean {
    return this.#block === undefined;
  }

  /** A zero-copy view of card `i`'s elements over the current kernel memory. */
  card(i: number): TypedArrayFor<D> {
    this.assertLive();
    if (!Number.isInteger(i) || i < 0 || i >= this.nCards) {
      throw invalidArgumentError('card', `card index ${typeof i === 'number' ? i : describeKind(i)} is outside 0..${this.nCards - 1}`, i);
    }
    return this.#currentViews()[i]!;
  }

  /** Zero-copy views of every card, in topology order. */
  cards(): TypedArrayFor<D>[] {
    this.assertLive();
    return this.#currentViews().slice();
  }

  /** Give the memory back; later allocations reuse it. Calling it again does nothing. */
  free(): void {
    if (this.#block === undefined) return;
    this.runtime.release(this.#block.offset, this.#block.size);
    this.#block = undefined;
    this.#views = [];
    this.#viewsBuffer = undefined;
  }

  /** Throws INVALID_USAGE if the buffers were freed. */
  assertLive(): void {
    if (this.#block === undefined) {
      throw invalidUsageError(`CardBuffers of ${this.nCards} × ${this.length} ${arrayName(this.dtype)} used after free()`);
    }
  }

  #currentViews(): TypedArrayFor<D>[] {
    const buffer = this.runtime.memory.buffer;
    if (buffer !== this.#viewsBuffer) {
      // First use, or kernel memory grew and detached the old views.
      const views = new Array<TypedArrayFor<D>>(this.nCards);
      for (let c = 0; c < this.nCards; c++) views[c] = viewOf(this.dtype, buffer, this.byteOffset + c * this.strideBytes, this.length);
      this.#views = views;
      this.#viewsBuffer = buffer;
    }
    return this.#views;
  }
}
