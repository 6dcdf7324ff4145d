/** Numbers as the page prints them: bytes in binary units, times in SI units, bandwidth in GB/s (1e9 B/s, as nccl-tests). */

/** 1048576 → "1 MiB", 1536 → "1.5 KiB", 8 → "8 B". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || Number.isInteger(value) ? 0 : value < 10 ? 2 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** Short axis labels: 1048576 → "1M", 16 → "16". */
export function formatBytesShort(bytes: number): string {
  for (const [suffix, scale] of [['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10]] as const) {
    if (bytes >= scale) return `${+(bytes / scale).toFixed(1)}${suffix}`;
  }
  return String(bytes);
}

/** Seconds with the unit that keeps 3–4 significant digits: 2.0199e-2 → "20.20 ms". */
export function formatSeconds(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1e-6) return `${(seconds * 1e9).toFixed(1)} ns`;
  if (abs < 1e-3) return `${(seconds * 1e6).toFixed(2)} µs`;
  if (abs < 1) return `${(seconds * 1e3).toFixed(2)} ms`;
  return `${seconds.toFixed(3)} s`;
}

/** GB/s with three decimals below 10, else one: 0.3634 → "0.363 GB/s". */
export function formatBandwidth(gbPerSecond: number): string {
  return `${gbPerSecond.toFixed(gbPerSecond < 10 ? 3 : 1)} GB/s`;
}

/** A count with its noun, singular for one: (1, 'step') → "1 step", (3, 'step') → "3 steps". */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : plural}`;
}

/** How a time was obtained, in the page's words: 'simulate' → "simulated", 'analytic' → "analytic". */
export function methodLabel(method: 'simulate' | 'analytic' | undefined): string {
  return method === 'simulate' ? 'simulated' : method === 'analytic' ? 'analytic' : 'not priced';
}
