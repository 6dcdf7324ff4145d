// Topology.enumerate in Node against fake device roots (test/device-fixture.ts):
// probe order, the stop at the first missing name, the 0…255 bound, the
// crate's NO_SAILS, RUNTIME for a node that exists but cannot be opened, and
// handles that are really opened and really released (/proc/self/fd).
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Topology } from '../src/index.js';
import { addDirectoryNode, addNodes, CAN_COUNT_FDS, makeDevRoot, openFilesUnder, removeDevRoot } from './device-fixture.js';
import { catchAsyncError } from './expect-error.js';

const CRATE_NO_SAILS = 'no Sails enumerated; spanker.ko may not be loaded or no devices probed yet';
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

let root = '';
afterEach(() => removeDevRoot(root));

/** A fresh fake root holding `spanker<n>` for every n given. */
function devRoot(indices: Iterable<number> = []): string {
  root = makeDevRoot();
  addNodes(root, indices);
  return root;
}

describe('Topology.enumerate (Node, fake device root)', () => {
  it('opens spanker0, spanker1, spanker2 in order: 3 Sails, no links, control node beside them', async () => {
    const dir = devRoot(range(3));
    const topo = await Topology.enumerate({ devRoot: dir });
    expect(topo.nSails).toBe(3);
    expect(topo.links).toEqual([]); // the crate: links stay empty until the link protocol is fixed
    expect(topo.devices.map((d) => [d.index, d.path, d.closed])).toEqual(range(3).map((n) => [n, join(dir, `spanker${n}`), false]));
    expect(topo.controlNode).toBe(join(dir, 'spankerctl'));
    expect(topo.shardCount()).toBe(3);
    if (CAN_COUNT_FDS) expect(openFilesUnder(dir)).toEqual(['spanker0', 'spanker1', 'spanker2']);
    topo.close();
  });

  it('stops at the first missing name: spanker0 and spanker2 give 1 Sail, spanker2 never opened', async () => {
    const dir = devRoot([0, 2]);
    const topo = await Topology.enumerate({ devRoot: dir });
    expect(topo.nSails).toBe(1);
    expect(topo.devices.map((d) => d.path)).toEqual([join(dir, 'spanker0')]);
    if (CAN_COUNT_FDS) expect(openFilesUnder(dir)).toEqual(['spanker0']);
    topo.close();
  });

  it('probes indices 0…255 and no further: 300 names give 256 Sails, spanker256 is never touched', async () => {
    // "Up to 255" read as the last name probed (src/device/paths.ts). spanker256
    // is a directory, which would fail to open (RUNTIME) if it were probed.
    const dir = devRoot(range(300).filter((n) => n !== 256));
    addDirectoryNode(dir, 256);
    const topo = await Topology.enumerate({ devRoot: dir });
    expect(topo.nSails).toBe(256);
    expect(topo.devices.at(-1)?.path).toBe(join(dir, 'spanker255'));
    if (CAN_COUNT_FDS) expect(openFilesUnder(dir)).toHaveLength(256);
    topo.close();
    if (CAN_COUNT_FDS) expect(openFilesUnder(dir)).toEqual([]);
  });

  it('no spanker0: NO_SAILS with the crate message, naming the node it looked for', async () => {
    const dir = devRoot();
    writeFileSync(join(dir, 'spanker1'), ''); // without spanker0 the probe stops at once
    const empty = await catchAsyncError(() => Topology.enumerate({ devRoot: dir }));
    expect(empty.code).toBe('NO_SAILS');
    expect(empty.message).toBe(`${CRATE_NO_SAILS} (no ${dir}/spanker0)`);
    // A missing root, and a root that is a file (ENOTDIR), mean no cards too.
    for (const missing of [join(dir, 'absent'), join(dir, 'spanker1')]) {
      expect(await catchAsyncError(() => Topology.enumerate({ devRoot: missing }))).toMatchObject({ code: 'NO_SAILS' });
    }
  });

  it.skipIf(existsSync('/dev/spanker0'))('defaults to /dev: here, without the driver, NO_SAILS naming /dev/spanker0', async () => {
    const error = await catchAsyncError(() => Topology.enumerate());
    expect(error.code).toBe('NO_SAILS');
    expect(error.message).toBe(`${CRATE_NO_SAILS} (no /dev/spanker0)`);
  });

  // "Exists but cannot be opened". Tests run as root here, and root opens a
  // chmod 000 file anyway, so that is no reliable failure. These are: a
  // directory (open read+write is EISDIR for everyone) and a dangling symlink
  // (the name exists — lstat sees the link — but open follows it: ENOENT).
  it.each([
    ['a directory', (dir: string) => addDirectoryNode(dir, 1), 'EISDIR'],
    ['a dangling symlink', (dir: string) => symlinkSync(join(dir, 'nowhere'), join(dir, 'spanker1')), 'ENOENT'],
  ])('spanker1 is %s: RUNTIME naming it, the cause kept, spanker0 closed again', async (_, make, code) => {
    const dir = devRoot([0, 2]);
    make(dir);
    const error = await catchAsyncError(() => Topology.enumerate({ devRoot: dir }));
    expect(error.code).toBe('RUNTIME');
    expect(error.message).toMatch(new RegExp(`^runtime error: cannot open ${dir}/spanker1 read\\+write: ${code}`));
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as NodeJS.ErrnoException).code).toBe(code);
    if (CAN_COUNT_FDS) expect(openFilesUnder(dir)).toEqual([]); // a failed enumerate holds nothing
  });

  it('close() releases every handle; again is harmless; copies from withCard share the handles', async () => {
    const dir = devRoot(range(4));
    const topo = await Topology.enumerate({ devRoot: dir });
    const copy = topo.withCard(2, { reduceSecondsPerByte: 3e-9 });
    expect(copy.devices).toBe(topo.devices);
    expect(copy.controlNode).toBe(topo.controlNode);
    copy.close();
    expect(topo.devices.every((d) => d.closed)).toBe(true);
    if (CAN_COUNT_FDS) expect(openFilesUnder(dir)).toEqual([]);
    expect(() => topo.close()).not.toThrow();
    expect(() => topo.devices[0]!.close()).not.toThrow();
  });

  it('simulated topologies have no devices, and close() does nothing', async () => {
    const topo = await Topology.mock(2);
    expect(topo.devices).toEqual([]);
    expect(topo.controlNode).toBeUndefined();
    expect(() => topo.close()).not.toThrow();
  });

  it('a trailing slash on devRoot is dropped from the paths', async () => {
    const dir = devRoot([0]);
    const topo = await Topology.enumerate({ devRoot: `${dir}//` });
    expect(topo.devices[0]!.path).toBe(`${dir}/spanker0`);
    expect(topo.controlNode).toBe(`${dir}/spankerctl`);
    topo.close();
  });

  it('bad options are INVALID_ARGUMENT, and leave nothing open', async () => {
    const dir = devRoot([0, 1]);
    for (const bad of ['', 42]) {
      const error = await catchAsyncError(() => Topology.enumerate({ devRoot: bad as string }));
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'devRoot' });
    }
    const kernels = await catchAsyncError(() => Topology.enumerate({ devRoot: dir, kernels: 'gpu' as 'simd' }));
    expect(kernels).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'kernels' });
    if (CAN_COUNT_FDS) expect(openFilesUnder(dir)).toEqual([]);
  });

  it('kernels: scalar is honoured as for simulated topologies', async () => {
    const topo = await Topology.enumerate({ devRoot: devRoot([0]), kernels: 'scalar' });
    expect(topo.kernels).toBe('scalar');
    topo.close();
  });
});
