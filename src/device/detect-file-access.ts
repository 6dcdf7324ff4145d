/**
 * Which device-file backend this runtime gets — the only place that asks
 * which runtime it is in.
 *
 * The library bundle is platform-neutral: browsers, Deno and Node load the
 * same dist/index.js. So nothing here touches a runtime API at import time;
 * the backend is chosen when `Topology.enumerate` first runs:
 * - Deno (a global `Deno` with `openSync`): the Deno namespace.
 * - Node, and runtimes that present themselves as Node (`process.versions.node`):
 *   `node:fs`, loaded by a dynamic import on first use.
 * - Anything else (a browser, a worker, an edge runtime without files): no
 *   backend; enumerate fails with NO_SAILS saying device access needs Node or Deno.
 * Deno is tested first because Deno also defines `process` for Node compatibility.
 */
import { noSailsError } from '../errors.js';
import { denoFileAccess } from './deno-file-access.js';
import type { DeviceFileAccess } from './file-access.js';
import { loadNodeFileAccess } from './node-file-access.js';

/** The backend for the runtime this code is running in (see the module comment). */
export async function detectFileAccess(): Promise<DeviceFileAccess> {
  const deno = denoFileAccess();
  if (deno !== undefined) return deno;
  const node = (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node;
  if (typeof node === 'string') return loadNodeFileAccess();
  throw noSailsError('device access needs Node or Deno; this runtime has neither');
}
