/**
 * Where the Spanker kernel driver (spanker.ko) puts its nodes, and how far
 * enumeration looks.
 *
 * The driver makes one character device per card, `<devRoot>/spanker<N>`,
 * N = 0, 1, … in probe order, plus one control node `<devRoot>/spankerctl`
 * for card-independent requests (the crate's runtime side: the PING and
 * GET_VERSION ioctls, ABI 0.1.0). Enumeration opens the card nodes only; the
 * control node's path is reported (`Topology.controlNode`) for the runtime
 * side to open when it is ported.
 */
import { invalidArgumentError } from '../errors.js';

/** Where device nodes live unless `devRoot` says otherwise. */
export const DEFAULT_DEV_ROOT = '/dev';

/**
 * Highest card index probed. The crate "probes /dev/spanker0, /dev/spanker1,
 * … up to 255": we read that as the last NAME probed being spanker255, i.e.
 * indices 0 … 255 inclusive — the range of an 8-bit minor number — so at most
 * 256 cards. `spanker256` and above are never looked at.
 */
export const MAX_SAIL_INDEX = 255;

/** File name of the control node inside the device root. */
export const CONTROL_NODE_NAME = 'spankerctl';

/**
 * Check `devRoot` and drop trailing slashes (so `'/dev/'` gives
 * `/dev/spanker0`, and `'/'` gives `/spanker0`). INVALID_ARGUMENT unless it
 * is a non-empty string.
 */
export function normalizeDevRoot(devRoot: unknown): string {
  if (typeof devRoot !== 'string' || devRoot.length === 0) {
    throw invalidArgumentError('devRoot', `expected a non-empty directory path, got ${typeof devRoot === 'string' ? '""' : String(devRoot)}`);
  }
  return devRoot.replace(/\/+$/, '');
}

/** `<root>/spanker<index>`; `root` as returned by normalizeDevRoot. */
export function sailNodePath(root: string, index: number): string {
  return `${root}/spanker${index}`;
}

/** `<root>/spankerctl`; `root` as returned by normalizeDevRoot. */
export function controlNodePath(root: string): string {
  return `${root}/${CONTROL_NODE_NAME}`;
}
