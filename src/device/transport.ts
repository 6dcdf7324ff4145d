/**
 * DeviceTransport: what a real-device backend implements so that collectives
 * can run on enumerated cards instead of in the wasm kernels.
 *
 * Today's kernel driver (ABI 0.1.0) has only PING and GET_VERSION, so the one
 * transport that exists (abi-0-1-transport.ts) refuses everything with
 * NOT_IMPLEMENTED. A backend for a driver with a work-submit ioctl
 * (SPANKER_IOC_WORK_SUBMIT) and the inter-card link protocol will:
 * 1. accept the collective (`assertCanRun`), before any byte moves;
 * 2. copy each card's operand from host memory into that card's DDR
 *    (`writeCardMemory`; one contiguous block per card, as the buffer-layout
 *    contract promises, so one scatter-gather descriptor each);
 * 3. start the collective on the cards and wait for them (`submitWork`);
 * 4. copy the results back (`readCardMemory`).
 * Steps 2–4 are device IO, so they are asynchronous; device collectives will
 * therefore return Promises, while the simulated collectives stay synchronous.
 */
import type { DType } from '../dtype.js';
import type { ReductionName } from '../reduce-op.js';
import type { CollectiveKind } from '../schedule/schedule.js';

/** One collective for the cards to run: what a SPANKER_IOC_WORK_SUBMIT request will carry. */
export interface DeviceWork {
  /** Which collective to run. */
  readonly collective: CollectiveKind;
  /** Element type of the buffers. */
  readonly dtype: DType;
  /** NCCL's count: elements per card (per block for AllGather, ReduceScatter, AllToAll). */
  readonly count: number;
  /** Reducing collectives only. */
  readonly op?: ReductionName;
  /** Broadcast and Reduce only. */
  readonly root?: number;
  /** Byte offset of each card's send buffer in its own memory; index = card. */
  readonly sendOffsets: readonly number[];
  /** Byte offset of each card's receive buffer in its own memory; index = card. */
  readonly recvOffsets: readonly number[];
}

/** What a real-device backend implements (see the module comment for the sequence). */
export interface DeviceTransport {
  /** Kernel-driver ABI this transport speaks, `major.minor.patch`. */
  readonly abi: string;
  /**
   * Called first by every collective on a device-backed topology, before its
   * arguments are examined and before any byte moves. Throws a SpankerError
   * (NOT_IMPLEMENTED) when this transport cannot run `collective`.
   */
  assertCanRun(collective: CollectiveKind): void;
  /** Copy `data` into card `sail`'s memory at `byteOffset` (host → card). */
  writeCardMemory(sail: number, byteOffset: number, data: Uint8Array): Promise<void>;
  /** Fill `into` from card `sail`'s memory at `byteOffset` (card → host). */
  readCardMemory(sail: number, byteOffset: number, into: Uint8Array): Promise<void>;
  /** Start `work` on every card and resolve when all have finished it. */
  submitWork(work: DeviceWork): Promise<void>;
}
