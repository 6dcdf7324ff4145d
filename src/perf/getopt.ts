/**
 * Splitting a command line the way nccl-tests' getopt_long does, so the
 * habits of its users' fingers work: `-b 8`, `-b8` (a short flag's value
 * attached), `--minbytes 8`, `--minbytes=8`; a flag given twice keeps its last
 * value. Anything else starting with `-` is an unknown flag, and the words
 * that are not flags or values are returned in order (the collective).
 */
import { UsageError } from './usage-error.js';

export interface FlagTable {
  /** Flags that take a value: short letter (`-b`) → long name (`--minbytes`). */
  readonly shortValue: Readonly<Record<string, string>>;
  /** Long-only flags that take a value (`--topology`). */
  readonly longValue: ReadonlySet<string>;
  /** Flags without a value, long names; `-h` is `--help`. */
  readonly boolean: ReadonlySet<string>;
}

export interface SplitArgs {
  /** Long flag name → its value (the last one given). */
  readonly values: Map<string, string>;
  /** How each value flag was spelt on the command line, for messages (`-b` or `--minbytes`). */
  readonly spelt: Map<string, string>;
  readonly booleans: Set<string>;
  readonly words: string[];
}

export function splitArgs(argv: readonly string[], flags: FlagTable): SplitArgs {
  const values = new Map<string, string>();
  const spelt = new Map<string, string>();
  const booleans = new Set<string>();
  const words: string[] = [];
  const longValues = new Set([...Object.values(flags.shortValue), ...flags.longValue]);
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    let flag = arg;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        flag = arg.slice(0, eq);
        inline = arg.slice(eq + 1);
      }
    } else if (/^-[A-Za-z]./.test(arg) && flags.shortValue[arg.slice(0, 2)] !== undefined) {
      // getopt: a short flag that takes a value may have it attached (-b1K).
      flag = arg.slice(0, 2);
      inline = arg.slice(2);
    }
    if (flag === '-h' || flags.boolean.has(flag)) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`, { showUsage: true });
      booleans.add(flag === '-h' ? '--help' : flag);
      continue;
    }
    const long = flags.shortValue[flag] ?? (longValues.has(flag) ? flag : undefined);
    if (long !== undefined) {
      const value = inline ?? argv[++k];
      if (value === undefined) throw new UsageError(`${flag} needs a value`, { showUsage: true });
      values.set(long, value);
      spelt.set(long, flag);
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown flag ${flag}`, { showUsage: true });
    words.push(arg);
  }
  return { values, spelt, booleans, words };
}
