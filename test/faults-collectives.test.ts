// Issue 15's grid: every collective × algorithm on a bidirectional ring and on
// a torus, with one link failing mid-run — on the link of the message on the
// wire at the run's midpoint, half-way through that message — and again on
// the run's critical path (the message that finishes last, half-way through
// its last hop):
// - the data results are the reference's (the data path never sees a fault);
// - the simulated run obeys the model's rules (fault-run-check.ts), the lost
//   message is resent from its source over a route that avoids the link;
// - the run lasts at least until the resend has crossed its detour
//   (store-and-forward, every hop α + b/β): so the added time is at least
//   the resend's time on the detour less what the fault-free run still had
//   to go after the fault; on the critical path — where the message that
//   finishes the run is decided by its arrival, not queued behind another
//   reduction — that bound is positive: the fault costs at least the
//   detour less the part of the lost hop that was left;
// - the report's fault section matches the simulation, and added time is
//   the run's time minus the same schedule's fault-free time.
// On a one-way ring the same fault is LINK_DOWN naming the link, the time
// and the lost message's step, with every buffer untouched.
import { describe, expect, it } from 'vitest';
import { COLLECTIVES, Topology, algorithmsFor, type CollectiveKind } from '../src/index.js';
import { Planner, type PlanRequest } from '../src/sim/planner.js';
import type { FaultSpec } from '../src/sim/faults/fault-plan.js';
import type { FaultSimulationResult } from '../src/sim/faults/fault-simulate.js';
import type { HopRecords } from '../src/sim/simulate.js';
import { checkFaultRun, faultPlanOf } from './fault-run-check.js';
import { callCollective, expectedFor, expectOutputs, integerInputs, lengths, type CallCase } from './fault-collective-call.js';

const ELEMENTS = 6000; // per card for allReduce, broadcast, reduce; n blocks of 6000 / n otherwise

function countFor(collective: CollectiveKind, n: number): number {
  return collective === 'allReduce' || collective === 'broadcast' || collective === 'reduce' ? ELEMENTS : Math.floor(ELEMENTS / n);
}

/** The hop on the wire at the run's midpoint (or the nearest), and the hop that finishes the run's last message. */
function faultPlaces(hops: HopRecords, transferDone: Float64Array, seconds: number): { midRun: number; critical: number } {
  const mid = seconds / 2;
  const centre = (k: number) => (hops.start[k]! + hops.end[k]!) / 2;
  let midRun = 0;
  for (let k = 0; k < hops.link.length; k++) if (Math.abs(centre(k) - mid) < Math.abs(centre(midRun) - mid)) midRun = k;
  let last = 0;
  for (let i = 0; i < transferDone.length; i++) if (transferDone[i]! > transferDone[last]!) last = i;
  let critical = -1;
  for (let k = 0; k < hops.link.length; k++) if (hops.transfer[k] === last) critical = k;
  return { midRun, critical };
}

const TOPOLOGIES: [string, () => Promise<Topology>][] = [
  ['bidirectional ring of 6', () => Topology.ring(6, { bidirectional: true })],
  ['3×3 torus', () => Topology.torus2d(3, 3)],
];

describe('one link fault mid-run: correct results, the resend priced on its detour', () => {
  for (const [name, make] of TOPOLOGIES) {
    for (const collective of COLLECTIVES) {
      it(`${name}: ${collective}, every algorithm`, async () => {
        const topo = await make();
        const n = topo.nSails;
        const planner = new Planner(topo.network);
        let decisive = 0;
        for (const info of algorithmsFor(collective)) {
          const count = countFor(collective, n);
          const req: PlanRequest = { collective, count, bytesPerElement: 4, root: 1, algorithm: info.name, pipeline: 1, channels: 1, timeline: true, method: 'simulate' };
          const healthy = planner.plan(req);
          const places = faultPlaces(healthy.simulation!.hops!, healthy.simulation!.transferDone!, healthy.seconds);
          for (const [where, k] of [['mid-run', places.midRun], ['critical path', places.critical]] as const) {
            const hops = healthy.simulation!.hops!;
            const link = topo.links[hops.link[k]!]!;
            const at = (hops.start[k]! + hops.end[k]!) / 2;
            const faults: FaultSpec[] = [{ at, link: [link.localSail, link.remoteSail] }];
            const w = `${name} ${collective}/${info.name}, ${where}: link ${link.localSail}→${link.remoteSail} fails at ${at}`;

            // The data, through the public API.
            const c: CallCase = { collective, algorithm: info.name, count, dtype: 'f32', op: 'sum', root: 1, inPlace: false, zeroCopy: true, options: { faults, pipeline: 1, channels: 1 } };
            const { send, recv } = lengths(collective, n, count);
            const inputs = integerInputs(n, send, 3);
            const previous = integerInputs(n, recv, 5);
            const outcome = callCollective(topo, c, inputs, previous);
            expect(outcome.error, `${w}: ${outcome.error?.message}`).toBeUndefined();
            expectOutputs(outcome.outputs, expectedFor(c, n, inputs, previous), w);
            const report = outcome.report!;

            // The run, checked against the model's rules.
            const plan = faultPlanOf({ faults }, topo.network);
            const faulted = planner.plan({ ...req, faults: plan });
            const sim = faulted.simulation as FaultSimulationResult;
            const check = checkFaultRun(faulted.schedule!, topo.network, plan, sim, 4, w);
            expect(check.lostSendings, `${w}: the message on the wire is lost`).toBe(1);
            expect(report.seconds, w).toBe(faulted.seconds);
            expect(report.algorithm, w).toBe(info.name);

            // The report's fault section.
            const f = report.faults!;
            expect(f.faultFreeSeconds, w).toBe(healthy.seconds);
            expect(f.addedSeconds, w).toBe(report.seconds - healthy.seconds);
            expect(f.faults).toHaveLength(1);
            expect(f.faults[0]).toMatchObject({ index: 0, struck: true, at, becomes: 'Down', lost: 1, link: { from: link.localSail, to: link.remoteSail } });
            expect(f.resentMessages, w).toBe(1);
            const resent = f.resent[0]!;
            const transfer = hops.transfer[k]!;
            const t = report.transfers![transfer]!;
            expect(resent, w).toMatchObject({ transfer, step: t.step, src: t.src, dst: t.dst, bytes: t.bytes, fault: 0, lostAt: at, from: t.src });
            expect(resent.lostOn).toEqual({ link: hops.link[k], from: link.localSail, to: link.remoteSail });
            expect(t.attempts, w).toBe(2);
            expect(f.resentBytes, w).toBe(t.bytes);
            // The resend leaves from its source and avoids the failed link.
            expect(resent.route[0]).toBe(t.src);
            expect(resent.route.at(-1)).toBe(t.dst);
            for (let h = 0; h + 1 < resent.route.length; h++) expect(`${resent.route[h]}→${resent.route[h + 1]}`, w).not.toBe(`${link.localSail}→${link.remoteSail}`);
            expect(resent.start, w).toBeGreaterThanOrEqual(at);

            // Its detour, store-and-forward: every hop costs α + b/β at least.
            let detour = 0;
            for (let h = 0; h + 1 < resent.route.length; h++) {
              const l = topo.links[topo.network.linkIndex(resent.route[h]!, resent.route[h + 1]!)!]!;
              detour += l.latency + t.bytes / l.bandwidth;
            }
            expect(resent.arrive! - resent.lostAt, `${w}: the resend crosses its detour`).toBeGreaterThanOrEqual(detour * (1 - 1e-12));
            const reduction = t.reduce ? t.bytes * topo.network.cards[t.dst]!.reduceSecondsPerByte : 0;
            const bound = detour + reduction - (healthy.seconds - at);
            expect(f.addedSeconds, `${w}: added ≥ detour − what the fault-free run had left`).toBeGreaterThanOrEqual(bound - 1e-12 * report.seconds);
            const sim0 = healthy.simulation!;
            const lastHop = hops.end[k]! + link.latency;
            const decided = sim0.transferDone![transfer] === healthy.seconds && lastHop === sim0.transferArrive![transfer]
              && (!t.reduce || sim0.transferReduceStart![transfer] === sim0.transferArrive![transfer]);
            if (where === 'critical path' && decided) {
              // The lost message finished the run on arrival: the bound is its detour less the half hop it had left and its latency.
              expect(bound, `${w}: on the critical path the fault costs time`).toBeGreaterThan(0);
              decisive++;
            }
          }
        }
        // Most algorithms end on a message whose arrival decides the finish.
        expect(decisive, `${name} ${collective}: critical-path faults that must cost time`).toBeGreaterThan(0);
      });
    }
  }
});

describe('the same fault on a one-way ring: LINK_DOWN with the time and step, buffers untouched', () => {
  for (const collective of COLLECTIVES) {
    it(`${collective}, every algorithm`, async () => {
      const topo = await Topology.ring(6);
      const n = topo.nSails;
      const planner = new Planner(topo.network);
      for (const info of algorithmsFor(collective)) {
        const count = countFor(collective, n);
        const healthy = planner.plan({ collective, count, bytesPerElement: 4, root: 1, algorithm: info.name, pipeline: 1, channels: 1, timeline: true, method: 'simulate' });
        const hops = healthy.simulation!.hops!;
        const k = faultPlaces(hops, healthy.simulation!.transferDone!, healthy.seconds).midRun;
        const link = topo.links[hops.link[k]!]!;
        const at = (hops.start[k]! + hops.end[k]!) / 2;
        const w = `one-way ring ${collective}/${info.name}: link ${link.localSail}→${link.remoteSail} fails at ${at}`;
        for (const zeroCopy of [true, false]) {
          for (const inPlace of [false, true]) {
            const c: CallCase = { collective, algorithm: info.name, count, dtype: 'f32', op: 'sum', root: 1, inPlace, zeroCopy, options: { faults: [{ at, link: [link.localSail, link.remoteSail] }], pipeline: 1, channels: 1 } };
            const { send, recv } = lengths(collective, n, count);
            const outcome = callCollective(topo, c, integerInputs(n, inPlace && collective === 'allGather' ? count : send, 3), integerInputs(n, recv, 5));
            expect(outcome.error?.code, w).toBe('LINK_DOWN');
            expect(outcome.error, w).toMatchObject({ from: link.localSail, to: link.remoteSail, actual: 'Down', time: at, step: healthy.schedule!.transferStep[hops.transfer[k]!] });
            expect(outcome.error!.message, w).toMatch(/^link \d+→\d+ went Down at .* \(step \d+\): no route from card \d+ to card \d+ avoids it$/);
            expect(outcome.untouched, `${w}: ${zeroCopy ? 'CardBuffers' : 'arrays'} ${inPlace ? 'in place' : 'out of place'} untouched`).toBe(true);
          }
        }
      }
    });
  }
});
