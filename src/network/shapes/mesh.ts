/** Full mesh: every card has a direct link to every other card. */
import type { Network, NetworkOptions } from '../network.js';
import { layoutDimensions } from './layout.js';
import { checkCardCount, resolveNetworkOptions } from './options.js';

/**
 * A full mesh of `n` cards: n·(n−1) directed links, all Up, ordered by local
 * card then remote card (link id of a→b is a·(n−1) + b − (b > a ? 1 : 0)),
 * the same order as `Topology.mock`. Every card reaches every other in 1 hop.
 * `n = 0` is NO_SAILS; a non-integer, or n > 2048 (more than MAX_LINKS
 * links), is INVALID_ARGUMENT `n`.
 */
export function meshNetwork(n: number, opts?: NetworkOptions): Network {
  const count = checkCardCount(n, 'n', 'meshNetwork');
  const options = resolveNetworkOptions(opts);
  return layoutDimensions('mesh', [{ kind: 'mesh', size: count, link: options.link }], options, 'n');
}
