// Side-by-side timing: every variant runs in each round, in rotating order,
// so slow phases of a shared, noisy machine hit all of them alike. Ratios are
// taken within a round and summarised by their median across rounds.

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Repetitions of `fn` that take about `targetSeconds` (at least 1). */
function calibrate(fn, targetSeconds) {
  let reps = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) fn();
    const seconds = (performance.now() - start) / 1e3;
    if (seconds >= targetSeconds / 4 || reps >= 1 << 20) return Math.max(1, Math.round((reps * targetSeconds) / Math.max(seconds, 1e-9)));
    reps *= 4;
  }
}

/**
 * Time each of `variants` ({ name: () => void }) for `rounds` rounds.
 * Returns { seconds: { name: number[] } } — seconds per call, one entry per round.
 */
export function timeSideBySide(variants, { rounds, targetSeconds }) {
  const names = Object.keys(variants);
  const reps = Object.fromEntries(names.map((name) => {
    variants[name](); // warm-up: tier up to optimized code, touch memory
    return [name, calibrate(variants[name], targetSeconds)];
  }));
  const seconds = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length];
      const fn = variants[name];
      const start = performance.now();
      for (let i = 0; i < reps[name]; i++) fn();
      seconds[name].push((performance.now() - start) / 1e3 / reps[name]);
    }
  }
  return { seconds };
}

/** Median over rounds of seconds[a][r] / seconds[b][r]: how many times slower a is than b. */
export function medianRatio(seconds, a, b) {
  return median(seconds[a].map((t, r) => t / seconds[b][r]));
}
