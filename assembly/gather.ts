// Gather kernel family: the data movement under AllGather and Broadcast.
//
// Both are pure copies, so they use wasm's bulk `memory.copy`: V8 and
// SpiderMonkey lower it to the platform memmove, which streams faster than a
// hand-written v128 loop for the megabyte-sized slices collectives move.
// Strides are in bytes (multiples of 16); `bytes` is the slice length in bytes.
// Kernels trust their arguments; the TypeScript shell validates them.

/**
 * Concatenate `n` card slices (card c at `src + c·srcStride`, `bytes` long)
 * into one dense region at `out`: card c lands at `out + c·bytes`.
 * `out` must not overlap the inputs except exactly in place (slot c of the
 * output equal to card c's slice), which copies nothing for that card.
 */
export function gather_concat(out: usize, src: usize, srcStride: usize, n: i32, bytes: usize): void {
  for (let c = 0; c < n; c++) {
    const from = src + <usize>c * srcStride;
    const to = out + <usize>c * bytes;
    if (from != to) memory.copy(to, from, bytes);
  }
}

/**
 * Copy one slice of `bytes` at `src` to `n` card slices at `out + k·outStride`.
 * A destination equal to `src` (the root's own slice, in place) is skipped.
 */
export function broadcast_slice(out: usize, outStride: usize, n: i32, src: usize, bytes: usize): void {
  for (let k = 0; k < n; k++) {
    const to = out + <usize>k * outStride;
    if (to != src) memory.copy(to, src, bytes);
  }
}
