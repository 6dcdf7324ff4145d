// AllGather in both forms, every dtype, n = 1..16, lengths across the vector
// and block boundaries: card c's data lands at [c·count, (c+1)·count) of the
// result, and in the NCCL form every card of recv holds that concatenation.
import { describe, expect, it } from 'vitest';
import { DTYPES, Topology } from '../src/index.js';
import { ARRAY_OF, arrayOf, bitKeys, elementsOf, orderSensitiveValue, rng, setElements } from './reference.js';

const LENGTHS = [0, 1, 3, 15, 16, 17, 1000];

describe.each(DTYPES)('allGather %s', (dtype) => {
  it('returns the concatenation in topology order, from CardBuffers and from arrays', async () => {
    const random = rng(11);
    for (let n = 1; n <= 16; n++) {
      const topo = await Topology.mock(n);
      for (const length of LENGTHS) {
        const data = Array.from({ length: n }, () => arrayOf(dtype, Array.from({ length }, () => orderSensitiveValue(dtype, random))));
        const expected = bitKeys(dtype, data.flatMap((d) => elementsOf(d)));
        const fromArrays = topo.allGather(data, undefined, { dtype });
        expect(fromArrays.data).toBeInstanceOf(ARRAY_OF[dtype]);
        expect(bitKeys(dtype, elementsOf(fromArrays.data))).toEqual(expected);
        expect(fromArrays.report).toMatchObject({ collective: 'allGather', dtype, nSails: n, count: length, staged: true });

        const send = topo.alloc(dtype, length);
        data.forEach((d, c) => setElements(send.card(c), d));
        const fromCards = topo.allGather(send);
        expect(bitKeys(dtype, elementsOf(fromCards.data))).toEqual(expected);
        expect(fromCards.report.staged).toBe(false);
        send.free();
      }
    }
  });

  it('NCCL form: every card of recv receives the concatenation (CardBuffers and arrays)', async () => {
    const random = rng(12);
    for (const n of [1, 2, 3, 4, 7, 16]) {
      const topo = await Topology.mock(n);
      for (const length of LENGTHS) {
        const data = Array.from({ length: n }, () => arrayOf(dtype, Array.from({ length }, () => orderSensitiveValue(dtype, random))));
        const expected = bitKeys(dtype, data.flatMap((d) => elementsOf(d)));
        const send = topo.alloc(dtype, length);
        data.forEach((d, c) => setElements(send.card(c), d));
        const recv = topo.alloc(dtype, n * length);
        const report = topo.allGather(send, recv);
        expect(report).toMatchObject({ collective: 'allGather', count: length, bytes: n * length * ARRAY_OF[dtype].BYTES_PER_ELEMENT });
        for (let c = 0; c < n; c++) expect(bitKeys(dtype, elementsOf(recv.card(c)))).toEqual(expected);
        // Sending cards keep their data.
        data.forEach((d, c) => expect(bitKeys(dtype, elementsOf(send.card(c)))).toEqual(bitKeys(dtype, elementsOf(d))));

        const recvArrays = Array.from({ length: n }, () => new (ARRAY_OF[dtype])(n * length));
        topo.allGather(data, recvArrays as never, { dtype });
        for (const r of recvArrays) expect(bitKeys(dtype, elementsOf(r))).toEqual(expected);
        send.free();
        recv.free();
      }
    }
  });
});
