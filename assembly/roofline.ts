// Roofline proxy for the benchmark (bench/): loads and stores every byte of a
// region once, with no arithmetic, in the same 64-byte-block shape as the
// reduce kernel. An in-place all-reduce over n cards has exactly this memory
// traffic (n·L bytes read, n·L written), so `reduce time / this time` is how
// close the reduction runs to the memory roofline. Not used by the library.

/** Load and store back every 16-byte vector of `[base, base + bytes)`; `bytes` a multiple of 64. */
export function roofline_load_store(base: usize, bytes: usize): void {
  if (!ASC_FEATURE_SIMD) {
    for (let p = base, end = base + bytes; p < end; p += 8) store<u64>(p, load<u64>(p));
    return;
  }
  for (let p = base, end = base + bytes; p < end; p += 64) {
    const a0 = v128.load(p, 0);
    const a1 = v128.load(p, 16);
    const a2 = v128.load(p, 32);
    const a3 = v128.load(p, 48);
    v128.store(p, a0, 0);
    v128.store(p, a1, 16);
    v128.store(p, a2, 32);
    v128.store(p, a3, 48);
  }
}
