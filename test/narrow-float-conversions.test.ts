// The narrow-float codecs: the test reference (test/narrow-float-reference.ts)
// against values the formats' specifications fix, and the library's
// floatToBits/bitsToFloat (src/narrow-float.ts) against the reference —
// every code decoded, every value and every midpoint between neighbours
// encoded (ties to even), overflow (Inf, or e4m3's saturation), NaN, ±0, and
// random doubles.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitsToFloat, floatToBits } from '../src/index.js';
import { NARROW_FLOATS, SPECS, codeCount, decode, decodeTable, encode, encodeF32 } from './narrow-float-reference.js';

describe('the reference codecs match the specifications', () => {
  it('fixed points of each format (IEEE 754 binary16, bfloat16, OCP OFP8 E4M3 and E5M2)', () => {
    const cases: [typeof NARROW_FLOATS[number], number, number][] = [
      ['f16', 0x3c00, 1], ['f16', 0xc000, -2], ['f16', 0x7bff, 65504], ['f16', 0x0400, 2 ** -14], ['f16', 0x0001, 2 ** -24],
      ['f16', 0x03ff, 1023 * 2 ** -24], ['f16', 0x7c00, Infinity], ['f16', 0xfc00, -Infinity], ['f16', 0x8000, -0], ['f16', 0x3555, 0.333251953125],
      ['bf16', 0x3f80, 1], ['bf16', 0x7f7f, 3.3895313892515355e38], ['bf16', 0x0080, 2 ** -126], ['bf16', 0x0001, 2 ** -133], ['bf16', 0xff80, -Infinity],
      ['f8e4m3', 0x38, 1], ['f8e4m3', 0x7e, 448], ['f8e4m3', 0xfe, -448], ['f8e4m3', 0x78, 256], ['f8e4m3', 0x08, 2 ** -6], ['f8e4m3', 0x01, 2 ** -9],
      ['f8e4m3', 0x07, 7 * 2 ** -9],
      ['f8e5m2', 0x3c, 1], ['f8e5m2', 0x7b, 57344], ['f8e5m2', 0x7c, Infinity], ['f8e5m2', 0x04, 2 ** -14], ['f8e5m2', 0x01, 2 ** -16],
    ];
    for (const [format, code, value] of cases) {
      expect(Object.is(decode(format, code), value), `${format} 0x${code.toString(16)}`).toBe(true);
      expect(encode(format, value), `${format} ${value}`).toBe(code);
    }
    for (const [format, codes] of [['f16', [0x7c01, 0x7e00, 0xffff]], ['bf16', [0x7fc0, 0xff81]], ['f8e4m3', [0x7f, 0xff]], ['f8e5m2', [0x7d, 0x7e, 0xff]]] as const) {
      for (const code of codes) expect(decode(format, code), `${format} 0x${code.toString(16)} is NaN`).toBeNaN();
    }
    expect(decode('f8e4m3', 0x7c)).toBe(384); // e4m3 has no Inf: its top exponent holds numbers
  });

  it('bf16 is the top half of an f32: every code decodes as the f32 with those bits', () => {
    const f32 = new Float32Array(1);
    const bits = new Uint32Array(f32.buffer);
    for (let code = 0; code < 65536; code++) {
      bits[0] = code << 16;
      const v = decode('bf16', code);
      if (Number.isNaN(f32[0]!)) expect(v).toBeNaN();
      else expect(Object.is(v, f32[0]), `0x${code.toString(16)}`).toBe(true);
    }
  });

  it('the fast f32 path and the exact path agree on every f32 of a sample, and on every value and midpoint of each format', () => {
    const random = fc.sample(fc.float({ noDefaultInfinity: false, noNaN: false }), { numRuns: 20000, seed: 7 });
    for (const format of NARROW_FLOATS) {
      const table = decodeTable(format);
      const points: number[] = [...random];
      const finite = [...table].filter(Number.isFinite).sort((a, b) => a - b);
      for (let k = 0; k + 1 < finite.length; k++) points.push(finite[k]!, (finite[k]! + finite[k + 1]!) / 2);
      for (const v of points) {
        const f32 = Math.fround(v);
        expect(encodeF32(format, f32), `${format} ${f32}`).toBe(encode(format, f32));
      }
    }
  });
});

describe('floatToBits and bitsToFloat (the library) equal the reference', () => {
  it('bitsToFloat: every code of every format', () => {
    for (const format of NARROW_FLOATS) {
      for (let code = 0; code < codeCount(format); code++) {
        const want = decode(format, code);
        const got = bitsToFloat(format, code);
        expect(Number.isNaN(want) ? Number.isNaN(got) : Object.is(got, want), `${format} 0x${code.toString(16)}`).toBe(true);
      }
    }
  });

  it('floatToBits: every value, every midpoint (ties to even) and its neighbours, overflow, NaN and ±0', () => {
    for (const format of NARROW_FLOATS) {
      const finite = [...decodeTable(format)].filter(Number.isFinite).sort((a, b) => a - b);
      const points = [NaN, Infinity, -Infinity, 0, -0, 1e300, -1e300, 5e-324, -5e-324];
      for (let k = 0; k + 1 < finite.length; k++) {
        const mid = (finite[k]! + finite[k + 1]!) / 2; // exact in f64
        points.push(finite[k]!, mid, mid * (1 + 2 ** -40), mid * (1 - 2 ** -40));
      }
      const top = finite[finite.length - 1]!;
      points.push(top * 1.01, top * 2, -top * 1.5);
      for (const v of points) expect(floatToBits(format, v), `${format} ${v}`).toBe(encode(format, v));
    }
  });

  it('floatToBits on random doubles of every magnitude', () => {
    fc.assert(fc.property(fc.constantFrom(...NARROW_FLOATS), fc.double({ noDefaultInfinity: false, noNaN: false }), (format, v) => {
      expect(floatToBits(format, v)).toBe(encode(format, v));
    }), { numRuns: 20000 });
  });

  it('documented choices: e4m3 saturates at ±448, the others overflow to ±Inf; NaN is one quiet NaN per format', () => {
    expect(floatToBits('f8e4m3', 1e9)).toBe(0x7e);
    expect(floatToBits('f8e4m3', -Infinity)).toBe(0xfe);
    expect(floatToBits('f8e4m3', 464)).toBe(0x7e); // the midpoint to 480 (a NaN code) ties to 448
    expect(floatToBits('f8e5m2', 61440)).toBe(0x7c); // halfway to 65536: ties to even = Inf
    expect(floatToBits('f16', 65520)).toBe(0x7c00);
    expect(floatToBits('f16', 65519.99)).toBe(0x7bff);
    expect(floatToBits('bf16', 3.4e38)).toBe(0x7f80);
    for (const format of NARROW_FLOATS) expect(floatToBits(format, -NaN)).toBe(SPECS[format].canonicalNaN);
    expect([0x7e00, 0x7fc0, 0x7f, 0x7e]).toEqual(NARROW_FLOATS.map((f) => SPECS[f].canonicalNaN));
  });

  it('bad arguments are INVALID_ARGUMENT', () => {
    expect(() => floatToBits('f12' as never, 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'dtype' }));
    expect(() => bitsToFloat('f8e4m3', 256)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'code' }));
    expect(() => bitsToFloat('f16', 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
