/**
 * Reading a user's options object: exactly once, and only the keys the call
 * declares.
 *
 * An options object must be `undefined` or a plain object (not null, not an
 * array, not a number or string). Its enumerable string keys are listed once
 * (for…in), and any key the call does not declare is an error — a misspelt
 * option (`{ algoritm: 'ring' }`) must not silently fall back to its
 * default — naming the key, the accepted keys and the nearest one. Each key
 * present is read exactly once (a getter runs once, a Proxy's `get` trap
 * once per key) into a plain record the library works from; nothing reads
 * the user's object again, so a getter cannot change a value after it was
 * checked.
 *
 * A getter or proxy trap that throws becomes INVALID_ARGUMENT naming the
 * option, with the thrown error as `cause`.
 */
import { argumentThrewError, describeKind, invalidArgumentError } from './errors.js';
import { didYouMean } from './did-you-mean.js';

/** The declared keys' values as read (absent keys read as undefined). */
export type OptionValues<K extends string> = { readonly [P in K]: unknown };

/**
 * Read `options` for a call that declares `keys`. `argument` names the
 * options object in messages (`'options'`, `'request'`).
 */
export function readOptionRecord<K extends string>(options: unknown, keys: readonly K[], argument: string): OptionValues<K> | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || isArray(options, argument)) {
    throw invalidArgumentError(argument, `expected undefined or an object with some of ${keys.join(', ')}, got ${describeKind(options)}`, options);
  }
  const values = {} as { [P in K]: unknown };
  let reading = argument;
  try {
    // for…in: the enumerable string keys, own and inherited (an options
    // object made with Object.create(defaults) works); symbols are skipped.
    for (const key in options) {
      if (!(keys as readonly string[]).includes(key)) {
        throw invalidArgumentError(`${argument}.${key}`, `unknown key '${key}' (accepted keys: ${keys.join(', ')})${didYouMean(key, keys)}`, key);
      }
      reading = `${argument}.${key}`;
      values[key as K] = (options as Record<string, unknown>)[key];
    }
  } catch (cause) {
    throw argumentThrewError(reading, cause);
  }
  return values;
}

/** Array.isArray, which throws for a revoked Proxy: that is an invalid argument too. */
function isArray(value: object, argument: string): boolean {
  try {
    return Array.isArray(value);
  } catch (cause) {
    throw argumentThrewError(argument, cause);
  }
}
