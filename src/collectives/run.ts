/**
 * The one driver behind every collective: read the user's arguments once,
 * validate everything, plan and price the algorithm, place the buffers,
 * compute the data, report.
 *
 * Order matters for the error contract: first every user-supplied value is
 * read exactly once (call-snapshot.ts) — after that no user code runs — then
 * every check (operands, shapes, op, root, options, algorithm, routes) and
 * every allocation happens before the first byte of a user's buffer is
 * written, so an error leaves all buffers as they were. That includes faults
 * (options.faults): the planner prices the whole simulated run with its
 * faults before the data path starts, so a collective the faults stop fails
 * before it has written anything — the data path itself never sees a fault.
 */
import type { CardBuffers } from '../card-buffers.js';
import { allocScratch } from '../alloc.js';
import { bytesPerElement, dtypeOfArray, viewOf, type CardArray, type DType } from '../dtype.js';
import { invalidArgumentError, invalidUsageError, shapeMismatchError } from '../errors.js';
import type { KernelRuntime } from '../kernel-runtime.js';
import { checkReduction, type ResolvedReduction } from '../reduce-op.js';
import type { CollectiveReport } from '../report.js';
import { workingLength } from '../schedule/working-buffer.js';
import type { Plan, Planner } from '../sim/planner.js';
import { resolveFaultPlan } from '../sim/faults/fault-plan.js';
import { messageBound } from '../schedule/message-counts.js';
import type { Schedule } from '../schedule/schedule.js';
import { buildReport } from '../sim/report-builder.js';
import { runCanonical } from './canonical.js';
import { snapshotCall, type CallSnapshot, type CollectiveCall } from './call-snapshot.js';
import { isRooted } from './options.js';
import { bytesOf, checkOperand, placeOperand, type CheckedOperand, type OperandSnapshot, type PlacedOperand } from './operands.js';
import { executeSchedule, maxStepElements } from './schedule-executor.js';
import { loadWorking, resultRanges, storeWorking } from './working-copies.js';

export type { CollectiveCall } from './call-snapshot.js';

export interface CollectiveContext {
  readonly runtime: KernelRuntime;
  readonly planner: Planner;
  readonly nSails: number;
}

/** Checked operands and the collective's NCCL count. */
interface Shapes {
  readonly send: CheckedOperand;
  readonly recv: CheckedOperand;
  readonly inPlace: boolean;
  readonly count: number;
}

/**
 * The dtype the send buffers must hold, when something says it: the `dtype`
 * option, else send CardBuffers; plain send arrays that do not say it
 * themselves (Uint16Array) follow receive CardBuffers.
 */
function requiredDType(call: CallSnapshot): DType | undefined {
  const cardsDType = (operand: OperandSnapshot | undefined) => (operand?.kind === 'cards' ? operand.buffers.dtype : undefined);
  if (call.dtype !== undefined || call.send.kind === 'cards') return call.dtype ?? cardsDType(call.send);
  return call.send.arrays.length > 0 && dtypeOfArray(call.send.arrays[0]) === undefined ? cardsDType(call.recv) : undefined;
}

function checkShapes(ctx: CollectiveContext, call: CallSnapshot): Shapes {
  const n = ctx.nSails;
  const required = requiredDType(call);
  const send = checkOperand(call.send, ctx.runtime, n, 'buffers', required);
  const inPlace = call.recv === undefined;
  // The receive buffers must hold what the send buffers hold (TYPE_MISMATCH naming the card).
  const recv = call.recv === undefined ? send : checkOperand(call.recv, ctx.runtime, n, 'recv', send.dtype);
  const divisible = (length: number, what: string) => {
    if (length % n !== 0) {
      throw invalidArgumentError('buffers', `${what} needs n·count elements per card: ${length} is not a multiple of ${n} cards`, length);
    }
    return length / n;
  };
  let count: number;
  let recvLength: number;
  switch (call.collective) {
    case 'allReduce':
    case 'broadcast':
    case 'reduce':
      count = send.length;
      recvLength = count;
      break;
    case 'allGather':
      count = inPlace ? divisible(send.length, 'in-place AllGather') : send.length;
      recvLength = n * count;
      break;
    case 'reduceScatter':
      count = inPlace ? divisible(send.length, 'in-place ReduceScatter') : recv.length;
      if (send.length !== n * count) throw shapeMismatchError(0, n * count, send.length);
      recvLength = inPlace ? send.length : count;
      break;
    case 'allToAll':
      count = divisible(send.length, 'AllToAll');
      recvLength = send.length;
      break;
  }
  if (recv.length !== recvLength) throw shapeMismatchError(0, recvLength, recv.length);
  return { send, recv, inPlace, count };
}

/** Run a collective call: snapshot, check, plan, allocate, compute, report. */
export function runCollective(ctx: CollectiveContext, input: CollectiveCall): CollectiveReport {
  const n = ctx.nSails;
  const call = snapshotCall(input, n);
  const { options, root } = call;
  const shapes = checkShapes(ctx, call);
  const dtype: DType = shapes.send.dtype;
  const reduction: ResolvedReduction | undefined = call.reduction === undefined ? undefined : checkReduction(call.reduction, dtype);
  const size = bytesPerElement(dtype);
  const faults = resolveFaultPlan(options.faults, ctx.planner.network);
  const plan = ctx.planner.plan({
    collective: call.collective, count: shapes.count, bytesPerElement: size, root,
    algorithm: options.algorithm, pipeline: options.pipeline, channels: options.channels, timeline: options.timeline, method: 'auto',
    ...(faults ? { faults } : {}),
  });
  // Schedule numerics replay the priced algorithm's own schedule: build it when the plan was priced without one.
  const schedule = options.numerics === 'schedule' ? scheduleToReplay(plan) : undefined;

  // Allocate everything, then write. Each allocation may throw OUT_OF_MEMORY;
  // `cleanup` frees what was taken so far and no user buffer has been touched.
  const cleanup: (() => void)[] = [];
  try {
    const { runtime } = ctx;
    const placedSend = placeOperand(shapes.send, runtime, true);
    cleanup.push(() => placedSend.release());
    // A rooted reduce writes only the root's receive buffer: stage the others' unchanged.
    const placedRecv: PlacedOperand = shapes.inPlace ? placedSend : placeOperand(shapes.recv, runtime, call.collective === 'reduce');
    if (!shapes.inPlace) cleanup.push(() => placedRecv.release());
    const send = placedSend.buffers;
    const recv = placedRecv.buffers;
    const scratch = (length: number): CardBuffers => {
      const buffers = allocScratch(runtime, dtype, n, length);
      cleanup.push(() => buffers.free());
      return buffers;
    };

    if (schedule !== undefined) {
      const work = scratch(workingLength(call.collective, n, shapes.count));
      const inFlight = runtime.allocate(maxStepElements(schedule) * size, false);
      cleanup.push(() => runtime.release(inFlight.offset, inFlight.size));
      const args = { runtime, collective: call.collective, n, count: shapes.count, root, send, recv, work, scalars: reduction?.kernelScalars };
      loadWorking(args);
      const combineOp = reduction === undefined || reduction.kernelOp === 'avg' ? 'sum' : reduction.kernelOp;
      executeSchedule(runtime, schedule, work, combineOp, inFlight.offset);
      if (reduction?.kernelOp === 'avg') {
        for (let c = 0; c < n; c++) {
          for (const [start, end] of resultRanges(call.collective, n, shapes.count, root, c)) {
            runtime.kernels[`divide_${dtype}`](work.byteOffset + c * work.strideBytes + start * size, end - start, n);
          }
        }
      }
      storeWorking(args);
    } else {
      let input = send;
      if (reduction?.kernelScalars) {
        // PreMulSum: pre-multiply each card's input, then sum in card order.
        input = scratch(send.length);
        for (let c = 0; c < n; c++) {
          runtime.kernels[`scale_${dtype}`](input.byteOffset + c * input.strideBytes, send.byteOffset + c * send.strideBytes, send.length, reduction.kernelScalars![c]!);
        }
      } else if (call.collective === 'allToAll' && shapes.inPlace) {
        input = scratch(send.length);
        new Uint8Array(runtime.memory.buffer).copyWithin(input.byteOffset, send.byteOffset, send.byteOffset + n * send.strideBytes);
      }
      runCanonical({
        runtime, collective: call.collective, n, count: shapes.count, root,
        op: reduction?.kernelOp ?? 'sum', send: input, recv, inPlace: shapes.inPlace,
      });
    }
    placedRecv.writeBack();
  } finally {
    for (const release of cleanup.reverse()) release();
  }

  return buildReport(plan, ctx.planner.network, {
    collective: call.collective, dtype, nSails: n, count: shapes.count, bytesPerElement: size,
    ...(reduction ? { op: reduction.name } : {}),
    ...(isRooted(call.collective) ? { root } : {}),
    numerics: options.numerics, kernels: ctx.runtime.variant, staged: shapes.send.kind === 'arrays' || shapes.recv.kind === 'arrays',
  });
}

/** Most transfers a schedule replayed on real data may have (`numerics: 'schedule'`). */
export const REPLAY_LIMIT = 1 << 22;

/**
 * The schedule `numerics: 'schedule'` replays: the plan's own, or the same
 * algorithm's built now when the plan was priced analytically. INVALID_USAGE
 * when it would have more than REPLAY_LIMIT transfers — never a silent
 * fallback to canonical results.
 */
function scheduleToReplay(plan: Plan): Schedule {
  if (plan.schedule !== undefined) return plan.schedule;
  const n = plan.input.nSails;
  const messages = messageBound(plan.info.collective, plan.info.name, n, plan.pipeline, plan.channels);
  if (messages > REPLAY_LIMIT) {
    throw invalidUsageError(`numerics: 'schedule' replays ${plan.info.collective}/${plan.info.name}'s schedule, which on ${n} cards has up to ${messages} transfers, more than the ${REPLAY_LIMIT} a replay may have; use numerics: 'canonical' (bit-identical results in card order) or fewer cards`);
  }
  return plan.info.build(plan.input);
}

/**
 * The crate's AllGather: the concatenation of every card's buffer as one new
 * typed array (priced as an out-of-place AllGather). The result is always
 * the dtype's built-in array type (Float32Array, …; a Uint16Array of bits
 * for f16, also from Float16Array inputs), also for subclass inputs.
 */
export function allGatherToArray(ctx: CollectiveContext, sendInput: unknown, optionsInput: unknown): { data: CardArray; report: CollectiveReport } {
  const n = ctx.nSails;
  const call = snapshotCall({ collective: 'allGather', send: sendInput, options: optionsInput }, n);
  const send = checkOperand(call.send, ctx.runtime, n, 'buffers', requiredDType(call));
  const { options } = call;
  const size = bytesPerElement(send.dtype);
  const faults = resolveFaultPlan(options.faults, ctx.planner.network);
  const plan = ctx.planner.plan({
    collective: 'allGather', count: send.length, bytesPerElement: size, root: 0,
    algorithm: options.algorithm, pipeline: options.pipeline, channels: options.channels, timeline: options.timeline, method: 'auto',
    ...(faults ? { faults } : {}),
  });
  const data = viewOf(send.dtype, new ArrayBuffer(n * send.length * size), 0, n * send.length);
  const bytes = bytesOf(data, send.dtype);
  for (let c = 0; c < n; c++) bytes.set(bytesOf(cardOf(send, c), send.dtype), c * send.length * size);
  const report = buildReport(plan, ctx.planner.network, {
    collective: 'allGather', dtype: send.dtype, nSails: n, count: send.length, bytesPerElement: size,
    numerics: 'canonical', kernels: ctx.runtime.variant, staged: send.kind === 'arrays',
  });
  return { data, report };
}

function cardOf(operand: CheckedOperand, c: number): CardArray {
  return operand.kind === 'cards' ? operand.buffers.card(c) : operand.arrays[c]!;
}
