// Matmul in plain JS, written as a user without this library would: the
// baseline of the matmul benchmark. out[m×n] = a[m×k] · w[n×k]ᵀ, one dot
// product per output element, accumulated in a JS number (f64) and stored
// into a Float32Array. The Q4_K version decodes GGML's block_q4_K (layout in
// assembly/matmul-q4k.ts) block by block inside the dot product.

/** f32 weights. */
export function plainMatmulF32(out, a, w, m, k, n) {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const wj = j * k;
      let s = 0;
      for (let t = 0; t < k; t++) s += a[ai + t] * w[wj + t];
      out[i * n + j] = s;
    }
  }
}

function f16(bits) {
  const e = (bits >> 10) & 0x1f;
  const f = bits & 0x3ff;
  const v = e === 0 ? f * 2 ** -24 : e === 31 ? (f ? NaN : Infinity) : 2 ** (e - 15) * (1 + f / 1024);
  return bits & 0x8000 ? -v : v;
}

/** Q4_K weights: `w` a Uint8Array of n rows of k/256 blocks of 144 bytes. */
export function plainMatmulQ4K(out, a, w, m, k, n) {
  const blocks = k / 256;
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let b = 0; b < blocks; b++) {
        const o = (j * blocks + b) * 144;
        const d = f16(w[o] | (w[o + 1] << 8));
        const dmin = f16(w[o + 2] | (w[o + 3] << 8));
        for (let sub = 0; sub < 8; sub++) {
          let sc, mn;
          if (sub < 4) {
            sc = w[o + 4 + sub] & 63;
            mn = w[o + 8 + sub] & 63;
          } else {
            sc = (w[o + 8 + sub] & 15) | ((w[o + sub] >> 6) << 4);
            mn = (w[o + 8 + sub] >> 4) | ((w[o + 4 + sub] >> 6) << 4);
          }
          const scale = d * sc;
          const min = dmin * mn;
          const q = o + 16 + (sub >> 1) * 32;
          const shift = (sub & 1) * 4;
          const x = ai + b * 256 + sub * 32;
          for (let l = 0; l < 32; l++) s += a[x + l] * (scale * ((w[q + l] >> shift) & 15) - min);
        }
      }
      out[i * n + j] = s;
    }
  }
}
