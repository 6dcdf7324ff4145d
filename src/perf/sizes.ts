/**
 * Byte sizes as nccl-tests takes them: a number with an optional K, M or G
 * suffix (powers of 1024: `128M` = 134217728; `1.5K` = 1536), and the sweep
 * from -b to -e as nccl-tests' TimeTest walks it (src/common.cu): multiply by
 * -f while it is above 1, else add -i.
 */
import { UsageError } from './usage-error.js';

const SUFFIX: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** Parse `8`, `64K`, `128M`, `1G`, `1.5K` (suffix case-insensitive, optional trailing B) to a whole byte count. */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)([KMG]?)B?$/i.exec(text.trim());
  if (match === null) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a byte count such as 8, 64K, 128M or 1G`);
  const value = Number(match[1]) * SUFFIX[match[2]!.toUpperCase()]!;
  if (!Number.isInteger(value)) throw new UsageError(`${flag} ${text}: not a whole number of bytes (${value})`);
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
  /** Multiply by this each step (nccl-tests -f) while it is above 1; 1 = step by `increment`. */
  readonly factor: number;
  /** Add this each step when `factor` is 1 (nccl-tests -i; its default is 1M). */
  readonly increment: number;
}

/** Most sizes one sweep may have. */
export const MAX_SWEEP_SIZES = 10_000;

/** The sizes of a sweep, smallest first: nccl-tests' loop, refusing the ones that would never end. */
export function sweepSizes(spec: SweepSpec): number[] {
  const sizes: number[] = [];
  for (let size = spec.minBytes; ; ) {
    sizes.push(size);
    if (sizes.length > MAX_SWEEP_SIZES) throw new UsageError(`the sweep has more than ${MAX_SWEEP_SIZES} sizes: raise -f or -i, or narrow -b/-e`);
    const next = spec.factor > 1 ? size * spec.factor : size + spec.increment;
    if (next > spec.maxBytes) break;
    if (next <= size) {
      // nccl-tests would loop for ever here.
      throw new UsageError(spec.factor > 1
        ? `-b 0 with -f ${spec.factor} never grows (0 × ${spec.factor} = 0): start at -b 1 or more, or step with -i`
        : '-i 0 with no factor (-f 1) never grows: give -i a size, or -f 2 or more');
    }
    size = next;
  }
  return sizes;
}
