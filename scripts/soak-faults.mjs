// npm run soak:faults [-- COUNT [SEED]]: the fault soak (test/fault-soak.test.ts)
// at soak size — 200 000 collectives by default, a couple of minutes — instead
// of the 10 000 the normal test suite runs.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [count = '200000', seed] = process.argv.slice(2);
if (!/^\d+$/.test(count) || (seed !== undefined && !/^\d+$/.test(seed))) {
  console.error('usage: npm run soak:faults [-- COUNT [SEED]]');
  process.exit(2);
}
const env = { ...process.env, SPANKER_SOAK_COUNT: count, ...(seed === undefined ? {} : { SPANKER_SOAK_SEED: seed }) };
const result = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), ['run', 'test/fault-soak.test.ts'], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
