// Test helper: fake device roots — folders of plain files named spanker0,
// spanker1, … standing in for the driver's character devices (enumerate only
// checks that a name exists and opens it read+write) — and a count of this
// process's open file descriptors that point into one, read from
// /proc/self/fd (Linux), to prove handles are opened and released.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new empty folder under the OS temp dir (real path, so /proc links compare equal). */
export function makeDevRoot(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'spanker-dev-')));
}

/** Plain empty files `spanker<n>` in `root`, for every n given. */
export function addNodes(root: string, indices: Iterable<number>): void {
  for (const n of indices) writeFileSync(join(root, `spanker${n}`), '');
}

/** A folder named `spanker<n>`: it exists, and opening it read+write fails (EISDIR), even for root. */
export function addDirectoryNode(root: string, n: number): void {
  mkdirSync(join(root, `spanker${n}`));
}

export function removeDevRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Whether /proc/self/fd can be read here (Linux). */
export const CAN_COUNT_FDS = existsSync('/proc/self/fd');

/** Sorted names of the files in `root` that this process holds open. */
export function openFilesUnder(root: string): string[] {
  const names: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the fd readdir itself used, already closed
    }
    if (target.startsWith(`${root}/`)) names.push(target.slice(root.length + 1));
  }
  return names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
