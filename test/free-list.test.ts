// The allocator's bookkeeping against a model: random alloc/free sequences
// never hand out overlapping blocks, stay 64-byte aligned, and give every
// byte back when everything is freed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_ALIGN, FreeList } from '../src/free-list.js';

describe('FreeList', () => {
  it('random alloc/free sequences: no overlap, aligned, in range, fully reclaimed', () => {
    const command = fc.oneof(
      fc.record({ kind: fc.constant('alloc' as const), blocks: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 200 }), (commands) => {
        const base = 64;
        const limit = base + 2000 * BLOCK_ALIGN;
        const list = new FreeList(base, limit);
        const live: { offset: number; size: number }[] = [];
        for (const cmd of commands) {
          if (cmd.kind === 'alloc') {
            const size = cmd.blocks * BLOCK_ALIGN;
            const offset = list.allocate(size);
            if (offset === undefined) continue;
            expect(offset % BLOCK_ALIGN).toBe(0);
            expect(offset).toBeGreaterThanOrEqual(base);
            expect(offset + size).toBeLessThanOrEqual(limit);
            for (const other of live) {
              expect(offset + size <= other.offset || other.offset + other.size <= offset).toBe(true);
            }
            live.push({ offset, size });
          } else if (live.length > 0) {
            const [block] = live.splice(cmd.pick % live.length, 1);
            list.release(block!.offset, block!.size);
          }
        }
        for (const block of live.splice(0)) list.release(block.offset, block.size);
        // Everything returned: the whole range is one allocation again.
        expect(list.allocate(limit - base)).toBe(base);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what does not fit, without changing state', () => {
    const list = new FreeList(0, 1024);
    expect(list.allocate(2048)).toBeUndefined();
    expect(list.allocate(1024)).toBe(0);
    expect(list.allocate(64)).toBeUndefined();
  });
});
