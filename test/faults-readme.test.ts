// "Faults during a collective": the README's example prints exactly what the
// README shows (simulated times are deterministic), and docs/faults.md's
// claim that a detour can make a run shorter is true as written.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Topology } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = readme.slice(readme.indexOf('### Faults during a collective'));
const doc = readFileSync(new URL('../docs/faults.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('### Faults during a collective'));
const dir = new URL('../test-output/', import.meta.url);
mkdirSync(dir, { recursive: true });

/** The first fenced block of `language` in the README's section. */
function block(language: string): string {
  return example.match(new RegExp('```' + language + '\\n([\\s\\S]*?)```'))![1]!;
}

describe('Faults during a collective (README and docs/faults.md)', () => {
  it('the example prints what the README shows', () => {
    const file = new URL('readme-faults.mjs', dir);
    writeFileSync(file, block('js'));
    const output = execFileSync(process.execPath, [fileURLToPath(file)], { encoding: 'utf8' });
    expect(output).toBe(block('text'));
  });

  it('a detour can make a run shorter: the example in the text', async () => {
    const claim = /`(Topology\.ring\(6, \{ bidirectional: true \}\))`, `estimate\('allReduce', \{ bytes: 24000, algorithm:\s+'rabenseifner', faults: \[\{ at: 120e-6, link: \[3, 4\] \}\] \}\)` takes (\d+) µs instead of (\d+) µs/.exec(section);
    expect(claim).not.toBeNull();
    const topo = await Topology.ring(6, { bidirectional: true });
    const report = topo.estimate('allReduce', { bytes: 24000, algorithm: 'rabenseifner', faults: [{ at: 120e-6, link: [3, 4] }] });
    expect(Math.round(report.seconds * 1e6)).toBe(Number(claim![2]));
    expect(Math.round(report.faults!.faultFreeSeconds * 1e6)).toBe(Number(claim![3]));
    expect(report.faults!.addedSeconds).toBeLessThan(0);
    // The rerouted message no longer crosses 4→5: the link that carried it in the healthy run.
    const rerouted = report.faults!.rerouted;
    expect(rerouted).toHaveLength(1);
    expect(rerouted[0]).toMatchObject({ src: 3, dst: 5 });
    expect(rerouted[0]!.route.join('→')).not.toContain('4→5');
  });
});
