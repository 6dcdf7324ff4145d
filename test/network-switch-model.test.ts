// The switch model: how switch nodes forward (cut-through by default,
// store-and-forward on request), validated like every other model option,
// carried through JSON and through withLink/withCard copies.
import { describe, expect, it } from 'vitest';
import { Topology } from '../src/index.js';
import { networkFromJSON } from '../src/network/from-json.js';
import { DEFAULT_SWITCH } from '../src/network/switch-model.js';
import { catchAsyncError, catchError } from './expect-error.js';

describe('switch model', () => {
  it('defaults to cut-through with 256-byte packets, on every builder and in JSON', async () => {
    expect(DEFAULT_SWITCH).toEqual({ forwarding: 'cut-through', packetBytes: 256 });
    expect((await Topology.switch(4)).network.switch).toEqual(DEFAULT_SWITCH);
    expect(networkFromJSON({ cards: 2, switches: 1, links: [{ from: 0, to: 2, duplex: true }, { from: 1, to: 2, duplex: true }] }).switch).toEqual(DEFAULT_SWITCH);
  });

  it('is set per topology, kept by copies and written to JSON only when it differs from the default', async () => {
    const topo = await Topology.multiDim([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2 }], { switch: { forwarding: 'store-and-forward' } });
    expect(topo.network.switch).toEqual({ forwarding: 'store-and-forward', packetBytes: 256 });
    expect(topo.withLink(0, 1, { latency: 2e-6 }).network.switch).toEqual(topo.network.switch);
    const json = topo.network.toJSON();
    expect(json.switch).toEqual({ forwarding: 'store-and-forward', packetBytes: 256 });
    expect(networkFromJSON(JSON.parse(JSON.stringify(json))).switch).toEqual(topo.network.switch);
    expect((await Topology.switch(3)).network.toJSON().switch).toBeUndefined();
    expect((await Topology.switch(3, { switch: { packetBytes: 4096 } })).network.switch).toEqual({ forwarding: 'cut-through', packetBytes: 4096 });
  });

  it('rejects a bad forwarding, packet size or key, naming it', async () => {
    expect(await catchAsyncError(() => Topology.switch(3, { switch: { forwarding: 'wormhole' as never } }))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'switch.forwarding' });
    for (const packetBytes of [0, -1, 1.5, Infinity, Number.NaN]) {
      expect(await catchAsyncError(() => Topology.switch(3, { switch: { packetBytes } }))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'switch.packetBytes' });
    }
    expect(await catchAsyncError(() => Topology.switch(3, { switch: { mode: 1 } as never }))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'switch.mode' });
    expect(catchError(() => networkFromJSON({ cards: 1, switch: { forwarding: 'x' }, links: [] }))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'spec.switch.forwarding' });
  });

  it('prices a switch of 8 cards faster cut-through than store-and-forward, analytic and simulated alike', async () => {
    const request = { bytes: 64 << 20, algorithm: 'ring', pipeline: 1, channels: 1 } as const;
    const cut = await Topology.switch(8);
    const stored = await Topology.switch(8, { switch: { forwarding: 'store-and-forward' } });
    const a = cut.estimate('allReduce', { ...request, method: 'simulate' });
    const b = stored.estimate('allReduce', { ...request, method: 'simulate' });
    expect(a.seconds).toBeLessThan(0.6 * b.seconds);
    expect(cut.estimate('allReduce', { ...request, method: 'analytic' }).seconds).toBeCloseTo(a.seconds, 12);
  });
});
