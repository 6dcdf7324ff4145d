// Roofline proxy for the benchmark (bench/): loads and stores every byte of
// the card region once, with no arithmetic, in the reduce kernel's access
// order — for each 64-byte block offset, card 0, 1, …, n−1 — so it keeps the
// same n memory streams in flight. An in-place all-reduce has exactly this
// traffic (n·L bytes read, n·L written), so `proxy time / reduce time` says
// how close the reduction runs to what the memory system allows for that
// pattern. Not used by the library.

/**
 * For every 64-byte block of `[0, bytes)` and every card c < n, load and store
 * back the block at `base + c·stride`. `bytes` a multiple of 64; `stride` of 16.
 */
export function roofline_load_store(base: usize, stride: usize, n: i32, bytes: usize): void {
  const span = <usize>n * stride;
  for (let off: usize = 0; off < bytes; off += 64) {
    // `!=`: `p + span` may wrap past 2³² at the top of memory (see reduce.ts).
    for (let p = base + off, end = p + span; p != end; p += stride) {
      if (ASC_FEATURE_SIMD) {
        const a0 = v128.load(p, 0);
        const a1 = v128.load(p, 16);
        const a2 = v128.load(p, 32);
        const a3 = v128.load(p, 48);
        v128.store(p, a0, 0);
        v128.store(p, a1, 16);
        v128.store(p, a2, 32);
        v128.store(p, a3, 48);
      } else {
        for (let q = p, qEnd = p + 64; q != qEnd; q += 8) store<u64>(q, load<u64>(q));
      }
    }
  }
}

/**
 * Matmul roofline proxy: load every byte of `[base, base + bytes)` once, in
 * order, and return the XOR of all 32-bit words (so the loads cannot be
 * optimised away). A matmul at m = 1 must read each weight byte once; this is
 * the least time that costs. `bytes` a multiple of 64.
 */
export function roofline_read(base: usize, bytes: usize): i32 {
  if (ASC_FEATURE_SIMD) {
    let x0 = i32x4.splat(0);
    let x1 = x0, x2 = x0, x3 = x0;
    for (let p = base, end = base + bytes; p < end; p += 64) {
      x0 = v128.xor(x0, v128.load(p, 0));
      x1 = v128.xor(x1, v128.load(p, 16));
      x2 = v128.xor(x2, v128.load(p, 32));
      x3 = v128.xor(x3, v128.load(p, 48));
    }
    const x = v128.xor(v128.xor(x0, x1), v128.xor(x2, x3));
    return i32x4.extract_lane(x, 0) ^ i32x4.extract_lane(x, 1) ^ i32x4.extract_lane(x, 2) ^ i32x4.extract_lane(x, 3);
  }
  let x: u64 = 0;
  for (let p = base, end = base + bytes; p < end; p += 8) x ^= load<u64>(p);
  return <i32>(x ^ (x >> 32));
}
