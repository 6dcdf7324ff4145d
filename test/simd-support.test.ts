// Feature detection and the fallback: `kernels: 'auto'` picks SIMD where the
// runtime validates a SIMD module and the scalar build where it does not;
// `kernels: 'scalar'` forces the fallback. The other suites check the scalar
// build's results bit for bit.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Topology, hasWasmSimd } from '../src/index.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('SIMD feature detection', () => {
  it('detects SIMD on this Node (V8 has shipped it since Node 16.4)', async () => {
    expect(hasWasmSimd()).toBe(true);
    expect((await Topology.mock(2)).kernels).toBe('simd');
    expect((await Topology.mock(2, { kernels: 'scalar' })).kernels).toBe('scalar');
  });

  it('falls back to the scalar build, with correct results, where SIMD does not validate', async () => {
    const validate = WebAssembly.validate.bind(WebAssembly);
    // A runtime without SIMD rejects any module using a 0xfd-prefixed opcode;
    // the probe is the only module validated, so refuse it.
    const spy = vi.spyOn(WebAssembly, 'validate').mockImplementation(() => false);
    const fresh = await import('../src/index.js'); // new module instance, nothing cached
    expect(fresh.hasWasmSimd()).toBe(false);
    expect(spy).toHaveBeenCalled();
    const topo = await fresh.Topology.mock(3);
    expect(topo.kernels).toBe('scalar');
    const cards = [new Float32Array([1, -0, NaN]), new Float32Array([2, 0, 1]), new Float32Array([3, -0, 2])];
    topo.allReduce(cards, 'max');
    expect(Array.from(cards[2]!)).toEqual([3, 0, NaN]);
    expect(Object.is(cards[2]![1], 0)).toBe(true);
    expect(validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))).toBe(true);
  });

  it('the scalar build uses no SIMD instruction, the SIMD build does', () => {
    const text = (name: string) => readFileSync(new URL(`../build/${name}`, import.meta.url), 'utf8');
    const simdOps = /\bv128\b|\b[if](8x16|16x8|32x4|64x2)\./;
    expect(text('spanker-scalar.wat')).not.toMatch(simdOps);
    expect(text('spanker-simd.wat')).toMatch(simdOps);
  });
});
