/**
 * Weights in kernel memory, one contiguous region per card (the crate's
 * buffer contract), as raw bytes.
 *
 * Stored as a CardBuffers of i32 words: every f32 row and every Q4_K block
 * (144 = 4 · 36 bytes) is a whole number of words, and a CardBuffers brings
 * the allocator, the 16-byte card alignment, `free()` and the
 * view-after-growth rules along. Card c's region holds what `bytesPerCard[c]`
 * asks for; shorter regions are padded to the longest, and padding is never
 * read.
 */
import type { CardBuffers } from '../card-buffers.js';
import type { Topology } from '../topology.js';

/** A region of `max(bytesPerCard)` bytes (rounded up to a word) on every card. */
export function allocWeightStore(topology: Topology, bytesPerCard: readonly number[]): CardBuffers<'i32'> {
  const words = Math.ceil(Math.max(0, ...bytesPerCard) / 4);
  return topology.alloc('i32', words, { init: 'zero' });
}

/** A byte view of card `card`'s region over the current kernel memory. */
export function storeBytes(store: CardBuffers<'i32'>, card: number): Uint8Array {
  const words = store.card(card);
  return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
}

/** Kernel-memory address of byte 0 of card `card`'s region. */
export function storeAddress(store: CardBuffers<'i32'>, card: number): number {
  return store.byteOffset + card * store.strideBytes;
}

/** The bytes of any typed array, without a copy. */
export function bytesOf(array: Float32Array | Uint8Array): Uint8Array {
  return array instanceof Uint8Array ? array : new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
