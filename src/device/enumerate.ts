/**
 * Device enumeration, after the crate's `Topology::enumerate`: probe
 * `<devRoot>/spanker0`, `spanker1`, … `spanker255` in order, stop at the
 * first name that does not exist, open each node read+write and keep it
 * open. None found is NO_SAILS; a node that exists but cannot be opened (or
 * examined) is RUNTIME naming it, with the runtime's error in `cause`, and
 * every node opened before it is closed again — a failed enumerate holds
 * nothing.
 */
import { invalidArgumentError, noSailsError, runtimeError } from '../errors.js';
import type { KernelChoice } from '../kernel-runtime.js';
import { ABI_0_1_TRANSPORT } from './abi-0-1-transport.js';
import { detectFileAccess } from './detect-file-access.js';
import { DeviceSet } from './device-set.js';
import type { DeviceFileAccess, OpenDeviceFile } from './file-access.js';
import { DEFAULT_DEV_ROOT, MAX_SAIL_INDEX, controlNodePath, normalizeDevRoot, sailNodePath } from './paths.js';
import { OpenSailDevice } from './sail-device.js';

/** Options of `Topology.enumerate`. */
export interface EnumerateOptions {
  /** Directory holding the device nodes (default `/dev`); tests point it at a folder of plain files. */
  readonly devRoot?: string;
  /** Kernel build for host-side work such as `alloc` (as for the simulated topologies). */
  readonly kernels?: KernelChoice;
}

/** Open every Sail under the device root (see the module comment). */
export async function enumerateSails(options: EnumerateOptions | undefined): Promise<DeviceSet> {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw invalidArgumentError('options', 'expected { devRoot?, kernels? }');
  }
  const root = normalizeDevRoot(options?.devRoot ?? DEFAULT_DEV_ROOT);
  const files = await detectFileAccess();
  const sails: OpenSailDevice[] = [];
  try {
    for (let index = 0; index <= MAX_SAIL_INDEX; index++) {
      const path = sailNodePath(root, index);
      if (!exists(files, path)) break;
      sails.push(new OpenSailDevice(index, path, open(files, path)));
    }
  } catch (error) {
    // The open/examine failure is what the caller needs; a close failure here would only hide it.
    for (const sail of sails) {
      try {
        sail.close();
      } catch {
        // already reported by the error being thrown
      }
    }
    throw error;
  }
  if (sails.length === 0) throw noSailsError(`no ${sailNodePath(root, 0)}`);
  return new DeviceSet(sails, controlNodePath(root), ABI_0_1_TRANSPORT);
}

function exists(files: DeviceFileAccess, path: string): boolean {
  try {
    return files.exists(path);
  } catch (error) {
    throw runtimeError(`cannot examine ${path}`, error);
  }
}

function open(files: DeviceFileAccess, path: string): OpenDeviceFile {
  try {
    return files.openReadWrite(path);
  } catch (error) {
    throw runtimeError(`cannot open ${path} read+write`, error);
  }
}
