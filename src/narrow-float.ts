/**
 * Numbers to the bits of the narrow floats and back: f16 (IEEE 754
 * binary16), bf16 (bfloat16) and the OCP FP8 formats f8e4m3 and f8e5m2
 * (OCP 8-bit Floating Point Specification (OFP8) rev. 1.0, 2023-12-01). The
 * collectives store these dtypes as bits (`Uint16Array`, `Uint8Array`); these
 * functions fill such arrays and read them.
 *
 * Conversions round a number (a double) once, to the nearest value of the
 * format, ties to even — no double rounding through f32. Overflow gives ±Inf
 * (f16, bf16, f8e5m2) or saturates to ±448 (f8e4m3, which has no Inf; the
 * kernels do the same, assembly/narrow-float.ts says why). A NaN gives the
 * format's one quiet NaN, the pattern the kernels write: f16 0x7e00, bf16
 * 0x7fc0, f8e4m3 0x7f, f8e5m2 0x7e.
 */
import { describeKind, invalidArgumentError } from './errors.js';
import type { NarrowFloat } from './dtype.js';

interface Format {
  /** Significand bits, the implicit one included. */
  readonly precision: number;
  /** Exponent of the smallest normal. */
  readonly minExponent: number;
  /** Exponent bias of the encoding. */
  readonly bias: number;
  /** Largest finite magnitude. */
  readonly max: number;
  /** Bits of the sign; code width. */
  readonly signBit: number;
  /** The quiet NaN the kernels write. */
  readonly nan: number;
  /** What overflow gives (sign clear): Inf's code, or the largest finite value's where the format saturates (f8e4m3). */
  readonly overflow: number;
  /** Whether the top exponent field holds Inf and NaNs (IEEE); f8e4m3's holds numbers and one NaN. */
  readonly ieeeSpecials: boolean;
  /** The top (all-ones) exponent field. */
  readonly topExponent: number;
}

const FORMATS: { readonly [F in NarrowFloat]: Format } = {
  f16: { precision: 11, minExponent: -14, bias: 15, max: 65504, signBit: 0x8000, nan: 0x7e00, overflow: 0x7c00, ieeeSpecials: true, topExponent: 0x1f },
  bf16: { precision: 8, minExponent: -126, bias: 127, max: (2 - 2 ** -7) * 2 ** 127, signBit: 0x8000, nan: 0x7fc0, overflow: 0x7f80, ieeeSpecials: true, topExponent: 0xff },
  f8e4m3: { precision: 4, minExponent: -6, bias: 7, max: 448, signBit: 0x80, nan: 0x7f, overflow: 0x7e, ieeeSpecials: false, topExponent: 0xf },
  f8e5m2: { precision: 3, minExponent: -14, bias: 15, max: 57344, signBit: 0x80, nan: 0x7e, overflow: 0x7c, ieeeSpecials: true, topExponent: 0x1f },
};

function formatOf(dtype: unknown): Format {
  if (typeof dtype !== 'string' || !Object.hasOwn(FORMATS, dtype)) {
    throw invalidArgumentError('dtype', `expected one of ${Object.keys(FORMATS).join(', ')}, got ${describeKind(dtype)}`, dtype);
  }
  return FORMATS[dtype as NarrowFloat];
}

/** The exponent e with 2^e ≤ a < 2^(e+1), for a finite a > 0. */
function exponentOf(a: number): number {
  let e = Math.floor(Math.log2(a));
  // log2 may be off by one next to a power of two: settle it exactly.
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return e;
}

/**
 * The bits of `value` in a narrow float dtype: rounded to nearest, ties to
 * even; ±Inf beyond the largest value (f8e4m3: ±448); NaN as the dtype's
 * quiet NaN.
 *
 * @example
 * ```ts
 * floatToBits('f16', 1.5);        // 0x3e00
 * floatToBits('bf16', -2);        // 0xc000
 * floatToBits('f8e4m3', 1000);    // 0x7e (448: e4m3 saturates)
 * ```
 */
export function floatToBits(dtype: NarrowFloat, value: number): number {
  const f = formatOf(dtype);
  if (Number.isNaN(value)) return f.nan;
  const sign = value < 0 || Object.is(value, -0) ? f.signBit : 0;
  const a = Math.abs(value);
  const mantissaBits = f.precision - 1;
  const overflow = sign | f.overflow;
  if (a === Infinity) return overflow;
  if (a === 0) return sign;
  // The grid at a's exponent (the subnormal grid below the smallest normal); a / quantum is exact.
  const e = Math.max(exponentOf(a), f.minExponent);
  const quantum = 2 ** (e - mantissaBits);
  const scaled = a / quantum;
  let units = Math.floor(scaled);
  const rest = scaled - units;
  if (rest > 0.5 || (rest === 0.5 && units % 2 === 1)) units++;
  const rounded = units * quantum;
  if (rounded > f.max) return overflow;
  if (rounded < 2 ** f.minExponent) return sign | units; // subnormal (or zero): the code is the count of quanta
  const exponent = exponentOf(rounded);
  const mantissa = rounded / 2 ** (exponent - mantissaBits) - 2 ** mantissaBits;
  return sign | ((exponent + f.bias) << mantissaBits) | mantissa;
}

/**
 * The value of bits `code` of a narrow float dtype (any NaN code gives NaN).
 *
 * @example
 * ```ts
 * bitsToFloat('f16', 0x3e00);     // 1.5
 * bitsToFloat('f8e5m2', 0x7c);    // Infinity
 * ```
 */
export function bitsToFloat(dtype: NarrowFloat, code: number): number {
  const f = formatOf(dtype);
  const mantissaBits = f.precision - 1;
  const width = f.signBit * 2;
  if (!Number.isInteger(code) || code < 0 || code >= width) {
    throw invalidArgumentError('code', `expected an integer 0..${width - 1} (the bits of one ${dtype}), got ${describeKind(code)}`, code);
  }
  const sign = code & f.signBit ? -1 : 1;
  const exponentField = (code & (f.signBit - 1)) >> mantissaBits;
  const mantissa = code & ((1 << mantissaBits) - 1);
  if (exponentField === f.topExponent) {
    if (f.ieeeSpecials) return mantissa === 0 ? sign * Infinity : NaN;
    // f8e4m3: only S.1111.111 is NaN; the rest of the top binade are normal numbers.
    if (mantissa === (1 << mantissaBits) - 1) return NaN;
  }
  if (exponentField === 0) return sign * mantissa * 2 ** (f.minExponent - mantissaBits);
  return sign * (2 ** mantissaBits + mantissa) * 2 ** (exponentField - f.bias - mantissaBits);
}
