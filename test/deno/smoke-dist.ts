// Deno smoke test, importing the built bundle by path (dist/index.js: one
// platform-neutral file, wasm inlined), as from a CDN or a vendored copy.
// Usage: deno run … smoke-dist.ts <empty dir>
import * as spanker from '../../dist/index.js';
import type * as Spanker from 'spanker-scheduler';
import { runChecks } from './checks.ts';

const root = Deno.args[0];
if (root === undefined) throw new Error('usage: smoke-dist.ts <empty folder for fake device nodes>');
// Deno infers the bundle's types from its JavaScript (private members
// included); the declarations users get are the package's, so view it as those.
await runChecks(spanker as unknown as typeof Spanker, root, 'dist');
