// pickStrategy: the crate's decision rule with the weight footprint fixed, its defect reachable only
// as legacy mode, the arithmetic edge cases (n ≤ 1, zero bandwidths, huge inputs), and pricing the
// collective on a real topology. Expected values are worked out here from SPEC.md's formulas.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickStrategy, Topology } from '../src/index.js';
import { catchError } from './expect-error.js';

// The crate's TinyLlama decode tile (SPEC.md): m = 1, n = 5632, k = 2048, b = 2, 4 cards, DDR 2e9, link 5e8.
const TILE = { m: 1, n: 5632, k: 2048, bytesPerElement: 2, cards: 4, ddrBandwidth: 2e9, linkBandwidth: 5e8 } as const;

describe('pickStrategy: the crate TinyLlama decode tile', () => {
  it('fixed footprint: W = k·n·b = 23 068 672 B, tensor parallel wins by about 4×', () => {
    const r = pickStrategy(TILE);
    const W = 2048 * 5632 * 2;
    const A = 1 * 5632 * 2;
    expect(r.weightBytes).toBe(23_068_672);
    expect(r.activationBytes).toBe(11_264);
    expect(r.tensorParallelSeconds).toBeCloseTo(W / (4 * 2e9) + A / 5e8, 15); // 2.906112 ms
    expect(r.modelParallelSeconds).toBeCloseTo(W / 2e9 + A / (4 * 5e8), 15); // 11.539968 ms
    expect(r.tensorParallelSeconds * 1e3).toBeCloseTo(2.906112, 9);
    expect(r.modelParallelSeconds * 1e3).toBeCloseTo(11.539968, 9);
    expect(r.strategy).toBe('tensorParallel');
    const speedup = r.modelParallelSeconds / r.tensorParallelSeconds;
    expect(speedup).toBeGreaterThan(3.9);
    expect(speedup).toBeLessThan(4.0); // 3.97×
    expect(r).toMatchObject({ legacy: false, saturated: false, collectivePricing: 'twoTerm' });
  });

  it("legacy: the crate's footprint m·k·b = 4 KiB makes model parallelism win (the defect)", () => {
    const r = pickStrategy({ ...TILE, legacy: true });
    expect(r.weightBytes).toBe(4096); // the input activation, not the weights
    expect(r.tensorParallelSeconds * 1e6).toBeCloseTo(4096 / 8e9 * 1e6 + 11264 / 5e8 * 1e6, 9); // 23.04 µs
    expect(r.modelParallelSeconds * 1e6).toBeCloseTo(4096 / 2e9 * 1e6 + 11264 / 2e9 * 1e6, 9); // 7.68 µs
    expect(r.tensorParallelSeconds * 1e6).toBeCloseTo(23.04, 9);
    expect(r.modelParallelSeconds * 1e6).toBeCloseTo(7.68, 9);
    expect(r.strategy).toBe('modelParallel');
    expect(r.legacy).toBe(true);
  });
});

describe('pickStrategy: edge cases', () => {
  it('one card or none → tensor parallel, whatever the costs', () => {
    for (const cards of [0, 1]) {
      for (const legacy of [false, true]) {
        const r = pickStrategy({ ...TILE, cards, legacy });
        expect(r.strategy).toBe('tensorParallel');
        expect(Number.isNaN(r.tensorParallelSeconds) || Number.isNaN(r.modelParallelSeconds)).toBe(false);
      }
    }
    // One card: both formulas are W/ddr + A/link.
    const one = pickStrategy({ ...TILE, cards: 1 });
    expect(one.tensorParallelSeconds).toBe(one.modelParallelSeconds);
    // No cards: nothing to read with, so Infinity, not a division fault.
    expect(pickStrategy({ ...TILE, cards: 0 }).tensorParallelSeconds).toBe(Infinity);
  });

  it('a zero bandwidth prices as Infinity — never NaN, even with zero bytes', () => {
    const noDdr = pickStrategy({ ...TILE, ddrBandwidth: 0 });
    expect(noDdr.tensorParallelSeconds).toBe(Infinity);
    expect(noDdr.modelParallelSeconds).toBe(Infinity);
    expect(noDdr.strategy).toBe('tensorParallel'); // a tie goes to tensor parallel
    const noLink = pickStrategy({ ...TILE, linkBandwidth: 0 });
    expect(noLink.tensorParallelSeconds).toBe(Infinity);
    expect(noLink.modelParallelSeconds).toBe(Infinity);
    const empty = pickStrategy({ ...TILE, m: 0, k: 0, n: 0, ddrBandwidth: 0, linkBandwidth: 0 });
    expect(empty.tensorParallelSeconds).toBe(Infinity);
    expect(empty.modelParallelSeconds).toBe(Infinity);
  });

  it('huge inputs saturate at 2^53 − 1 bytes instead of overflowing', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const r = pickStrategy({ m: max, k: max, n: max, bytesPerElement: 4, cards: 65536, ddrBandwidth: 2e9, linkBandwidth: 5e8 });
    expect(r.saturated).toBe(true);
    expect(r.weightBytes).toBe(max);
    expect(r.activationBytes).toBe(max);
    expect(Number.isFinite(r.tensorParallelSeconds)).toBe(true);
    expect(Number.isFinite(r.modelParallelSeconds)).toBe(true);
    expect(r.tensorParallelSeconds).toBeCloseTo(max / (65536 * 2e9) + max / 5e8, 6);
    // Just below the bound nothing saturates.
    expect(pickStrategy({ ...TILE, m: 1, k: 2 ** 26, n: 2 ** 26, bytesPerElement: 1 }).saturated).toBe(false);
  });

  it('matches the two formulas for any tile (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 1, max: 65536 }), fc.integer({ min: 1, max: 65536 }),
      fc.constantFrom(0.5625, 2, 4), fc.integer({ min: 2, max: 64 }),
      fc.double({ min: 1e6, max: 1e12, noNaN: true }), fc.double({ min: 1e6, max: 1e12, noNaN: true }),
      (m, k, n, b, cards, ddr, link) => {
        const r = pickStrategy({ m, k, n, bytesPerElement: b, cards, ddrBandwidth: ddr, linkBandwidth: link });
        const W = k * n * b;
        const A = m * n * b;
        const tp = W / (cards * ddr) + A / link;
        const mp = W / ddr + A / (cards * link);
        expect(r.tensorParallelSeconds).toBeCloseTo(tp, 12);
        expect(r.modelParallelSeconds).toBeCloseTo(mp, 12);
        expect(r.strategy).toBe(tp <= mp ? 'tensorParallel' : 'modelParallel');
        // More DDR bandwidth never makes either slower.
        const faster = pickStrategy({ m, k, n, bytesPerElement: b, cards, ddrBandwidth: ddr * 2, linkBandwidth: link });
        expect(faster.tensorParallelSeconds).toBeLessThanOrEqual(r.tensorParallelSeconds);
        expect(faster.modelParallelSeconds).toBeLessThanOrEqual(r.modelParallelSeconds);
      },
    ), { numRuns: 300 });
  });

  it('bad input is INVALID_ARGUMENT naming the argument', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...TILE, m: -1 }, 'm'],
      [{ ...TILE, k: 1.5 }, 'k'],
      [{ ...TILE, n: Number.NaN }, 'n'],
      [{ ...TILE, bytesPerElement: 0 }, 'bytesPerElement'],
      [{ ...TILE, cards: -2 }, 'cards'],
      [{ ...TILE, ddrBandwidth: -1 }, 'ddrBandwidth'],
      [{ ...TILE, linkBandwidth: Infinity }, 'linkBandwidth'],
      [{ ...TILE, legacy: 'yes' }, 'legacy'],
      [{ ...TILE, cardz: 4 }, 'input.cardz'],
      [{ m: 1, n: 2, k: 3, bytesPerElement: 2, ddrBandwidth: 1, linkBandwidth: 1 }, 'cards'],
    ];
    for (const [input, argument] of cases) {
      const error = catchError(() => pickStrategy(input as never));
      expect(error.code, argument).toBe('INVALID_ARGUMENT');
      expect(error.argument).toBe(argument);
    }
  });
});

describe('pickStrategy on a topology', () => {
  it("prices the tensor-parallel AllReduce with the topology's simulated collective, and says so", async () => {
    const topology = await Topology.ring(4, { bidirectional: true });
    const r = pickStrategy({ ...TILE, topology });
    const expected = topology.estimate('allReduce', { bytes: 11264 });
    expect(r.collectivePricing).toBe('topology');
    expect(r.allReduce?.algorithm).toBe(expected.algorithm);
    expect(r.allReduceSeconds).toBe(expected.seconds);
    expect(r.tensorParallelSeconds).toBeCloseTo(23_068_672 / 8e9 + expected.seconds, 15);
    // The model-parallel hand-off keeps the rule's A / (cards · linkBw).
    expect(r.modelParallelSeconds).toBeCloseTo(23_068_672 / 2e9 + 11264 / 2e9, 15);
    // Latency and hops make the real collective dearer than A / linkBw …
    expect(r.allReduceSeconds).toBeGreaterThan(11264 / 5e8 * 0.5);
    expect(r.allReduceSeconds).not.toBe(pickStrategy(TILE).allReduceSeconds);
    // … but not enough to change this decision.
    expect(r.strategy).toBe('tensorParallel');
  });

  it('a slow topology can turn the decision: the same tile over 1 MB/s links', async () => {
    const slow = await Topology.ring(4, { link: { bandwidth: 1e6, latency: 1e-6 } });
    const r = pickStrategy({ ...TILE, topology: slow, linkBandwidth: 1e6 });
    expect(r.strategy).toBe('modelParallel');
    expect(r.allReduceSeconds).toBe(slow.estimate('allReduce', { bytes: 11264 }).seconds);
  });

  it('takes the card count from the topology, and rejects one that disagrees', async () => {
    const topology = await Topology.mock(4);
    const { cards: _cards, ...rest } = TILE;
    expect(pickStrategy({ ...rest, topology }).tensorParallelSeconds).toBe(pickStrategy({ ...TILE, topology }).tensorParallelSeconds);
    const error = catchError(() => pickStrategy({ ...TILE, cards: 8, topology }));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'cards' });
  });
});
