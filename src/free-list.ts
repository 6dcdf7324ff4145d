/**
 * A first-fit free-list allocator over an address range of kernel memory.
 *
 * It only does bookkeeping (offsets and sizes, in bytes); KernelMemory grows
 * the real memory to cover what it hands out. Every block size is a multiple
 * of BLOCK_ALIGN, so every block starts 64-byte aligned (one cache line, and
 * a multiple of the 16-byte alignment the SIMD kernels want).
 *
 * Freed neighbours coalesce, and a free block touching the top lowers the top,
 * so any alloc/free sequence that returns everything leaves the range as it
 * started: repeated cycles of the same size reuse the same addresses and never
 * move the high-water mark (see test/kernel-memory.test.ts).
 */

export const BLOCK_ALIGN = 64;

interface FreeBlock {
  offset: number;
  size: number;
}

export class FreeList {
  /** Free blocks below `top`, sorted by offset, never adjacent (always coalesced). */
  private readonly free: FreeBlock[] = [];
  private top: number;
  private highWater: number;

  /** Manage `[base, limit)`; `base` must be BLOCK_ALIGN-aligned. */
  constructor(private readonly base: number, private readonly limit: number) {
    this.top = base;
    this.highWater = base;
  }

  /** One past the highest byte ever handed out: memory above it has never been used. */
  get highWaterMark(): number {
    return this.highWater;
  }

  /** Bytes that could still be handed out at the top of the range. */
  get bytesAboveTop(): number {
    return this.limit - this.top;
  }

  /**
   * The largest block `allocate` could hand out now, in bytes: the biggest
   * free block below the top, or the room above the top (free blocks never
   * touch the top: `release` gives such a block back to it).
   */
  get largestFreeBlock(): number {
    let largest = this.limit - this.top;
    for (const block of this.free) if (block.size > largest) largest = block.size;
    return largest;
  }

  /** The same, without the room above `top` beyond `end` (memory the engine has not grown to yet). */
  largestFreeBlockBelow(end: number): number {
    let largest = Math.max(0, Math.min(end, this.limit) - this.top);
    for (const block of this.free) if (block.size > largest) largest = block.size;
    return largest;
  }

  /** Round a request up to the block granularity. */
  static blockSize(bytes: number): number {
    return Math.ceil(bytes / BLOCK_ALIGN) * BLOCK_ALIGN;
  }

  /** Reserve `size` bytes (a multiple of BLOCK_ALIGN); returns the offset, or undefined if it cannot fit. */
  allocate(size: number): number | undefined {
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i]!;
      if (block.size < size) continue;
      const offset = block.offset;
      if (block.size === size) this.free.splice(i, 1);
      else {
        block.offset += size;
        block.size -= size;
      }
      return offset;
    }
    if (size > this.limit - this.top) return undefined;
    const offset = this.top;
    this.top += size;
    this.highWater = Math.max(this.highWater, this.top);
    return offset;
  }

  /** Return a block handed out by `allocate` with the same size. */
  release(offset: number, size: number): void {
    let i = 0;
    while (i < this.free.length && this.free[i]!.offset < offset) i++;
    const block: FreeBlock = { offset, size };
    this.free.splice(i, 0, block);
    // Coalesce with the following block, then with the preceding one.
    const next = this.free[i + 1];
    if (next !== undefined && block.offset + block.size === next.offset) {
      block.size += next.size;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev !== undefined && prev.offset + prev.size === block.offset) {
      prev.size += block.size;
      this.free.splice(i, 1);
    }
    // A free block that reaches the top gives its space back to the top.
    const last = this.free[this.free.length - 1];
    if (last !== undefined && last.offset + last.size === this.top) {
      this.top = last.offset;
      this.free.pop();
    }
  }
}
