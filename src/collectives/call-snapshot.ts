/**
 * One snapshot of a collective call's arguments: every value the user
 * supplied — the buffer lists and each array in them, the op and its
 * scalars, the root, every option — read exactly once, by index or by key,
 * into plain internal data, before anything is validated against state,
 * planned or allocated (issue 9).
 *
 * Why: a getter, a Proxy trap, an Array subclass's method or a custom
 * iterator is the user's code, and it can free a buffer, allocate another at
 * the same address, detach an array or hand out a different array the second
 * time it is asked. Reading each value once, first, means all such code has
 * run before the checks (operands.ts `checkOperand`) and none runs after
 * them: what was checked is what the kernels touch.
 */
import { assertDType, type DType } from '../dtype.js';
import { readOptionRecord } from '../option-record.js';
import { readReduction, type ResolvedReduction } from '../reduce-op.js';
import type { CollectiveKind } from '../schedule/schedule.js';
import { readOperand, type OperandSnapshot } from './operands.js';
import {
  COLLECTIVE_OPTION_KEYS, isReducing, isRooted, resolveCollectiveOptions, resolveRoot, type ResolvedOptions,
} from './options.js';

/** A collective call as the Topology method received it: nothing read yet. */
export interface CollectiveCall {
  readonly collective: CollectiveKind;
  /** The send buffers (`buffers`). */
  readonly send: unknown;
  /** AllGather's positional `recv`; the other collectives take `recv` in their options. */
  readonly recv?: unknown;
  readonly op?: unknown;
  readonly options?: unknown;
}

/** Everything the call's user values said, read once. */
export interface CallSnapshot {
  readonly collective: CollectiveKind;
  readonly send: OperandSnapshot;
  /** Undefined: in place (no `recv`, or `recv` is the very object passed as the send buffers). */
  readonly recv: OperandSnapshot | undefined;
  /** Reducing collectives: the op (checked against the dtype later). */
  readonly reduction: ResolvedReduction | undefined;
  /** Rooted collectives: the root card (0 for the others). */
  readonly root: number;
  /** The `dtype` option: the element type plain arrays hold (required for Uint16Array). */
  readonly dtype: DType | undefined;
  readonly options: ResolvedOptions;
}

/** The option keys each collective method declares (its options interface in topology.ts). */
const WITH_DTYPE = [...COLLECTIVE_OPTION_KEYS, 'dtype'] as const;
const WITH_RECV = [...WITH_DTYPE, 'recv'] as const;
const WITH_RECV_AND_ROOT = [...WITH_DTYPE, 'recv', 'root'] as const;

function optionKeys(collective: CollectiveKind): readonly ('recv' | 'root' | (typeof WITH_DTYPE)[number])[] {
  if (collective === 'allGather') return WITH_DTYPE; // recv is positional
  return isRooted(collective) ? WITH_RECV_AND_ROOT : WITH_RECV;
}

/** Read every user value of `call` once (see the module comment). Throws before anything is allocated. */
export function snapshotCall(call: CollectiveCall, nSails: number): CallSnapshot {
  const { collective } = call;
  const values: { readonly [key: string]: unknown } | undefined = readOptionRecord(call.options, optionKeys(collective), 'options');
  const options = resolveCollectiveOptions(collective, values as Parameters<typeof resolveCollectiveOptions>[1]);
  const root = isRooted(collective) ? resolveRoot(values?.['root'], nSails) : 0;
  const dtype = values?.['dtype'];
  if (dtype !== undefined) assertDType(dtype);
  const recvInput = collective === 'allGather' ? call.recv : values?.['recv'];
  const send = readOperand(call.send, nSails, 'buffers');
  const recv = recvInput === undefined || recvInput === call.send ? undefined : readOperand(recvInput, nSails, 'recv');
  const reduction = isReducing(collective) ? readReduction(call.op, nSails) : undefined;
  return { collective, send, recv, reduction, root, dtype, options };
}
