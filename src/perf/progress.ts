/**
 * A progress bar on stderr for sweeps that take more than about a second —
 * only when stderr is a terminal, never in pipes or with -J.
 */
export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export class Progress {
  private readonly start = performance.now();
  private shown = false;

  constructor(private readonly sink: ProgressSink, private readonly enabled: boolean, private readonly total: number) {}

  /** `done` of `total` rows finished. */
  update(done: number): void {
    if (!this.enabled || !this.sink.isTTY) return;
    const elapsed = (performance.now() - this.start) / 1e3;
    if (elapsed < 1 && !this.shown) return;
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    this.sink.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} rows, ${elapsed.toFixed(1)} s`);
    this.shown = true;
  }

  /** Erase the bar (before a table row is printed, and at the end). */
  clear(): void {
    if (this.shown) this.sink.write('\r\x1b[K');
  }
}
