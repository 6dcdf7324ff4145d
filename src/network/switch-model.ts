/**
 * How switches forward a message: store-and-forward (the whole message
 * arrives before it leaves) or cut-through (it leaves once its first packet
 * has arrived) — the switch model of a network's switch nodes. Cards relay
 * the messages that pass through them store-and-forward.
 *
 * Cut-through, for a message of b bytes entering a switch over link 1 and
 * leaving over link 2, first packet q = min(packetBytes, b):
 *   - link 2 may start q·β₁ + α₁ after link 1 started (the first packet is
 *     in), instead of b·β₁ + α₁ (the whole message);
 *   - it cannot finish before the last byte is in plus one packet on link 2:
 *     end₂ ≥ end₁ + α₁ + q·β₂ (a slower link 1 throttles link 2);
 *   - if link 2 is busy the message waits at the switch as usual (FIFO).
 * A message through one switch on equal links then takes (b + q)·β + 2α
 * instead of 2(b·β + α).
 *
 * Default: cut-through with 256-byte packets — real switches forward
 * cut-through (NVSwitch, InfiniBand and data-centre Ethernet switches start
 * a packet out before its tail is in), and 256 B is NVLink's and PCIe's
 * largest common packet payload; InfiniBand and Ethernet switches start after
 * a header of tens of bytes, so this is on the slow side of cut-through.
 * `{ forwarding: 'store-and-forward' }` models a switch that buffers whole
 * messages (the previous default of this library).
 */
import { invalidArgumentError } from '../errors.js';
import { expectRecord, positiveFinite, rejectUnknownKeys, show } from './validate.js';

/** How a switch forwards. */
export type Forwarding = 'store-and-forward' | 'cut-through';

/** The switch model of a network. */
export interface SwitchModel {
  readonly forwarding: Forwarding;
  /** Bytes of the first packet a cut-through switch waits for (ignored for store-and-forward). */
  readonly packetBytes: number;
}

/** The default switch (see the module comment). */
export const DEFAULT_SWITCH: SwitchModel = Object.freeze({ forwarding: 'cut-through', packetBytes: 256 });

const SWITCH_KEYS = ['forwarding', 'packetBytes'] as const;
const FORWARDINGS: readonly Forwarding[] = ['store-and-forward', 'cut-through'];

/**
 * The switch model for `input` (absent fields keep `base`'s); INVALID_ARGUMENT
 * naming `argument.field` for an unknown key or a bad value.
 */
export function resolveSwitch(input: unknown, base: SwitchModel, argument: string): SwitchModel {
  if (input === undefined) return base;
  const record = expectRecord(input, argument, "a switch model ({ forwarding: 'cut-through' | 'store-and-forward', packetBytes })");
  rejectUnknownKeys(record, SWITCH_KEYS, argument);
  const forwarding = record['forwarding'] === undefined ? base.forwarding : record['forwarding'];
  if (typeof forwarding !== 'string' || !(FORWARDINGS as readonly string[]).includes(forwarding)) {
    throw invalidArgumentError(`${argument}.forwarding`, `expected 'cut-through' or 'store-and-forward', got ${show(forwarding)}`, show(forwarding));
  }
  const packetBytes = record['packetBytes'] === undefined ? base.packetBytes : positiveFinite(record['packetBytes'], `${argument}.packetBytes`, 'bytes');
  if (!Number.isInteger(packetBytes)) throw invalidArgumentError(`${argument}.packetBytes`, `expected a whole number of bytes, got ${show(packetBytes)}`, show(packetBytes));
  return Object.freeze({ forwarding: forwarding as Forwarding, packetBytes });
}
