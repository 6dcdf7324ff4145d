// The original Rust crate's tests (spanker-scheduler 0.1), ported: AllReduce
// Sum on 2 and 4 cards, Avg, Max, Min, AllGather order, the mismatch errors,
// the mock topology's links, and the link-contract constants.
import { describe, expect, it } from 'vitest';
import {
  INTERCARD_BUS_WIDTH, INTERCARD_LANE_WIDTH, INTERCARD_LANES, LinkState, SpankerError, Topology,
} from '../src/index.js';
import { catchError } from './expect-error.js';

describe('crate parity', () => {
  it('bus width = lane width × lanes (the RTL contract)', () => {
    expect(INTERCARD_LANES).toBe(4);
    expect(INTERCARD_LANE_WIDTH).toBe(32);
    expect(INTERCARD_BUS_WIDTH).toBe(128);
    expect(INTERCARD_LANE_WIDTH * INTERCARD_LANES).toBe(INTERCARD_BUS_WIDTH);
  });

  it('LinkState has Down, Training, Up, Error', () => {
    expect(Object.values(LinkState)).toEqual(['Down', 'Training', 'Up', 'Error']);
  });

  it('with_mock(n) is a full mesh of n·(n−1) directed Up links, no self-links, each pair once', async () => {
    for (const n of [1, 2, 3, 4, 8]) {
      const topo = await Topology.mock(n);
      expect(topo.nSails).toBe(n);
      expect(topo.shardCount()).toBe(n);
      expect(topo.links).toHaveLength(n * (n - 1));
      const pairs = new Set(topo.links.map((l) => `${l.localSail}>${l.remoteSail}`));
      expect(pairs.size).toBe(n * (n - 1));
      for (const link of topo.links) {
        expect(link.state).toBe(LinkState.Up);
        expect(link.localSail).not.toBe(link.remoteSail);
        expect(link.localSail).toBeGreaterThanOrEqual(0);
        expect(link.remoteSail).toBeLessThan(n);
      }
    }
  });

  it('all_reduce Sum on 2 cards', async () => {
    const topo = await Topology.mock(2);
    const bufs = [new Float32Array([1, 2, 3]), new Float32Array([10, 20, 30])];
    topo.allReduce(bufs, 'sum');
    expect(Array.from(bufs[0]!)).toEqual([11, 22, 33]);
    expect(Array.from(bufs[1]!)).toEqual([11, 22, 33]);
  });

  it('all_reduce Sum on 4 cards', async () => {
    const topo = await Topology.mock(4);
    const bufs = [0, 1, 2, 3].map((c) => new Float32Array([c, c * 2, c * 3, c * 4]));
    topo.allReduce(bufs, 'sum');
    for (const b of bufs) expect(Array.from(b)).toEqual([6, 12, 18, 24]);
  });

  it('all_reduce Avg, Max, Min', async () => {
    const topo = await Topology.mock(4);
    const make = () => [[1, -4], [2, 8], [3, 0], [6, -8]].map((v) => new Float32Array(v));
    const avg = make();
    topo.allReduce(avg, 'avg');
    expect(Array.from(avg[3]!)).toEqual([3, -1]);
    const max = make();
    topo.allReduce(max, 'max');
    expect(Array.from(max[0]!)).toEqual([6, 8]);
    const min = make();
    topo.allReduce(min, 'min');
    expect(Array.from(min[2]!)).toEqual([1, -8]);
  });

  it('all_gather returns the concatenation in topology order', async () => {
    const topo = await Topology.mock(3);
    const { data, report } = topo.allGather([new Float32Array([1, 2]), new Float32Array([3, 4]), new Float32Array([5, 6])]);
    expect(data).toBeInstanceOf(Float32Array);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(report).toMatchObject({ collective: 'allGather', nSails: 3, count: 2, dtype: 'f32' });
  });

  it('a wrong number of buffers is TopologyMismatch with the crate message', async () => {
    const topo = await Topology.mock(4);
    const error = catchError(() => topo.allReduce([new Float32Array(2), new Float32Array(2)], 'sum'));
    expect(error).toBeInstanceOf(SpankerError);
    expect(error).toMatchObject({ code: 'TOPOLOGY_MISMATCH', expected: 4, actual: 2, message: 'topology mismatch: expected 4 sails, got 2' });
  });

  it('a wrong buffer length is ShapeMismatch naming the sail, with the crate message', async () => {
    const topo = await Topology.mock(3);
    const error = catchError(() => topo.allReduce([new Float32Array(5), new Float32Array(5), new Float32Array(4)], 'sum'));
    expect(error).toMatchObject({
      code: 'SHAPE_MISMATCH', sail: 2, expected: 5, actual: 4,
      message: 'buffer shape mismatch on sail 2: expected 5 elems, got 4',
    });
  });

  it('zero cards is NoSails with the crate message', async () => {
    await expect(Topology.mock(0)).rejects.toMatchObject({
      code: 'NO_SAILS',
      message: expect.stringMatching(/^no Sails enumerated; spanker\.ko may not be loaded or no devices probed yet/),
    });
  });
});

