// Narrow floating-point formats — f16, bf16 and the two OCP FP8 formats —
// computed in f32 lanes: widen the stored bits to f32, compute one step in
// f32, round the f32 result once to the format (round to nearest, ties to
// even), and narrow to bits only when storing.
//
// Formats (p = significand bits with the implicit one, emin = exponent of
// the smallest normal):
//   f16     IEEE 754 binary16: p = 11, emin = −14, max 65504, ±Inf, NaN.
//   bf16    bfloat16 (the top half of an f32): p = 8, emin = −126.
//   e4m3    OCP FP8 E4M3: p = 4, emin = −6, max 448; no Inf; NaN is S.1111.111.
//   e5m2    OCP FP8 E5M2: p = 3, emin = −14, max 57344; ±Inf and NaNs as IEEE.
//   (OCP 8-bit Floating Point Specification (OFP8) rev. 1.0, 2023-12-01,
//   https://www.opencompute.org/documents/ocp-8-bit-floating-point-specification-ofp8-revision-1-0-2023-12-01-pdf-1)
//
// Overflow: f16, bf16 and e5m2 round to ±Inf as IEEE 754 does. e4m3 has no
// Inf; the OFP8 spec leaves conversions of out-of-range values to
// implementations — saturate to ±max or produce NaN. We saturate: every
// finite or infinite result beyond 448 becomes ±448, and only a NaN is NaN.
// That is what NVIDIA's `__nv_fp8_e4m3` conversions (`__NV_SATFINITE`), and so
// NCCL's fp8 reductions, do.
//
// NaN: every NaN a kernel stores is one quiet NaN per format — f16 0x7E00,
// bf16 0x7FC0, e4m3 0x7F, e5m2 0x7E — so results are exact bit patterns.
//
// Why rounding an f32 result once is right: for two values of the format,
// one +, −, × or ÷ in f32 then one rounding to the format equals the
// correctly rounded operation in the format, because f32 carries 24 ≥ 2p + 2
// significand bits (Figueroa, "When is double rounding innocuous?", SIGNUM
// Newsletter 1995): p = 11 for f16, 8 for bf16, 4 and 3 for the FP8 formats.
// (avg's division by the card count n is computed in f32 and rounded once;
// n need not be a value of the format, so that step is only "f32, rounded once".)
//
// Lane layout: widenV takes eight codes in 16-bit lanes (fp8 codes << 8) and
// returns four of them as f32 lanes; narrowV returns codes in the low bits of
// i32 lanes. Every helper is `@inline` and takes the format as a constant
// argument from a concrete export, so each export compiles to one format's
// instructions.

/** Element formats: NATIVE lanes of the storage type, or a narrow float computed in f32 lanes. */
export const NATIVE: i32 = 0;
export const F16: i32 = 1;
export const BF16: i32 = 2;
export const E4M3: i32 = 3;
export const E5M2: i32 = 4;

/** Whether a format is stored in one byte (the FP8 formats). */
@inline
export function isByteFormat(fmt: i32): bool {
  return fmt == E4M3 || fmt == E5M2;
}

// Rounding an f32 `a ≥ 0` to a format with p significand bits is one f32
// addition and one subtraction of C = 2^(e + 24 − p), e = the exponent of a
// (a "magic number" addition): a + C lies in [C, 2C), where the f32
// grid is 2^(e + 1 − p) — the format's grid at exponent e — so the f32
// addition rounds a to that grid (nearest, ties to even), and subtracting C
// is exact. Clamping e below at emin gives the subnormal grid. C stays finite:
// the kernels round sums, products and quotients of two values of the format,
// at most 2^32 in magnitude; for a = Inf, C's bits wrap to a negative finite
// float and Inf ± C is Inf.

/** (24 − p) << 23: what turns the exponent bits of a into those of C. */
@inline
function magicShift(fmt: i32): i32 {
  if (fmt == F16) return 13 << 23;
  if (fmt == E4M3) return 20 << 23;
  return 21 << 23; // E5M2
}

/** Bits of the smallest C: 2^(emin + 24 − p). */
@inline
function magicMin(fmt: i32): i32 {
  if (fmt == F16) return (127 - 14 + 13) << 23; // 2^-1
  if (fmt == E4M3) return (127 - 6 + 20) << 23; // 2^14
  return (127 - 14 + 21) << 23; // E5M2: 2^7
}

// Bits of the f32 powers of two that move exponents between a format and f32.
const POW2_120: i32 = (127 + 120) << 23;
const POW2_112: i32 = (127 + 112) << 23;
const POW2_M120: i32 = (127 - 120) << 23;
const POW2_M112: i32 = (127 - 112) << 23;

/** e4m3's largest finite magnitude, where it saturates. */
const E4M3_MAX: f32 = 448;

/** Round every f32 lane to the nearest value of the format (ties to even); NaN stays a NaN. */
@inline
export function roundV(fmt: i32, x: v128): v128 {
  if (fmt == BF16) {
    // bf16 keeps the top 16 bits of an f32, so rounding is integer: add half
    // an ulp less one plus the kept LSB, then cut. That is ties-to-even for
    // normals and subnormals alike, and carries into Inf on overflow. A NaN
    // stays a NaN: wasm arithmetic NaNs have the quiet bit (bit 22) set, and
    // widened bf16 NaNs a non-zero top mantissa, both among the kept bits.
    const lsb = v128.and(i32x4.shr_u(x, 16), i32x4.splat(1));
    return v128.and(i32x4.add(i32x4.add(x, i32x4.splat(0x7fff)), lsb), i32x4.splat(0xffff0000));
  }
  const a = v128.and(x, i32x4.splat(0x7fffffff));
  const sign = v128.xor(x, a);
  const c = i32x4.max_u(i32x4.add(v128.and(a, i32x4.splat(0x7f800000)), i32x4.splat(magicShift(fmt))), i32x4.splat(magicMin(fmt)));
  let r = f32x4.sub(f32x4.add(a, c), c);
  if (fmt == E4M3) {
    // Saturate: pmin(r, 448) = 448 < r ? 448 : r, so a NaN r stays.
    r = f32x4.pmin(r, f32x4.splat(E4M3_MAX));
  } else {
    // Overflow to Inf: a rounded f16 or e5m2 magnitude overflows exactly when it
    // reaches 2^16, and r · 2^112 ≥ 2^128 overflows f32 then; below, both
    // multiplications are exact. NaN and Inf pass through.
    r = f32x4.mul(f32x4.mul(r, i32x4.splat(POW2_112)), i32x4.splat(POW2_M112));
  }
  return v128.or(r, sign);
}

/** 16-bit lanes: elements 0–3 (`half` 0) or 4–7 (`half` 1) of `low` and `high` interleaved into i32 lanes (high << 16 | low). */
@inline
function interleave16(low: v128, high: v128, half: i32): v128 {
  return half == 0
    ? i8x16.shuffle(low, high, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23)
    : i8x16.shuffle(low, high, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
}

/**
 * The f32 values of elements 0–3 (`half` 0) or 4–7 (`half` 1) of eight
 * codes in 16-bit lanes (f16 and bf16 codes as they are; fp8 codes << 8),
 * exactly. The bit surgery runs on all eight 16-bit lanes at once and yields
 * the top and bottom halves of each f32 pattern; interleaving and one
 * multiplication finish four lanes.
 */
@inline
export function widenV(fmt: i32, codes: v128, half: i32): v128 {
  const zero = i32x4.splat(0);
  if (fmt == BF16) return interleave16(zero, codes, half);
  if (fmt == E4M3) {
    // s eeee mmm → s 0000eeee mmm…: the f32 pattern of value · 2^-120 (normal and
    // subnormal alike); the NaN code S.1111.111 gets an all-ones exponent first.
    let high = v128.and(i16x8.shr_s(codes, 4), i16x8.splat(<i16>0x87ff));
    const nan = i16x8.eq(v128.and(high, i16x8.splat(0x07f0)), i16x8.splat(0x07f0));
    high = v128.or(high, v128.and(nan, i16x8.splat(0x7800)));
    return f32x4.mul(interleave16(zero, high, half), i32x4.splat(POW2_120));
  }
  // F16, and E5M2 (the top byte of an f16): s eeeee m… → s 000eeeee m…, the f32
  // pattern of value · 2^-112; Inf and NaN (exponent 11111) get an all-ones exponent first.
  let high = v128.and(i16x8.shr_s(codes, 3), i16x8.splat(<i16>0x8fff));
  const special = i16x8.eq(v128.and(high, i16x8.splat(0x0f80)), i16x8.splat(0x0f80));
  high = v128.or(high, v128.and(special, i16x8.splat(0x7000)));
  const low = fmt == E5M2 ? zero : i16x8.shl(codes, 13);
  return f32x4.mul(interleave16(low, high, half), i32x4.splat(POW2_112));
}

/** Codes (low bits of each i32 lane) of f32 lanes that hold values of the format; a NaN gives the format's quiet NaN. */
@inline
export function narrowV(fmt: i32, x: v128): v128 {
  const nan = f32x4.ne(x, x);
  if (fmt == BF16) return v128.bitselect(i32x4.splat(0x7fc0), i32x4.shr_u(x, 16), nan);
  const a = v128.and(x, i32x4.splat(0x7fffffff));
  if (fmt == E4M3) {
    // value · 2^-120 is exact (subnormal codes become f32 subnormals); its bits >> 20 are the code.
    const y = f32x4.mul(a, i32x4.splat(POW2_M120));
    const code = v128.or(i32x4.shr_u(y, 20), v128.and(i32x4.shr_u(x, 24), i32x4.splat(0x80)));
    return v128.bitselect(i32x4.splat(0x7f), code, nan);
  }
  // F16 and E5M2: the f16 code (value · 2^-112, bits >> 13; Inf clamped to the
  // f16 Inf pattern); an E5M2 value's f16 code ends in 8 zero bits.
  const y = i32x4.min_u(f32x4.mul(a, i32x4.splat(POW2_M112)), i32x4.splat(0x0f800000));
  const code = v128.or(i32x4.shr_u(y, 13), v128.and(i32x4.shr_u(x, 16), i32x4.splat(0x8000)));
  const f16 = v128.bitselect(i32x4.splat(0x7e00), code, nan);
  return fmt == E5M2 ? i32x4.shr_u(f16, 8) : f16;
}

// Scalar counterparts: the same operations on one lane, so the scalar tail and
// the build without SIMD give bit-identical results.

/** `roundV` on one f32. */
@inline
export function roundS(fmt: i32, x: f32): f32 {
  const bits = reinterpret<u32>(x);
  if (fmt == BF16) return reinterpret<f32>((bits + 0x7fff + ((bits >> 16) & 1)) & 0xffff0000);
  const aBits = bits & 0x7fffffff;
  const a = reinterpret<f32>(aBits);
  const c = reinterpret<f32>(max<u32>((aBits & 0x7f800000) + <u32>magicShift(fmt), <u32>magicMin(fmt)));
  let r = (a + c) - c;
  if (fmt == E4M3) r = E4M3_MAX < r ? E4M3_MAX : r;
  else r = (r * reinterpret<f32>(POW2_112)) * reinterpret<f32>(POW2_M112);
  return reinterpret<f32>(reinterpret<u32>(r) | (bits & 0x80000000));
}

/** `widenV` on one code (in the low bits). */
@inline
export function widenS(fmt: i32, code: u32): f32 {
  if (fmt == BF16) return reinterpret<f32>(code << 16);
  if (fmt == E4M3) {
    let x = (<i32>(code << 24) >> 4) & 0x87ffffff;
    if ((x & 0x07f00000) == 0x07f00000) x |= 0x78000000;
    return reinterpret<f32>(x) * reinterpret<f32>(POW2_120);
  }
  let x = (<i32>(code << (fmt == E5M2 ? 24 : 16)) >> 3) & 0x8fffffff;
  if ((x & 0x0f800000) == 0x0f800000) x |= 0x70000000;
  return reinterpret<f32>(x) * reinterpret<f32>(POW2_112);
}

/** `narrowV` on one f32 (returns the code in the low bits). */
@inline
export function narrowS(fmt: i32, x: f32): u32 {
  const bits = reinterpret<u32>(x);
  const nan = x != x;
  if (fmt == BF16) return nan ? 0x7fc0 : bits >> 16;
  const a = reinterpret<f32>(bits & 0x7fffffff);
  if (fmt == E4M3) {
    return nan ? 0x7f : (reinterpret<u32>(a * reinterpret<f32>(POW2_M120)) >> 20) | ((bits >> 24) & 0x80);
  }
  const f16 = nan ? 0x7e00 : (min<u32>(reinterpret<u32>(a * reinterpret<f32>(POW2_M112)), 0x0f800000) >> 13) | ((bits >> 16) & 0x8000);
  return fmt == E5M2 ? f16 >> 8 : f16;
}
