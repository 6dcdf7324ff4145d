/**
 * What a device-file backend is: the two operations enumeration needs,
 * implemented once per runtime (deno-file-access.ts, node-file-access.ts;
 * detect-file-access.ts picks one).
 */

/** An open device node; closing it twice is the caller's bug (SailDevice guards it). */
export interface OpenDeviceFile {
  close(): void;
}

/** The two file operations enumeration needs, in the runtime's own API. */
export interface DeviceFileAccess {
  /** Which backend this is, for messages and tests. */
  readonly runtime: 'deno' | 'node';
  /**
   * Whether anything at all has this name — a device node, a file, a
   * directory, a dangling symlink (lstat, not stat): a name that is there but
   * cannot be opened is an error, never the end of the card list. False when
   * the name or its directory does not exist; other failures throw the
   * runtime's error.
   */
  exists(path: string): boolean;
  /** Open for reading and writing, never creating; throws the runtime's error. */
  openReadWrite(path: string): OpenDeviceFile;
}

/**
 * `exists` for both backends, given the runtime's lstat: true if lstat
 * succeeds, false if it fails because the name or a directory on the way is
 * missing (ENOENT, ENOTDIR — Node sets `code`; Deno 2 sets it too and names
 * its errors NotFound and NotADirectory), and the runtime's error otherwise.
 */
export function existsByLstat(lstat: (path: string) => unknown, path: string): boolean {
  try {
    lstat(path);
    return true;
  } catch (error) {
    if (isMissingError(error)) return false;
    throw error;
  }
}

function isMissingError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  return code === 'ENOENT' || code === 'ENOTDIR' || name === 'NotFound' || name === 'NotADirectory';
}
