// Dot products in the matmul kernels' fixed accumulation order (the contract
// below), shared by matmul-f32.ts and matmul-q4k.ts. Inline helpers only:
// assembly/index.ts does not re-export this file.
//
// Accumulation order contract (the same in the SIMD and the scalar build):
// for a dot product r = Σ_t a[t]·w[t] over k elements,
//   1. every product p_t = fl(a[t] · w[t]) is rounded to f32 (no fused
//      multiply-add: wasm SIMD has none outside relaxed-simd);
//   2. with k4 = k − k mod 4, four partial sums s_0..s_3 start at +0 and lane
//      l adds p_t for t ≡ l (mod 4), t < k4, in increasing t:
//      s_l ← fl(s_l + p_t);
//   3. the lanes are combined in a fixed tree: r = fl(fl(s_0 + s_1) + fl(s_2 + s_3));
//   4. the tail t = k4 … k−1 is added in order: r ← fl(r + p_t).
// In the SIMD build the four partial sums are the four lanes of one f32x4
// accumulator; the scalar build keeps them in four locals. Both perform the
// same f32 operations on the same operands in the same order, so the two
// builds agree bit for bit (test/matmul-kernels.test.ts checks it, and
// test/matmul-reference.ts is this contract written in plain TypeScript).

/** Bytes per f32. */
const F32: usize = 4;

/** fl(fl(s0 + s1) + fl(s2 + s3)) of the four lanes (step 3 of the contract). */
@inline
function laneSum(s: v128): f32 {
  // [s0 + s1, s1 + s0, s2 + s3, s3 + s2]: f32 addition is commutative, so lane 0 and 2 are the pair sums.
  const pairs = f32x4.add(s, v128.shuffle<f32>(s, s, 1, 0, 3, 2));
  return f32x4.extract_lane(pairs, 0) + f32x4.extract_lane(pairs, 2);
}

/** Step 4: add the products of elements k4 … k−1 in order. */
@inline
function addTail(r: f32, a: usize, w: usize, k4: usize, k: usize): f32 {
  for (let t = k4; t < k; t++) r += load<f32>(a + t * F32) * load<f32>(w + t * F32);
  return r;
}

/**
 * One dot product of `k` elements, `a` against the weight row at `w`, in the
 * contract's order. Not inlined: one copy serves both matmul kernels (it
 * keeps the inlined wasm small), and one call per output costs nothing
 * measurable next to its k multiply-adds.
 */
export function dotRow(a: usize, w: usize, k: usize): f32 {
  const k4 = k & ~(<usize>3);
  const end = k4 * F32;
  let r: f32;
  if (ASC_FEATURE_SIMD) {
    let s = f32x4.splat(0);
    for (let off: usize = 0; off < end; off += 16) {
      s = f32x4.add(s, f32x4.mul(v128.load(a + off), v128.load(w + off)));
    }
    r = laneSum(s);
  } else {
    let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
    for (let off: usize = 0; off < end; off += 16) {
      s0 += load<f32>(a + off, 0) * load<f32>(w + off, 0);
      s1 += load<f32>(a + off, 4) * load<f32>(w + off, 4);
      s2 += load<f32>(a + off, 8) * load<f32>(w + off, 8);
      s3 += load<f32>(a + off, 12) * load<f32>(w + off, 12);
    }
    r = (s0 + s1) + (s2 + s3);
  }
  return addTail(r, a, w, k4, k);
}

/**
 * Four dot products at once: `a` against the weight rows at w, w + rowBytes,
 * w + 2·rowBytes, w + 3·rowBytes; results stored as four consecutive f32 at
 * `out`. Each result is exactly `dotRow` of its row. Not inlined, like dotRow.
 */
export function dotRows4(out: usize, a: usize, w: usize, rowBytes: usize, k: usize): void {
  const k4 = k & ~(<usize>3);
  const end = k4 * F32;
  const w1 = w + rowBytes;
  const w2 = w1 + rowBytes;
  const w3 = w2 + rowBytes;
  let r0: f32, r1: f32, r2: f32, r3: f32;
  if (ASC_FEATURE_SIMD) {
    let s0 = f32x4.splat(0);
    let s1 = s0, s2 = s0, s3 = s0;
    for (let off: usize = 0; off < end; off += 16) {
      const x = v128.load(a + off);
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(w + off)));
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(w1 + off)));
      s2 = f32x4.add(s2, f32x4.mul(x, v128.load(w2 + off)));
      s3 = f32x4.add(s3, f32x4.mul(x, v128.load(w3 + off)));
    }
    r0 = laneSum(s0);
    r1 = laneSum(s1);
    r2 = laneSum(s2);
    r3 = laneSum(s3);
  } else {
    // Without SIMD four columns share nothing but the loads of `a`; the
    // per-column order is dotRow's, so reuse it.
    r0 = dotRow(a, w, k4);
    r1 = dotRow(a, w1, k4);
    r2 = dotRow(a, w2, k4);
    r3 = dotRow(a, w3, k4);
  }
  store<f32>(out, addTail(r0, a, w, k4, k), 0);
  store<f32>(out, addTail(r1, a, w1, k4, k), 4);
  store<f32>(out, addTail(r2, a, w2, k4, k), 8);
  store<f32>(out, addTail(r3, a, w3, k4, k), 12);
}

