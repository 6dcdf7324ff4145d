/**
 * One enumerated card: its device node, held open read+write until closed.
 */
import { runtimeError } from '../errors.js';
import type { OpenDeviceFile } from './file-access.js';

/** An open Sail device node (`<devRoot>/spanker<index>`). */
export interface SailDevice {
  /** Card index: N of `spanker<N>`, and the card's id in the topology. */
  readonly index: number;
  /** The node's path, e.g. `/dev/spanker0`. */
  readonly path: string;
  /** True once `close()` has run. */
  readonly closed: boolean;
  /**
   * Release the node. Calling it again is harmless. A failure of the
   * runtime's close is RUNTIME naming the node, with the error in `cause`;
   * the handle counts as closed either way (it must not be closed twice).
   */
  close(): void;
}

/** SailDevice over a backend's open file. */
export class OpenSailDevice implements SailDevice {
  private file: OpenDeviceFile | undefined;

  constructor(
    readonly index: number,
    readonly path: string,
    file: OpenDeviceFile,
  ) {
    this.file = file;
  }

  get closed(): boolean {
    return this.file === undefined;
  }

  close(): void {
    const file = this.file;
    if (file === undefined) return;
    this.file = undefined;
    try {
      file.close();
    } catch (error) {
      throw runtimeError(`cannot close ${this.path}`, error);
    }
  }
}
