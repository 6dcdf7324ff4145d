/**
 * Operands of a collective: reading them from the user, checking them, and
 * bringing them into kernel memory.
 *
 * A collective takes either CardBuffers (zero-copy: the kernels work on them
 * in place) or plain typed arrays, one per card. Plain arrays are copied into
 * a staging CardBuffers before the kernel runs and copied back after it: two
 * extra passes over the data and a transient allocation. Use Topology.alloc
 * to avoid both.
 *
 * Three phases, so that no user code can run between a check and the write
 * it guards (issue 9):
 *   1. `readOperand` reads the user's value exactly once into plain data: a
 *      genuine CardBuffers (a private-name check, no proxy passes), or the
 *      list's `length` once and then each index once — no iterator, no
 *      `forEach`, no method of an Array subclass runs — keeping only genuine
 *      typed arrays (read through the built-in accessors, so a subclass's
 *      overridden `length` or a Proxy's traps never run). Holes, proxies of
 *      typed arrays and look-alikes are rejected naming the card.
 *   2. `checkOperand`, once every user value of the call has been read:
 *      freed CardBuffers, detached arrays (INVALID_USAGE), element types,
 *      lengths, views into kernel memory. Nothing the user wrote can run
 *      any more, so what is checked stays true until the kernel is done.
 *   3. `placeOperand` stages plain arrays; `writeBack` copies results back.
 *      Both copy bytes through views made from the arrays' internal slots
 *      (never a subclass's `set`), so a `Float16Array` moves as f16 bits.
 */
import { allocScratch } from '../alloc.js';
import { CardBuffers } from '../card-buffers.js';
import {
  arrayHolds, bytesPerElement, describeDType, dtypeOfArray, type CardArray, type DType, type Float16Input, type TypedArrayFor,
} from '../dtype.js';
import {
  argumentThrewError, describeKind, invalidArgumentError, invalidUsageError, shapeMismatchError, SpankerError, topologyMismatchError,
  typeMismatchError,
} from '../errors.js';
import type { KernelRuntime } from '../kernel-runtime.js';
import {
  isDetached, typedArrayBuffer, typedArrayByteOffset, typedArrayLength, typedArrayTag,
} from '../typed-array-intrinsics.js';

/** The plain typed arrays that can hold one card's elements of dtype `D` (f16 also in a `Float16Array`). */
export type PlainArrayFor<D extends DType> = TypedArrayFor<D> | (D extends 'f16' ? Float16Input : never);

/**
 * One buffer per card: CardBuffers in kernel memory, or plain typed arrays
 * (for the classes that hold several dtypes — `Uint16Array`, `Uint8Array` —
 * the collective's `dtype` option says which).
 */
export type CardInput<D extends DType = DType> = CardBuffers<D> | readonly PlainArrayFor<D>[];

/**
 * The dtypes a typed-array type can hold (a union for a union; never for an
 * unsupported one): `Uint16Array` is f16 or bf16, `Uint8Array` u8 or FP8.
 */
export type DTypeOfArray<A> =
  A extends Float32Array ? 'f32' :
  A extends Float64Array ? 'f64' :
  A extends Int32Array ? 'i32' :
  A extends Float16Input ? 'f16' :
  A extends Uint16Array ? 'f16' | 'bf16' :
  A extends Uint8Array ? 'u8' | 'f8e4m3' | 'f8e5m2' :
  A extends Int8Array ? 'i8' :
  A extends Uint32Array ? 'u32' :
  A extends BigInt64Array ? 'i64' :
  A extends BigUint64Array ? 'u64' :
  never;

/**
 * The dtype a CardInput type holds — what a `recv` must match. TypeScript
 * cannot infer `D` back through `TypedArrayFor<D>`, so the collectives take
 * the input's own type and derive the dtype from it.
 */
export type DTypeOf<B> = B extends CardBuffers<infer D> ? D : B extends readonly (infer A)[] ? DTypeOfArray<A> : DType;

/** An operand as read from the user: our own CardBuffers, or the genuine typed arrays the list held. */
export type OperandSnapshot =
  | { readonly kind: 'cards'; readonly buffers: CardBuffers }
  | { readonly kind: 'arrays'; readonly arrays: readonly ArrayBufferView[] };

/** A checked operand, not yet touched. */
export type CheckedOperand =
  | { readonly kind: 'cards'; readonly dtype: DType; readonly length: number; readonly buffers: CardBuffers }
  | { readonly kind: 'arrays'; readonly dtype: DType; readonly length: number; readonly arrays: readonly CardArray[] };

/** An operand whose data is in kernel memory. */
export interface PlacedOperand {
  readonly buffers: CardBuffers;
  /** Copy results back to the user's plain arrays (no-op for CardBuffers). */
  writeBack(): void;
  /** Free staging memory (no-op for CardBuffers). */
  release(): void;
}

const SUPPORTED = 'Float32Array, Float64Array, Int32Array, Uint32Array, Int8Array, Uint8Array, BigInt64Array, BigUint64Array, Uint16Array (f16 or bf16 bits) or Float16Array';

/**
 * Read `input` once (phase 1). `name` names the argument in messages
 * (`'buffers'`, `'recv'`); a card's problem names the card in `sail`.
 */
export function readOperand(input: unknown, nSails: number, name: string): OperandSnapshot {
  if (CardBuffers.isCardBuffers(input)) return { kind: 'cards', buffers: input };
  let isList: boolean;
  try {
    isList = Array.isArray(input);
  } catch (cause) {
    throw argumentThrewError(name, cause); // a revoked Proxy
  }
  if (!isList) {
    const hint = looksLikeCardBuffers(input) ? ' (a Proxy of CardBuffers, or an object made from its prototype, is not one)' : '';
    throw invalidArgumentError(name, `expected CardBuffers or an array of typed arrays (one per card), got ${describeKind(input)}${hint}`, input);
  }
  const list = input as readonly unknown[];
  const length = read(list, 'length', `${name}.length`);
  if (length !== nSails) {
    if (typeof length === 'number' && Number.isSafeInteger(length) && length >= 0) throw topologyMismatchError(nSails, length);
    throw invalidArgumentError(`${name}.length`, `expected ${nSails} (one array per card), got ${describeKind(length)}`, length);
  }
  const arrays = new Array<ArrayBufferView>(nSails);
  for (let c = 0; c < nSails; c++) {
    const array = read(list, c, `${name}[${c}]`);
    if (typedArrayTag(array) === undefined) {
      const what = array === undefined ? 'nothing (a hole in the array, or undefined)' : describeKind(array);
      throw new SpankerError(
        'INVALID_ARGUMENT',
        `invalid ${name}: card ${c} holds ${what}; expected a ${SUPPORTED} (a Proxy of one is not accepted)`,
        { argument: name, sail: c, actual: array === undefined ? 'undefined' : describeKind(array) },
      );
    }
    arrays[c] = array as ArrayBufferView;
  }
  return { kind: 'arrays', arrays };
}

/** For the message only: `instanceof` passes for proxies and prototype look-alikes (and may run a proxy trap, which may throw). */
function looksLikeCardBuffers(value: unknown): boolean {
  try {
    return typeof value === 'object' && value !== null && value instanceof CardBuffers;
  } catch {
    return false;
  }
}

function read(object: object, key: PropertyKey, argument: string): unknown {
  try {
    return (object as Record<PropertyKey, unknown>)[key];
  } catch (cause) {
    throw argumentThrewError(argument, cause);
  }
}

/**
 * Check an operand read by `readOperand` (phase 2): one buffer per card of
 * the topology, all live, of one supported dtype and one length. `dtype` is
 * the call's `dtype` option, or the other operand's dtype: every card must
 * hold it. Without one, card 0's array class decides (a `Uint8Array` is u8;
 * a `Uint16Array`, f16 or bf16 bits, is INVALID_ARGUMENT asking for it).
 */
export function checkOperand(operand: OperandSnapshot, runtime: KernelRuntime, nSails: number, name: string, dtype?: DType): CheckedOperand {
  if (operand.kind === 'cards') {
    const buffers = operand.buffers;
    if (buffers.runtime !== runtime) {
      throw invalidArgumentError(name, 'these CardBuffers were allocated by a topology using another kernel runtime');
    }
    buffers.assertLive();
    if (buffers.nCards !== nSails) throw topologyMismatchError(nSails, buffers.nCards);
    if (dtype !== undefined && buffers.dtype !== dtype) throw typeMismatchError(0, describeDType(dtype), describeDType(buffers.dtype));
    return { kind: 'cards', dtype: buffers.dtype, length: buffers.length, buffers };
  }
  const { arrays } = operand;
  const memory = runtime.memory.buffer;
  let length = 0;
  for (let c = 0; c < arrays.length; c++) {
    const array = arrays[c]!;
    const actual = typedArrayLength(array);
    const tag = typedArrayTag(array)!;
    // A detached array reads as length 0: tell it apart before it can pass for an empty one or a shape mismatch.
    if (actual === 0 && isDetached(typedArrayBuffer(array))) {
      throw invalidUsageError(
        `${name}: card ${c}'s ${tag} is detached — its ArrayBuffer was transferred, or it is a view of ` +
        'kernel memory taken before the memory grew (call card(i) again, or pass the CardBuffers); nothing was written',
        { sail: c, argument: name },
      );
    }
    if (c === 0 && dtype === undefined) {
      dtype = dtypeOfArray(array);
      if (dtype === undefined) {
        if (tag === 'Uint16Array') {
          throw invalidArgumentError('dtype', `${name} are Uint16Arrays, the bits of f16 or of bf16: say which with { dtype: 'f16' } or { dtype: 'bf16' }`);
        }
        throw invalidArgumentError(name, `card 0 holds a ${tag}; supported: ${SUPPORTED}`, tag);
      }
    }
    if (!arrayHolds(tag, dtype!)) throw typeMismatchError(c, describeDType(dtype!), tag);
    if (c === 0) length = actual;
    else if (actual !== length) throw shapeMismatchError(c, length, actual);
    if (typedArrayBuffer(array) === memory) {
      throw invalidArgumentError(name, `card ${c}'s array is a view into kernel memory; pass the CardBuffers it came from`);
    }
  }
  // dtype is set: a topology has at least one card, so card 0 was checked.
  return { kind: 'arrays', dtype: dtype!, length, arrays: arrays as readonly CardArray[] };
}

/** The bytes of a genuine typed array, read from its internal slots (no getter of a subclass runs). */
export function bytesOf(array: ArrayBufferView, dtype: DType): Uint8Array {
  return new Uint8Array(typedArrayBuffer(array), typedArrayByteOffset(array), typedArrayLength(array) * bytesPerElement(dtype));
}

/**
 * Bring a checked operand into kernel memory. Plain arrays get a staging
 * CardBuffers, filled from them when `copyIn` (inputs) and left
 * uninitialized otherwise (outputs the kernel overwrites).
 */
export function placeOperand(operand: CheckedOperand, runtime: KernelRuntime, copyIn: boolean): PlacedOperand {
  if (operand.kind === 'cards') {
    return { buffers: operand.buffers, writeBack() {}, release() {} };
  }
  const { arrays } = operand;
  const { dtype } = operand;
  const staging = allocScratch(runtime, dtype, arrays.length, operand.length);
  if (copyIn) for (let c = 0; c < arrays.length; c++) bytesOf(staging.card(c), dtype).set(bytesOf(arrays[c]!, dtype));
  return {
    buffers: staging,
    writeBack() {
      for (let c = 0; c < arrays.length; c++) bytesOf(arrays[c]!, dtype).set(bytesOf(staging.card(c), dtype));
    },
    release() {
      staging.free();
    },
  };
}
