// Before `npm test`: the browser end-to-end test (test/web-e2e.test.ts) drives
// a real Chromium, and `npm install && npm test` must work on a fresh machine.
// If CHROMIUM_PATH (default /usr/bin/chromium) is missing and this is a Debian
// machine where we are root, install Debian's chromium package; otherwise say
// what to do. The test itself fails, never skips, without a browser.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log(`ensure-chromium: ${path} is missing; installing Debian's chromium (apt-get) for the browser test`);
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit' });
  } else {
    console.log(`ensure-chromium: ${path} is missing; the browser test will fail. Install Chromium (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
  }
}
