/**
 * Pipelining of ring-type algorithms (ring, chain): a segment is cut into
 * `pipeline` sub-chunks, each sent as its own transfer in the same step. A
 * sub-chunk depends only on the same sub-chunk of the previous step, so the
 * next card can forward sub-chunk 0 while sub-chunk 1 is still on the wire.
 */
import { chunkStart, type ScheduleBuilder } from '../schedule.js';

/**
 * Send [start, end) from `src` to `dst` as `pipeline` transfers, sub-chunk q
 * being [start, end)'s chunk q of `pipeline` (chunkBounds). Empty sub-chunks
 * are dropped by the builder.
 */
export function sendPipelined(b: ScheduleBuilder, src: number, dst: number, start: number, end: number, pipeline: number, reduce: boolean): void {
  const length = end - start;
  let a = start;
  for (let q = 0; q < pipeline; q++) {
    const z = start + chunkStart(length, pipeline, q + 1);
    b.sendRange(src, dst, a, z, reduce);
    a = z;
  }
}

