/** Ring of cards — the shape the Spanker connector assumes (SPEC.md, "Hardware facts"). */
import { invalidArgumentError } from '../../errors.js';
import type { Network, NetworkOptions } from '../network.js';
import { show } from '../validate.js';
import { layoutDimensions } from './layout.js';
import { checkCardCount, resolveNetworkOptions } from './options.js';

/** Options of `ringNetwork`. */
export interface RingOptions extends NetworkOptions {
  /** Links in both directions (default false: card c sends only to c+1). */
  readonly bidirectional?: boolean;
}

/**
 * A ring of `n` cards. Link c (c = 0 … n−1) is c → (c+1) mod n; when
 * `bidirectional`, links n … 2n−1 follow, link n+c being (c+1) mod n → c.
 * No self links and no duplicates: n = 1 has no links, n = 2 has 0→1 and 1→0
 * only (bidirectional or not). `n = 0` is NO_SAILS.
 */
export function ringNetwork(n: number, opts?: RingOptions): Network {
  const count = checkCardCount(n, 'n', 'ringNetwork');
  const options = resolveNetworkOptions(opts, ['bidirectional']);
  const bidirectional = options.record['bidirectional'] === undefined ? false : options.record['bidirectional'];
  if (typeof bidirectional !== 'boolean') {
    throw invalidArgumentError('bidirectional', `expected true or false, got ${show(bidirectional)}`, show(bidirectional));
  }
  const kind = bidirectional ? 'bidirectionalRing' : 'ring';
  return layoutDimensions('ring', [{ kind, size: count, link: options.link }], options, 'n');
}
