/**
 * Allocation of CardBuffers in kernel memory (Topology.alloc and the staging
 * copies of plain typed arrays).
 */
import { CardBuffers, cardStrideBytes } from './card-buffers.js';
import { assertDType, type DType } from './dtype.js';
import { invalidArgumentError, outOfMemoryError } from './errors.js';
import { FreeList } from './free-list.js';
import { KERNEL_MEMORY_LIMIT_BYTES, type KernelRuntime } from './kernel-runtime.js';

/** How a fresh allocation starts: zeros (like `new Float32Array(n)`), or whatever the memory held. */
export type AllocInit = 'zero' | 'uninitialized';

/** Options of `topo.alloc(dtype, length, options)`. */
export interface AllocOptions {
  /**
   * `'zero'` (default) makes every element 0. `'uninitialized'` skips the
   * clearing for buffers that will be overwritten anyway; it may then hold
   * bytes of buffers freed earlier.
   */
  readonly init?: AllocInit;
}

/** Throws INVALID_ARGUMENT unless `length` is a non-negative safe integer. */
export function assertLength(length: unknown, argument = 'length'): asserts length is number {
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw invalidArgumentError(argument, `expected a non-negative integer element count, got ${String(length)}`, String(length));
  }
}

/**
 * `nCards` buffers of `length` elements of `dtype`, card-contiguous.
 * Validates everything first: on any error nothing is allocated.
 */
export function allocCardBuffers<D extends DType>(
  runtime: KernelRuntime, dtype: D, nCards: number, length: number, options: AllocOptions = {},
): CardBuffers<D> {
  assertDType(dtype);
  assertLength(length);
  const init = options.init ?? 'zero';
  if (init !== 'zero' && init !== 'uninitialized') {
    throw invalidArgumentError('init', `expected 'zero' or 'uninitialized', got ${JSON.stringify(init)}`, String(init));
  }
  const strideBytes = cardStrideBytes(dtype, length);
  const totalBytes = strideBytes * nCards;
  if (totalBytes > KERNEL_MEMORY_LIMIT_BYTES) throw outOfMemoryError(totalBytes, KERNEL_MEMORY_LIMIT_BYTES);
  const block = runtime.allocate(totalBytes, init === 'zero');
  return new CardBuffers(runtime, dtype, nCards, length, block.offset, strideBytes, block);
}

/**
 * Bytes of kernel memory that `allocCardBuffers` takes for `nCards` buffers of
 * `length` elements: the card-contiguous span rounded up to the allocator's
 * 64-byte blocks. For callers that must know before allocating whether a set
 * of buffers fits (spanker-perf's memory check).
 */
export function cardBuffersBlockBytes(dtype: DType, nCards: number, length: number): number {
  return FreeList.blockSize(Math.max(cardStrideBytes(dtype, length) * nCards, 1));
}
