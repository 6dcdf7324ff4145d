// The browser simulation page (web/, served by `npm run web`) end to end in
// headless Chromium: the static server as a child process, Debian's
// /usr/bin/chromium driven by playwright-core. The page runs its default and a
// run with a link taken down by clicking it; what it draws is checked against
// the same simulation run here in Node (never against numbers written here:
// the simulator's numbers change as it is reworked). Then each of the page's
// promises: its worker keeps it responsive (progress shown phase by phase, the
// form answering and Cancel working during a run), timing-only runs at 4096
// cards, hidden fields never block a run, the timeline covers the whole run,
// switches are named as switches, counts take the singular, every time says
// how it was priced, pipeline and channels are the library's choice unless
// pinned (and a value out of its range is a field error), the bound and % of
// bound are the report's, the "plan a model" panel shows planInference's plans, and
// the layout holds at 800 and 1400 px. The README's browser example runs in
// the same browser. Any console error (the page's or its worker's), page error
// or request for anything but the page's own files fails the test.
// Screenshots: test-output/web-page*.png.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LinkState, Topology, algorithmsFor, planInference, type AlgorithmCandidate, type CollectiveName, type CollectiveReport, type EstimateRequest,
  type AlgorithmChoice, type TimingMethod,
} from '../src/index.js';

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

/** Runs the page has finished (#status[data-runs], or #plan-status's). */
async function finishedRuns(status = '#status'): Promise<number> {
  return Number(await page.getAttribute(status, 'data-runs'));
}

/** Press Run and wait for that run to finish; returns the state it finished in. */
async function clickRun(): Promise<string | null> {
  const before = await finishedRuns();
  await page.click('#run');
  await waitForRun(before + 1);
  return page.getAttribute('#status', 'data-state');
}

/** Load the page afresh (its defaults) and wait for the run and the plan it starts with. */
async function openPage(): Promise<void> {
  await page.goto(base);
  await waitForRun(1);
  await page.waitForSelector('#plan-status[data-runs="1"]', { state: 'attached', timeout: STEP_TIMEOUT });
}

/** The page's time for the run (#summary's data-value). */
async function pageSeconds(): Promise<number> {
  return Number(await page.getByTestId('summary-seconds').getAttribute('data-value'));
}

/** Every directed link's name as the page writes it (cards by number, switches as "switch"). */
function linkName(topo: Topology, from: number, to: number): string {
  const name = (id: number) => (id < topo.nSails ? String(id) : 'switch');
  return `link ${name(from)}→${name(to)}`;
}

/** One algorithm as the library prices it: the time, and the chunking (pipeline) and channels it is for. */
interface LibraryRow {
  algorithm: string;
  usable: boolean;
  seconds?: number;
  method?: TimingMethod;
  pipeline?: number;
  channels?: number;
}

/** What the library says of every algorithm at this size: its table, or (when the table itself throws) each algorithm estimated alone. */
function libraryRows(topo: Topology, collective: CollectiveName, request: EstimateRequest): LibraryRow[] {
  try {
    return topo.algorithmTable(collective, request).map((r: AlgorithmCandidate) => ({
      algorithm: r.algorithm, usable: r.usable, ...(r.seconds !== undefined ? { seconds: r.seconds } : {}), ...(r.method ? { method: r.method } : {}),
      ...(r.pipeline !== undefined ? { pipeline: r.pipeline } : {}), ...(r.channels !== undefined ? { channels: r.channels } : {}),
    }));
  } catch {
    return algorithmsFor(collective).map((info) => {
      try {
        const r = topo.estimate(collective, { ...request, algorithm: info.name, timeline: false });
        return { algorithm: info.name, usable: true, seconds: r.seconds, method: r.method, pipeline: r.pipeline, channels: r.channels };
      } catch {
        return { algorithm: info.name, usable: false };
      }
    });
  }
}

/**
 * The page's algorithm table must be the library's: the same rows, usable or not, with the same times, methods,
 * pipeline and channels; with `bound` (the run's report.bound), each row's "of bound" is bound ÷ its time.
 */
async function expectTableMatches(expected: readonly LibraryRow[], bound?: number): Promise<void> {
  const rows = await page.$$eval('#algorithm-table tr[data-testid="algorithm-row"]', (trs) => trs.map((tr) => ({
    algorithm: (tr as HTMLElement).dataset['algorithm']!, method: (tr as HTMLElement).dataset['method']!,
    seconds: (tr as HTMLElement).dataset['seconds'], usable: !tr.classList.contains('unusable'), priced: tr.querySelector('td.method')?.textContent ?? '',
    pipeline: (tr as HTMLElement).dataset['pipeline'], channels: (tr as HTMLElement).dataset['channels'],
    efficiency: (tr as HTMLElement).dataset['efficiency'], efficiencyText: tr.querySelector('td.efficiency')?.textContent ?? '',
    pipelineText: tr.querySelector('td.pipeline')?.textContent ?? '', channelsText: tr.querySelector('td.channels')?.textContent ?? '',
  })));
  expect(rows.map((r) => r.algorithm).sort()).toEqual(expected.map((r) => r.algorithm).sort());
  for (const want of expected) {
    const got = rows.find((r) => r.algorithm === want.algorithm)!;
    expect(got.usable, want.algorithm).toBe(want.usable);
    if (!want.usable) continue;
    expect(got.method, want.algorithm).toBe(want.method);
    expect(got.priced, want.algorithm).toBe(want.method === 'simulate' ? 'simulated' : 'analytic');
    expect(Number(got.seconds)).toBeCloseTo(want.seconds!, 12);
    expect(got.pipeline, `${want.algorithm} pipeline`).toBe(String(want.pipeline));
    expect(got.channels, `${want.algorithm} channels`).toBe(String(want.channels));
    expect(got.pipelineText).toBe(String(want.pipeline));
    expect(got.channelsText).toBe(String(want.channels));
    if (bound !== undefined) {
      const efficiency = want.seconds! > 0 ? bound / want.seconds! : 1;
      expect(Number(got.efficiency), `${want.algorithm} of bound`).toBeCloseTo(efficiency, 12);
      expect(got.efficiencyText).toBe(`${(efficiency * 100).toFixed(1)} %`);
    }
  }
}

/** The page's text, SVG tooltips included, must never say "1 steps" (or messages, cards, links). */
async function expectSingulars(): Promise<void> {
  const text = await page.evaluate(() => `${document.body.innerText}\n${[...document.querySelectorAll('title')].map((t) => t.textContent).join('\n')}`);
  // A count of one starts the text or follows a space or bracket ("p−1 steps" in an algorithm's summary is a formula).
  expect(text).not.toMatch(/(^|[\s(])1 (steps|messages|cards|links|sizes)\b/);
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
  // The page's workers (the run's and the planner's) report their console on their own.
  page.on('worker', (worker) => {
    worker.on('console', (message) => {
      if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
    });
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

    // Curve: 16 B → 64 MiB by ×4 is 12 sizes, and the run's own point; each point priced as the library prices it, and saying so.
    expect(await page.getByTestId('curve-point').count()).toBe(12);
    expect(await page.getByTestId('curve-run-point').count()).toBe(1);
    const points = await page.$$eval('[data-testid="curve-point"]', (cs) => cs.map((c) => ({
      bytes: Number(c.getAttribute('data-bytes')), method: c.getAttribute('data-method'), seconds: Number(c.getAttribute('data-seconds')),
      title: c.querySelector('title')?.textContent ?? '',
    })));
    for (const p of points) {
      const want = topo.estimate('allReduce', { bytes: p.bytes, timeline: false });
      expect(p.method, `${p.bytes} B`).toBe(want.method);
      expect(p.seconds).toBeCloseTo(want.seconds, 12);
      expect(p.title).toContain(want.method === 'simulate' ? '(simulated)' : '(analytic)');
    }
    // Every algorithm's curve has its points marked too.
    expect(await page.getByTestId('curve-other-point').count()).toBe(12 * algorithmsFor('allReduce').length); // beside 'auto', every algorithm

    // How the run was priced, in the summary.
    expect(await page.getByTestId('summary-method').getAttribute('data-value')).toBe(expected.method);
    expect(await page.getByTestId('summary-seconds').textContent()).toContain(expected.method === 'simulate' ? '(simulated)' : '(analytic)');
    expect(await page.getByTestId('summary-mode').getAttribute('data-value')).toBe('data');

    // Table: every registry algorithm for allReduce, the arrow on auto's choice, the highlight on what ran.
    const rows = page.getByTestId('algorithm-row');
    expect(await rows.count()).toBe(algorithmsFor('allReduce').length);
    expect(await rows.first().getAttribute('data-algorithm')).toBe(expected.algorithm);
    expect(await page.locator('#algorithm-table tr.ran').getAttribute('data-algorithm')).toBe(expected.algorithm);
    await expectTableMatches(libraryRows(topo, 'allReduce', { bytes: DEFAULT_BYTES }), expected.bound);
    await expectSingulars();
    await page.screenshot({ path: join(outputDir, 'web-page-default.png'), fullPage: true });
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('clicking a link takes it down: drawn dashed red, traffic rerouted as the library reroutes it, still 0 wrong', async () => {
    ready();
    const topo = await defaultTopology();
    // Link 2 is 2→3 (a bidirectional ring lists its forward links first).
    expect(topo.links[2]).toMatchObject({ localSail: 2, remoteSail: 3 });
    const downTopo = topo.withLink(2, 3, { state: LinkState.Down });
    // With auto, the library's rings are laid around the Down link (nothing to reroute): the page shows the same.
    const auto = estimateDefault(downTopo);
    await page.getByTestId('link-arrow-2').click();
    await waitForRun(3);
    expect(await page.getAttribute('#status', 'data-state')).toBe('done');
    expect(await page.inputValue('#down-link')).toBe('2');
    const down = page.getByTestId('link-2');
    expect(await down.getAttribute('class')).toContain('down');
    expect(await down.getAttribute('data-state')).toBe('Down');
    expect(await down.getAttribute('stroke-dasharray')).toBeTruthy();
    expect(await down.getAttribute('stroke')).toBe('#dc2626');
    expect(auto.links[2]!.bytes).toBe(0);
    for (const traffic of auto.links) {
      expect(await page.getByTestId(`link-${traffic.link}`).getAttribute('data-bytes')).toBe(String(traffic.bytes));
    }
    expect(await pageSeconds()).toBeCloseTo(auto.seconds, 12);
    expect(await page.getByTestId('reroute').count()).toBe(Math.min(12, auto.reroutes.length));
    expect(await page.getByTestId('badge').getAttribute('data-wrong')).toBe('0');

    // An algorithm that must cross the link (direct: every card sends to every other) is routed around it, as the library routes it.
    // (Written when auto's ring crossed it; rings now avoid a Down link, so the rerouting is checked on direct.)
    await page.selectOption('#algorithm', 'direct');
    expect(await clickRun()).toBe('done');
    expect(await page.inputValue('#down-link')).toBe('2');
    const after = downTopo.estimate('allReduce', { bytes: DEFAULT_BYTES, algorithm: 'direct', timeline: true });
    const before = topo.estimate('allReduce', { bytes: DEFAULT_BYTES, algorithm: 'direct', timeline: true });
    expect(before.links[2]!.bytes).toBeGreaterThan(0);
    expect(after.links[2]!.bytes).toBe(0);
    expect(after.totalLinkBytes).toBeGreaterThan(before.totalLinkBytes);
    for (const traffic of after.links) {
      expect(await page.getByTestId(`link-${traffic.link}`).getAttribute('data-bytes')).toBe(String(traffic.bytes));
    }
    // Some link carries more than before the failure (the way round).
    expect(after.links.some((l) => l.bytes > before.links[l.link]!.bytes)).toBe(true);
    expect(await pageSeconds()).toBeCloseTo(after.seconds, 12);

    const reroutes = page.getByTestId('reroute');
    expect(after.reroutes.length).toBeGreaterThan(0);
    expect(await reroutes.allTextContents()).toEqual(after.reroutes.slice(0, 12).map((r) => `${r.src}→${r.dst} via ${r.actual.join('→')} (${r.unusable.join(', ')})`));
    expect(await reroutes.allTextContents()).toContain('2→3 via 2→1→0→7→6→5→4→3 (2→3 (Down))');
    expect(await page.getByTestId('badge').getAttribute('data-wrong')).toBe('0');

    await page.screenshot({ path: join(outputDir, 'web-page.png'), fullPage: true });
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('runs every collective on real data with 0 wrong (2×3 torus, several ops and types, root 2)', async () => {
    ready();
    await page.selectOption('#down-link', '');
    await page.selectOption('#algorithm', 'auto');
    await page.selectOption('#topology', 'torus2d');
    await page.fill('#torus-rows', '2');
    await page.fill('#torus-cols', '3');
    await page.fill('#size', '48K');
    const cases = [
      ['allReduce', 'prod', 'f64'], ['reduce', 'max', 'i32'], ['reduceScatter', 'avg', 'f32'],
      ['broadcast', 'sum', 'f32'], ['allGather', 'sum', 'i32'], ['allToAll', 'sum', 'f64'],
      ['allReduce', 'sum', 'f16'], ['reduceScatter', 'max', 'bf16'], ['reduce', 'avg', 'f8e4m3'], ['allToAll', 'sum', 'u64'],
    ] as const;
    const torusLinks = (await Topology.torus2d(2, 3)).links.length;
    expect(torusLinks).toBe(18); // rows: two rings of 3, both ways (12); columns: three pairs (6)
    let runs = await finishedRuns();
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

  it('a Float16Array (Chromium has one) is accepted as f16: its bits are reduced, and results come back as f16 values', async () => {
    ready();
    await page.goto(`${base}example.html`);
    // A script string, so the test runner's module transform leaves its dynamic import alone.
    const result = await page.evaluate(`(async () => {
      const { Topology, floatToBits } = await import('/spanker-scheduler.js');
      const topo = await Topology.mock(3);
      const arrays = [new Float16Array([1, 0.5, 65504, -2]), new Float16Array([2, 0.25, 32, 3]), new Float16Array([4, 2 ** -24, 0, 1])];
      topo.allReduce(arrays, 'sum');
      const gathered = topo.allGather(arrays).data;
      const bits = new Uint16Array(arrays[0].buffer, arrays[0].byteOffset, 4);
      return {
        values: Array.from(arrays[1]), bits: Array.from(bits), expectedBits: [7, 0.75, Infinity, 2].map((v) => floatToBits('f16', v)),
        gatheredType: Object.prototype.toString.call(gathered), gatheredFirst: Array.from(gathered.subarray(0, 4)),
      };
    })()`) as { values: number[]; bits: number[]; expectedBits: number[]; gatheredType: string; gatheredFirst: number[] };
    // 65504 + 32 overflows f16; 0.75 + 2^-24 rounds back to 0.75 (the ulp at 0.75 is 2^-11).
    expect(result.values).toEqual([7, 0.75, Infinity, 2]);
    expect(result.bits).toEqual(result.expectedBits);
    expect(result.gatheredType).toBe('[object Uint16Array]'); // f16 results are bits, whatever the input class
    expect(result.gatheredFirst).toEqual(result.expectedBits);
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
  it('hidden fields never block a run: broadcast root 7 on 8 cards, then allReduce on 4 cards runs; the root follows the cards, and says so', async () => {
    ready();
    await openPage();
    await page.selectOption('#collective', 'broadcast');
    await page.fill('#root', '7');
    // A bad value in a field that is about to be hidden (the torus shape) must not block either.
    await page.selectOption('#topology', 'torus2d');
    await page.fill('#torus-rows', '0');
    await page.selectOption('#topology', 'bidirectionalRing');
    await page.selectOption('#collective', 'allReduce');
    await page.fill('#cards', '4');
    expect(await clickRun()).toBe('done');
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.getByTestId('badge').getAttribute('data-wrong')).toBe('0');
    const ring4 = await Topology.ring(4, { bidirectional: true });
    expect(await pageSeconds()).toBeCloseTo(ring4.estimate('allReduce', { bytes: DEFAULT_BYTES }).seconds, 12);

    // Back to broadcast: the root is a card of the 4, and the form says what it changed.
    await page.selectOption('#collective', 'broadcast');
    expect(await page.inputValue('#root')).toBe('3');
    expect(await page.getByTestId('root-hint').textContent()).toBe('root 7 is not one of 4 cards: now 3');
    expect(await page.isVisible('#root-hint')).toBe(true);
    expect(await clickRun()).toBe('done');
    expect(await page.getByTestId('badge').getAttribute('data-wrong')).toBe('0');
    expect(await pageSeconds()).toBeCloseTo(ring4.estimate('broadcast', { bytes: DEFAULT_BYTES, root: 3 }).seconds, 12);
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('the timeline covers the whole run: 8×8 torus at 1 MiB is aggregated, every slice of every link adding up to its busy time', async () => {
    ready();
    await openPage();
    await page.selectOption('#topology', 'torus2d');
    await page.fill('#torus-rows', '8');
    await page.fill('#torus-cols', '8');
    // Direct, pinned: written when auto chose it here; auto now picks torus2d, whose 28 steps leave fewer bars than
    // the page draws one by one — the aggregated timeline is what this test checks, so it runs the big one.
    await page.selectOption('#algorithm', 'direct');
    expect(await clickRun()).toBe('done');
    const torus = await Topology.torus2d(8, 8);
    const report = torus.estimate('allReduce', { bytes: DEFAULT_BYTES, algorithm: 'direct', timeline: true });
    expect(await pageSeconds()).toBeCloseTo(report.seconds, 12);

    const svg = page.locator('#timeline-svg');
    // More bars than the page draws one by one (64 card lanes × 2 steps and 32 768 hops): aggregated, and it says so.
    expect(expectedBars(report).link).toBeGreaterThan(6000);
    expect(await svg.getAttribute('data-mode')).toBe('binned');
    expect((await page.getByTestId('timeline-note').allTextContents()).join(' ')).toMatch(/aggregated into 480 time slices per lane/);
    expect(Number(await svg.getAttribute('data-seconds'))).toBeCloseTo(report.seconds, 12);

    // The bars run from the start to the end of the run: the first slice and the last are drawn.
    const bars = await page.$$eval('#timeline-svg rect.bar', (rects) => rects.map((r) => ({
      lane: Number(r.getAttribute('data-lane')), t0: Number(r.getAttribute('data-t0')), t1: Number(r.getAttribute('data-t1')),
      busy: Number(r.getAttribute('data-busy-seconds')), kind: r.getAttribute('class') ?? '',
    })));
    const slice = report.seconds / 480;
    expect(Math.min(...bars.map((b) => b.t0))).toBe(0);
    expect(Math.max(...bars.map((b) => b.t1))).toBeCloseTo(report.seconds, 12);
    const cardBars = bars.filter((b) => b.kind.includes('card-bar'));
    expect(Math.max(...cardBars.map((b) => b.t1))).toBeGreaterThan(report.seconds - slice);

    // Every card has its lane; every link lane is a link that carried data, and its slices add up to the link's busy seconds.
    const lanes = await page.$$eval('#timeline-svg text.lane-label', (texts) => texts.map((t) => ({
      label: t.textContent ?? '', kind: t.getAttribute('data-kind'), busy: t.getAttribute('data-busy-seconds'),
    })));
    expect(lanes.filter((l) => l.kind === 'card').map((l) => l.label)).toEqual(Array.from({ length: 64 }, (_, c) => `card ${c}`));
    const linkLanes = lanes.map((l, i) => ({ ...l, lane: i })).filter((l) => l.kind === 'link');
    expect(linkLanes.length).toBe(48);
    for (const lane of linkLanes) {
      const link = report.links.find((l) => linkName(torus, l.from, l.to) === lane.label)!;
      expect(link, lane.label).toBeDefined();
      expect(Number(lane.busy)).toBeCloseTo(link.busySeconds, 15);
      const drawn = bars.filter((b) => b.lane === lane.lane).reduce((sum, b) => sum + b.busy, 0);
      // Slices are stored as f32 shares of a slice: 1e-5 relative.
      expect(Math.abs(drawn - link.busySeconds) / link.busySeconds, lane.label).toBeLessThan(1e-5);
    }
    await page.locator('#timeline-svg').screenshot({ path: join(outputDir, 'web-timeline-torus8x8.png') });
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('names switches as switches everywhere: drawing, link list, tooltips and timeline lanes of an 8-card switch', async () => {
    ready();
    await openPage();
    await page.selectOption('#topology', 'switch');
    await page.fill('#cards', '8');
    await page.locator('#cards').blur();
    // The link list is rebuilt by the worker after the change.
    await page.waitForFunction(() => [...document.querySelectorAll('#down-link option')].some((o) => o.textContent!.includes('switch')), undefined, { timeout: STEP_TIMEOUT });
    expect(await clickRun()).toBe('done');
    const topo = await Topology.switch(8);
    const report = topo.estimate('allReduce', { bytes: DEFAULT_BYTES, timeline: true });
    expect(await pageSeconds()).toBeCloseTo(report.seconds, 12);

    expect(await page.locator('#topology-svg .switch-node text').textContent()).toBe('switch');
    const options = await page.$$eval('#down-link option', (os) => os.map((o) => o.textContent ?? ''));
    expect(options.slice(1)).toEqual(topo.links.map((l, id) => `${linkName(topo, l.localSail, l.remoteSail).replace(/^link /, `link ${id}: `)}`));
    expect(options.some((o) => /→8\b|\b8→/.test(o))).toBe(false);
    expect(await page.locator('[data-testid="link-0"] title').textContent()).toMatch(/^link 0: 0→switch · /);

    const laneLabels = await page.$$eval('#timeline-svg text.lane-label[data-kind="link"]', (ts) => ts.map((t) => t.textContent));
    expect(laneLabels.length).toBeGreaterThan(0);
    expect(laneLabels).toContain('link 0→switch');
    expect(laneLabels).toContain('link switch→0');
    expect(laneLabels.every((l) => l!.includes('switch'))).toBe(true); // on a star, every link touches the switch
    expect(laneLabels.some((l) => /\b8\b/.test(l!))).toBe(false);
    await page.locator('#timeline-svg').screenshot({ path: join(outputDir, 'web-timeline-switch.png') });
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('says "1 step", not "1 steps": a direct broadcast on a full mesh is one step', async () => {
    ready();
    await openPage();
    await page.selectOption('#topology', 'mesh');
    await page.selectOption('#collective', 'broadcast');
    await page.selectOption('#algorithm', 'direct');
    expect(await clickRun()).toBe('done');
    const report = (await Topology.mock(8)).estimate('broadcast', { bytes: DEFAULT_BYTES, algorithm: 'direct', timeline: true });
    expect(report.steps.length).toBe(1);
    expect(await page.textContent('#timeline-caption')).toMatch(/: 1 step$/);
    expect(await page.getByTestId('summary-traffic').textContent()).toMatch(/, 1 step$/);
    await expectSingulars();
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('timing only at 4096 cards and 1 GiB: the estimate as the library makes it, said to be timing only and how it was priced', async () => {
    ready();
    await openPage();
    await page.selectOption('#mode', 'estimate');
    await page.selectOption('#topology', 'ring');
    await page.fill('#cards', '4096');
    await page.fill('#size', '1G');
    await page.selectOption('#algorithm', 'ring');
    expect(await clickRun()).toBe('done');
    const topo = await Topology.ring(4096);
    const request = { bytes: 2 ** 30, algorithm: 'ring' as const };
    const report = topo.estimate('allReduce', { ...request, timeline: true });

    expect(await page.getByTestId('badge').getAttribute('data-mode')).toBe('estimate');
    expect(await page.getByTestId('badge').textContent()).toMatch(/^timing only/);
    expect(await page.getByTestId('summary-mode').getAttribute('data-value')).toBe('estimate');
    expect(await pageSeconds()).toBeCloseTo(report.seconds, 12);
    expect(await page.getByTestId('summary-method').getAttribute('data-value')).toBe(report.method);
    expect(await page.getByTestId('summary-seconds').textContent()).toContain(report.method === 'simulate' ? '(simulated)' : '(analytic)');
    expect(await page.locator('#topology-svg path.link').count()).toBe(0); // too many to draw, and it says so
    expect(await page.textContent('#topology-svg')).toContain('4,096 cards and 4,096 links: too many to draw');

    // The timeline still spans the run, with whatever the report has.
    const svg = page.locator('#timeline-svg');
    expect(Number(await svg.getAttribute('data-seconds'))).toBeCloseTo(report.seconds, 12);
    expect(await svg.getAttribute('data-mode')).toBe(report.transfers === undefined ? 'summary' : report.transfers.length > 6000 ? 'binned' : 'bars');
    const ends = await page.$$eval('#timeline-svg rect.bar', (rects) => rects.map((r) => Number(r.getAttribute('data-t1'))));
    expect(ends.length).toBeGreaterThan(0);
    expect(Math.max(...ends)).toBeLessThanOrEqual(report.seconds * (1 + 1e-12));
    if (report.transfers === undefined) {
      expect((await page.getByTestId('timeline-note').allTextContents())[0]).toMatch(/^The report keeps no per-message timeline/);
    }

    await expectTableMatches(libraryRows(topo, 'allReduce', { bytes: 2 ** 30 }));
    // The forced algorithm's curve reaches the run's size (1 GiB), each point said to be simulated or analytic.
    const points = await page.$$eval('[data-testid="curve-point"]', (cs) => cs.map((c) => ({ bytes: Number(c.getAttribute('data-bytes')), method: c.getAttribute('data-method') })));
    expect(points.map((p) => p.bytes)).toContain(2 ** 30);
    for (const p of points) expect(p.method).toBe(topo.estimate('allReduce', { bytes: p.bytes, algorithm: 'ring', timeline: false }).method);
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('passes pipeline and channels to the run, the table and the curve; a report without a per-message timeline is drawn from its steps and links', async () => {
    ready();
    await openPage();
    // On real data: a pipelined ring on 8 cards.
    await page.selectOption('#algorithm', 'ring');
    await page.fill('#pipeline', '4');
    expect(await clickRun()).toBe('done');
    const ring8 = await defaultTopology();
    expect(await page.getByTestId('badge').getAttribute('data-wrong')).toBe('0');
    expect(await pageSeconds()).toBeCloseTo(ring8.estimate('allReduce', { bytes: DEFAULT_BYTES, algorithm: 'ring', pipeline: 4 }).seconds, 12);
    expect(await page.getByTestId('summary-pipeline').getAttribute('data-value')).toBe('4');
    await expectTableMatches(libraryRows(ring8, 'allReduce', { bytes: DEFAULT_BYTES, pipeline: 4 }));
    const first = page.getByTestId('curve-point').first();
    const firstBytes = Number(await first.getAttribute('data-bytes'));
    expect(Number(await first.getAttribute('data-seconds'))).toBeCloseTo(ring8.estimate('allReduce', { bytes: firstBytes, algorithm: 'ring', pipeline: 4 }).seconds, 12);

    // Timing only, 32 cards, 64 MiB in 128 sub-chunks on one ring: over 200 000 messages, so the report keeps no per-message
    // timeline. On a full mesh (one hop a message), with channels pinned to 1: written for a bidirectional ring of 32 with
    // channels not yet an option; now auto tries 1, 2 and 4 channels, and that work (or the ring's longer routes) is past the
    // library's simulation budget, so it is priced analytically, without the steps and link times this test draws.
    await page.selectOption('#mode', 'estimate');
    await page.selectOption('#topology', 'mesh');
    await page.fill('#cards', '32');
    await page.fill('#size', '64M');
    await page.fill('#pipeline', '128');
    await page.fill('#channels', '1');
    expect(await clickRun()).toBe('done');
    const mesh32 = await Topology.mock(32);
    const report = mesh32.estimate('allReduce', { bytes: 64 << 20, algorithm: 'ring', pipeline: 128, channels: 1, timeline: true });
    expect(report.transfers).toBeUndefined();
    expect(report.method).toBe('simulate');
    expect(await pageSeconds()).toBeCloseTo(report.seconds, 12);
    expect(await page.getByTestId('summary-pipeline').getAttribute('data-value')).toBe('128');
    expect(await page.getByTestId('summary-channels').getAttribute('data-value')).toBe('1');
    await expectTableMatches(libraryRows(mesh32, 'allReduce', { bytes: 64 << 20, pipeline: 128, channels: 1 }), report.bound);

    const svg = page.locator('#timeline-svg');
    expect(await svg.getAttribute('data-mode')).toBe('summary');
    expect((await page.getByTestId('timeline-note').allTextContents())[0]).toBe(
      report.method === 'analytic'
        ? 'The report keeps no per-message timeline (it was priced analytically), so the lanes show what it has.'
        : 'The report keeps no per-message timeline (it has over 200 000 messages), so the lanes show what it has.',
    );
    const bars = await page.$$eval('#timeline-svg rect.bar', (rects) => rects.map((r) => ({
      kind: r.getAttribute('class') ?? '', t0: Number(r.getAttribute('data-t0')), t1: Number(r.getAttribute('data-t1')),
    })));
    // One lane per step (at most 64 of them), spanning what report.steps says; one per busy link, as long as its busy time.
    expect(report.steps.length).toBeLessThanOrEqual(64);
    const stepBars = bars.filter((b) => b.kind.includes('step-bar'));
    expect(stepBars.map((b) => [b.t0, b.t1])).toEqual(report.steps.map((st) => [st.start, st.end]));
    const busyLinks = report.links.filter((l) => l.busySeconds > 0);
    const linkBars = bars.filter((b) => b.kind.includes('busy-bar'));
    expect(linkBars.length).toBe(Math.min(48, busyLinks.length));
    for (const b of linkBars) expect(b.t0).toBe(0);
    expect(linkBars.map((b) => b.t1).sort()).toEqual(busyLinks.map((l) => l.busySeconds).sort());
    // The axis reaches the end of the run, and so does the last step.
    expect(Number(await svg.getAttribute('data-seconds'))).toBeCloseTo(report.seconds, 12);
    expect(Math.max(...stepBars.map((b) => b.t1))).toBeCloseTo(report.seconds, 12);
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('auto pipeline and channels by default, pinned ones when set: the run, summary, table and curve equal topo.estimate with the same options', async () => {
    ready();
    await openPage();
    expect(await page.inputValue('#pipeline')).toBe('auto');
    expect(await page.inputValue('#channels')).toBe('auto');
    const topo = await defaultTopology();
    /** The page against the library with `options` (none: the library chooses); `source`: what the summary must say of each. */
    const expectPage = async (options: { pipeline?: number; channels?: number }, source: { pipeline: string; channels: string }) => {
      const report = topo.estimate('allReduce', { bytes: DEFAULT_BYTES, ...options, timeline: true });
      expect(await page.getByTestId('badge').getAttribute('data-wrong')).toBe('0');
      expect(await pageSeconds()).toBeCloseTo(report.seconds, 12);
      expect(await page.getByTestId('summary-algorithm').textContent()).toBe(`${report.algorithm} (auto)`);
      expect(await page.getByTestId('summary-pipeline').getAttribute('data-value')).toBe(String(report.pipeline));
      expect(await page.getByTestId('summary-channels').getAttribute('data-value')).toBe(String(report.channels));
      expect(await page.getByTestId('summary-pipeline').textContent()).toBe(
        `${report.pipeline === 1 ? '1 sub-chunk per message: not pipelined' : `${report.pipeline} sub-chunks per message`} ${source.pipeline}`);
      expect(await page.getByTestId('summary-channels').textContent()).toBe(
        `${report.channels === 1 ? '1 channel' : `${report.channels} rings sharing the data`} ${source.channels}`);
      await expectTableMatches(libraryRows(topo, 'allReduce', { bytes: DEFAULT_BYTES, ...options }), report.bound);
      // The bold curve is auto's with the same options: each point's time, pipeline and channels as the library's.
      const points = await page.$$eval('[data-testid="curve-point"]', (cs) => cs.map((c) => ({
        bytes: Number(c.getAttribute('data-bytes')), seconds: Number(c.getAttribute('data-seconds')),
        pipeline: c.getAttribute('data-pipeline'), channels: c.getAttribute('data-channels'),
      })));
      expect(points.length).toBe(12);
      for (const p of points) {
        const want = topo.estimate('allReduce', { bytes: p.bytes, ...options, timeline: false });
        expect(p.seconds, `${p.bytes} B`).toBeCloseTo(want.seconds, 12);
        expect([p.pipeline, p.channels], `${p.bytes} B`).toEqual([String(want.pipeline), String(want.channels)]);
      }
      return report;
    };

    // Auto: the library chooses, and it chooses something else than one sub-chunk on one ring.
    const auto = await expectPage({}, { pipeline: '(auto)', channels: '(auto)' });
    expect(auto.pipeline * auto.channels).toBeGreaterThan(1);

    // Both pinned to 1 (the page's old default): the library's slower time for exactly that.
    await page.fill('#pipeline', '1');
    await page.fill('#channels', '1');
    expect(await clickRun()).toBe('done');
    const single = await expectPage({ pipeline: 1, channels: 1 }, { pipeline: '(as set)', channels: '(as set)' });
    expect(single.seconds).toBeGreaterThan(auto.seconds);
    expect(await page.textContent('#table-caption')).toContain('pipeline 1 (as set), 1 channel (as set)');

    // One pinned, the other left to the library (empty counts as auto).
    await page.fill('#pipeline', '4');
    await page.fill('#channels', '');
    expect(await clickRun()).toBe('done');
    const four = await expectPage({ pipeline: 4 }, { pipeline: '(as set)', channels: '(auto)' });
    expect(four.pipeline).toBe(4);

    // "auto" typed back in both: the default again.
    await page.fill('#pipeline', 'auto');
    await page.fill('#channels', 'AUTO');
    expect(await clickRun()).toBe('done');
    expect((await expectPage({}, { pipeline: '(auto)', channels: '(auto)' })).seconds).toBe(auto.seconds);
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('shows the lower bound and "% of bound" as the report has them (report.bound, report.efficiency), in the summary and per table row', async () => {
    ready();
    await openPage();
    /** The summary's bound and share against `report`, and the table's rows against the library's with that bound. */
    const expectBound = async (topo: Topology, collective: CollectiveName, request: EstimateRequest, report: CollectiveReport) => {
      expect(await pageSeconds()).toBeCloseTo(report.seconds, 12);
      expect(report.bound).toBeGreaterThan(0);
      expect(Number(await page.getByTestId('summary-bound').getAttribute('data-value'))).toBeCloseTo(report.bound, 12);
      expect(Number(await page.getByTestId('summary-efficiency').getAttribute('data-value'))).toBeCloseTo(report.efficiency, 12);
      expect(await page.getByTestId('summary-efficiency').textContent()).toBe(`${(report.efficiency * 100).toFixed(1)} % (lower bound ÷ time on the links)`);
      expect(await page.getByTestId('summary-bound').textContent()).toMatch(/^[\d.]+ (ns|µs|ms|s): no schedule beats it on these links$/);
      await expectTableMatches(libraryRows(topo, collective, request), report.bound);
    };
    const ring8 = await defaultTopology();
    await expectBound(ring8, 'allReduce', { bytes: DEFAULT_BYTES }, estimateDefault(ring8));

    // Timing only, a 4×4 torus: AllGather of 4 MiB as auto runs it, then forced onto an algorithm far from the bound.
    await page.selectOption('#mode', 'estimate');
    await page.selectOption('#topology', 'torus2d');
    await page.fill('#torus-rows', '4');
    await page.fill('#torus-cols', '4');
    await page.selectOption('#collective', 'allGather');
    await page.fill('#size', '4M');
    expect(await clickRun()).toBe('done');
    const torus = await Topology.torus2d(4, 4);
    await expectBound(torus, 'allGather', { bytes: 4 << 20 }, torus.estimate('allGather', { bytes: 4 << 20, timeline: true }));
    await page.selectOption('#algorithm', 'direct');
    expect(await clickRun()).toBe('done');
    const direct = torus.estimate('allGather', { bytes: 4 << 20, algorithm: 'direct', timeline: true });
    expect(direct.efficiency).toBeLessThan(0.9);
    await expectBound(torus, 'allGather', { bytes: 4 << 20 }, direct);
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('a pipeline or channels value out of the library\'s range is the page\'s field error, and nothing runs; 64 channels run', async () => {
    ready();
    await openPage();
    const topo = await defaultTopology();
    // The library's own ranges, which the page's messages repeat.
    expect(() => topo.estimate('allReduce', { bytes: DEFAULT_BYTES, channels: 65 })).toThrow(/channels: expected an integer 1\.\.64/);
    expect(() => topo.estimate('allReduce', { bytes: DEFAULT_BYTES, pipeline: 4097 })).toThrow(/pipeline: expected an integer 1\.\.4096/);
    const cases = [
      ['channels', '65', 64], ['channels', '0', 64], ['channels', '1.5', 64], ['channels', 'two', 64], ['pipeline', '4097', 4096],
    ] as const;
    for (const [field, value, max] of cases) {
      await page.fill('#pipeline', field === 'pipeline' ? value : 'auto');
      await page.fill('#channels', field === 'channels' ? value : 'auto');
      expect(await clickRun(), `${field} ${value}`).toBe('error');
      expect(await page.textContent('#error')).toBe(`${field}: expected auto (or empty) or an integer 1..${max}, got "${value}"`);
      expect((await page.getByTestId('badge').textContent())!.trim()).toBe('not run');
      expect(await page.getAttribute('#output', 'class')).toContain('stale');
    }
    await page.fill('#pipeline', 'auto');
    await page.fill('#channels', '64');
    expect(await clickRun()).toBe('done');
    expect(await page.isHidden('#error')).toBe(true);
    const report = topo.estimate('allReduce', { bytes: DEFAULT_BYTES, channels: 64, timeline: true });
    expect(report.channels).toBe(64);
    expect(await pageSeconds()).toBeCloseTo(report.seconds, 12);
    expect(await page.getByTestId('summary-channels').getAttribute('data-value')).toBe('64');
    expect(await page.getByTestId('badge').getAttribute('data-wrong')).toBe('0');
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('stays responsive during a 64-card run: progress phase by phase and point by point, the page ticking while the worker computes', async () => {
    ready();
    await openPage();
    await page.selectOption('#topology', 'mesh');
    await page.fill('#cards', '64');
    await page.locator('#cards').blur();
    // Record, on the page's own thread, every progress label it shows and a heartbeat every 25 ms.
    await page.evaluate(() => {
      const w = window as unknown as { progressSeen: { label: string; state: string; t: number }[]; beats: number[] };
      w.progressSeen = [];
      w.beats = [];
      const box = document.getElementById('progress')!;
      new MutationObserver(() => {
        if (!box.hidden) w.progressSeen.push({ label: box.dataset['label'] ?? '', state: document.getElementById('status')!.dataset['state'] ?? '', t: performance.now() });
      }).observe(box, { attributes: true, subtree: true, childList: true, characterData: true });
      setInterval(() => w.beats.push(performance.now()), 25);
    });
    expect(await clickRun()).toBe('done');
    const { progressSeen, beats } = await page.evaluate(() => {
      const w = window as unknown as { progressSeen: { label: string; state: string; t: number }[]; beats: number[] };
      return { progressSeen: w.progressSeen, beats: w.beats };
    });

    // Each label was on show while the run was running, as a change of its own: the page rendered it between two pieces of the worker's work.
    const labels = [...new Set(progressSeen.map((p) => p.label))];
    expect(progressSeen.every((p) => p.state === 'running')).toBe(true);
    const points = 12 * algorithmsFor('allReduce').length + 12; // 12 sizes × (auto + each algorithm)
    expect(labels).toEqual(expect.arrayContaining([
      'building the topology (64 cards)', 'allReduce of 1 MiB on real data', 'timeline', 'algorithm table',
      `sweep point 1 of ${points}`, `sweep point ${points} of ${points}`,
    ]));
    expect(labels.length).toBeGreaterThan(points);
    // While the worker computed (first to last progress label), the page's own thread kept ticking.
    const first = progressSeen[0]!.t;
    const last = progressSeen[progressSeen.length - 1]!.t;
    const during = beats.filter((t) => t >= first && t <= last);
    const gaps = during.slice(1).map((t, i) => t - during[i]!);
    expect(during.length).toBeGreaterThan(2);
    expect(Math.max(...gaps)).toBeLessThan(1000);

    expect(await page.getByTestId('badge').getAttribute('data-wrong')).toBe('0');
    const mesh = await Topology.mock(64);
    expect(await pageSeconds()).toBeCloseTo(mesh.estimate('allReduce', { bytes: DEFAULT_BYTES }).seconds, 12);
    expect(await page.isHidden('#progress')).toBe(true);
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('answers the form and stops on Cancel while a long timing-only run (4096 cards) is computing', async () => {
    ready();
    await openPage();
    // Broadcast on a 4096-card bidirectional ring: its estimates take seconds each (a minute or so in all today), far longer than the steps below.
    await page.selectOption('#mode', 'estimate');
    await page.fill('#cards', '4096');
    await page.fill('#size', '1G');
    await page.selectOption('#collective', 'broadcast');
    const before = await finishedRuns();
    await page.click('#run');
    await page.waitForSelector('#progress:not([hidden])', { timeout: STEP_TIMEOUT });
    expect(await page.getAttribute('#status', 'data-state')).toBe('running');
    // The form answers: changing the collective refills the algorithm list (reduce has a ring, broadcast has not).
    await page.selectOption('#collective', 'reduce');
    expect(await page.$$eval('#algorithm option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toContain('ring');
    expect(await page.getAttribute('#status', 'data-state')).toBe('running');
    expect(await page.isEnabled('#cancel')).toBe(true);
    await page.click('#cancel');
    await waitForRun(before + 1);
    expect(await page.getAttribute('#status', 'data-state')).toBe('cancelled');
    expect(await page.isHidden('#progress')).toBe(true);
    expect(await page.isDisabled('#cancel')).toBe(true);
    // A fresh worker takes the next run.
    await page.selectOption('#mode', 'data');
    await page.fill('#cards', '8');
    await page.fill('#size', '1M');
    await page.selectOption('#collective', 'allReduce');
    expect(await clickRun()).toBe('done');
    expect(await pageSeconds()).toBeCloseTo(estimateDefault(await defaultTopology()).seconds, 12);
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  it('plans a model: the panel\'s rows, memory bars and chart are planInference\'s for the same inputs', async () => {
    ready();
    await openPage();
    await page.selectOption('#plan-model', 'tinyllama-1.1b');
    await page.fill('#plan-cards', '1,2,4,8');
    await page.selectOption('#plan-topology', 'bidirectionalRing');
    await page.fill('#plan-batch', '4');
    const before = await finishedRuns('#plan-status');
    await page.click('#plan-run');
    await page.waitForSelector(`#plan-status[data-runs="${before + 1}"]`, { state: 'attached', timeout: STEP_TIMEOUT });
    expect(await page.getAttribute('#plan-status', 'data-state')).toBe('done');

    const plans = [];
    for (const cards of [1, 2, 4, 8]) {
      plans.push(await planInference({
        model: 'tinyllama-1.1b', topology: await Topology.ring(cards, { bidirectional: true, preset: 'spanker-rev-a' }), format: 'q4_k', card: 'rev-a',
        batch: 4, context: 2048, prompt: 128,
      }));
    }
    // The chart: a point for every strategy that can split the model, at its tokens/s, filled when it fits.
    const chart = await page.$$eval('[data-testid="plan-point"]', (cs) => cs.map((c) => ({
      cards: Number(c.getAttribute('data-cards')), strategy: c.getAttribute('data-strategy'), tps: Number(c.getAttribute('data-tokens-per-second')), fits: c.getAttribute('data-fits'),
    })));
    const expectedPoints = plans.flatMap((plan) => plan.strategies.filter((s) => s.possible).map((s) => ({ cards: plan.cards, strategy: s.name, tps: s.decode!.tokensPerSecond, fits: String(s.fits) })));
    expect(chart.length).toBe(expectedPoints.length);
    for (const want of expectedPoints) {
      const got = chart.find((p) => p.cards === want.cards && p.strategy === want.strategy)!;
      expect(got, `${want.cards} cards ${want.strategy}`).toBeDefined();
      expect(got.tps).toBe(want.tps);
      expect(got.fits).toBe(want.fits);
    }

    // The table for each card count: every strategy, in planInference's order, with its numbers.
    for (const plan of plans) {
      await page.selectOption('#plan-detail', String(plan.cards));
      const rows = await page.$$eval('#plan-table tr[data-testid="plan-row"]', (trs) => trs.map((tr) => {
        const segments = [...tr.querySelectorAll('.memory-bar .segment')].map((e) => Number((e as HTMLElement).dataset['bytes']));
        return {
          strategy: (tr as HTMLElement).dataset['strategy'], verdict: (tr as HTMLElement).dataset['verdict'], fits: (tr as HTMLElement).dataset['fits'],
          total: (tr.querySelector('td.memory') as HTMLElement | null)?.dataset['totalBytes'], segments,
          capacity: (tr.querySelector('.memory-bar .capacity') as HTMLElement | null)?.dataset['bytes'],
          tps: (tr.querySelector('td.num') as HTMLElement | null)?.dataset['value'],
          why: tr.nextElementSibling?.querySelector('[data-testid="plan-why"]')?.textContent,
        };
      }));
      expect(rows.map((r) => r.strategy), `${plan.cards} cards`).toEqual(plan.strategies.map((s) => s.name));
      plan.strategies.forEach((s, i) => {
        const row = rows[i]!;
        expect(row.verdict).toBe(s.verdict);
        expect(row.fits).toBe(String(s.fits));
        if (!s.possible) {
          expect(row.why).toBe(`not possible: ${s.obstacle}`);
          return;
        }
        expect(Number(row.tps)).toBe(s.decode!.tokensPerSecond);
        expect(Number(row.total)).toBe(s.memory!.totalBytes);
        expect(row.segments).toEqual([s.memory!.weightBytes, s.memory!.kvCacheBytes, s.memory!.activationBytes]);
        expect(Number(row.capacity)).toBe(s.memory!.capacityBytes);
        expect(row.why).toBe(s.fits ? s.why : `does not fit: ${s.overflow}`);
      });
    }
    // The caption of the count shown last (8 cards) names its best strategy, as planInference does.
    expect(await page.textContent('#plan-table-caption')).toContain(plans[3]!.best ? `best ${plans[3]!.best.name}` : 'nothing fits');
    await page.locator('#plan').screenshot({ path: join(outputDir, 'web-plan.png') });
    expectNoNewProblems();
  }, TEST_TIMEOUT);

  for (const width of [800, 1400]) {
    it(`holds its layout at ${width} px: nothing wider than the window, the algorithm and plan tables inside their cards (screenshot web-page-${width}.png)`, async () => {
      ready();
      await page.setViewportSize({ width, height: 1000 });
      try {
        await openPage();
        const layout = await page.evaluate(() => {
          const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
          const table = box('#algorithm-table');
          const card = document.querySelector('#algorithm-table')!.closest('section')!.getBoundingClientRect();
          const wrap = document.querySelector('#algorithm-table')!.parentElement!;
          const planWrap = document.querySelector('#plan-table')!.parentElement!;
          return {
            pageWidth: document.documentElement.scrollWidth, window: window.innerWidth,
            tableRight: table.right, cardRight: card.right, tableScrolls: wrap.scrollWidth > wrap.clientWidth,
            planTableScrolls: planWrap.scrollWidth > planWrap.clientWidth,
            sectionsRight: Math.max(...[...document.querySelectorAll('section, form')].map((e) => e.getBoundingClientRect().right)),
          };
        });
        expect(layout.pageWidth).toBeLessThanOrEqual(layout.window);
        expect(layout.sectionsRight).toBeLessThanOrEqual(layout.window);
        expect(layout.tableRight).toBeLessThanOrEqual(layout.cardRight);
        expect(layout.tableScrolls).toBe(false);
        expect(layout.planTableScrolls).toBe(false);
        await page.screenshot({ path: join(outputDir, `web-page-${width}.png`), fullPage: true });
      } finally {
        await page.setViewportSize({ width: 1400, height: 1000 });
      }
      expectNoNewProblems();
    }, TEST_TIMEOUT);
  }
});
