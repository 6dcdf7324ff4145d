/**
 * Device-node access through Node's `node:fs` (lstatSync, openSync 'r+',
 * closeSync).
 *
 * `node:fs` is loaded with a dynamic import of a specifier held in a
 * variable, on the first enumerate — never at import time — because:
 * - dist/index.js is bundled platform-neutral for browsers too, and esbuild
 *   refuses to bundle a literal `import('node:fs')` for that platform;
 * - a user's bundler (webpack, Vite) building for the browser must not try to
 *   resolve a Node builtin (the magic comments tell them to leave it alone);
 * - the type declarations stay free of @types/node (typed by hand below).
 */
import { existsByLstat, type DeviceFileAccess } from './file-access.js';

/** The part of `node:fs` this file uses. */
interface NodeFs {
  lstatSync(path: string): unknown;
  /** Flags 'r+' = O_RDWR: read and write, fail if the node does not exist (never create). */
  openSync(path: string, flags: 'r+'): number;
  closeSync(fd: number): void;
}

const NODE_FS = 'node:fs';

let loading: Promise<DeviceFileAccess> | undefined;

/** The Node backend; loads `node:fs` once. */
export function loadNodeFileAccess(): Promise<DeviceFileAccess> {
  loading ??= (import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_FS) as Promise<NodeFs>).then(nodeFileAccess);
  return loading;
}

function nodeFileAccess(fs: NodeFs): DeviceFileAccess {
  return {
    runtime: 'node',
    exists: (path) => existsByLstat((p) => fs.lstatSync(p), path),
    openReadWrite(path) {
      const fd = fs.openSync(path, 'r+');
      return { close: () => fs.closeSync(fd) };
    },
  };
}
