/**
 * Runs a schedule on real data in the working buffers, with the kernels, in
 * the algorithm's own reduction order ("schedule numerics").
 *
 * A step runs in two phases, matching the schedule's message semantics
 * (schedule/schedule.ts): first every transfer's segments are copied from its
 * source card into an in-flight area (the values "on the wire"), then each
 * transfer is applied to its destination in schedule order — a copy, or a
 * pairwise combine dst ← dst ∘ incoming.
 */
import { bytesPerElement } from '../dtype.js';
import type { CardBuffers } from '../card-buffers.js';
import type { CombineOp } from '../kernel-abi.js';
import type { KernelRuntime } from '../kernel-runtime.js';
import type { Schedule } from '../schedule/schedule.js';

/** Elements in flight in the busiest step: the in-flight area the executor needs. */
export function maxStepElements(schedule: Schedule): number {
  let max = 0;
  let current = 0;
  let step = -1;
  for (let i = 0; i < schedule.transferCount; i++) {
    if (schedule.transferStep[i] !== step) {
      step = schedule.transferStep[i]!;
      current = 0;
    }
    current += schedule.elementsOf(i);
    if (current > max) max = current;
  }
  return max;
}

/**
 * Execute `schedule` on `work` (nSails cards × workingLength elements).
 * `inFlight` is a byte offset with room for maxStepElements(schedule) elements.
 */
export function executeSchedule(runtime: KernelRuntime, schedule: Schedule, work: CardBuffers, op: CombineOp, inFlight: number): void {
  const size = bytesPerElement(work.dtype);
  const combine = runtime.kernels[`combine_${op}_${work.dtype}`];
  const memory = new Uint8Array(runtime.memory.buffer);
  const address = (card: number, element: number) => work.byteOffset + card * work.strideBytes + element * size;
  const T = schedule.transferCount;
  let begin = 0;
  while (begin < T) {
    const step = schedule.transferStep[begin]!;
    let end = begin;
    while (end < T && schedule.transferStep[end] === step) end++;
    // Phase 1: values on the wire, as the sources held them when the step began.
    let wire = inFlight;
    for (let i = begin; i < end; i++) {
      const src = schedule.transferSrc[i]!;
      for (let s = schedule.transferSegments[i]!; s < schedule.transferSegments[i + 1]!; s++) {
        const from = address(src, schedule.segmentStart[s]!);
        const bytes = (schedule.segmentEnd[s]! - schedule.segmentStart[s]!) * size;
        memory.copyWithin(wire, from, from + bytes);
        wire += bytes;
      }
    }
    // Phase 2: apply to destinations, in schedule order.
    wire = inFlight;
    for (let i = begin; i < end; i++) {
      const dst = schedule.transferDst[i]!;
      const reduce = schedule.transferReduce[i] === 1;
      for (let s = schedule.transferSegments[i]!; s < schedule.transferSegments[i + 1]!; s++) {
        const elements = schedule.segmentEnd[s]! - schedule.segmentStart[s]!;
        const to = address(dst, schedule.segmentStart[s]!);
        if (reduce) combine(to, wire, elements);
        else memory.copyWithin(to, wire, wire + elements * size);
        wire += elements * size;
      }
    }
    begin = end;
  }
}
