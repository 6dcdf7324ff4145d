// Reduction operators: the op codes shared with TypeScript (src/kernel-abi.ts)
// and the lane/scalar combine steps the reduce kernel inlines.
//
// Every helper is `@inline` and takes the op as a constant argument from a
// concrete export, so after inlining Binaryen folds the `op ==` tests away and
// each export is a branch-free loop for one (op, dtype) pair.

/** Op codes. Keep in step with `OP_CODES` in src/kernel-abi.ts. */
export const OP_SUM: i32 = 0;
export const OP_PROD: i32 = 1;
export const OP_MAX: i32 = 2;
export const OP_MIN: i32 = 3;
export const OP_AVG: i32 = 4;

/**
 * One reduction step on a vector: `acc ∘ x`, lane by lane.
 *
 * Float max/min must equal `Math.max`/`Math.min` exactly (NaN propagates,
 * −0 < +0). `f32x4.max` has those semantics but V8 lowers it to about nine
 * x86 instructions; `pmax(a, b) = a < b ? b : a` is one instruction but keeps
 * `a` when the lanes compare equal (−0 vs +0) or are unordered (NaN).
 * Taking both operand orders and combining bitwise fixes the zeros:
 *   max: pmax(a,b) & pmax(b,a) — equal to the larger value when they differ,
 *        and −0 & +0 = +0 on a tie;
 *   min: pmin(a,b) | pmin(b,a) — −0 | +0 = −0 on a tie.
 * NaN lanes come out as garbage here; the kernel tracks them in a separate
 * mask (`nanMaskV`) and overwrites them with NaN once per vector at the end.
 */
@inline
export function combineV<T>(op: i32, acc: v128, x: v128): v128 {
  if (op == OP_PROD) return v128.mul<T>(acc, x);
  if (op == OP_MAX) {
    if (isFloat<T>()) return v128.and(v128.pmax<T>(acc, x), v128.pmax<T>(x, acc));
    return v128.max<T>(acc, x);
  }
  if (op == OP_MIN) {
    if (isFloat<T>()) return v128.or(v128.pmin<T>(acc, x), v128.pmin<T>(x, acc));
    return v128.min<T>(acc, x);
  }
  return v128.add<T>(acc, x); // OP_SUM, OP_AVG
}

/** Whether `op` on `T` needs the NaN mask that `combineV` relies on. */
@inline
export function tracksNaN<T>(op: i32): bool {
  return isFloat<T>() && (op == OP_MAX || op == OP_MIN);
}

/** All-ones in every lane of `x` that holds a NaN (NaN is the only value ≠ itself). */
@inline
export function nanMaskV<T>(x: v128): v128 {
  return v128.ne<T>(x, x);
}

/** A vector of quiet NaNs of lane type `T` (the value `Math.max` returns). */
@inline
export function quietNaNV<T>(): v128 {
  return v128.splat<T>(<T>NaN);
}

/**
 * The last step of a reduction over `n` inputs: `avg` divides the sum by `n`;
 * every other op returns `acc` as it is.
 *
 * i32 `avg` truncates toward zero like `i32.div_s`. wasm SIMD has no integer
 * division, so each pair of lanes goes through f64: the wrapped i32 sum `s`
 * and `n` are exact in f64 and `trunc(fl(s / n)) == trunc(s / n)` because a
 * non-integer quotient lies at least 1/n from an integer, while rounding moves
 * it by at most |s/n|·2⁻⁵³ < 2³¹·2⁻⁵³ = 2⁻²², so the identity holds for every
 * n < 2²² cards (the TypeScript side caps card counts far below that).
 */
@inline
export function finishV<T>(op: i32, acc: v128, n: i32): v128 {
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

/** Scalar counterpart of `finishV`: i32 division truncates toward zero. */
@inline
export function finishS<T>(op: i32, acc: T, n: i32): T {
  if (op != OP_AVG) return acc;
  return acc / <T>n;
}
