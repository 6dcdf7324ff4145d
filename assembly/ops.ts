// Reduction operators: op codes and the lane/scalar steps the kernels inline
// (enter the accumulator's domain, combine, leave it).
//
// An accumulator holds lanes of the storage type T (fmt NATIVE: f32, f64,
// i32, u32, i8, u8, i64, u64) or, for the narrow floats (f16, bf16, e4m3,
// e5m2: narrow-float.ts), f32 lanes that always hold values of the format:
// every sum and product step is rounded once to it.
//
// Every helper is `@inline` and takes the op and the format as constant
// arguments from a concrete export, so after inlining Binaryen folds the
// `op ==` and `fmt ==` tests away and each export is a branch-free loop for
// one (op, dtype) pair. Tests on T (`sizeof<T>()`, `isFloat<T>()`) are
// resolved by the AssemblyScript compiler itself.

import { NATIVE, roundS, roundV } from "./narrow-float";

/** Op codes, internal to the kernels: each concrete export fixes one. */
export const OP_SUM: i32 = 0;
export const OP_PROD: i32 = 1;
export const OP_MAX: i32 = 2;
export const OP_MIN: i32 = 3;
export const OP_AVG: i32 = 4;

/**
 * Float max/min must equal `Math.max`/`Math.min` exactly: NaN propagates and
 * −0 < +0. `f32x4.min` has those semantics, but V8 lowers it to about nine
 * x86 instructions. `pmin(a, b) = b < a ? b : a` is one instruction but keeps
 * `a` on a tie (−0 vs +0) and on an unordered pair (a NaN). Taking both
 * operand orders and OR-ing the bits is exact:
 *   - a < b or b < a: both orders give the smaller value, OR changes nothing;
 *   - −0 vs +0: the two orders give −0 and +0, and −0 | +0 = −0 = Math.min;
 *   - a NaN on either side: one order returns that NaN, and OR with any value
 *     keeps the all-ones exponent and a non-zero mantissa, so still a NaN.
 * So min costs three instructions. max(a, b) = −min(−a, −b) (negation is a
 * sign flip, exact for every value including NaN and ±0), so max keeps its
 * accumulator negated: inputs enter with one XOR of the sign bit, and the
 * result leaves with another.
 */
@inline
function minExactV<T>(a: v128, b: v128): v128 {
  return v128.or(v128.pmin<T>(a, b), v128.pmin<T>(b, a));
}

/** Sign bit of every lane of `T`. */
@inline
function signMaskV<T>(): v128 {
  return sizeof<T>() == 8 ? i64x2.splat(<i64>0x8000000000000000) : i32x4.splat(<i32>0x80000000);
}

/** Lane-wise product, wrapping for integers. wasm has no i8x16.mul: multiply the 16-bit widenings and keep each low byte. */
@inline
export function mulV<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 1) {
    const low = i16x8.extmul_low_i8x16_u(a, b);
    const high = i16x8.extmul_high_i8x16_u(a, b);
    return i8x16.shuffle(low, high, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  }
  return v128.mul<T>(a, b);
}

/** Lane-wise integer max (`wantMax`) or min. wasm has no i64x2.max: compare, then select (unsigned: compare with the sign bits flipped). */
@inline
function extremeIntV<T>(wantMax: bool, a: v128, b: v128): v128 {
  if (sizeof<T>() == 8) {
    const bias = isSigned<T>() ? i64x2.splat(0) : signMaskV<T>();
    const aGreater = i64x2.gt_s(v128.xor(a, bias), v128.xor(b, bias));
    return wantMax ? v128.bitselect(a, b, aGreater) : v128.bitselect(b, a, aGreater);
  }
  return wantMax ? v128.max<T>(a, b) : v128.min<T>(a, b);
}

/** Map one input vector into the domain the accumulator lives in (negated for float max). */
@inline
export function enterV<T>(fmt: i32, op: i32, x: v128): v128 {
  if ((fmt != NATIVE || isFloat<T>()) && op == OP_MAX) return v128.xor(x, fmt != NATIVE ? signMaskV<f32>() : signMaskV<T>());
  return x;
}

/** One reduction step on vectors already in the accumulator's domain: `acc ∘ x`, lane by lane. */
@inline
export function combineV<T>(fmt: i32, op: i32, acc: v128, x: v128): v128 {
  if (fmt != NATIVE) {
    // A narrow float in f32 lanes: max/min pick one of the values; sum and product round once.
    if (op == OP_MAX || op == OP_MIN) return minExactV<f32>(acc, x);
    return roundV(fmt, op == OP_PROD ? f32x4.mul(acc, x) : f32x4.add(acc, x));
  }
  if (op == OP_PROD) return mulV<T>(acc, x);
  if (op == OP_MAX) return isFloat<T>() ? minExactV<T>(acc, x) : extremeIntV<T>(true, acc, x);
  if (op == OP_MIN) return isFloat<T>() ? minExactV<T>(acc, x) : extremeIntV<T>(false, acc, x);
  return v128.add<T>(acc, x); // OP_SUM, OP_AVG; integer lanes wrap modulo 2^bits
}

/**
 * The last step of a reduction over `n` inputs, back to the value domain:
 * float `max` flips the sign back; `avg` divides the sum by `n`; every other
 * op returns `acc` as it is.
 *
 * Integer `avg` truncates toward zero, like `i32.div_s`/`div_u` on the
 * wrapped sum. wasm SIMD has no integer division, so lanes go through a float
 * wide enough that `trunc(fl(s / n)) == trunc(s / n)`: a non-integer
 * quotient lies at least 1/n from an integer, and rounding moves it by at
 * most |s/n|·2^-p, which is below 1/n whenever |s| < 2^p. So 32-bit lanes use
 * f64 (|s| < 2^32 < 2^53) and 8-bit lanes f32 (|s| < 2^8 < 2^24), for any n
 * (n itself is exact in either). 64-bit lanes are divided one by one.
 * A narrow float divides in f32 and rounds once.
 */
@inline
export function leaveV<T>(fmt: i32, op: i32, acc: v128, n: i32): v128 {
  if (fmt != NATIVE) {
    if (op == OP_MAX) return v128.xor(acc, signMaskV<f32>());
    if (op != OP_AVG) return acc;
    return roundV(fmt, f32x4.div(acc, f32x4.splat(<f32>n)));
  }
  if (isFloat<T>() && op == OP_MAX) return v128.xor(acc, signMaskV<T>());
  if (op != OP_AVG) return acc;
  if (isFloat<T>()) return v128.div<T>(acc, v128.splat<T>(<T>n));
  if (sizeof<T>() == 8) {
    const low = isSigned<T>() ? i64x2.extract_lane(acc, 0) / <i64>n : <i64>(<u64>i64x2.extract_lane(acc, 0) / <u64>n);
    const high = isSigned<T>() ? i64x2.extract_lane(acc, 1) / <i64>n : <i64>(<u64>i64x2.extract_lane(acc, 1) / <u64>n);
    return i64x2.replace_lane(i64x2.replace_lane(acc, 0, low), 1, high);
  }
  if (sizeof<T>() == 1) {
    const d = f32x4.splat(<f32>n);
    const low = isSigned<T>() ? i16x8.extend_low_i8x16_s(acc) : i16x8.extend_low_i8x16_u(acc);
    const high = isSigned<T>() ? i16x8.extend_high_i8x16_s(acc) : i16x8.extend_high_i8x16_u(acc);
    const q0 = i32x4.trunc_sat_f32x4_s(f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(low)), d));
    const q1 = i32x4.trunc_sat_f32x4_s(f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(low)), d));
    const q2 = i32x4.trunc_sat_f32x4_s(f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(high)), d));
    const q3 = i32x4.trunc_sat_f32x4_s(f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(high)), d));
    const words0 = i16x8.narrow_i32x4_s(q0, q1);
    const words1 = i16x8.narrow_i32x4_s(q2, q3);
    return isSigned<T>() ? i8x16.narrow_i16x8_s(words0, words1) : i8x16.narrow_i16x8_u(words0, words1);
  }
  const divisor = f64x2.splat(<f64>n);
  const highLanes = v128.shuffle<i32>(acc, acc, 2, 3, 0, 1);
  if (isSigned<T>()) {
    const low = i32x4.trunc_sat_f64x2_s_zero(f64x2.div(f64x2.convert_low_i32x4_s(acc), divisor));
    const high = i32x4.trunc_sat_f64x2_s_zero(f64x2.div(f64x2.convert_low_i32x4_s(highLanes), divisor));
    return v128.shuffle<i32>(low, high, 0, 1, 4, 5);
  }
  const low = i32x4.trunc_sat_f64x2_u_zero(f64x2.div(f64x2.convert_low_i32x4_u(acc), divisor));
  const high = i32x4.trunc_sat_f64x2_u_zero(f64x2.div(f64x2.convert_low_i32x4_u(highLanes), divisor));
  return v128.shuffle<i32>(low, high, 0, 1, 4, 5);
}

/**
 * One reduction step on a scalar accumulator of type A (T itself, or f32 for
 * a narrow float); `max`/`min` are wasm's exact `f32.max` & co.
 */
@inline
export function combineS<A>(fmt: i32, op: i32, acc: A, x: A): A {
  if (op == OP_MAX) return max<A>(acc, x);
  if (op == OP_MIN) return min<A>(acc, x);
  const r: A = op == OP_PROD ? acc * x : acc + x; // OP_SUM, OP_AVG; integers wrap
  return fmt != NATIVE ? <A>roundS(fmt, <f32>r) : r;
}

/** Scalar counterpart of `leaveV`: integer division truncates toward zero. */
@inline
export function finishS<A>(fmt: i32, op: i32, acc: A, n: i32): A {
  if (op != OP_AVG) return acc;
  if (fmt != NATIVE) return <A>roundS(fmt, <f32>acc / <f32>n);
  // 8-bit lanes divide in i32: n itself may not fit in 8 bits.
  if (isInteger<A>() && sizeof<A>() == 1) return <A>(<i32>acc / n);
  return acc / <A>n;
}
