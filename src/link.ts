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
  Down: 'Down',
  Training: 'Training',
  Up: 'Up',
  Error: 'Error',
} as const;
export type LinkState = (typeof LinkState)[keyof typeof LinkState];

/**
 * One directed link from `localSail` to `remoteSail`. A full-duplex cable is
 * two Links, one per direction. The link model adds bandwidth and latency
 * fields here as optional properties, so code that builds or reads Links
 * today keeps working.
 */
export interface Link {
  readonly localSail: number;
  readonly remoteSail: number;
  readonly state: LinkState;
}
