/**
 * The wasm kernels' exports, as TypeScript sees them (assembly/index.ts).
 *
 * Pointers, strides and byte counts are byte offsets into kernel memory
 * (`usize`, i.e. u32 on wasm32); `count` is in elements. JS numbers up to
 * 2³² − 1 pass through an i32 parameter unchanged bit for bit.
 */
import type { DType } from './dtype.js';
import type { ReduceOp } from './reduce-op.js';

/** `reduce_<op>_<dtype>(out, outStride, nOut, src, srcStride, nIn, count)`: see assembly/reduce.ts. */
export type ReduceKernel = (
  out: number, outStride: number, nOut: number,
  src: number, srcStride: number, nIn: number,
  count: number,
) => void;

/** `combine_<op>_<dtype>(dst, src, count)`: dst ← dst ∘ src, elementwise (assembly/combine.ts). */
export type CombineKernel = (dst: number, src: number, count: number) => void;

/** Ops with a pairwise combine kernel (avg combines as sum, then divides once). */
export type CombineOp = Exclude<ReduceOp, 'avg'>;

export type KernelExports = {
  readonly [name in `reduce_${ReduceOp}_${DType}`]: ReduceKernel;
} & {
  readonly [name in `combine_${CombineOp}_${DType}`]: CombineKernel;
} & {
  /** assembly/combine.ts: dst ← src · factor (PreMulSum); the factor is a bigint for i64 and u64 (src/reduce-op.ts `kernelScalars`). */
  readonly [name in `scale_${DType}`]: (dst: number, src: number, count: number, factor: number | bigint) => void;
} & {
  /** assembly/combine.ts: dst ← dst / n, as avg does. */
  readonly [name in `divide_${DType}`]: (dst: number, count: number, n: number) => void;
} & {
  /** assembly/gather.ts: concatenate n slices of `bytes` into a dense region. */
  readonly gather_concat: (out: number, src: number, srcStride: number, n: number, bytes: number) => void;
  /** assembly/gather.ts: copy one slice of `bytes` to n card slices. */
  readonly broadcast_slice: (out: number, outStride: number, n: number, src: number, bytes: number) => void;
  /** assembly/roofline.ts: benchmark proxy that loads and stores each byte of n card slices once. */
  readonly roofline_load_store: (base: number, stride: number, n: number, bytes: number) => void;
  /** assembly/roofline.ts: benchmark proxy that loads each byte of a region once (returns an XOR of it). */
  readonly roofline_read: (base: number, bytes: number) => number;
  /** assembly/matmul-f32.ts: out[m×n] = a[m×k] · w[n×k]ᵀ, f32, in dot-f32.ts's accumulation order. */
  readonly matmul_f32: (out: number, a: number, w: number, m: number, k: number, n: number) => void;
  /** assembly/matmul-q4k.ts: the same with `w` as n rows of k/256 block_q4_K; `scratch` holds 4·k f32. */
  readonly matmul_q4k: (out: number, a: number, w: number, m: number, k: number, n: number, scratch: number) => void;
  /** assembly/matmul-q4k.ts: `blocks` block_q4_K at `w` → 256·blocks f32 at `out`. */
  readonly dequantize_q4k: (out: number, w: number, blocks: number) => void;
};

/** The name of the reduce kernel for one (op, dtype) pair. */
export function reduceKernelName(op: ReduceOp, dtype: DType): `reduce_${ReduceOp}_${DType}` {
  return `reduce_${op}_${dtype}`;
}
