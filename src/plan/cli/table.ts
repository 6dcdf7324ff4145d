/**
 * The spanker-plan table: one row per strategy, ranked, the best marked →.
 * Fixed-width columns wide enough for any value they hold, so rows line up
 * under the header; the verdict (why a strategy is not the best) ends the row.
 */
import type { StrategyPlan } from '../inference-plan.js';

const W = { mark: 2, strategy: 14, mem: 9, fits: 5, msPerToken: 11, tokens: 10, prefill: 11, ddr: 10, compute: 10, links: 10, bound: 8, mbps: 10 };

const right = (text: string, width: number) => text.padStart(width);
const fixed = (value: number | undefined, digits: number) => (value === undefined ? '-' : Number.isFinite(value) ? value.toFixed(digits) : String(value));
const ms = (seconds: number | undefined, digits = 2) => fixed(seconds === undefined ? undefined : seconds * 1e3, digits);

const BOUND: Record<string, string> = { ddr: 'DDR', compute: 'compute', link: 'link' };

/** The two header lines (the `#` prefix stands in the marker column). */
export function headerLines(): string[] {
  const columns: [string, string, number][] = [
    ['mem/card', '(GiB)', W.mem], ['fits', '', W.fits], ['ms/token', '(decode)', W.msPerToken], ['tok/s', '(total)', W.tokens],
    ['prefill', '(ms)', W.prefill], ['DDR', '(ms)', W.ddr], ['compute', '(ms)', W.compute], ['links', '(ms)', W.links], ['bound', '', W.bound],
    ['payload', '(MB/s)', W.mbps], ['busiest', '(MB/s)', W.mbps], ['total', '(MB/s)', W.mbps],
  ];
  const first = `#${' '.repeat(W.mark - 1)}${'strategy'.padEnd(W.strategy)}${columns.map(([name, , w]) => right(name, w)).join('')}  verdict`;
  const second = `#${' '.repeat(W.mark - 1)}${''.padEnd(W.strategy)}${columns.map(([, unit, w]) => right(unit, w)).join('')}`.trimEnd();
  return [first, second];
}

/**
 * One strategy's row. DDR, compute and links are one decode step's parts; the
 * MB/s columns are the link loads: payload (nccl-tests' S of every collective
 * and send: what any algorithm must move), the busiest directed link, and all
 * links together.
 */
export function formatRow(s: StrategyPlan): string {
  const d = s.decode;
  const l = s.linkLoad;
  return (s.verdict === 'best' ? '→' : ' ').padEnd(W.mark)
    + s.name.padEnd(W.strategy)
    + right(s.memory ? (s.memory.totalBytes / 2 ** 30).toFixed(2) : '-', W.mem)
    + right(s.possible ? (s.fits ? 'yes' : 'NO') : '-', W.fits)
    + right(ms(d?.secondsPerToken), W.msPerToken)
    + right(fixed(d?.tokensPerSecond, 2), W.tokens)
    + right(ms(s.prefill?.seconds ?? (s.possible ? 0 : undefined), 1), W.prefill)
    + right(ms(d ? d.weightReadSeconds + d.kvReadSeconds : undefined), W.ddr)
    + right(ms(d?.computeSeconds), W.compute)
    + right(ms(d ? d.collectiveSeconds + d.transferSeconds : undefined), W.links)
    + right(d ? BOUND[d.bound]! : '-', W.bound)
    + right(fixed(l?.payloadMBps, 2), W.mbps)
    + right(fixed(l?.busiestLinkMBps, 2), W.mbps)
    + right(fixed(l?.totalMBps, 2), W.mbps)
    + `  ${s.why}`;
}
