/**
 * Simulated times in messages: seconds written with the unit a reader takes
 * in at a glance (ns, µs, ms, s), four significant digits at most.
 */

/** `1.5e-6` → `'1.5 µs'`, `0.0123456` → `'12.35 ms'`, `0` → `'0 s'`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return `${seconds} s`;
  const magnitude = Math.abs(seconds);
  const [scale, unit] = magnitude === 0 || magnitude >= 1 ? [1, 's'] : magnitude >= 1e-3 ? [1e3, 'ms'] : magnitude >= 1e-6 ? [1e6, 'µs'] : [1e9, 'ns'];
  return `${Number((seconds * scale).toPrecision(4))} ${unit}`;
}
