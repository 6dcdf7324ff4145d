// Reduction operators: op codes and the lane/scalar steps the reduce kernel
// inlines (enter the accumulator's domain, combine, leave it).
//
// Every helper is `@inline` and takes the op as a constant argument from a
// concrete export, so after inlining Binaryen folds the `op ==` tests away and
// each export is a branch-free loop for one (op, dtype) pair.

/** Op codes, internal to the kernels: each concrete export in reduce.ts fixes one. */
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

/** Map one input vector into the domain the accumulator lives in (negated for float max). */
@inline
export function enterV<T>(op: i32, x: v128): v128 {
  if (isFloat<T>() && op == OP_MAX) return v128.xor(x, signMaskV<T>());
  return x;
}

/** One reduction step on vectors already in the accumulator's domain: `acc ∘ x`, lane by lane. */
@inline
export function combineV<T>(op: i32, acc: v128, x: v128): v128 {
  if (op == OP_PROD) return v128.mul<T>(acc, x);
  if (op == OP_MAX) return isFloat<T>() ? minExactV<T>(acc, x) : v128.max<T>(acc, x);
  if (op == OP_MIN) return isFloat<T>() ? minExactV<T>(acc, x) : v128.min<T>(acc, x);
  return v128.add<T>(acc, x); // OP_SUM, OP_AVG; i32 lanes wrap modulo 2³²
}

/**
 * The last step of a reduction over `n` inputs, back to the value domain:
 * float `max` flips the sign back; `avg` divides the sum by `n`; every other
 * op returns `acc` as it is.
 *
 * i32 `avg` truncates toward zero like `i32.div_s`. wasm SIMD has no integer
 * division, so each pair of lanes goes through f64: the wrapped i32 sum `s`
 * and `n` are exact in f64 and `trunc(fl(s / n)) == trunc(s / n)` because a
 * non-integer quotient lies at least 1/n from an integer, while rounding moves
 * it by at most |s/n|·2⁻⁵³ < 2³¹·2⁻⁵³ = 2⁻²², so the identity holds for every
 * n < 2²² cards (the TypeScript side caps card counts far below that).
 */
@inline
export function leaveV<T>(op: i32, acc: v128, n: i32): v128 {
  if (isFloat<T>() && op == OP_MAX) return v128.xor(acc, signMaskV<T>());
  if (op != OP_AVG) return acc;
  if (isFloat<T>()) return v128.div<T>(acc, v128.splat<T>(<T>n));
  const divisor = f64x2.splat(<f64>n);
  const low = i32x4.trunc_sat_f64x2_s_zero(f64x2.div(f64x2.convert_low_i32x4_s(acc), divisor));
  const highLanes = v128.shuffle<i32>(acc, acc, 2, 3, 0, 1);
  const high = i32x4.trunc_sat_f64x2_s_zero(f64x2.div(f64x2.convert_low_i32x4_s(highLanes), divisor));
  return v128.shuffle<i32>(low, high, 0, 1, 4, 5);
}

/** One reduction step on a scalar; `max`/`min` are wasm's exact `f32.max` & co. */
@inline
export function combineS<T>(op: i32, acc: T, x: T): T {
  if (op == OP_PROD) return acc * x;
  if (op == OP_MAX) return max<T>(acc, x);
  if (op == OP_MIN) return min<T>(acc, x);
  return acc + x; // OP_SUM, OP_AVG; i32 wraps modulo 2³²
}

/** Scalar counterpart of `leaveV`: i32 division truncates toward zero. */
@inline
export function finishS<T>(op: i32, acc: T, n: i32): T {
  if (op != OP_AVG) return acc;
  return acc / <T>n;
}
