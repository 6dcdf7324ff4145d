// The documented semantics of the element types, as closed forms (not the
// reference implementation): integers wrap like their typed arrays and avg
// truncates the wrapped sum toward zero; max/min order the full range;
// rank-id fills give n(n−1)/2 in every dtype that holds it; a plain
// Uint8Array is u8 unless `dtype` says otherwise; the narrow floats move as
// bits through every copying collective.
import { describe, expect, it } from 'vitest';
import { DTYPES, Topology, floatToBits, type DType } from '../src/index.js';
import { elementsOf, setElements, storeAs } from './reference.js';

describe('integers wrap like their typed arrays; avg truncates the wrapped sum toward zero', () => {
  it('i8 and u8', async () => {
    const topo = await Topology.mock(2);
    const sum = [Int8Array.of(127, -128, 100, -7), Int8Array.of(1, -1, 100, 0)];
    topo.allReduce(sum, 'sum');
    expect(Array.from(sum[0]!)).toEqual([-128, 127, -56, -7]); // 200 ≡ −56 (mod 256)
    const prod = [Int8Array.of(16, -3, 64), Int8Array.of(16, 43, -2)];
    topo.allReduce(prod, 'prod');
    expect(Array.from(prod[1]!)).toEqual([0, 127, -128]); // 256 ≡ 0; −3·43 = −129 ≡ 127; 64·−2 = −128
    const avg = [Int8Array.of(127, -128, 7, -7), Int8Array.of(127, -1, 0, 0)];
    topo.allReduce(avg, 'avg');
    expect(Array.from(avg[0]!)).toEqual([-1, 63, 3, -3]); // (254 ≡ −2) / 2 = −1; (−129 ≡ 127) / 2 → 63
    const bytes = [Uint8Array.of(255, 200, 3), Uint8Array.of(1, 100, 255)];
    topo.allReduce(bytes, 'sum'); // a plain Uint8Array is u8
    expect(Array.from(bytes[0]!)).toEqual([0, 44, 2]);
    const u8avg = [Uint8Array.of(255, 3), Uint8Array.of(3, 0)];
    topo.allReduce(u8avg, 'avg');
    expect(Array.from(u8avg[0]!)).toEqual([1, 1]); // (258 ≡ 2) / 2 = 1; 3 / 2 → 1
  });

  it('u32', async () => {
    const topo = await Topology.mock(3);
    const a = [Uint32Array.of(4294967295, 65536, 4294967295), Uint32Array.of(1, 65536, 4294967295), Uint32Array.of(5, 1, 4294967295)];
    const sum = a.map((x) => x.slice());
    topo.allReduce(sum, 'sum');
    expect(Array.from(sum[2]!)).toEqual([5, 131073, 4294967293]);
    const prod = a.map((x) => x.slice());
    topo.allReduce(prod, 'prod');
    expect(Array.from(prod[0]!)).toEqual([4294967291, 0, 4294967295]); // (−1)·1·5 ≡ 2^32 − 5; 2^32 ≡ 0; (−1)^3
    const avg = a.map((x) => x.slice());
    topo.allReduce(avg, 'avg');
    expect(Array.from(avg[1]!)).toEqual([1, 43691, 1431655764]); // (2^32 + 5 ≡ 5) / 3 → 1; 131073 / 3 = 43691; (3·2^32 − 3 ≡ 2^32 − 3) / 3
    const extremes = [Uint32Array.of(0, 4294967295, 2147483648), Uint32Array.of(4294967295, 0, 2147483647), Uint32Array.of(1, 1, 1)];
    const max = extremes.map((x) => x.slice());
    topo.allReduce(max, 'max');
    expect(Array.from(max[0]!)).toEqual([4294967295, 4294967295, 2147483648]); // unsigned order, not signed
    topo.allReduce(extremes, 'min');
    expect(Array.from(extremes[0]!)).toEqual([0, 0, 1]);
  });

  it('i64 and u64', async () => {
    const topo = await Topology.mock(2);
    const max64 = 2n ** 63n - 1n;
    const sum = [BigInt64Array.of(max64, -(2n ** 63n), -7n), BigInt64Array.of(1n, -1n, 2n)];
    topo.allReduce(sum, 'sum');
    expect(Array.from(sum[0]!)).toEqual([-(2n ** 63n), max64, -5n]);
    const prod = [BigInt64Array.of(2n ** 32n, 3n), BigInt64Array.of(2n ** 32n, -(2n ** 62n))];
    topo.allReduce(prod, 'prod');
    expect(Array.from(prod[1]!)).toEqual([0n, 2n ** 62n]); // 2^64 ≡ 0; −3·2^62 ≡ 2^62 (mod 2^64)
    const avg = [BigInt64Array.of(max64, -7n, 9007199254740993n), BigInt64Array.of(max64, 0n, 0n)];
    topo.allReduce(avg, 'avg');
    expect(Array.from(avg[0]!)).toEqual([-1n, -3n, 4503599627370496n]); // (2^64 − 2 ≡ −2) / 2; −7 / 2 → −3; exact beyond 2^53
    const u = [BigUint64Array.of(2n ** 64n - 1n, 2n ** 63n, 5n), BigUint64Array.of(2n, 2n ** 63n - 1n, 2n ** 64n - 1n)];
    const usum = u.map((x) => x.slice());
    topo.allReduce(usum, 'sum');
    expect(Array.from(usum[1]!)).toEqual([1n, 2n ** 64n - 1n, 4n]);
    const umax = u.map((x) => x.slice());
    topo.allReduce(umax, 'max');
    expect(Array.from(umax[0]!)).toEqual([2n ** 64n - 1n, 2n ** 63n, 2n ** 64n - 1n]);
    const uavg = u.map((x) => x.slice());
    topo.allReduce(uavg, 'avg');
    expect(Array.from(uavg[0]!)).toEqual([0n, 2n ** 63n - 1n, 2n]); // (2^64 + 1 ≡ 1) / 2 → 0; (2^64 − 1) / 2; (2^64 + 4 ≡ 4) / 2
  });
});

describe('closed forms in every dtype', () => {
  /** n(n−1)/2 and the card-id fills that make it, stored as the dtype. */
  it('rank-id fill: sum over n cards of c is n(n−1)/2 wherever the dtype holds every partial sum, n = 1..16', async () => {
    for (const dtype of DTYPES) {
      for (let n = 1; n <= 16; n++) {
        const total = (n * (n - 1)) / 2;
        // Every partial sum is an integer up to total: f8e5m2 holds each integer to 8, f8e4m3 to 16.
        if ((dtype === 'f8e5m2' && total > 8) || (dtype === 'f8e4m3' && total > 16)) continue;
        const topo = await Topology.mock(n);
        const cards = topo.alloc(dtype, 37);
        for (let c = 0; c < n; c++) setElements(cards.card(c), new Array(37).fill(storeAs(dtype, c)));
        topo.allReduce(cards, 'sum');
        const want = storeAs(dtype, total);
        for (let c = 0; c < n; c++) expect(elementsOf(cards.card(c)), `${dtype} n=${n}`).toEqual(new Array(37).fill(want));
        cards.free();
      }
    }
  });

  it('the narrow floats: sums of halves, rounding visible exactly where the closed form says', async () => {
    const topo = await Topology.mock(4);
    // 1 + 2^-11 + 2^-11 + 2^-11 in f16: each step 1 + 2^-11 is half an ulp, a tie, and rounds to 1 (even): the
    // sum stays 1, where the exact sum 1 + 1.5 ulp rounds to 1 + 2 ulp.
    const f16 = [floatToBits('f16', 1), ...new Array(3).fill(floatToBits('f16', 2 ** -11))].map((code) => Uint16Array.of(code));
    topo.allReduce(f16, 'sum', { dtype: 'f16' });
    expect(f16[0]![0]).toBe(floatToBits('f16', 1));
    // The other order (the small ones first) adds them exactly, 3·2^-11, and then 1 + 1.5 ulp ties to even: 1 + 2^-9.
    const reversed = [...new Array(3).fill(floatToBits('f16', 2 ** -11)), floatToBits('f16', 1)].map((code) => Uint16Array.of(code));
    topo.allReduce(reversed, 'sum', { dtype: 'f16' });
    expect(reversed[0]![0]).toBe(floatToBits('f16', 1 + 2 ** -9));
  });

  it('copying collectives move narrow-float bits untouched, NaN payloads included', async () => {
    const topo = await Topology.mock(3);
    for (const dtype of ['f16', 'bf16', 'f8e4m3', 'f8e5m2'] as const satisfies readonly DType[]) {
      const wide = dtype === 'f16' || dtype === 'bf16';
      const codes = wide ? [0x7c01, 0xffff, 0x8000, 0x0001, 0x1234] : [0xff, 0x7f, 0x80, 0x01, 0x5a];
      const arrays = Array.from({ length: 3 }, (_, c) => (wide ? Uint16Array.from(codes, (x) => x ^ c) : Uint8Array.from(codes, (x) => x ^ c)));
      const { data } = topo.allGather(arrays, undefined, { dtype });
      expect(Array.from(data)).toEqual(arrays.flatMap((a) => Array.from(a)));
      topo.broadcast(arrays, { root: 2, dtype });
      for (const a of arrays) expect(Array.from(a)).toEqual(codes.map((x) => x ^ 2));
    }
  });
});
