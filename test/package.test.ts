// The built package, as a user imports it: `spanker-scheduler` resolves
// through package.json `exports` to dist/ (built by `npm run build`), with
// the wasm inlined — no file is fetched at run time.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

describe('the built package', () => {
  it('imports by name and runs an AllReduce', async () => {
    const spanker = await import('spanker-scheduler');
    const topo = await spanker.Topology.mock(4);
    const cards = topo.alloc('f32', 1024);
    for (let c = 0; c < 4; c++) cards.card(c).fill(c + 1);
    const report = topo.allReduce(cards, 'sum');
    expect(report).toMatchObject({ collective: 'allReduce', op: 'sum', nSails: 4, count: 1024, kernels: 'simd', method: 'simulate' });
    expect(report.seconds).toBeGreaterThan(0);
    expect(cards.card(3).every((v) => v === 10)).toBe(true);
    cards.free();
  });

  it('exports exactly the documented public surface', async () => {
    const spanker = await import('spanker-scheduler');
    expect(Object.keys(spanker).sort()).toEqual([
      'ALGORITHMS', 'ALGORITHM_NAMES', 'CARD_STRIDE_ALIGN', 'COLLECTIVES', 'CardBuffers', 'CollectiveReport', 'DEFAULT_PRESET', 'DTYPES',
      'INTERCARD_BUS_WIDTH', 'INTERCARD_LANES', 'INTERCARD_LANE_WIDTH', 'KERNEL_MEMORY_LIMIT_BYTES', 'LinkState',
      'MAX_SAILS', 'Network', 'PRESETS', 'REDUCE_OPS', 'Schedule', 'SpankerError', 'Topology', 'algorithmsFor',
      'busBandwidthFactor', 'hasWasmSimd', 'laneBandwidth', 'preMulSum',
    ]);
  });

  it('ships the wasm inside the bundle and has type declarations', () => {
    const bundle = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');
    expect(bundle).not.toMatch(/\.wasm['"]/);
    expect(bundle).toContain('AGFzbQ'); // base64 of "\0asm"
    const types = readFileSync(new URL('../dist/types/index.d.ts', import.meta.url), 'utf8');
    expect(types).toContain('Topology');
  });
});
