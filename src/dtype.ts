/**
 * Element types the kernels reduce, and the typed arrays that hold them.
 *
 * `i32` arithmetic is 32-bit two's complement: `sum` and `prod` wrap modulo
 * 2³² (as `Math.imul` and `(a + b) | 0` do), and `avg` truncates toward zero
 * (as `Math.trunc(sum / n)` does).
 */
import { didYouMean } from './did-you-mean.js';
import { describeKind, invalidArgumentError } from './errors.js';
import { typedArrayTag } from './typed-array-intrinsics.js';

/** Element type of a buffer: 32-bit float, 64-bit float, or 32-bit two's-complement integer. */
export type DType = 'f32' | 'f64' | 'i32';

/** Every supported dtype, in a stable order (for sweeps and messages). */
export const DTYPES: readonly DType[] = ['f32', 'f64', 'i32'];

/** The typed array that holds one card's elements of dtype `D`. */
export type TypedArrayFor<D extends DType> =
  D extends 'f32' ? Float32Array :
  D extends 'f64' ? Float64Array :
  D extends 'i32' ? Int32Array :
  never;

/** Any typed array a collective accepts as one card's plain buffer. */
export type CardArray = Float32Array | Float64Array | Int32Array;

interface DTypeInfo {
  readonly bytesPerElement: number;
  readonly arrayName: string;
  readonly view: (buffer: ArrayBufferLike, byteOffset: number, length: number) => CardArray;
}

const INFO: { readonly [D in DType]: DTypeInfo } = {
  f32: { bytesPerElement: 4, arrayName: 'Float32Array', view: (b, o, n) => new Float32Array(b, o, n) },
  f64: { bytesPerElement: 8, arrayName: 'Float64Array', view: (b, o, n) => new Float64Array(b, o, n) },
  i32: { bytesPerElement: 4, arrayName: 'Int32Array', view: (b, o, n) => new Int32Array(b, o, n) },
};

/** Throws INVALID_ARGUMENT unless `dtype` is one of DTYPES. */
export function assertDType(dtype: unknown): asserts dtype is DType {
  if (typeof dtype !== 'string' || !Object.hasOwn(INFO, dtype)) {
    const given = typeof dtype === 'string' ? `unknown dtype '${dtype}'${didYouMean(dtype, DTYPES)}` : `expected a dtype name, got ${describeKind(dtype)}`;
    throw invalidArgumentError('dtype', `${given} (supported: ${DTYPES.join(', ')})`, dtype);
  }
}

export function bytesPerElement(dtype: DType): number {
  return INFO[dtype].bytesPerElement;
}

export function arrayName(dtype: DType): string {
  return INFO[dtype].arrayName;
}

/** A typed-array view of dtype `D` over `buffer` (no copy). */
export function viewOf<D extends DType>(dtype: D, buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArrayFor<D> {
  return INFO[dtype].view(buffer, byteOffset, length) as TypedArrayFor<D>;
}

const DTYPE_OF_TAG: Readonly<Record<string, DType>> = { Float32Array: 'f32', Float64Array: 'f64', Int32Array: 'i32' };

/**
 * The dtype of a genuine typed array the kernels support (subclasses
 * included), or undefined for anything else — other typed arrays, proxies and
 * look-alikes. Reads the array's internal type (src/typed-array-intrinsics.ts),
 * so none of the value's own code runs.
 */
export function dtypeOfArray(array: unknown): DType | undefined {
  const tag = typedArrayTag(array);
  return tag === undefined ? undefined : DTYPE_OF_TAG[tag];
}

/** A short name for any value, for error messages ("Uint8Array", "number", …). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return typedArrayTag(value) ?? (value as object).constructor?.name ?? 'object';
  return typeof value;
}
