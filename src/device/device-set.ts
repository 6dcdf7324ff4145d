/**
 * The cards a Topology was enumerated from: their open nodes, the control
 * node's path, and the transport their collectives go through.
 */
import { runtimeError } from '../errors.js';
import type { SailDevice } from './sail-device.js';
import type { DeviceTransport } from './transport.js';

/** Everything a device-backed Topology holds beyond the simulated model. */
export class DeviceSet {
  constructor(
    /** One per card, index = card id, all open until `close()`. */
    readonly sails: readonly SailDevice[],
    /** `<devRoot>/spankerctl` (not opened by enumeration). */
    readonly controlNode: string,
    /** How collectives reach these cards; today ABI_0_1_TRANSPORT, which refuses them. */
    readonly transport: DeviceTransport,
  ) {}

  /**
   * Close every node (again: harmless). All are attempted even if one fails;
   * then the first failure is thrown (RUNTIME naming its node), or, if
   * several failed, RUNTIME whose `cause` lists all of them.
   */
  close(): void {
    const failures: unknown[] = [];
    for (const sail of this.sails) {
      try {
        sail.close();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw runtimeError(`cannot close ${failures.length} device nodes`, new AggregateError(failures));
  }
}
