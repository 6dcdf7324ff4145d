// Slow suite (npm run test:slow; .ci/run runs it with a time bound): all 2^32
// pairs of bf16 codes, sum, max and min on 2 cards, both kernel builds, against
// the reference (test/slow/narrow-float-pairs.ts).
import { it } from 'vitest';
import { checkAllPairs } from './narrow-float-pairs.js';

it('bf16: all 2^32 pairs, sum, max and min, SIMD and scalar builds, equal the reference bit for bit', async () => {
  await checkAllPairs('bf16');
});
