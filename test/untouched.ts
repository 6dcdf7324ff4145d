// Test helper: the error contract — after a SpankerError every buffer (the
// user's arrays and all of kernel memory) is bit-identical to what it was,
// and kernel memory neither grew nor moved its high-water mark.
import { expect } from 'vitest';
import { SpankerError } from '../src/index.js';
import { sharedRuntime, type KernelVariant } from '../src/kernel-runtime.js';
import { catchError } from './expect-error.js';

export interface MemoryImage {
  readonly variant: KernelVariant;
  readonly memory: Uint8Array;
  readonly memoryBytes: number;
  readonly highWater: number;
  readonly arrays: readonly Uint8Array[];
}

/** The bytes of `arrays` (skipping detached ones) and of the whole kernel memory of `variant`. */
export async function imageOf(arrays: readonly ArrayBufferView[] = [], variant: KernelVariant = 'simd'): Promise<MemoryImage> {
  const runtime = await sharedRuntime(variant);
  return {
    variant,
    memory: new Uint8Array(runtime.memory.buffer).slice(),
    memoryBytes: runtime.memory.buffer.byteLength,
    highWater: runtime.highWaterBytes,
    arrays: arrays.map((a) => (a.byteLength === 0 ? new Uint8Array(0) : new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice())),
  };
}

/** Fails unless kernel memory and `arrays` hold exactly what `before` recorded. */
export async function expectSameImage(before: MemoryImage, arrays: readonly ArrayBufferView[] = []): Promise<void> {
  const after = await imageOf(arrays, before.variant);
  expect(after.memoryBytes, 'kernel memory size').toBe(before.memoryBytes);
  expect(after.highWater, 'allocator high-water mark').toBe(before.highWater);
  expect(Buffer.compare(after.memory, before.memory), 'kernel memory bytes').toBe(0);
  after.arrays.forEach((a, i) => expect(Buffer.compare(a, before.arrays[i]!), `array ${i}`).toBe(0));
}

/** Runs `fn`, expects a SpankerError matching `fields`, and checks that nothing changed. */
export async function expectCleanError(
  fn: () => unknown, fields: Partial<SpankerError>, arrays: readonly ArrayBufferView[] = [], variant: KernelVariant = 'simd',
): Promise<SpankerError> {
  const before = await imageOf(arrays, variant);
  const error = catchError(fn);
  expect(error).toBeInstanceOf(SpankerError);
  expect(error).toMatchObject(fields);
  await expectSameImage(before, arrays);
  return error;
}
