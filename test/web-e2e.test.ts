// The browser simulation page (web/, served by `npm run web`) end to end in
// headless Chromium: the static server as a child process, Debian's
// /usr/bin/chromium driven by playwright-core. The page runs its default and a
// run with a link taken down by clicking it; what it draws is checked against
// the same simulation run here in Node. The README's browser example runs in
// the same browser. Any console error, page error or request for anything but
// the page's own files fails the test. Screenshot: test-output/web-page.png.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkState, Topology, algorithmsFor, type CollectiveReport } from '../src/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];
const root = fileURLToPath(new URL('..', import.meta.url));
const outputDir = join(root, 'test-output');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** Bounds on every wait: generous (a loaded CI machine), never unbounded. */
const STEP_TIMEOUT = 60_000;
const TEST_TIMEOUT = 120_000;

/** The first fenced block of `language` after `heading` in the README. */
function readmeBlock(heading: string, language: string): string {
  const at = readme.indexOf(heading);
  if (at < 0) throw new Error(`README has no "${heading}"`);
  return readme.slice(at).match(new RegExp('```' + language + '\\n([\\s\\S]*?)```'))![1]!;
}

/** Start scripts/web-server.mjs on a free port; resolves with the URL it prints. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, 'scripts', 'web-server.mjs'), '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`web server printed no URL in 15 s: ${stdout}${stderr}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /http:\/\/\S+\//.exec(stdout)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web server exited (${code}): ${stderr || stdout}`));
    });
  });
}

let server: ChildProcess | undefined;
let base = '';
let userDataDir = '';
let context: BrowserContext | undefined;
let page: Page;
/** Console errors, page errors, failed and foreign requests: each one fails the test that saw it. */
const problems: string[] = [];
/**
 * Why the browser could not be started. Every test throws it first, so a
 * missing Chromium fails each test with its message (had beforeAll thrown,
 * vitest would count the tests as skipped).
 */
let setupError: Error | undefined;

function ready(): void {
  if (setupError) throw setupError;
}

/** Fails on the problems recorded since the last check (and forgets them, so each test reports its own). */
function expectNoNewProblems(): void {
  expect(problems.splice(0)).toEqual([]);
}

/** Wait until the page has finished `runs` runs (#status[data-runs]). */
async function waitForRun(runs: number): Promise<void> {
  await page.waitForSelector(`#status[data-runs="${runs}"]`, { state: 'attached', timeout: STEP_TIMEOUT });
}

/** The same settings as the page's default, in Node: 8 cards on a bidirectional ring of spanker-rev-a links, AllReduce sum f32 of 1 MiB. */
async function defaultTopology(): Promise<Topology> {
  return Topology.ring(8, { bidirectional: true });
}
const DEFAULT_BYTES = 1 << 20;
const estimateDefault = (topo: Topology): CollectiveReport => topo.estimate('allReduce', { bytes: DEFAULT_BYTES, timeline: true });

/** What the page's timeline draws: one card bar per (card, step) a message touches, one link bar per hop. */
function expectedBars(report: CollectiveReport): { card: number; link: number } {
  const cardSteps = new Set((report.transfers ?? []).flatMap((t) => [`${t.src}:${t.step}`, `${t.dst}:${t.step}`]));
  const hops = report.toChromeTrace().traceEvents.filter((e) => e['ph'] === 'X' && e['pid'] === 2).length;
  return { card: cardSteps.size, link: hops };
}

/**
 * Start the server and Chromium, and record every problem the page shows.
 * Throws when /usr/bin/chromium is missing, saying how to install it.
 */
async function launch(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get update && apt-get install -y --no-install-recommends chromium\` (.ci/run does this on CI)`);
  }
  mkdirSync(outputDir, { recursive: true });
  ({ child: server, url: base } = await startServer());
  userDataDir = mkdtempSync(join(tmpdir(), 'spanker-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 1000 }, timeout: STEP_TIMEOUT,
  });
  context.setDefaultTimeout(STEP_TIMEOUT);
  // Only the page's own files may be requested: anything else is recorded and refused.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base)) return route.continue();
    problems.push(`request outside the page: ${url}`);
    return route.abort();
  });
  page = context.pages()[0] ?? await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
}

describe('the browser simulation page in Chromium', () => {
  beforeAll(async () => {
    try {
      await launch();
    } catch (error) {
      setupError = error as Error;
    }
  }, TEST_TIMEOUT);

  afterAll(async () => {
    await context?.close();
    if (server?.pid !== undefined && server.exitCode === null) server.kill();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('runs the default: 0 wrong, with topology, timeline, curve and table drawn as the library computes them', async () => {
    ready();
    await page.goto(base);
    await waitForRun(1); // the page runs its default on load
    await page.click('#run');
    await waitForRun(2);
    expect(await page.getAttribute('#status', 'data-state')).toBe('done');

    const badge = page.getByTestId('badge');
    expect(await badge.getAttribute('data-wrong')).toBe('0');
    expect(await badge.getAttribute('class')).toContain('ok');
    expect((await badge.textContent())!).toMatch(/^0 wrong\s*of 2,097,152 elements checked$/); // 8 cards × 262144 f32

    const topo = await defaultTopology();
    const expected = estimateDefault(topo);
    expect(Number(await page.getByTestId('summary-seconds').getAttribute('data-value'))).toBeCloseTo(expected.seconds, 12);
    expect(await page.getByTestId('summary-algorithm').textContent()).toBe(`${expected.algorithm} (auto)`);

    // Topology: one curve per directed link, each carrying what the simulation says.
    const links = page.locator('#topology-svg path.link');
    expect(await links.count()).toBe(topo.links.length);
    expect(topo.links.length).toBe(16);
    for (const traffic of expected.links) {
      expect(await page.getByTestId(`link-${traffic.link}`).getAttribute('data-bytes')).toBe(String(traffic.bytes));
    }
    expect(await page.locator('#topology-svg circle.card').count()).toBe(8);

    // Timeline: card steps and link messages.
    const bars = expectedBars(expected);
    expect(bars.card).toBeGreaterThan(0);
    expect(await page.locator('#timeline-svg rect.card-bar').count()).toBe(bars.card);
    expect(await page.locator('#timeline-svg rect.link-bar').count()).toBe(bars.link);

    // Curve: 16 B → 64 MiB by ×4 is 12 sizes, and the run's own point.
    expect(await page.getByTestId('curve-point').count()).toBe(12);
    expect(await page.getByTestId('curve-run-point').count()).toBe(1);

    // Table: every registry algorithm for allReduce, the arrow on auto's choice, the highlight on what ran.
    const rows = page.getByTestId('algorithm-row');
    expect(await rows.count()).toBe(algorithmsFor('allReduce').length);
    expect(await rows.first().getAttribute('data-algorithm')).toBe(expected.algorithm);
    expect(await page.locator('#algorithm-table tr.ran').getAttribute('data-algorithm')).toBe(expected.algorithm);
    await page.screenshot({ path: join(outputDir, 'web-page-default.png'), fullPage: true });
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('clicking a link takes it down: drawn dashed red, traffic rerouted as the library reroutes it, still 0 wrong', async () => {
    ready();
    const topo = await defaultTopology();
    const before = estimateDefault(topo);
    // Link 2 is 2→3 (a bidirectional ring lists its forward links first).
    expect(topo.links[2]).toMatchObject({ localSail: 2, remoteSail: 3 });
    await page.getByTestId('link-arrow-2').click();
    await waitForRun(3);
    expect(await page.getAttribute('#status', 'data-state')).toBe('done');
    expect(await page.inputValue('#down-link')).toBe('2');

    const down = page.getByTestId('link-2');
    expect(await down.getAttribute('class')).toContain('down');
    expect(await down.getAttribute('data-state')).toBe('Down');
    expect(await down.getAttribute('stroke-dasharray')).toBeTruthy();
    expect(await down.getAttribute('stroke')).toBe('#dc2626');

    const after = estimateDefault(topo.withLink(2, 3, { state: LinkState.Down }));
    expect(after.links[2]!.bytes).toBe(0);
    expect(after.totalLinkBytes).toBeGreaterThan(before.totalLinkBytes);
    for (const traffic of after.links) {
      expect(await page.getByTestId(`link-${traffic.link}`).getAttribute('data-bytes')).toBe(String(traffic.bytes));
    }
    // Some link carries more than before the failure (the way round; `auto` may already use both directions).
    expect(after.links.some((l) => l.bytes > before.links[l.link]!.bytes)).toBe(true);
    expect(Number(await page.getByTestId('summary-seconds').getAttribute('data-value'))).toBeCloseTo(after.seconds, 12);

    const reroutes = page.getByTestId('reroute');
    expect(await reroutes.count()).toBe(after.reroutes.length);
    expect(await reroutes.first().textContent()).toBe('2→3 via 2→1→0→7→6→5→4→3 (2→3 (Down))');
    expect(await page.getByTestId('badge').getAttribute('data-wrong')).toBe('0');

    await page.screenshot({ path: join(outputDir, 'web-page.png'), fullPage: true });
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('runs every collective on real data with 0 wrong (2×3 torus, several ops and types, root 2)', async () => {
    ready();
    await page.selectOption('#down-link', '');
    await page.selectOption('#topology', 'torus2d');
    await page.fill('#torus-rows', '2');
    await page.fill('#torus-cols', '3');
    await page.fill('#size', '48K');
    const cases = [
      ['allReduce', 'prod', 'f64'], ['reduce', 'max', 'i32'], ['reduceScatter', 'avg', 'f32'],
      ['broadcast', 'sum', 'f32'], ['allGather', 'sum', 'i32'], ['allToAll', 'sum', 'f64'],
    ] as const;
    const torusLinks = (await Topology.torus2d(2, 3)).links.length;
    expect(torusLinks).toBe(18); // rows: two rings of 3, both ways (12); columns: three pairs (6)
    let runs = 3;
    for (const [collective, op, dtype] of cases) {
      await page.selectOption('#collective', collective);
      if (await page.isVisible('#op')) await page.selectOption('#op', op);
      if (await page.isVisible('#root')) await page.fill('#root', '2');
      await page.selectOption('#dtype', dtype);
      await page.click('#run');
      await waitForRun(++runs);
      const what = `${collective} ${op} ${dtype}`;
      expect(await page.getAttribute('#status', 'data-state'), what).toBe('done');
      expect(await page.getByTestId('badge').getAttribute('data-wrong'), what).toBe('0');
      expect(await page.locator('#topology-svg path.link').count(), what).toBe(torusLinks);
      expect(await page.getByTestId('algorithm-row').count(), what).toBe(algorithmsFor(collective).length);
    }
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('the README browser example is web/example.html and prints what the README shows', async () => {
    ready();
    expect(readmeBlock('### Browser', 'html')).toBe(readFileSync(join(root, 'web', 'example.html'), 'utf8'));
    await page.goto(`${base}example.html`);
    await page.waitForFunction(() => (document.getElementById('out')?.textContent ?? '') !== '', undefined, { timeout: STEP_TIMEOUT });
    expect(`${await page.textContent('#out')}\n`).toBe(readmeBlock('### Browser', 'text'));
    expectNoNewProblems();
  }, TEST_TIMEOUT);
});
