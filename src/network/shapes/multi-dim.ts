/**
 * Multi-dimensional networks as ASTRA-sim's analytical backend describes them:
 * a list of dimensions, each a ring, bidirectional ring, full mesh or switch
 * over `size` cards, with its own link model.
 */
import { invalidArgumentError } from '../../errors.js';
import { resolveLink, type LinkInput } from '../link-model.js';
import { DIMENSION_KINDS, type DimensionKind, type Network, type NetworkOptions } from '../network.js';
import { expectRecord, rejectUnknownKeys, show } from '../validate.js';
import { layoutDimensions, type LaidOutDimension } from './layout.js';
import { checkCardCount, checkCardProduct, resolveNetworkOptions } from './options.js';

/** One dimension of `multiDimNetwork`. */
export interface DimensionSpec {
  /** The shape of this dimension. */
  readonly kind: DimensionKind;
  /** Cards along this dimension (integer ≥ 1). */
  readonly size: number;
  /** This dimension's link model, over the options' link model. */
  readonly link?: LinkInput;
}

const DIMENSION_KEYS = ['kind', 'size', 'link'] as const;

/**
 * A multi-dimensional network. Cards = Π size_k; card id =
 * Σ_k coord_k · Π_{j<k} size_j (dimension 0 varies fastest). Dimension k
 * connects the cards that differ only in coordinate k, shaped as its kind:
 * - `ring`: unidirectional, coordinate i → i+1 mod size;
 * - `bidirectionalRing`: both ways (ASTRA-sim's Ring);
 * - `mesh`: every pair (ASTRA-sim's FullyConnected);
 * - `switch`: one switch node per group of cards (ASTRA-sim's Switch).
 * Switch ids follow the cards: dimension by dimension, and within a
 * dimension by ascending lowest card id of the group. Link order is
 * dimension by dimension, group by group (see shapes/layout.ts for the
 * order inside a group).
 *
 * Example: rings of 4 cards joined by a switch —
 * `multiDimNetwork([{ kind: 'bidirectionalRing', size: 4 }, { kind: 'switch', size: 2 }])`
 * has 8 cards: rings {0,1,2,3} and {4,5,6,7}; switches 8 (cards 0, 4),
 * 9 (1, 5), 10 (2, 6), 11 (3, 7); 2·8 ring links + 2·8 switch links.
 *
 * Errors: `dims` not a non-empty array, `dims[k].kind` unknown,
 * `dims[k].size` not an integer ≥ 1 (0 is NO_SAILS), `dims[k].link.*`,
 * more than 65536 cards or more than MAX_LINKS links (`dims`).
 */
export function multiDimNetwork(dims: readonly DimensionSpec[], opts?: NetworkOptions): Network {
  if (!Array.isArray(dims) || dims.length === 0) {
    throw invalidArgumentError('dims', `expected a non-empty array of dimensions ({ kind, size, link? }), got ${show(dims)}`, show(dims));
  }
  const options = resolveNetworkOptions(opts);
  // Array.from visits holes of a sparse array too (as undefined), unlike map.
  const laidOut: LaidOutDimension[] = Array.from(dims, (dim: unknown, k) => {
    const argument = `dims[${k}]`;
    const record = expectRecord(dim, argument, 'a dimension ({ kind, size, link? })');
    rejectUnknownKeys(record, DIMENSION_KEYS, argument);
    const kind = record['kind'];
    if (typeof kind !== 'string' || !(DIMENSION_KINDS as readonly string[]).includes(kind)) {
      throw invalidArgumentError(`${argument}.kind`, `expected a dimension kind (${DIMENSION_KINDS.join(', ')}), got ${show(kind)}`, show(kind));
    }
    const size = checkCardCount(record['size'], `${argument}.size`, 'multiDimNetwork');
    const link = resolveLink(record['link'] as LinkInput | undefined, options.link, `${argument}.link`);
    return { kind: kind as DimensionKind, size, link };
  });
  checkCardProduct(laidOut.map((d) => d.size), 'dims', 'the product of the dimension sizes');
  return layoutDimensions('multiDim', laidOut, options, 'dims');
}
