// randomFaults: seeded, Poisson arrivals at the rate asked, on Up links and
// (if asked) cards, kinds in the proportions of the mix, sorted by time and
// inside the window; bad options are INVALID_ARGUMENT naming them.
import { describe, expect, it } from 'vitest';
import { LinkState, Topology, randomFaults } from '../src/index.js';
import { catchError } from './expect-error.js';

describe('randomFaults', () => {
  it('is deterministic per seed, sorted, inside the window, on Up links only', async () => {
    const topo = (await Topology.torus2d(3, 4)).withLink(0, 1, { state: LinkState.Down });
    const options = { seed: 42, ratePerLinkHour: 3600 * 10, seconds: 2 };
    const a = randomFaults(topo, options);
    expect(randomFaults(topo, options)).toEqual(a);
    expect(randomFaults(topo, { ...options, seed: 43 })).not.toEqual(a);
    expect(a.length).toBeGreaterThan(100);
    const times = a.map((f) => f.at as number);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    for (const f of a) {
      expect(f.at).toBeGreaterThanOrEqual(0);
      expect(f.at).toBeLessThan(2);
      const [from, to] = f.link!;
      expect(`${from}→${to}`).not.toBe('0→1');
      expect(topo.network.linkIndex(from, to)).toBeDefined();
    }
    // Every fault is one a collective accepts.
    try {
      topo.estimate('allGather', { bytes: 12 * 4, faults: a });
    } catch (error) {
      expect((error as { code: string }).code).toBe('LINK_DOWN'); // so many faults may cut cards off; never INVALID_ARGUMENT
    }
  });

  it('arrives at the rate asked: the mean count over many seeds is rate × links × seconds', async () => {
    const topo = await Topology.ring(6, { bidirectional: true }); // 12 links
    const seconds = 1e-3;
    const ratePerLinkHour = 3600 * 250; // 0.25 per link per ms → 3 expected
    let total = 0;
    const seeds = 2000;
    for (let seed = 0; seed < seeds; seed++) total += randomFaults(topo, { seed, ratePerLinkHour, seconds }).length;
    // Poisson(3): the mean of 2000 draws has a standard deviation of √(3/2000) ≈ 0.039; allow 5 of them.
    expect(Math.abs(total / seeds - 3)).toBeLessThan(5 * Math.sqrt(3 / seeds));
  });

  it('draws kinds by the mix, temporary faults with the mean duration asked, card faults at their own rate', async () => {
    const topo = await Topology.switch(8); // 16 links, 8 cards
    const faults = randomFaults(topo, {
      seed: 5, ratePerLinkHour: 3600 * 100, cardRatePerHour: 3600 * 20, seconds: 10,
      mix: { down: 1, temporary: 2, degraded: 1 }, meanOutageSeconds: 0.01, bandwidthFactor: 0.5,
    });
    const down = faults.filter((f) => f.link && f.becomes === undefined && f.bandwidthFactor === undefined);
    const temporary = faults.filter((f) => f.becomes === 'Training');
    const degraded = faults.filter((f) => f.bandwidthFactor === 0.5);
    const cards = faults.filter((f) => f.card !== undefined);
    const links = down.length + temporary.length + degraded.length;
    expect(links + cards.length).toBe(faults.length);
    // 16 links × 100/s × 10 s = 16 000 link faults (sd ≈ 126), 8 × 20 × 10 = 1600 card faults (sd 40).
    expect(Math.abs(links - 16000)).toBeLessThan(5 * 126);
    expect(Math.abs(cards.length - 1600)).toBeLessThan(5 * 40);
    // Mix 1 : 2 : 1, binomial shares (sd of a 1/4 share of 16 000 ≈ 55).
    expect(Math.abs(down.length - links / 4)).toBeLessThan(5 * 55);
    expect(Math.abs(degraded.length - links / 4)).toBeLessThan(5 * 55);
    const meanOutage = temporary.reduce((s, f) => s + f.for!, 0) / temporary.length;
    expect(Math.abs(meanOutage - 0.01)).toBeLessThan(5 * 0.01 / Math.sqrt(temporary.length)); // exponential: sd = mean
    for (const f of cards) expect(f.card).toBeLessThan(8);
  });

  it('rejects bad options, naming them', async () => {
    const topo = await Topology.ring(4);
    const bad: [Record<string, unknown>, string][] = [
      [{ seed: -1, ratePerLinkHour: 1, seconds: 1 }, 'options.seed'],
      [{ seed: 1.5, ratePerLinkHour: 1, seconds: 1 }, 'options.seed'],
      [{ seed: 1, ratePerLinkHour: -1, seconds: 1 }, 'options.ratePerLinkHour'],
      [{ seed: 1, ratePerLinkHour: 1, seconds: 0 }, 'options.seconds'],
      [{ seed: 1, ratePerLinkHour: 1, seconds: 1, mix: { down: 0, temporary: 0, degraded: 0 } }, 'options.mix'],
      [{ seed: 1, ratePerLinkHour: 1, seconds: 1, mix: { lost: 1 } }, 'options.mix.lost'],
      [{ seed: 1, ratePerLinkHour: 1, seconds: 1, bandwidthFactor: 1.5 }, 'options.bandwidthFactor'],
      [{ seed: 1, ratePerLinkHour: 1, seconds: 1, rate: 1 }, 'options.rate'],
      [{ seed: 1, ratePerLinkHour: 3600e9, seconds: 1 }, 'options.ratePerLinkHour'],
    ];
    for (const [options, argument] of bad) {
      const error = catchError(() => randomFaults(topo, options as never));
      expect(error.code, argument).toBe('INVALID_ARGUMENT');
      expect(error.argument).toBe(argument);
    }
  });
});
