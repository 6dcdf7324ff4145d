// The device IO must not cost the bundle its platform neutrality: browsers
// load the same dist/index.js. Statically, no `node:` module is imported at
// the top level; at run time, in a browser-like realm
// (test/device-browser-realm.mjs), the bundle loads and computes, and
// enumerate fails with NO_SAILS saying device access needs Node or Deno —
// without even trying to import node:fs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bundle = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');

describe('the bundle in a browser', () => {
  it('imports no node: module statically, and names node:fs only for the lazy Node backend', () => {
    expect(bundle).not.toMatch(/^\s*(import|export)\b[^;]*from\s*["']node:/m);
    expect(bundle).not.toMatch(/^\s*import\s*["']node:/m);
    expect(bundle).not.toMatch(/\brequire\(/);
    expect(bundle.match(/["']node:[a-z_/]+["']/g)).toEqual(['"node:fs"']);
  });

  it('loads and runs an AllReduce without process, require or Deno; enumerate is NO_SAILS "needs Node or Deno"', () => {
    const realm = fileURLToPath(new URL('device-browser-realm.mjs', import.meta.url));
    const output = execFileSync(process.execPath, ['--experimental-vm-modules', '--no-warnings', realm], { encoding: 'utf8', timeout: 60_000 });
    const findings = JSON.parse(output.trim().split('\n').at(-1)!);
    expect(findings).toEqual({
      realm: ['undefined', 'undefined', 'undefined', 'object'],
      importsAtLoad: 0,
      allReduceOk: true,
      enumerate: {
        code: 'NO_SAILS',
        message: 'no Sails enumerated; spanker.ko may not be loaded or no devices probed yet (device access needs Node or Deno; this runtime has neither)',
      },
      importsTried: [],
    });
  });
});
