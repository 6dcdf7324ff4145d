// Deno smoke test, importing the package the way a Deno user whose project
// has a package.json does: `import … from 'spanker-scheduler'` resolved by
// Deno's npm resolver through node_modules/spanker-scheduler and the
// package's `exports` map (to dist/index.js, types dist/types/index.d.ts).
// test/deno/package.json declares the dependency (`file:../..`);
// node_modules/spanker-scheduler is the symlink `npm install` makes for it
// (test/deno.test.ts creates it). Usage: deno run … smoke-npm.ts <empty dir>
import * as spanker from 'spanker-scheduler';
import { runChecks } from './checks.ts';

const root = Deno.args[0];
if (root === undefined) throw new Error('usage: smoke-npm.ts <empty folder for fake device nodes>');
await runChecks(spanker, root, 'npm');
