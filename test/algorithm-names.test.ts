// The per-collective algorithm name types (src/schedule/algorithm-names.ts)
// must list exactly the registry's algorithms, in registry order: the types
// and the run-time check (which uses the registry) then agree.
import { describe, expect, it } from 'vitest';
import { ALGORITHM_NAMES, COLLECTIVES, algorithmsFor } from '../src/index.js';

describe('ALGORITHM_NAMES', () => {
  it.each(COLLECTIVES)('%s: the same names as the registry', (collective) => {
    expect([...ALGORITHM_NAMES[collective]]).toEqual(algorithmsFor(collective).map((info) => info.name));
  });

  it('covers every collective and nothing else', () => {
    expect(Object.keys(ALGORITHM_NAMES).sort()).toEqual([...COLLECTIVES].sort());
  });
});
