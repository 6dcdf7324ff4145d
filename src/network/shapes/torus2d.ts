/** Two-dimensional torus: a bidirectional ring along every row and every column. */
import type { Network, NetworkOptions } from '../network.js';
import { layoutDimensions } from './layout.js';
import { checkCardCount, checkCardProduct, resolveNetworkOptions } from './options.js';

/**
 * A `rows × cols` torus. Card id = r·cols + c. Links: first the row rings
 * (row 0, row 1, …), then the column rings (column 0, column 1, …); each
 * ring as `ringNetwork(size, { bidirectional: true })` orders them — forward
 * links then backward links, none for size 1, one pair for size 2.
 * `dims` is `[{bidirectionalRing, cols}, {bidirectionalRing, rows}]`.
 * A 0 side is NO_SAILS; other bad sides are INVALID_ARGUMENT `rows`/`cols`,
 * and more than 65536 cards is INVALID_ARGUMENT `rows`.
 */
export function torus2dNetwork(rows: number, cols: number, opts?: NetworkOptions): Network {
  const r = checkCardCount(rows, 'rows', 'torus2dNetwork');
  const c = checkCardCount(cols, 'cols', 'torus2dNetwork');
  checkCardProduct([r, c], 'rows', 'rows × cols');
  const options = resolveNetworkOptions(opts);
  return layoutDimensions(
    'torus2d',
    [
      { kind: 'bidirectionalRing', size: c, link: options.link },
      { kind: 'bidirectionalRing', size: r, link: options.link },
    ],
    options,
    'rows',
  );
}
