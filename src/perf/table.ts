/**
 * The nccl-tests results table, with the simulated link time beside the
 * measured host time. Every column has a fixed width wide enough for any
 * value it can hold, so rows stay aligned for every size and card count.
 */

/** One measured-and-simulated half of a row (out-of-place or in-place). */
export interface HalfRow {
  /** Measured host time of the real wasm run, µs per iteration; undefined with --analytic. */
  readonly hostUs: number | undefined;
  /** Simulated time on the links, µs. */
  readonly simUs: number;
  /** Simulated algbw and busbw, GB/s. */
  readonly algBw: number;
  readonly busBw: number;
  /** Elements that differ from the expected result; undefined when not checked. */
  readonly wrong: number | undefined;
}

export interface Row {
  readonly size: number;
  readonly count: number;
  readonly type: string;
  readonly redop: string;
  /** -1 for collectives without a root, as nccl-tests prints. */
  readonly root: number;
  readonly algorithm: string;
  readonly outOfPlace: HalfRow;
  readonly inPlace: HalfRow;
}

const W = { size: 13, count: 13, type: 7, redop: 6, root: 6, algorithm: 18, host: 11, sim: 14, bw: 8, wrong: 7 };

const right = (text: string, width: number) => text.padStart(width);
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : String(value));

function half(h: HalfRow): string {
  return right(h.hostUs === undefined ? 'N/A' : fixed(h.hostUs, 2), W.host)
    + right(fixed(h.simUs, 2), W.sim)
    + right(fixed(h.algBw, 3), W.bw)
    + right(fixed(h.busBw, 3), W.bw)
    + right(h.wrong === undefined ? 'N/A' : String(h.wrong), W.wrong);
}

const HALF_WIDTH = W.host + W.sim + 2 * W.bw + W.wrong;
const LEAD_WIDTH = W.size + W.count + W.type + W.redop + W.root + W.algorithm;

/** The three header lines (after the `#` prefix they align with the rows). */
export function headerLines(): string[] {
  const lead1 = ''.padEnd(LEAD_WIDTH);
  const group = (title: string) => right(title, Math.floor((HALF_WIDTH + title.length) / 2)).padEnd(HALF_WIDTH);
  const cols = right('host', W.host) + right('sim', W.sim) + right('algbw', W.bw) + right('busbw', W.bw) + right('#wrong', W.wrong);
  const units = right('(us)', W.host) + right('(us)', W.sim) + right('(GB/s)', W.bw) + right('(GB/s)', W.bw) + right('', W.wrong);
  return [
    `#${lead1.slice(1)}${group('out-of-place')}${group('in-place')}`.trimEnd(),
    `#${right('size', W.size - 1)}${right('count', W.count)}${right('type', W.type)}${right('redop', W.redop)}${right('root', W.root)}${right('algorithm', W.algorithm)}${cols}${cols}`,
    `#${right('(B)', W.size - 1)}${right('(elements)', W.count)}${''.padEnd(W.type + W.redop + W.root + W.algorithm)}${units}${units}`.trimEnd(),
  ];
}

export function formatRow(r: Row): string {
  return right(String(r.size), W.size) + right(String(r.count), W.count) + right(r.type, W.type) + right(r.redop, W.redop)
    + right(String(r.root), W.root) + right(r.algorithm, W.algorithm) + half(r.outOfPlace) + half(r.inPlace);
}
