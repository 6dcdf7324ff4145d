// Nothing lost: when faults stop a collective — LINK_DOWN (no route
// survives, or onFault 'abort'), CARD_FAILED, TIMEOUT, or a mistake in the
// fault plan — every user buffer is bit-identical to its state before the
// call. How: the planner prices the whole run with its faults before the
// data path starts (src/collectives/run.ts), so a stopped collective has
// written nothing. Every collective × algorithm, in place and out of place,
// CardBuffers and plain arrays, f32 and i32.
import { describe, expect, it } from 'vitest';
import { COLLECTIVES, Topology, algorithmsFor, type DType } from '../src/index.js';
import { callCollective, integerInputs, lengths, type CallCase } from './fault-collective-call.js';

const STOPS: [string, () => Promise<Topology>, Record<string, unknown>, string][] = [
  // One-way ring: card c reaches c+1 only through c→c+1, so with two links down every collective loses a route.
  ['LINK_DOWN, no route left', () => Topology.ring(4), { faults: [{ at: 0, link: [0, 1] }, { at: 0, link: [2, 3] }] }, 'LINK_DOWN'],
  ["LINK_DOWN, onFault 'abort'", () => Topology.ring(4, { bidirectional: true }), {
    onFault: 'abort', faults: [[0, 1], [1, 0], [2, 3], [3, 2]].map((link) => ({ at: { step: 0 }, link, becomes: 'Training', for: 1e-3 })),
  }, 'LINK_DOWN'],
  ['CARD_FAILED', () => Topology.torus2d(2, 2), { faults: [{ at: 0, card: 2 }] }, 'CARD_FAILED'],
  ['TIMEOUT', () => Topology.mock(4), { timeout: 1e-9 }, 'TIMEOUT'],
  ['a mistake in the plan', () => Topology.mock(4), { faults: [{ at: 0, link: [0, 1] }, { at: 0, link: [0, 1], bandwidthFactor: 2 }] }, 'INVALID_ARGUMENT'],
];

describe('a collective the faults stop leaves every buffer as it was', () => {
  for (const [what, make, options, code] of STOPS) {
    for (const collective of COLLECTIVES) {
      it(`${what}: ${collective}`, async () => {
        const topo = await make();
        const n = topo.nSails;
        let runs = 0;
        for (const info of algorithmsFor(collective)) {
          for (const dtype of ['f32', 'i32'] as DType[]) {
            for (const zeroCopy of [true, false]) {
              for (const inPlace of [false, true]) {
                const count = 12;
                const c: CallCase = { collective, algorithm: info.name, count, dtype, op: 'sum', root: n - 1, inPlace, zeroCopy, options };
                const { send, recv } = lengths(collective, n, count);
                const outcome = callCollective(topo, c, integerInputs(n, inPlace && collective === 'allGather' ? count : send, 1), integerInputs(n, recv, 2));
                const where = `${collective}/${info.name} ${dtype} ${zeroCopy ? 'CardBuffers' : 'arrays'} ${inPlace ? 'in place' : 'out of place'}`;
                expect(outcome.error?.code, `${where}: ${outcome.error?.message}`).toBe(code);
                expect(outcome.untouched, `${where}: every byte as before`).toBe(true);
                if (code !== 'INVALID_ARGUMENT') {
                  expect(outcome.error!.time, where).toBeGreaterThanOrEqual(0);
                  expect(outcome.error!.step, where).toBeGreaterThanOrEqual(0);
                }
                runs++;
              }
            }
          }
        }
        expect(runs).toBe(algorithmsFor(collective).length * 8);
      });
    }
  }
});
