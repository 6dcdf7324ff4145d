/**
 * A mistake in the command line: spanker-perf prints the message (and, for
 * an unknown flag or collective, the usage) and exits non-zero, never with a
 * stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** Print the usage text after the message (unknown flags and collectives). */
  readonly showUsage: boolean;

  constructor(message: string, options: { showUsage?: boolean } = {}) {
    super(message);
    this.showUsage = options.showUsage ?? false;
  }
}
