// Running bin/spanker-perf.mjs as a user would, for the end-to-end CLI tests
// (perf-cli, perf-faults): the exit code and both streams, and the table's
// rows and cells as nccl-tests prints them.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The command's entry point. */
export const BIN = fileURLToPath(new URL('../bin/spanker-perf.mjs', import.meta.url));

/** Run spanker-perf with `args` (2 minutes at most); never rejects. */
export function perf(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A fresh, empty test-output/<name>/ directory for files a test asks the command to write. */
export function freshOutputDir(name: string): string {
  const dir = fileURLToPath(new URL(`../test-output/${name}/`, import.meta.url));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The table's data rows (every non-empty line not starting with #). */
export const rowsOf = (stdout: string): string[] => stdout.split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));
/** A row's whitespace-separated cells. */
export const cellsOf = (row: string): string[] => row.trim().split(/\s+/);
/** The header line with the column titles. */
export const titleLine = (stdout: string): string => stdout.split('\n').find((l) => /^#\s+size\s/.test(l))!;
