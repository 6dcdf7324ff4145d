/**
 * The one owner of kernel memory: loads the wasm kernels, hands out blocks of
 * their linear memory, and grows it.
 *
 * Why one owner: `memory.grow` detaches every typed-array view over the old
 * `ArrayBuffer` (its length reads as 0 and writes are silently dropped). All
 * views the library gives out are derived from `memory.buffer` at the moment
 * they are asked for (CardBuffers.card), so a growth here can never leave the
 * library reading through a stale view.
 *
 * The wasm module imports its memory (asconfig.json `importMemory`) and has no
 * static data, so every byte from HEAP_BASE up belongs to this allocator.
 */
import { outOfMemoryError, type SpankerError } from './errors.js';
import { FreeList, BLOCK_ALIGN } from './free-list.js';
import { SIMD_WASM_BASE64, SCALAR_WASM_BASE64 } from './generated/kernels-wasm.js';
import type { KernelExports } from './kernel-abi.js';
import { hasWasmSimd } from './simd-support.js';

/** Which build of the kernels runs: v128 SIMD, or the same source compiled without SIMD. */
export type KernelVariant = 'simd' | 'scalar';

/** `'auto'` picks `'simd'` where the runtime validates a SIMD module, else `'scalar'`. */
export type KernelChoice = 'auto' | KernelVariant;

/** Bytes in one wasm page. */
const PAGE_BYTES = 65536;
/** wasm32 addresses at most 65536 pages: 4 GiB. */
const MAX_PAGES = 65536;
/** Total addressable kernel memory in bytes (4 GiB). */
export const KERNEL_MEMORY_LIMIT_BYTES = MAX_PAGES * PAGE_BYTES;
/** First allocatable byte: offset 0 stays unused so no buffer ever sits at a null pointer. */
const HEAP_BASE = BLOCK_ALIGN;
/** Bytes the allocator can hand out in all: the 4 GiB less the unused block at 0. */
export const KERNEL_HEAP_BYTES = KERNEL_MEMORY_LIMIT_BYTES - HEAP_BASE;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const modules = new Map<KernelVariant, Promise<WebAssembly.Module>>();

function compileKernels(variant: KernelVariant): Promise<WebAssembly.Module> {
  let module = modules.get(variant);
  if (module === undefined) {
    module = WebAssembly.compile(decodeBase64(variant === 'simd' ? SIMD_WASM_BASE64 : SCALAR_WASM_BASE64));
    modules.set(variant, module);
  }
  return module;
}

/** Resolve `'auto'` against what this runtime supports. */
export function resolveKernelChoice(choice: KernelChoice): KernelVariant {
  if (choice === 'auto') return hasWasmSimd() ? 'simd' : 'scalar';
  return choice;
}

export class KernelRuntime {
  private readonly heap = new FreeList(HEAP_BASE, KERNEL_MEMORY_LIMIT_BYTES);

  private constructor(
    /** Which kernel build this runtime runs. */
    readonly variant: KernelVariant,
    /** The kernels' exports; pointers are offsets into `memory`. */
    readonly kernels: KernelExports,
    /** The kernels' linear memory. Re-read `memory.buffer` after anything that may grow it. */
    readonly memory: WebAssembly.Memory,
  ) {}

  /** A fresh runtime with its own memory. Topologies share one per variant (see `sharedRuntime`). */
  static async create(variant: KernelVariant): Promise<KernelRuntime> {
    const module = await compileKernels(variant);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    return new KernelRuntime(variant, instance.exports as unknown as KernelExports, memory);
  }

  /**
   * Reserve `bytes` of kernel memory, 64-byte aligned, growing the memory if
   * needed. With `zero`, the block reads as zeros (only bytes that were used
   * before are cleared: memory above the high-water mark is zero from growth).
   * Throws OUT_OF_MEMORY — with nothing reserved — when it cannot fit.
   */
  allocate(bytes: number, zero: boolean): { offset: number; size: number } {
    const size = FreeList.blockSize(Math.max(bytes, 1));
    const neverUsedFrom = this.heap.highWaterMark;
    const offset = this.heap.allocate(size);
    if (offset === undefined) throw this.outOfMemory(bytes);
    const end = offset + size;
    const current = this.memory.buffer.byteLength;
    if (end > current) {
      const pages = Math.ceil((end - current) / PAGE_BYTES);
      try {
        this.memory.grow(pages);
      } catch (cause) {
        // The engine may refuse before 4 GiB (a browser's limit, or the host
        // is short of memory): give the block back and report it.
        this.heap.release(offset, size);
        throw outOfMemoryError({
          requested: bytes, largestFree: this.heap.largestFreeBlockBelow(current), limit: KERNEL_MEMORY_LIMIT_BYTES,
          refusedGrowth: { from: current, to: current + pages * PAGE_BYTES },
        }, cause);
      }
    }
    if (zero && offset < neverUsedFrom) {
      new Uint8Array(this.memory.buffer, offset, Math.min(end, neverUsedFrom) - offset).fill(0);
    }
    return { offset, size };
  }

  /**
   * The OUT_OF_MEMORY error for a request of `bytes` that cannot be placed:
   * it reports the largest block that could be handed out now and the 4 GiB
   * limit (not the limit alone: with the heap fragmented or mostly in use,
   * far less than 4 GiB is free).
   */
  outOfMemory(bytes: number): SpankerError {
    return outOfMemoryError({ requested: bytes, largestFree: this.heap.largestFreeBlock, limit: KERNEL_MEMORY_LIMIT_BYTES });
  }

  /** Return a block from `allocate`. */
  release(offset: number, size: number): void {
    this.heap.release(offset, size);
  }

  /** Bytes of kernel memory ever in use at once (the allocator's high-water mark). */
  get highWaterBytes(): number {
    return this.heap.highWaterMark;
  }
}

const shared = new Map<KernelVariant, Promise<KernelRuntime>>();

/** The process-wide runtime for a variant: one memory that every topology using it shares. */
export function sharedRuntime(variant: KernelVariant): Promise<KernelRuntime> {
  let runtime = shared.get(variant);
  if (runtime === undefined) {
    runtime = KernelRuntime.create(variant);
    shared.set(variant, runtime);
  }
  return runtime;
}
