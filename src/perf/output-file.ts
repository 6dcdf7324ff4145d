/**
 * Files spanker-perf writes (-J, --trace), checked before the sweep starts:
 * a path whose folder is missing, a folder, or a file that cannot be written
 * fails at once with one line, instead of after minutes of sweeping. A file
 * that does not exist yet is created (empty) right away — the surest test
 * that it can be — and removed again if the run ends without writing it.
 */
import { accessSync, closeSync, constants, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './usage-error.js';

export class OutputFile {
  private written = false;

  private constructor(
    /** The flag that named it, for messages (`-J`, `--trace`). */
    readonly flag: string,
    readonly path: string,
    private readonly created: boolean,
  ) {}

  /** Check (and create, if missing) `path` for `flag`; throws a UsageError saying what is wrong. */
  static open(flag: string, path: string): OutputFile {
    const fail = (why: string) => new UsageError(`${flag} ${path}: cannot write there: ${why}`);
    const folder = dirname(path);
    let folderStat;
    try {
      folderStat = statSync(folder);
    } catch {
      throw fail(`folder ${folder} does not exist`);
    }
    if (!folderStat.isDirectory()) throw fail(`${folder} is not a folder`);
    let exists = true;
    try {
      if (statSync(path).isDirectory()) throw fail('it is a folder');
    } catch (error) {
      if (error instanceof UsageError) throw error;
      exists = false;
    }
    try {
      if (exists) accessSync(path, constants.W_OK);
      else closeSync(openSync(path, 'wx'));
    } catch (error) {
      throw fail((error as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (error as Error).message);
    }
    return new OutputFile(flag, path, !exists);
  }

  /** Write the content; a failure now (disk full, …) is one line too. */
  write(content: string): void {
    try {
      writeFileSync(this.path, content);
      this.written = true;
    } catch (error) {
      throw new UsageError(`${this.flag} ${this.path}: writing failed: ${(error as Error).message}`);
    }
  }

  /** Remove the file if this run created it and never wrote it (the sweep failed). */
  discard(): void {
    if (this.created && !this.written) rmSync(this.path, { force: true });
  }
}
