// The slow suite's reference rounding, written for speed: an f32's bits to
// the nearest f16 or bf16 (ties to even) by shifting and looking at the
// dropped bits — the textbook conversion, spelt out per format. It is
// checked against test/narrow-float-reference.ts before it is trusted.

const NAN_F16 = 0x7e00;
const NAN_BF16 = 0x7fc0;

/** f16 bits of the f32 with bits `bits`, rounded to nearest, ties to even; NaN is 0x7e00. */
export function f32BitsToF16(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return mantissa !== 0 ? NAN_F16 : sign | 0x7c00;
  const e = exponent - 127 + 15; // the f16 biased exponent, if normal
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal (or zero): the significand with its leading one, shifted onto the 2^-24 grid.
    if (e < -10) return sign; // below half the smallest subnormal
    const significand = mantissa | 0x800000;
    const shift = 14 - e;
    let h = significand >>> shift;
    const rest = significand & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rest > half || (rest === half && (h & 1) === 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++; // a carry into the exponent is right, up to Inf
  return sign | h;
}

/** bf16 bits of the f32 with bits `bits`: its top half, rounded to nearest, ties to even; NaN is 0x7fc0. */
export function f32BitsToBf16(bits: number): number {
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) return NAN_BF16;
  let high = bits >>> 16;
  const low = bits & 0xffff;
  if (low > 0x8000 || (low === 0x8000 && (high & 1) === 1)) high++;
  return high;
}
