/**
 * Element types the kernels reduce — NCCL's list — and the typed arrays that
 * hold them.
 *
 * - Floats: `f32`, `f64`; `f16` and `bf16` stored as their bits in a
 *   `Uint16Array`; the OCP FP8 formats `f8e4m3` and `f8e5m2` as bits in a
 *   `Uint8Array` (src/narrow-float.ts converts numbers to bits and back).
 * - Integers, two's complement, wrapping like their typed arrays: `i8`, `u8`,
 *   `i32`, `u32`, `i64` and `u64` (`BigInt64Array`, `BigUint64Array`).
 *   `sum` and `prod` wrap modulo 2^bits; `avg` truncates the wrapped sum
 *   divided by the card count toward zero (as `Math.trunc(sum / n)` does).
 *
 * Two array classes hold more than one dtype: a `Uint16Array` is f16 or
 * bf16 bits, and a `Uint8Array` is u8 or FP8 bits. A collective on plain
 * arrays of those classes says which with its `dtype` option; without it a
 * `Uint8Array` is u8 and a `Uint16Array` is an error asking for the dtype. A
 * `Float16Array` (where the runtime has one) is f16.
 */
import { didYouMean } from './did-you-mean.js';
import { describeKind, invalidArgumentError } from './errors.js';
import { typedArrayTag } from './typed-array-intrinsics.js';

/**
 * Element type of a buffer: `f32`, `f64`, `f16`, `bf16`, `f8e4m3`, `f8e5m2`
 * (floats), `i8`, `u8`, `i32`, `u32`, `i64`, `u64` (wrapping integers).
 */
export type DType = 'f32' | 'f64' | 'i32' | 'f16' | 'bf16' | 'f8e4m3' | 'f8e5m2' | 'i8' | 'u8' | 'u32' | 'i64' | 'u64';

/** Every supported dtype, in a stable order (for sweeps and messages). */
export const DTYPES: readonly DType[] = ['f32', 'f64', 'i32', 'f16', 'bf16', 'f8e4m3', 'f8e5m2', 'i8', 'u8', 'u32', 'i64', 'u64'];

/** The floating-point dtypes narrower than f32, stored as bits. */
export type NarrowFloat = 'f16' | 'bf16' | 'f8e4m3' | 'f8e5m2';

/** The typed array that holds one card's elements of dtype `D` (the bits, for f16, bf16 and the FP8 formats). */
export type TypedArrayFor<D extends DType> =
  D extends 'f32' ? Float32Array :
  D extends 'f64' ? Float64Array :
  D extends 'i32' ? Int32Array :
  D extends 'f16' | 'bf16' ? Uint16Array :
  D extends 'f8e4m3' | 'f8e5m2' | 'u8' ? Uint8Array :
  D extends 'i8' ? Int8Array :
  D extends 'u32' ? Uint32Array :
  D extends 'i64' ? BigInt64Array :
  D extends 'u64' ? BigUint64Array :
  never;

/** Any typed array a collective accepts as one card's plain buffer. */
export type CardArray =
  | Float32Array | Float64Array | Int32Array | Uint16Array | Uint8Array | Int8Array | Uint32Array | BigInt64Array | BigUint64Array
  | Float16Input;

/**
 * A `Float16Array`, structurally: the runtime's own class where it has one.
 * (Described here rather than named, so the types work with any `lib`.)
 */
export interface Float16Input extends ArrayBufferView {
  /** `'Float16Array'`: what tells it from the other typed arrays. */
  readonly [Symbol.toStringTag]: 'Float16Array';
  /** Elements (f16 values). */
  readonly length: number;
}

interface DTypeInfo {
  readonly bytesPerElement: number;
  /** The array class `card(i)` returns. */
  readonly arrayName: string;
  /** Array classes a plain-array operand of this dtype may be. */
  readonly holders: readonly string[];
  readonly view: (buffer: ArrayBufferLike, byteOffset: number, length: number) => CardArray;
}

const INFO: { readonly [D in DType]: DTypeInfo } = {
  f32: { bytesPerElement: 4, arrayName: 'Float32Array', holders: ['Float32Array'], view: (b, o, n) => new Float32Array(b, o, n) },
  f64: { bytesPerElement: 8, arrayName: 'Float64Array', holders: ['Float64Array'], view: (b, o, n) => new Float64Array(b, o, n) },
  i32: { bytesPerElement: 4, arrayName: 'Int32Array', holders: ['Int32Array'], view: (b, o, n) => new Int32Array(b, o, n) },
  f16: { bytesPerElement: 2, arrayName: 'Uint16Array', holders: ['Uint16Array', 'Float16Array'], view: (b, o, n) => new Uint16Array(b, o, n) },
  bf16: { bytesPerElement: 2, arrayName: 'Uint16Array', holders: ['Uint16Array'], view: (b, o, n) => new Uint16Array(b, o, n) },
  f8e4m3: { bytesPerElement: 1, arrayName: 'Uint8Array', holders: ['Uint8Array'], view: (b, o, n) => new Uint8Array(b, o, n) },
  f8e5m2: { bytesPerElement: 1, arrayName: 'Uint8Array', holders: ['Uint8Array'], view: (b, o, n) => new Uint8Array(b, o, n) },
  i8: { bytesPerElement: 1, arrayName: 'Int8Array', holders: ['Int8Array'], view: (b, o, n) => new Int8Array(b, o, n) },
  u8: { bytesPerElement: 1, arrayName: 'Uint8Array', holders: ['Uint8Array'], view: (b, o, n) => new Uint8Array(b, o, n) },
  u32: { bytesPerElement: 4, arrayName: 'Uint32Array', holders: ['Uint32Array'], view: (b, o, n) => new Uint32Array(b, o, n) },
  i64: { bytesPerElement: 8, arrayName: 'BigInt64Array', holders: ['BigInt64Array'], view: (b, o, n) => new BigInt64Array(b, o, n) },
  u64: { bytesPerElement: 8, arrayName: 'BigUint64Array', holders: ['BigUint64Array'], view: (b, o, n) => new BigUint64Array(b, o, n) },
};

/** Throws INVALID_ARGUMENT unless `dtype` is one of DTYPES. */
export function assertDType(dtype: unknown): asserts dtype is DType {
  if (typeof dtype !== 'string' || !Object.hasOwn(INFO, dtype)) {
    const given = typeof dtype === 'string' ? `unknown dtype '${dtype}'${didYouMean(dtype, DTYPES)}` : `expected a dtype name, got ${describeKind(dtype)}`;
    throw invalidArgumentError('dtype', `${given} (supported: ${DTYPES.join(', ')})`, dtype);
  }
}

/** Bytes of one element of `dtype` as stored. */
export function bytesPerElement(dtype: DType): number {
  return INFO[dtype].bytesPerElement;
}

/** The typed-array class that holds `dtype` (`card(i)` returns one). */
export function arrayName(dtype: DType): string {
  return INFO[dtype].arrayName;
}

/**
 * How messages name a dtype's buffers: its array class where that class holds
 * nothing else (`Float32Array`), else the dtype with its class
 * (`bf16 (Uint16Array)`).
 */
export function describeDType(dtype: DType): string {
  const name = INFO[dtype].arrayName;
  return DTYPES.some((d) => d !== dtype && INFO[d].arrayName === name) ? `${dtype} (${name})` : name;
}

/** Whether a genuine typed array of class `tag` can be a plain operand of `dtype`. */
export function arrayHolds(tag: string, dtype: DType): boolean {
  return INFO[dtype].holders.includes(tag);
}

/** Whether `dtype` is a narrow float (stored as bits). */
export function isNarrowFloat(dtype: DType): dtype is NarrowFloat {
  return dtype === 'f16' || dtype === 'bf16' || dtype === 'f8e4m3' || dtype === 'f8e5m2';
}

/** Whether `dtype` is an integer type. */
export function isIntegerDType(dtype: DType): boolean {
  return dtype === 'i8' || dtype === 'u8' || dtype === 'i32' || dtype === 'u32' || dtype === 'i64' || dtype === 'u64';
}

/** A typed-array view of dtype `D` over `buffer` (no copy). */
export function viewOf<D extends DType>(dtype: D, buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArrayFor<D> {
  return INFO[dtype].view(buffer, byteOffset, length) as TypedArrayFor<D>;
}

/** The dtype an array class says by itself; Uint16Array (f16 or bf16) says none. */
const DTYPE_OF_TAG: Readonly<Record<string, DType>> = {
  Float32Array: 'f32', Float64Array: 'f64', Int32Array: 'i32', Float16Array: 'f16', Int8Array: 'i8', Uint8Array: 'u8',
  Uint32Array: 'u32', BigInt64Array: 'i64', BigUint64Array: 'u64',
};

/**
 * The dtype a genuine typed array holds when nothing else says which
 * (subclasses included): its class's own dtype, `u8` for a `Uint8Array`,
 * `f16` for a `Float16Array`; undefined for a `Uint16Array` (f16 or bf16),
 * for other typed arrays, and for proxies and look-alikes. Reads the array's
 * internal type (src/typed-array-intrinsics.ts), so none of the value's own
 * code runs.
 */
export function dtypeOfArray(array: unknown): DType | undefined {
  const tag = typedArrayTag(array);
  return tag === undefined || !Object.hasOwn(DTYPE_OF_TAG, tag) ? undefined : DTYPE_OF_TAG[tag];
}

/** A short name for any value, for error messages ("Uint8Array", "number", …). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return typedArrayTag(value) ?? (value as object).constructor?.name ?? 'object';
  return typeof value;
}
