/**
 * Byte sizes as nccl-tests takes them: a number with an optional K, M or G
 * suffix (powers of 1024: `128M` = 134217728), and the sweep from -b to -e
 * by a factor (-f) or an increment (-i).
 */
import { UsageError } from './usage-error.js';

const SUFFIX: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** Parse `8`, `64K`, `128M`, `1G` (suffix case-insensitive, optional trailing B). */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+)([KMG]?)B?$/i.exec(text.trim());
  if (match === null) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a byte count such as 8, 64K, 128M or 1G`);
  const value = Number(match[1]) * SUFFIX[match[2]!.toUpperCase()]!;
  if (!Number.isSafeInteger(value)) throw new UsageError(`${flag} ${text}: too large`);
  return value;
}

/** Format bytes compactly for messages: 134217728 → "128M". */
export function formatSize(bytes: number): string {
  for (const [suffix, scale] of [['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]] as const) {
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale}${suffix}`;
  }
  return String(bytes);
}

export interface SweepSpec {
  readonly minBytes: number;
  readonly maxBytes: number;
  /** Multiply by this each step (nccl-tests -f); ignored when `increment` is set. */
  readonly factor: number;
  /** Add this each step (nccl-tests -i); 0 = use the factor. */
  readonly increment: number;
}

/** The sizes of a sweep, smallest first; at most 10 000 of them. */
export function sweepSizes(spec: SweepSpec): number[] {
  const sizes: number[] = [];
  for (let size = spec.minBytes; size <= spec.maxBytes; ) {
    sizes.push(size);
    if (sizes.length > 10_000) throw new UsageError('the sweep has more than 10000 sizes: raise -f or -i, or narrow -b/-e');
    const next = spec.increment > 0 ? size + spec.increment : size * spec.factor;
    if (next <= size) break; // -f 1 or -b 0 with a factor: one size
    size = next;
  }
  return sizes;
}
