// Size budget of the published library bundle (dist/index.js, wasm inlined):
// fails when it grows past the budget, so growth is a decision, not a drift.
// Usage: node scripts/check-size.mjs   (after npm run build)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Bytes. Raise deliberately, with the reason in the commit message. */
const BUDGET = { raw: 224 * 1024, gzip: 56 * 1024 };

const bundle = readFileSync(new URL('../dist/index.js', import.meta.url));
const size = { raw: bundle.length, gzip: gzipSync(bundle, { level: 9 }).length };
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
let ok = true;
for (const key of ['raw', 'gzip']) {
  const within = size[key] <= BUDGET[key];
  ok &&= within;
  console.log(`dist/index.js ${key}: ${kib(size[key])} of ${kib(BUDGET[key])} ${within ? 'ok' : 'OVER BUDGET'}`);
}
process.exitCode = ok ? 0 : 1;
