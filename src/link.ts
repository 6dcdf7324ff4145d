/**
 * The inter-card link contract, mirroring the Spanker hardware's RTL package
 * (and the original crate's `intercard` module).
 */

/** Data lanes per inter-card link. */
export const INTERCARD_LANES = 4;
/** Bits per lane per transfer. */
export const INTERCARD_LANE_WIDTH = 32;
/** Bits per link transfer: INTERCARD_LANES × INTERCARD_LANE_WIDTH. */
export const INTERCARD_BUS_WIDTH = 128;

/**
 * Training state of one directed link. `Error` is the RTL's FAULT state.
 * Only `Up` links carry data.
 */
export const LinkState = {
  /** No signal: the link carries nothing. */
  Down: 'Down',
  /** Link training in progress: not carrying data yet. */
  Training: 'Training',
  /** Trained and carrying data. */
  Up: 'Up',
  /** Faulted (the RTL's FAULT state): carries nothing. */
  Error: 'Error',
} as const;
export type LinkState = (typeof LinkState)[keyof typeof LinkState];

/**
 * One directed link from node `localSail` to node `remoteSail`. A full-duplex
 * cable is two Links, one per direction.
 *
 * Endpoints are NODE ids, not only card ids: `0 … nSails−1` are the cards
 * (Sails) and `nSails … nSails+nSwitches−1` are switches, so a switched fabric
 * is described with the same Link type as card-to-card cables.
 *
 * `bandwidth` and `latency` are the link model (see src/network/link-model.ts):
 * a message of `b` bytes over one hop costs `latency + b / bandwidth` seconds.
 */
export interface Link {
  /** Node the link leaves (a card id below nSails, else a switch id). */
  readonly localSail: number;
  /** Node the link enters (a card id below nSails, else a switch id). */
  readonly remoteSail: number;
  /** Training state; only `Up` links carry data (and are routed over). */
  readonly state: LinkState;
  /** Bytes per second, in this direction only. */
  readonly bandwidth: number;
  /** Seconds per hop: the time from the first bit sent to the first bit received (α of one hop). */
  readonly latency: number;
}
