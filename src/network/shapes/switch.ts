/** Cards around one switch (ASTRA-sim's Switch dimension; an HGX node's NVSwitch). */
import type { Network, NetworkOptions } from '../network.js';
import { layoutDimensions } from './layout.js';
import { checkCardCount, resolveNetworkOptions } from './options.js';

/**
 * `n` cards joined by one switch, node id `n`. Links 2c and 2c+1 are
 * c → n and n → c, each with the link model; every card reaches every other
 * in exactly 2 hops. `n = 0` is NO_SAILS.
 */
export function switchNetwork(n: number, opts?: NetworkOptions): Network {
  const count = checkCardCount(n, 'n', 'switchNetwork');
  const options = resolveNetworkOptions(opts);
  return layoutDimensions('switch', [{ kind: 'switch', size: count, link: options.link }], options, 'n');
}
