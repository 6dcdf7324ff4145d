// Soak: many collectives on real data under seeded random faults (randomFaults:
// links down, retraining, losing a lane; now and then a card; some runs with
// onFault 'abort' or a timeout) across topology kinds, collectives,
// algorithms, sizes, dtypes, in place and out, CardBuffers and arrays. Every
// run must end (no hang), and either give the reference result with a
// consistent fault report, or stop with LINK_DOWN / CARD_FAILED / TIMEOUT
// (time and step given) and every buffer untouched. One run in ten is also
// checked against the model's rules (fault-run-check.ts). Memory must not
// grow with the number of runs: the JS heap after a full GC, and the
// kernels' wasm memory, are measured after a warm-up and at the end.
//
// The normal suite runs 10 000 collectives (a few seconds); `npm run
// soak:faults` runs SPANKER_SOAK_COUNT of them (scripts/soak-faults.mjs).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Topology, algorithmsFor, randomFaults, type CollectiveKind, type DType, type ReduceOp } from '../src/index.js';
import { sharedRuntime } from '../src/kernel-runtime.js';
import { COLLECTIVES } from '../src/schedule/schedule.js';
import type { FaultSimulationResult } from '../src/sim/faults/fault-simulate.js';
import { Planner } from '../src/sim/planner.js';
import { callCollective, expectedFor, expectOutputs, integerInputs, lengths, type CallCase } from './fault-collective-call.js';
import { checkFaultRun, faultPlanOf } from './fault-run-check.js';
import { rng } from './reference.js';

const COUNT = Number(process.env['SPANKER_SOAK_COUNT'] ?? 10_000);
const SEED = Number(process.env['SPANKER_SOAK_SEED'] ?? 20_240_815);
/** Most the retained JS heap may grow between the warm-up and the end (bytes): caches are bounded, so growth is noise. */
const HEAP_GROWTH_LIMIT = 24 * 2 ** 20;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe(`soak: ${COUNT} collectives under random faults`, () => {
  it('no hang, no wrong result, no buffer touched by a stopped run, bounded memory', async () => {
    const topologies = [
      await Topology.ring(5, { bidirectional: true }),
      await Topology.ring(8, { bidirectional: true }),
      await Topology.ring(4),
      await Topology.torus2d(2, 3),
      await Topology.torus2d(3, 3),
      await Topology.mock(4),
      await Topology.switch(5),
      await Topology.multiDim([{ kind: 'bidirectionalRing', size: 3 }, { kind: 'switch', size: 2 }]),
    ];
    const runtime = await sharedRuntime(topologies[0]!.kernels);
    const planners = new Map(topologies.map((t) => [t, new Planner(t.network)]));
    const random = rng(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const outcomes = { completed: 0, LINK_DOWN: 0, CARD_FAILED: 0, TIMEOUT: 0, faults: 0, struck: 0, resent: 0, rerouted: 0, checked: 0 };
    const warmup = Math.min(1000, Math.floor(COUNT / 10));
    // The fault-free time of each case, for the window faults are drawn in.
    const windows = new Map<string, number>();
    let heapAtWarmup = 0;
    let kernelBytesAtWarmup = 0;

    for (let run = 0; run < COUNT; run++) {
      if (run === warmup) {
        heapAtWarmup = heapAfterGc();
        kernelBytesAtWarmup = runtime.memory.buffer.byteLength;
      }
      const topo = pick(topologies);
      const n = topo.nSails;
      const collective: CollectiveKind = pick(COLLECTIVES);
      const algorithm = pick(['auto', ...algorithmsFor(collective).map((a) => a.name)]);
      const count = pick([0, 1, 5, 12, 24]);
      const dtype: DType = pick(['f32', 'i32'] as const);
      const op: ReduceOp = pick(['sum', 'max', 'min'] as const);
      const root = Math.floor(random() * n);
      const key = `${topologies.indexOf(topo)}|${collective}|${algorithm}|${count}|${root}`;
      let window = windows.get(key);
      if (window === undefined) {
        const bytes = count * 4 * (['allGather', 'reduceScatter', 'allToAll'].includes(collective) ? n : 1);
        const rooted = collective === 'broadcast' || collective === 'reduce';
        window = topo.estimate(collective, { bytes, algorithm: algorithm as never, timeline: false, ...(rooted ? { root } : {}) } as never).seconds * 1.2 || 1e-6;
        windows.set(key, window);
      }
      // About two link faults per run, a card failure in one run of twenty.
      const faults = randomFaults(topo, {
        seed: Math.floor(random() * 2 ** 32), seconds: window,
        ratePerLinkHour: (2 * 3600) / (window * topo.links.length), cardRatePerHour: (0.05 * 3600) / (window * n),
        meanOutageSeconds: window / 4,
      });
      const options: Record<string, unknown> = { faults, timeline: true };
      if (random() < 0.1) options['onFault'] = 'abort';
      if (random() < 0.1) options['timeout'] = window * (0.5 + random());
      const c: CallCase = { collective, algorithm, count, dtype, op, root, inPlace: random() < 0.5, zeroCopy: random() < 0.5, options };
      const { send, recv } = lengths(collective, n, count);
      const inputs = integerInputs(n, c.inPlace && collective === 'allGather' ? count : send, run);
      const previous = integerInputs(n, recv, run + 1);
      const where = `run ${run}: ${topo.network.kind} of ${n}, ${collective}/${algorithm} count ${count} ${dtype} ${op} root ${root} ${c.inPlace ? 'in place' : 'out of place'} ${c.zeroCopy ? 'CardBuffers' : 'arrays'} (SPANKER_SOAK_SEED=${SEED})`;
      try {
        const outcome = callCollective(topo, c, inputs, previous);
        outcomes.faults += faults.length;
        if (outcome.error !== undefined) {
          const e = outcome.error;
          expect(['LINK_DOWN', 'CARD_FAILED', 'TIMEOUT'], `${where}: ${e.message}`).toContain(e.code);
          outcomes[e.code as 'LINK_DOWN' | 'CARD_FAILED' | 'TIMEOUT']++;
          expect(outcome.untouched, `${where}: buffers untouched after ${e.code}`).toBe(true);
          expect(Number.isFinite(e.time) && e.time! >= 0 && Number.isInteger(e.step) && e.step! >= 0, `${where}: time and step`).toBe(true);
          continue;
        }
        outcomes.completed++;
        expectOutputs(outcome.outputs, expectedFor(c, n, inputs, previous), where);
        const report = outcome.report!;
        expect(Number.isFinite(report.seconds), where).toBe(true);
        const f = report.faults;
        if (f === undefined) {
          // No fault drawn and no timeout: a plain run.
          expect(faults.length === 0 && options['timeout'] === undefined, where).toBe(true);
          continue;
        }
        expect(f.addedSeconds, where).toBe(report.seconds - f.faultFreeSeconds);
        expect(f.faults.length, where).toBe(faults.length);
        outcomes.struck += f.faults.filter((x) => x.struck).length;
        outcomes.resent += f.resentMessages;
        outcomes.rerouted += f.reroutedMessages;
        for (const r of f.resent) {
          expect(r.route[0], where).toBe(r.src);
          expect(r.route.at(-1), where).toBe(r.dst);
        }
        if (run % 10 === 0) {
          // The same run, priced again on its own planner, against the model's rules.
          const plan = faultPlanOf(options, topo.network);
          const planned = planners.get(topo)!.plan({
            collective, count, bytesPerElement: 4, root: ['broadcast', 'reduce'].includes(collective) ? root : 0,
            algorithm, pipeline: undefined, channels: undefined, timeline: true, method: 'auto', faults: plan,
          });
          expect(planned.seconds, where).toBe(report.seconds);
          checkFaultRun(planned.schedule!, topo.network, plan, planned.simulation as FaultSimulationResult, 4, where);
          outcomes.checked++;
        }
      } catch (error) {
        // Say what the run was given, so it can be reproduced alone.
        if (error instanceof Error) error.message += `\n  options: ${JSON.stringify(options)}`;
        throw error;
      }
    }

    const heapGrowth = heapAfterGc() - heapAtWarmup;
    console.log(`soak: ${COUNT} runs, ${JSON.stringify(outcomes)}, heap growth after warm-up ${(heapGrowth / 2 ** 20).toFixed(1)} MiB`);
    expect(heapGrowth).toBeLessThan(HEAP_GROWTH_LIMIT);
    expect(runtime.memory.buffer.byteLength).toBe(kernelBytesAtWarmup);
    // The mix did what it is for: most runs complete, faults strike and are recovered from, and every way of stopping occurs.
    expect(outcomes.completed).toBeGreaterThan(COUNT / 2);
    expect(outcomes.resent).toBeGreaterThan(COUNT / 20);
    expect(outcomes.rerouted).toBeGreaterThan(COUNT / 20);
    for (const code of ['LINK_DOWN', 'CARD_FAILED', 'TIMEOUT'] as const) expect(outcomes[code], code).toBeGreaterThan(COUNT / 1000);
  }, 600_000);
});
