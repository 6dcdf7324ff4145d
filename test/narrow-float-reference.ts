// An independent bitwise reference for the narrow floats — f16, bf16 and the
// OCP FP8 formats (OFP8 rev. 1.0) — in plain TS: decoding a code from its
// fields, and rounding by integer arithmetic on an f32's (or f64's) bits —
// shift, look at the dropped bits, round half to even. It shares nothing with
// the kernels (assembly/narrow-float.ts rounds with f32 "magic number"
// additions) or src/narrow-float.ts (which scales and floors doubles).
//
// Conventions under test (README, Numerics): overflow gives ±Inf, except
// e4m3, which has no Inf and saturates to ±448; every NaN is encoded as one
// quiet NaN per format.
import type { NarrowFloat } from '../src/dtype.js';

export interface FormatSpec {
  readonly exponentBits: number;
  readonly mantissaBits: number;
  readonly bias: number;
  /** IEEE-style Inf and NaNs in the top exponent (false for e4m3: numbers there, and one NaN). */
  readonly ieee: boolean;
  readonly canonicalNaN: number;
}

export const SPECS: { readonly [F in NarrowFloat]: FormatSpec } = {
  f16: { exponentBits: 5, mantissaBits: 10, bias: 15, ieee: true, canonicalNaN: 0x7e00 },
  bf16: { exponentBits: 8, mantissaBits: 7, bias: 127, ieee: true, canonicalNaN: 0x7fc0 },
  f8e4m3: { exponentBits: 4, mantissaBits: 3, bias: 7, ieee: false, canonicalNaN: 0x7f },
  f8e5m2: { exponentBits: 5, mantissaBits: 2, bias: 15, ieee: true, canonicalNaN: 0x7e },
};

export const NARROW_FLOATS: readonly NarrowFloat[] = ['f16', 'bf16', 'f8e4m3', 'f8e5m2'];

/** Codes of a format: 2^(1 + exponent bits + mantissa bits). */
export function codeCount(format: NarrowFloat): number {
  const s = SPECS[format];
  return 2 ** (1 + s.exponentBits + s.mantissaBits);
}

/** The value of a code, from its sign, exponent and mantissa fields. */
export function decode(format: NarrowFloat, code: number): number {
  const s = SPECS[format];
  const sign = (code >> (s.exponentBits + s.mantissaBits)) & 1 ? -1 : 1;
  const exponent = (code >> s.mantissaBits) & ((1 << s.exponentBits) - 1);
  const mantissa = code & ((1 << s.mantissaBits) - 1);
  const top = (1 << s.exponentBits) - 1;
  if (exponent === top && s.ieee) return mantissa === 0 ? sign * Infinity : NaN;
  if (exponent === top && mantissa === (1 << s.mantissaBits) - 1) return NaN; // e4m3's only NaN
  if (exponent === 0) return sign * mantissa * 2 ** (1 - s.bias - s.mantissaBits);
  return sign * (1 + mantissa / 2 ** s.mantissaBits) * 2 ** (exponent - s.bias);
}

/** Every code's value, by code (a lookup table for the exhaustive tests). */
export function decodeTable(format: NarrowFloat): Float64Array {
  const table = new Float64Array(codeCount(format));
  for (let code = 0; code < table.length; code++) table[code] = decode(format, code);
  return table;
}

/**
 * Round a finite non-zero magnitude given as significand × 2^exponent (the
 * significand an integer, exact) to the format, and return the code (sign
 * clear). All-integer: the bits below the kept ones decide, half to even.
 */
function roundSignificand(s: FormatSpec, significand: bigint, exponent: number): number {
  // value = significand · 2^exponent. Normal codes keep mantissaBits + 1 bits;
  // below the smallest normal the grid is fixed at 2^(1 − bias − mantissaBits).
  const minGrid = 1 - s.bias - s.mantissaBits;
  const bitLength = significand.toString(2).length;
  const topExponent = exponent + bitLength - 1; // value in [2^top, 2^(top+1))
  const gridExponent = Math.max(topExponent - s.mantissaBits, minGrid);
  const drop = gridExponent - exponent; // bits of the significand below the grid
  let units: bigint;
  if (drop <= 0) {
    units = significand << BigInt(-drop);
  } else {
    units = significand >> BigInt(drop);
    const rest = significand - (units << BigInt(drop));
    const half = 1n << BigInt(drop - 1);
    if (rest > half || (rest === half && (units & 1n) === 1n)) units++;
  }
  // value ≈ units · 2^gridExponent; units may have grown to the next binade.
  let grid = gridExponent;
  if (units >= 1n << BigInt(s.mantissaBits + 1)) {
    units >>= 1n;
    grid++;
  }
  if (units < 1n << BigInt(s.mantissaBits)) return Number(units); // subnormal or zero: the code is the count of grid steps
  const field = grid + s.mantissaBits + s.bias;
  return (field << s.mantissaBits) | Number(units - (1n << BigInt(s.mantissaBits)));
}

/** The code of `value` (any double), rounded once: nearest, ties to even. */
export function encode(format: NarrowFloat, value: number): number {
  const s = SPECS[format];
  const signBit = 1 << (s.exponentBits + s.mantissaBits);
  if (Number.isNaN(value)) return s.canonicalNaN;
  const sign = value < 0 || Object.is(value, -0) ? signBit : 0;
  const maxCode = s.ieee ? (((1 << s.exponentBits) - 2) << s.mantissaBits) | ((1 << s.mantissaBits) - 1) : signBit - 2;
  const overflow = s.ieee ? ((1 << s.exponentBits) - 1) << s.mantissaBits : maxCode; // Inf, or e4m3's saturation at 448
  if (!Number.isFinite(value)) return sign | overflow;
  if (value === 0) return sign;
  // The double's exact significand and exponent, from its bits.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const significand = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  const code = roundSignificand(s, significand, exponent);
  return sign | (code > maxCode ? overflow : code);
}

// The fast path for the exhaustive tests: the same rounding on an f32's bits
// with plain numbers (every quantity below 2^25).
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** `encode` of the f32 nearest to `value` — the kernels' "compute in f32, round once" — without BigInt. */
export function encodeF32(format: NarrowFloat, value: number): number {
  const s = SPECS[format];
  f32[0] = value;
  const bits = f32Bits[0]!;
  const signBit = 1 << (s.exponentBits + s.mantissaBits);
  const sign = bits >>> 31 ? signBit : 0;
  const biased = (bits >>> 23) & 0xff;
  const fraction = bits & 0x7fffff;
  const maxCode = s.ieee ? (((1 << s.exponentBits) - 2) << s.mantissaBits) | ((1 << s.mantissaBits) - 1) : signBit - 2;
  const overflow = s.ieee ? ((1 << s.exponentBits) - 1) << s.mantissaBits : maxCode;
  if (biased === 0xff) return fraction !== 0 ? s.canonicalNaN : sign | overflow;
  if (biased === 0 && fraction === 0) return sign;
  const significand = biased === 0 ? fraction : fraction | 0x800000;
  const exponent = (biased === 0 ? 1 : biased) - 150;
  const minGrid = 1 - s.bias - s.mantissaBits;
  const topExponent = exponent + (32 - Math.clz32(significand)) - 1;
  let grid = Math.max(topExponent - s.mantissaBits, minGrid);
  const drop = grid - exponent; // ≥ 0: an f32 has more significand bits than any of the formats
  let units: number;
  if (drop > 25) {
    units = 0; // below half the smallest subnormal
  } else {
    const step = 2 ** drop;
    units = Math.floor(significand / step);
    const rest = significand - units * step;
    if (rest * 2 > step || (rest * 2 === step && units % 2 === 1)) units++;
  }
  if (units >= 2 ** (s.mantissaBits + 1)) {
    units /= 2;
    grid++;
  }
  let code: number;
  if (units < 2 ** s.mantissaBits) code = units;
  else code = ((grid + s.mantissaBits + s.bias) << s.mantissaBits) | (units - 2 ** s.mantissaBits);
  return sign | (code > maxCode ? overflow : code);
}
