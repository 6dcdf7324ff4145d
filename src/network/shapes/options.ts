/**
 * What every shape builder does first: check card counts and turn
 * NetworkOptions (preset, link and card overrides) into resolved models.
 */
import { invalidArgumentError, noSailsError } from '../../errors.js';
import { resolveCard, resolveLink, type CardModel, type LinkModel } from '../link-model.js';
import { MAX_CARDS } from '../network.js';
import { DEFAULT_PRESET, resolvePreset, type Preset } from '../presets.js';
import { DEFAULT_SWITCH, resolveSwitch, type SwitchModel } from '../switch-model.js';
import { expectRecord, rejectUnknownKeys, show } from '../validate.js';

/** NetworkOptions after validation: the preset and the link and card models the builder uses. */
export interface ResolvedOptions {
  readonly preset: Preset;
  readonly link: LinkModel;
  readonly card: CardModel;
  readonly switch: SwitchModel;
  /** The options object as given (for builder-specific keys such as `bidirectional`). */
  readonly record: Readonly<Record<string, unknown>>;
}

const OPTION_KEYS = ['preset', 'link', 'card', 'switch'] as const;

/**
 * Validates `opts` (undefined or an object with `preset`, `link`, `card` and
 * the builder's `extraKeys`; unknown keys are rejected) and resolves the
 * models: `link` over the preset's link, `card` over the preset's card.
 */
export function resolveNetworkOptions(opts: unknown, extraKeys: readonly string[] = []): ResolvedOptions {
  const record = opts === undefined ? {} : expectRecord(opts, 'opts', 'network options ({ preset, link, card })');
  rejectUnknownKeys(record, [...OPTION_KEYS, ...extraKeys], 'opts');
  const preset = resolvePreset(record['preset'] === undefined ? DEFAULT_PRESET : record['preset'], 'preset');
  const link = resolveLink(record['link'] as never, preset.link, 'link');
  const card = resolveCard(record['card'] as never, preset.card, 'card');
  const switchModel = resolveSwitch(record['switch'], DEFAULT_SWITCH, 'switch');
  return { preset, link, card, switch: switchModel, record };
}

/**
 * A card count (or one side of a shape): an integer 1 … MAX_CARDS.
 * 0 is NO_SAILS (as `Topology.mock(0)` is); anything else out of range is
 * INVALID_ARGUMENT naming `argument`.
 */
export function checkCardCount(value: unknown, argument: string, builder: string): number {
  if (value === 0) throw noSailsError(`${builder} with ${argument} = 0 has no cards`);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_CARDS) {
    throw invalidArgumentError(argument, `expected a card count: an integer in 1..${MAX_CARDS}, got ${show(value)}`, show(value));
  }
  return value;
}

/** Throws INVALID_ARGUMENT unless the product of the sides fits MAX_CARDS. */
export function checkCardProduct(sizes: readonly number[], argument: string, what: string): number {
  const product = sizes.reduce((a, b) => a * b, 1);
  if (product > MAX_CARDS) {
    throw invalidArgumentError(argument, `${what} = ${product} cards, more than the ${MAX_CARDS} allowed`, product);
  }
  return product;
}
