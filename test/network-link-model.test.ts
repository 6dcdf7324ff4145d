// Link and card models and the presets built on them: lane arithmetic exact
// where the hardware numbers are exact, every validation error named by the
// argument path, and each preset's numbers as its sources give them.
import { describe, expect, it } from 'vitest';
import { INTERCARD_LANES } from '../src/link.js';
import { encodingEfficiency, laneBandwidth, resolveCard, resolveLink, type LinkModel } from '../src/network/link-model.js';
import { DEFAULT_PRESET, PRESETS, PRESET_NAMES, resolvePreset } from '../src/network/presets.js';
import { switchNetwork } from '../src/network/shapes/switch.js';
import { catchError } from './expect-error.js';


const BASE: LinkModel = { bandwidth: 5e8, latency: 1e-6 };

describe('laneBandwidth', () => {
  it('is lanes · laneRate · efficiency / 8 bytes per second', () => {
    expect(laneBandwidth({ lanes: 4, laneRate: 1.25e9, encoding: '8b10b' })).toBe(5e8);
    expect(laneBandwidth({ lanes: 4, laneRate: 3.125e9, encoding: '8b10b' })).toBe(1.25e9);
    expect(laneBandwidth({ lanes: 4, laneRate: 1.25e9, encoding: '64b66b' })).toBeCloseTo((5e9 * 64) / 66 / 8, 3);
    expect(laneBandwidth({ lanes: 1, laneRate: 8e9, encoding: 'none' })).toBe(1e9);
    expect(laneBandwidth({ lanes: 2, laneRate: 1e9, encoding: 0.5 })).toBe(1.25e8);
  });

  it('knows each code\'s efficiency', () => {
    expect(encodingEfficiency('8b10b')).toBe(0.8);
    expect(encodingEfficiency('64b66b')).toBe(64 / 66);
    expect(encodingEfficiency('none')).toBe(1);
    expect(encodingEfficiency(0.9)).toBe(0.9);
    expect(catchError(() => encodingEfficiency('8b/10b' as never))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'encoding' });
  });

  it.each([
    [{ lanes: 0, laneRate: 1e9, encoding: '8b10b' }, 'link.lanes'],
    [{ lanes: 1.5, laneRate: 1e9, encoding: '8b10b' }, 'link.lanes'],
    [{ lanes: 4, laneRate: 0, encoding: '8b10b' }, 'link.laneRate'],
    [{ lanes: 4, laneRate: Infinity, encoding: '8b10b' }, 'link.laneRate'],
    [{ lanes: 4, laneRate: 1e9, encoding: 'manchester' }, 'link.encoding'],
    [{ lanes: 4, laneRate: 1e9, encoding: 0 }, 'link.encoding'],
    [{ lanes: 4, laneRate: 1e9, encoding: 1.5 }, 'link.encoding'],
    [{ lanes: 4, laneRate: 1e9, encoding: NaN }, 'link.encoding'],
  ])('rejects %j (argument %s)', (spec, argument) => {
    expect(catchError(() => laneBandwidth(spec as never))).toMatchObject({ code: 'INVALID_ARGUMENT', argument });
  });
});

describe('resolveLink', () => {
  it('returns the base for undefined and fills absent fields from it', () => {
    expect(resolveLink(undefined, BASE, 'link')).toBe(BASE);
    expect(resolveLink({}, BASE, 'link')).toEqual(BASE);
    expect(resolveLink({ bandwidth: 1e9 }, BASE, 'link')).toEqual({ bandwidth: 1e9, latency: 1e-6 });
    expect(resolveLink({ latency: 0 }, BASE, 'link')).toEqual({ bandwidth: 5e8, latency: 0 });
    expect(Object.is(resolveLink({ latency: -0 }, BASE, 'link').latency, 0)).toBe(true);
  });

  it('takes a lane description, keeping the base latency unless given', () => {
    expect(resolveLink({ lanes: 4, laneRate: 3.125e9, encoding: '8b10b' }, BASE, 'link')).toEqual({ bandwidth: 1.25e9, latency: 1e-6 });
    expect(resolveLink({ lanes: 8, laneRate: 1.25e9, encoding: '8b10b', latency: 2e-7 }, BASE, 'link')).toEqual({ bandwidth: 1e9, latency: 2e-7 });
  });

  it('returns a frozen model', () => {
    expect(Object.isFrozen(resolveLink({ bandwidth: 1 }, BASE, 'link'))).toBe(true);
  });

  it.each([
    [null, 'link'],
    [42, 'link'],
    [[], 'link'],
    [{ bandwidth: 0 }, 'link.bandwidth'],
    [{ bandwidth: -1 }, 'link.bandwidth'],
    [{ bandwidth: NaN }, 'link.bandwidth'],
    [{ bandwidth: Infinity }, 'link.bandwidth'],
    [{ bandwidth: '5e8' }, 'link.bandwidth'],
    [{ latency: -1e-9 }, 'link.latency'],
    [{ latency: NaN }, 'link.latency'],
    [{ latency: Infinity }, 'link.latency'],
    [{ bandwith: 5e8 }, 'link.bandwith'],
    [{ lanes: 4, laneRate: 1e9, encoding: '8b10b', bandwidth: 5e8 }, 'link.bandwidth'],
    [{ lanes: 4, laneRate: 1e9, encoding: '8b10b', latency: -1 }, 'link.latency'],
    [{ lanes: 4, laneRate: 1e9, encoding: '8b10b', speed: 1 }, 'link.speed'],
    [{ lanes: 4, laneRate: 1e9 }, 'link.encoding'],
    [{ laneRate: 1e9, encoding: '8b10b' }, 'link.lanes'],
  ])('rejects %j with INVALID_ARGUMENT %s', (input, argument) => {
    const error = catchError(() => resolveLink(input as never, BASE, 'link'));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', argument });
    expect(error.message).toMatch(/^invalid /);
  });

  it('names the argument path it is given', () => {
    expect(catchError(() => resolveLink({ bandwidth: 0 }, BASE, 'dims[1].link'))).toMatchObject({ argument: 'dims[1].link.bandwidth' });
  });
});

describe('resolveCard', () => {
  const base = { reduceSecondsPerByte: 1e-9 };

  it('fills absent fields from the base; Infinity removes an injection limit', () => {
    expect(resolveCard(undefined, base, 'card')).toBe(base);
    expect(resolveCard({ injectionBandwidth: 4e8 }, base, 'card')).toEqual({ reduceSecondsPerByte: 1e-9, injectionBandwidth: 4e8 });
    expect(resolveCard({ reduceSecondsPerByte: 0 }, base, 'card')).toEqual({ reduceSecondsPerByte: 0 });
    const limited = { reduceSecondsPerByte: 1e-9, injectionBandwidth: 4e8 };
    expect(resolveCard({ reduceSecondsPerByte: 2e-9 }, limited, 'card')).toEqual({ reduceSecondsPerByte: 2e-9, injectionBandwidth: 4e8 });
    const unlimited = resolveCard({ injectionBandwidth: Infinity }, limited, 'card');
    expect(unlimited).toEqual({ reduceSecondsPerByte: 1e-9 });
    expect('injectionBandwidth' in unlimited).toBe(false);
  });

  it.each([
    ['x', 'card'],
    [{ reduceSecondsPerByte: -1 }, 'card.reduceSecondsPerByte'],
    [{ reduceSecondsPerByte: NaN }, 'card.reduceSecondsPerByte'],
    [{ injectionBandwidth: 0 }, 'card.injectionBandwidth'],
    [{ injectionBandwidth: -Infinity }, 'card.injectionBandwidth'],
    [{ gamma: 1 }, 'card.gamma'],
  ])('rejects %j with INVALID_ARGUMENT %s', (input, argument) => {
    expect(catchError(() => resolveCard(input as never, base, 'card'))).toMatchObject({ code: 'INVALID_ARGUMENT', argument });
  });
});

describe('presets', () => {
  it('spanker-rev-a: 4 lanes × 1.25 Gb/s 8b/10b = 5e8 B/s exactly, DDR 2e9, GbE 1e8, γ = 3/DDR', () => {
    const p = PRESETS['spanker-rev-a'];
    expect(INTERCARD_LANES).toBe(4);
    expect(p.link.bandwidth).toBe(5e8);
    expect(p.link.latency).toBe(1e-6);
    expect(p.memoryBandwidth).toBe(2e9);
    expect(p.hostBandwidth).toBe(1e8);
    expect(p.card.reduceSecondsPerByte).toBe(1.5e-9);
    expect(p.card.injectionBandwidth).toBeUndefined();
    expect(p.description).toMatch(/ASSUMPTION/);
    expect(p.sources.some((s) => s.includes('ASSUMPTION'))).toBe(true);
  });

  it('spanker-rev-a-64b66b ≈ 606 MB/s (SPEC: ≈ 600 MB/s), spanker-3g125 = 1.25e9 B/s; same latency and card', () => {
    const p64 = PRESETS['spanker-rev-a-64b66b'];
    expect(p64.link.bandwidth).toBeCloseTo(6.0606e8, -4);
    expect(Math.abs(p64.link.bandwidth - 6e8) / 6e8).toBeLessThan(0.02);
    expect(PRESETS['spanker-3g125'].link.bandwidth).toBe(1.25e9);
    for (const name of ['spanker-rev-a-64b66b', 'spanker-3g125'] as const) {
      expect(PRESETS[name].link.latency).toBe(1e-6);
      expect(PRESETS[name].card).toEqual(PRESETS['spanker-rev-a'].card);
      expect(PRESETS[name].memoryBandwidth).toBe(2e9);
    }
  });

  it('hgx-h100: ASTRA-sim 400 GB/s, 936.25 ns; HBM3 3.35 TB/s', () => {
    const p = PRESETS['hgx-h100'];
    expect(p.link).toEqual({ bandwidth: 4e11, latency: 9.3625e-7 });
    expect(p.memoryBandwidth).toBe(3.35e12);
    expect(p.card.reduceSecondsPerByte).toBe(3 / 3.35e12);
    const net = switchNetwork(8, { preset: 'hgx-h100' });
    expect(net.nSails).toBe(8);
    expect(net.nSwitches).toBe(1);
    expect(net.links.every((l) => l.bandwidth === 4e11 && l.latency === 9.3625e-7)).toBe(true);
  });

  it('are frozen, named after their keys, and cite sources', () => {
    expect(PRESET_NAMES).toEqual(['spanker-rev-a', 'spanker-rev-a-64b66b', 'spanker-3g125', 'hgx-h100']);
    expect(DEFAULT_PRESET).toBe('spanker-rev-a');
    for (const name of PRESET_NAMES) {
      const p = PRESETS[name];
      expect(p.name).toBe(name);
      expect(p.sources.length).toBeGreaterThan(0);
      expect(Object.isFrozen(p) && Object.isFrozen(p.link) && Object.isFrozen(p.card)).toBe(true);
      expect(resolvePreset(name)).toBe(p);
    }
  });

  it('resolvePreset rejects unknown names, listing the valid ones', () => {
    for (const bad of ['spanker-rev-b', '', 3, undefined, 'toString']) {
      const error = catchError(() => resolvePreset(bad));
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'preset' });
      expect(error.message).toContain('spanker-rev-a, spanker-rev-a-64b66b, spanker-3g125, hgx-h100');
    }
  });
});
