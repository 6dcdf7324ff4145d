/**
 * Reading a user's typed arrays without running any of the user's code.
 *
 * A collective must look at each plain array exactly once and then trust
 * what it saw (issue 9): a subclass can override `length`, `set` or
 * `buffer`, and a Proxy or an object made with
 * `Object.create(Float32Array.prototype)` passes `instanceof` without being a
 * typed array. The built-in accessors of `%TypedArray%.prototype`, taken here
 * once at load time and called on the value, read its internal slots
 * instead: they throw or return undefined for anything that is not a genuine
 * typed array, and no getter, override or proxy trap of the user's runs.
 * (ECMA-262 §23.2.3: %TypedArray%.prototype.buffer, byteOffset, length and
 * @@toStringTag read [[ViewedArrayBuffer]], [[ByteOffset]], [[ArrayLength]]
 * and [[TypedArrayName]].)
 */

const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Int8Array.prototype) as object;

function intrinsicGetter(key: PropertyKey): (this: unknown) => unknown {
  return Object.getOwnPropertyDescriptor(TYPED_ARRAY_PROTOTYPE, key)!.get! as (this: unknown) => unknown;
}

const TAG = intrinsicGetter(Symbol.toStringTag);
const LENGTH = intrinsicGetter('length');
const BYTE_OFFSET = intrinsicGetter('byteOffset');
const BUFFER = intrinsicGetter('buffer');

/**
 * The typed-array kind of a genuine typed array (`'Float32Array'`,
 * `'Uint8Array'`, …; an instance of a subclass reports its built-in base),
 * else undefined — for proxies and look-alikes too.
 */
export function typedArrayTag(value: unknown): string | undefined {
  return TAG.call(value) as string | undefined;
}

/** Elements of a genuine typed array (0 once its buffer is detached). */
export function typedArrayLength(array: ArrayBufferView): number {
  return LENGTH.call(array) as number;
}

/** Byte offset of a genuine typed array in its buffer (0 once detached). */
export function typedArrayByteOffset(array: ArrayBufferView): number {
  return BYTE_OFFSET.call(array) as number;
}

/** The buffer a genuine typed array views (still returned once detached). */
export function typedArrayBuffer(array: ArrayBufferView): ArrayBufferLike {
  return BUFFER.call(array) as ArrayBufferLike;
}

/**
 * Whether `buffer` (from `typedArrayBuffer`) is detached: transferred away
 * (`structuredClone(x, { transfer })`, `postMessage`, `ArrayBuffer.prototype.transfer`)
 * or, for a view of wasm memory, replaced by a grown memory. Building an
 * empty view over a detached buffer throws a TypeError (ECMA-262
 * InitializeTypedArrayFromArrayBuffer); that works in every engine, also
 * where `ArrayBuffer.prototype.detached` does not exist yet (Node 20).
 */
export function isDetached(buffer: ArrayBufferLike): boolean {
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

const SET = (TYPED_ARRAY_PROTOTYPE as { set: (this: ArrayBufferView, source: ArrayLike<number>, offset?: number) => void }).set;

/**
 * `target.set(source)` with the built-in `%TypedArray%.prototype.set`, so a
 * subclass that overrides `set` cannot intercept the copy. Between typed
 * arrays it copies element by element from the internal slots (ECMA-262
 * SetTypedArrayFromTypedArray): no user code runs.
 */
export function typedArraySet(target: ArrayBufferView, source: ArrayBufferView): void {
  SET.call(target, source as unknown as ArrayLike<number>);
}
