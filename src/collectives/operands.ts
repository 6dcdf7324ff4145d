/**
 * Operands of a collective: checking them, and bringing them into kernel memory.
 *
 * A collective takes either CardBuffers (zero-copy: the kernels work on them
 * in place) or plain typed arrays, one per card. Plain arrays are copied into
 * a staging CardBuffers before the kernel runs and copied back after it: two
 * extra passes over the data and a transient allocation. Use Topology.alloc
 * to avoid both.
 *
 * `checkOperand` only reads; it throws before anything is allocated or
 * written, which is what lets every collective promise that an error leaves
 * every buffer as it was.
 */
import { allocCardBuffers } from '../alloc.js';
import { CardBuffers } from '../card-buffers.js';
import { arrayName, describeValue, dtypeOfArray, type CardArray, type DType, type TypedArrayFor } from '../dtype.js';
import {
  invalidArgumentError, shapeMismatchError, topologyMismatchError, typeMismatchError,
} from '../errors.js';
import type { KernelRuntime } from '../kernel-runtime.js';

/** One buffer per card: CardBuffers in kernel memory, or plain typed arrays. */
export type CardInput<D extends DType = DType> = CardBuffers<D> | readonly TypedArrayFor<D>[];

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

/**
 * Check that `input` holds one buffer per card of the topology, all of one
 * supported dtype and one length. `name` names the argument in messages.
 */
export function checkOperand(input: unknown, runtime: KernelRuntime, nSails: number, name: string): CheckedOperand {
  if (input instanceof CardBuffers) {
    if (input.runtime !== runtime) {
      throw invalidArgumentError(name, 'these CardBuffers were allocated by a topology using another kernel runtime');
    }
    input.assertLive();
    if (input.nCards !== nSails) throw topologyMismatchError(nSails, input.nCards);
    return { kind: 'cards', dtype: input.dtype, length: input.length, buffers: input };
  }
  if (!Array.isArray(input)) {
    throw invalidArgumentError(name, `expected CardBuffers or an array of typed arrays (one per card), got ${describeValue(input)}`);
  }
  const arrays = input as unknown[];
  if (arrays.length !== nSails) throw topologyMismatchError(nSails, arrays.length);
  const first = arrays[0];
  const dtype = dtypeOfArray(first);
  if (dtype === undefined) {
    throw invalidArgumentError(name, `card 0 holds a ${describeValue(first)}; supported: Float32Array, Float64Array, Int32Array`);
  }
  const length = (first as CardArray).length;
  arrays.forEach((array, sail) => {
    if (dtypeOfArray(array) !== dtype) throw typeMismatchError(sail, arrayName(dtype), describeValue(array));
    const typed = array as CardArray;
    if (typed.length !== length) throw shapeMismatchError(sail, length, typed.length);
    if (typed.buffer === runtime.memory.buffer) {
      throw invalidArgumentError(name, `card ${sail}'s array is a view into kernel memory; pass the CardBuffers it came from`);
    }
  });
  return { kind: 'arrays', dtype, length, arrays: arrays as CardArray[] };
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
  const staging = allocCardBuffers(runtime, operand.dtype, arrays.length, operand.length, { init: 'uninitialized' });
  if (copyIn) arrays.forEach((array, c) => staging.card(c).set(array));
  return {
    buffers: staging,
    writeBack() {
      arrays.forEach((array, c) => array.set(staging.card(c)));
    },
    release() {
      staging.free();
    },
  };
}
