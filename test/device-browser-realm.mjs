// Loads the built bundle (dist/index.js) the way a browser would see it: in a
// fresh V8 context (node:vm) whose only globals besides the language's own
// are `console` and `atob` — no `process`, no `require`, no `Deno` — and
// where any dynamic import (e.g. of node:fs) is refused, as a browser would
// refuse it. Run by test/device-browser.test.ts with
// `node --experimental-vm-modules`; prints one JSON line of findings.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const source = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');
const context = vm.createContext({ console, atob });
const importsTried = [];
const bundle = new vm.SourceTextModule(source, {
  context,
  identifier: 'dist/index.js',
  importModuleDynamically(specifier) {
    importsTried.push(specifier);
    throw new TypeError(`this browser-like realm cannot import ${specifier}`);
  },
});
await bundle.link(() => {
  throw new Error('dist/index.js must have no static imports');
});
await bundle.evaluate(); // module top level: must touch nothing but the language and atob
const { Topology } = bundle.namespace;
const importsAtLoad = importsTried.length;

// Simulated collectives work here.
const topo = await Topology.mock(4);
const cards = topo.alloc('f32', 100);
for (let c = 0; c < 4; c++) cards.card(c).fill(c + 1);
topo.allReduce(cards, 'sum');
const allReduceOk = [0, 1, 2, 3].every((c) => cards.card(c).every((v) => v === 10));
cards.free();

// Device IO does not: NO_SAILS, before any import is attempted.
let enumerate;
try {
  await Topology.enumerate();
  enumerate = { resolved: true };
} catch (error) {
  enumerate = { code: error.code, message: error.message };
}

console.log(JSON.stringify({
  realm: vm.runInContext('[typeof process, typeof require, typeof Deno, typeof WebAssembly]', context),
  importsAtLoad,
  allReduceOk,
  enumerate,
  importsTried,
}));
