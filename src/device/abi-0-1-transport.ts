/**
 * The transport for kernel-driver ABI 0.1.0, the only one that exists: it
 * has PING and GET_VERSION but no way to move data or start work, so every
 * operation is NOT_IMPLEMENTED with the crate's message, e.g.
 * `not implemented yet: AllReduce on real device requires SPANKER_IOC_WORK_SUBMIT`.
 */
import { notImplementedError } from '../errors.js';
import type { CollectiveKind } from '../schedule/schedule.js';
import type { DeviceTransport } from './transport.js';

/** The crate's spelling of each collective, as used in its error text. */
const CRATE_NAMES: { readonly [K in CollectiveKind]: string } = {
  allReduce: 'AllReduce',
  allGather: 'AllGather',
  reduceScatter: 'ReduceScatter',
  broadcast: 'Broadcast',
  reduce: 'Reduce',
  allToAll: 'AllToAll',
};

const MISSING_IOCTL = 'SPANKER_IOC_WORK_SUBMIT';

/** ABI 0.1.0: refuses every collective and every card-memory access. */
export const ABI_0_1_TRANSPORT: DeviceTransport = Object.freeze({
  abi: '0.1.0',
  assertCanRun(collective: CollectiveKind): void {
    throw notImplementedError(`${CRATE_NAMES[collective]} on real device requires ${MISSING_IOCTL}`);
  },
  writeCardMemory(): Promise<void> {
    return Promise.reject(notImplementedError(`card memory write on real device requires ${MISSING_IOCTL}`));
  },
  readCardMemory(): Promise<void> {
    return Promise.reject(notImplementedError(`card memory read on real device requires ${MISSING_IOCTL}`));
  },
  submitWork(): Promise<void> {
    return Promise.reject(notImplementedError(`work submission on real device requires ${MISSING_IOCTL}`));
  },
});
