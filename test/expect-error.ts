// Test helper: run `fn` and return the SpankerError it throws (fail otherwise).
import { SpankerError } from '../src/index.js';

export function catchError(fn: () => unknown): SpankerError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SpankerError) return error;
    throw error;
  }
  throw new Error('expected a SpankerError, but nothing was thrown');
}

/** Await `fn` and return the SpankerError it rejects with (fail otherwise). */
export async function catchAsyncError(fn: () => Promise<unknown>): Promise<SpankerError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof SpankerError) return error;
    throw error;
  }
  throw new Error('expected a SpankerError, but the promise resolved');
}
