/**
 * An Int32Array that grows by doubling: for the flat lists of big schedules
 * and dependency graphs, where millions of numbers would not fit as objects.
 */
export class GrowableInt32 {
  /** Storage; valid up to `length`. Replaced when it grows. */
  data = new Int32Array(16);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** A view of the values pushed so far (shares storage until the next growth). */
  trimmed(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
