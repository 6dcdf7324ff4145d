/**
 * Allocation of CardBuffers in kernel memory (Topology.alloc and the staging
 * copies of plain typed arrays).
 */
import { CardBuffers, cardStrideBytes } from './card-buffers.js';
import { assertDType, type DType } from './dtype.js';
import { describeKind, invalidArgumentError } from './errors.js';
import { FreeList } from './free-list.js';
import { KERNEL_MEMORY_LIMIT_BYTES, type KernelRuntime } from './kernel-runtime.js';
import { readOptionRecord } from './option-record.js';

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

/** The keys of AllocOptions: any other key is an error. */
const ALLOC_KEYS = ['init'] as const;

/** Throws INVALID_ARGUMENT unless `length` is a non-negative safe integer. */
export function assertLength(length: unknown, argument = 'length'): asserts length is number {
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw invalidArgumentError(argument, `expected a non-negative integer element count, got ${describeKind(length)}`, length);
  }
}

/**
 * `nCards` buffers of `length` elements of `dtype`, card-contiguous, for a
 * user (Topology.alloc). Validates everything first: on any error nothing is
 * allocated. The result is frozen: its layout fields cannot be rewritten.
 */
export function allocCardBuffers<D extends DType>(
  runtime: KernelRuntime, dtype: D, nCards: number, length: number, options?: AllocOptions,
): CardBuffers<D> {
  assertDType(dtype);
  assertLength(length);
  const init = readOptionRecord(options, ALLOC_KEYS, 'options')?.init ?? 'zero';
  if (init !== 'zero' && init !== 'uninitialized') {
    throw invalidArgumentError('init', `expected 'zero' or 'uninitialized', got ${describeKind(init)}`, init);
  }
  return place(runtime, dtype, nCards, length, init === 'zero', true);
}

/**
 * Uninitialized buffers for the library's own use — staging copies of plain
 * arrays and scratch space inside one collective, freed before it returns
 * and never handed to a user: no option parsing and no freezing (each costs
 * tens of nanoseconds on every small call).
 */
export function allocScratch<D extends DType>(runtime: KernelRuntime, dtype: D, nCards: number, length: number): CardBuffers<D> {
  return place(runtime, dtype, nCards, length, false, false);
}

function place<D extends DType>(runtime: KernelRuntime, dtype: D, nCards: number, length: number, zero: boolean, frozen: boolean): CardBuffers<D> {
  const strideBytes = cardStrideBytes(dtype, length);
  const totalBytes = strideBytes * nCards;
  // Beyond 4 GiB the byte count may not even be exact in a double: refuse before the allocator sees it.
  if (totalBytes > KERNEL_MEMORY_LIMIT_BYTES) throw runtime.outOfMemory(totalBytes);
  const block = runtime.allocate(totalBytes, zero);
  return new CardBuffers(runtime, dtype, nCards, length, block.offset, strideBytes, block, frozen);
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
