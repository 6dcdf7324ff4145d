/**
 * Device-node access through the Deno namespace (Deno.lstatSync,
 * Deno.openSync). Typed by hand with only what is used, so the library's
 * type declarations need neither Deno's nor Node's types.
 *
 * Permissions: enumerate needs `--allow-read` and `--allow-write` for the
 * device root (opening read+write takes both). Without them Deno throws
 * NotCapable, which enumerate reports as RUNTIME naming the node.
 */
import { existsByLstat, type DeviceFileAccess, type OpenDeviceFile } from './file-access.js';

/** The part of the Deno namespace this file uses. */
interface DenoFs {
  lstatSync(path: string): unknown;
  openSync(path: string, options: { read: boolean; write: boolean; create: boolean }): OpenDeviceFile;
}

/** The Deno backend, or undefined when this is not Deno. */
export function denoFileAccess(): DeviceFileAccess | undefined {
  const deno = (globalThis as { Deno?: Partial<DenoFs> }).Deno;
  if (typeof deno?.openSync !== 'function' || typeof deno.lstatSync !== 'function') return undefined;
  const fs = deno as DenoFs;
  return {
    runtime: 'deno',
    exists: (path) => existsByLstat((p) => fs.lstatSync(p), path),
    openReadWrite(path) {
      // Deno.FsFile.close() is synchronous, so the file itself is the handle.
      return fs.openSync(path, { read: true, write: true, create: false });
    },
  };
}
