/**
 * The timing of one hop of one message on one link — the fault-aware
 * simulator's only per-hop formula, kept in one place so a change of the
 * link model (cut-through forwarding at switches, say) is made once.
 *
 * FIFO links, as simulate.ts: the hop starts when the message asks for the
 * link or when the link is free, whichever is later; it serializes for
 * bytes / bandwidth and arrives `latency` after its last byte left. A first
 * hop from a card with an injection limit also waits for the card's
 * injection FIFO and runs at the lower of the two rates. Cards forward
 * store-and-forward: the next hop is asked for when the message has fully
 * arrived. Cut-through switches (network/switch-model.ts): the hop into one
 * lets the next hop be asked for once the first packet is in, and the hop
 * out of one cannot end before the message's last byte is in plus one
 * packet. The arithmetic is simulate.ts's, operation for operation, so that
 * with no faults the two simulators agree to the bit
 * (test/fault-sim-reference.test.ts).
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
  /** When the next hop may be asked for: `arrive`, or into a cut-through switch once the first packet is in. */
  next = 0;
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
 * FIFO is free. Cut-through: `packet` is the switches' first-packet bytes,
 * `tailFrom` when the message's last byte is in at the switch this hop
 * leaves (−Infinity: it does not leave a cut-through switch), `intoSwitch`
 * whether it enters one on its way on (not on its last hop).
 */
export function timeHop(
  out: HopTime, now: number, linkFree: number, bandwidth: number, latency: number, bytes: number, injectionLimit: number, injectionFree: number,
  packet: number, tailFrom: number, intoSwitch: boolean,
): void {
  let start = now > linkFree ? now : linkFree;
  let rate = bandwidth;
  if (injectionLimit > 0) {
    if (injectionFree > start) start = injectionFree;
    if (injectionLimit < bandwidth) rate = injectionLimit;
    out.injectionFree = start + bytes / injectionLimit;
  }
  const serialization = bytes / rate;
  let end = start + serialization;
  if (tailFrom !== -Infinity) {
    const tail = tailFrom + (serialization * Math.min(packet, bytes)) / bytes;
    if (tail > end) end = tail;
  }
  out.start = start;
  out.serialization = serialization;
  out.end = end;
  out.arrive = end + latency;
  out.next = intoSwitch ? start + (serialization * Math.min(packet, bytes)) / bytes + latency : out.arrive;
  out.rate = rate;
}
