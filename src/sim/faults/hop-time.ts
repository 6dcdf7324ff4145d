/**
 * The timing of one hop of one message on one link — the fault-aware
 * simulator's only per-hop formula, kept in one place so a change of the
 * link model (cut-through forwarding at switches, say) is made once.
 *
 * Store-and-forward FIFO links, as simulate.ts: the hop starts when the
 * message asks for the link or when the link is free, whichever is later;
 * it serializes for bytes / bandwidth and arrives `latency` after its last
 * byte left. A first hop from a card with an injection limit also waits for
 * the card's injection FIFO and runs at the lower of the two rates. The
 * arithmetic is simulate.ts's, operation for operation, so that with no
 * faults the two simulators agree to the bit (test/fault-sim-reference.test.ts).
 */

/** One hop's times (seconds), filled in by timeHop. */
export class HopTime {
  /** First byte leaves. */
  start = 0;
  /** Seconds on the link: bytes / rate. */
  serialization = 0;
  /** Last byte leaves: start + serialization. */
  end = 0;
  /** Last byte arrives at the far end: end + latency. */
  arrive = 0;
  /** Bytes per second the hop runs at. */
  rate = 0;
  /** With an injection limit: when the card's injection FIFO is free again. */
  injectionFree = 0;
}

/**
 * Time a hop asked for at `now` on a link free from `linkFree` with
 * `bandwidth` (bytes/s) and `latency` (s), carrying `bytes`; `injectionLimit`
 * is the source card's injection bandwidth on a first hop from it (0: no
 * limit, or not a first hop) and `injectionFree` when that card's injection
 * FIFO is free.
 */
export function timeHop(
  out: HopTime, now: number, linkFree: number, bandwidth: number, latency: number, bytes: number, injectionLimit: number, injectionFree: number,
): void {
  let start = now > linkFree ? now : linkFree;
  let rate = bandwidth;
  if (injectionLimit > 0) {
    if (injectionFree > start) start = injectionFree;
    if (injectionLimit < bandwidth) rate = injectionLimit;
    out.injectionFree = start + bytes / injectionLimit;
  }
  const serialization = bytes / rate;
  out.start = start;
  out.serialization = serialization;
  out.end = start + serialization;
  out.arrive = out.end + latency;
  out.rate = rate;
}
