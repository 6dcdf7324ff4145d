/**
 * spanker-perf's `--fault`: links and cards that fail during every run of
 * the sweep, in a small grammar (FAULT_GRAMMAR, printed by --help):
 *
 *   2-3@50%          link 2→3 Down for good at half of each size's fault-free time
 *   card:5@10us      card 5 stops 10 µs into the run
 *   2-3@1ms+200us    link 2→3 retrains (Training) from 1 ms for 200 µs
 *   2-3@50%x0.75     link 2→3 keeps 3/4 of its bandwidth from half-way on (a lost lane)
 *   2-3@step:4       link 2→3 Down when step 4 begins
 *
 * Several faults are separated by commas. A percentage is of the same
 * collective's fault-free simulated time at that size (the algorithm the
 * sweep would run, simulated), so one flag means the same moment at every
 * size. Mistakes are one line and exit 2, including a link the topology
 * does not have (checked against the topology before the sweep).
 */
import { SpankerError } from '../errors.js';
import type { Network } from '../network/network.js';
import { readFaultOptions, resolveFaultPlan, type FaultSpec } from '../sim/faults/fault-plan.js';
import { UsageError } from './usage-error.js';

/** When a fault strikes, as written. */
export type FaultWhen =
  | { readonly percent: number }
  | { readonly seconds: number }
  | { readonly step: number };

/** One `--fault` item. */
export interface FaultArg {
  /** As the user wrote it, for messages and headers. */
  readonly text: string;
  readonly link?: readonly [from: number, to: number];
  readonly card?: number;
  readonly when: FaultWhen;
  /** Seconds until the link is back (a retraining); absent: for good. */
  readonly duration?: number;
  /** Fraction of bandwidth left (a degraded link). */
  readonly bandwidthFactor?: number;
}

/** The grammar, for --help and error messages. */
export const FAULT_GRAMMAR = `FAULT[,FAULT…], each TARGET@WHEN[+TIME][xF]:
                              TARGET  A-B (the link from node A to node B) or card:N
                              WHEN    P% of each size's fault-free time, a TIME, or step:K
                              +TIME   the link retrains for TIME, then is back (else Down for good)
                              xF      the link stays Up at F of its bandwidth, 0 < F < 1
                              TIME    a number and its unit: 10us, 1.5ms, 200ns, 2e-6s`;

const EXAMPLES = '2-3@50%, card:5@10us, 2-3@1ms+200us, 2-3@50%x0.75, 2-3@step:4';

/**
 * `1us`, `936.25ns`, `2e-6s` → seconds; NaN when it is not a time. The unit is
 * required: `2-3@50` is more likely a forgotten % than 50 seconds.
 */
function seconds(text: string): number {
  const match = /^(\d+(?:\.\d*)?|\.\d+)(?:e(-?\d+))?(ns|us|µs|ms|s)$/.exec(text);
  if (!match) return NaN;
  const scale = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1 }[match[3]!]!;
  return Number(`${match[1]}e${match[2] ?? 0}`) * scale;
}

/** `--sim-timeout TIME`: seconds of simulated time (UsageError on a mistake). */
export function parseTimeout(text: string): number {
  const s = seconds(text.trim());
  if (!(s > 0 && Number.isFinite(s))) throw new UsageError(`--sim-timeout ${JSON.stringify(text)}: expected a time above 0 with its unit, such as 5ms, 200us or 2e-3s`);
  return s;
}

/** Parse `--fault`'s value (UsageError, one line, on a mistake). */
export function parseFaults(value: string): FaultArg[] {
  return value.split(',').map((text) => parseFault(text.trim()));
}

function parseFault(text: string): FaultArg {
  const fail = (why: string) => new UsageError(`--fault ${JSON.stringify(text)}: ${why} (examples: ${EXAMPLES})`);
  const match = /^(?:(\d+)-(\d+)|card:(\d+))@([^+x]+)(?:\+([^x]+))?(?:x(.+))?$/.exec(text);
  if (!match) throw fail('expected TARGET@WHEN[+TIME][xF]');
  const [, from, to, card, whenText, durationText, factorText] = match;
  let when: FaultWhen;
  if (whenText!.endsWith('%')) {
    const percent = Number(whenText!.slice(0, -1));
    if (!/^\d+(\.\d+)?%$/.test(whenText!) || !Number.isFinite(percent)) throw fail(`${whenText} is not a percentage`);
    when = { percent };
  } else if (whenText!.startsWith('step:')) {
    const step = Number(whenText!.slice(5));
    if (!/^step:\d+$/.test(whenText!) || !Number.isSafeInteger(step)) throw fail(`${whenText} is not step:K with K a step number`);
    when = { step };
  } else {
    const s = seconds(whenText!);
    if (!Number.isFinite(s)) throw fail(`${whenText} is not a percentage (50%), a time with its unit (10us, 1.5ms, 2e-6s) or step:K`);
    when = { seconds: s };
  }
  const duration = durationText === undefined ? undefined : seconds(durationText);
  if (duration !== undefined && !(duration > 0 && Number.isFinite(duration))) throw fail(`+${durationText} is not a time above 0 with its unit, such as 200us`);
  const factor = factorText === undefined ? undefined : Number(factorText);
  if (factor !== undefined && (!/^(0?\.\d+|0)$/.test(factorText!) || !(factor > 0 && factor < 1))) throw fail(`x${factorText} is not a fraction of bandwidth, 0 < F < 1, such as x0.75`);
  if (card !== undefined) {
    if (duration !== undefined || factor !== undefined) throw fail('a card stops for good: no +TIME or xF');
    return { text, card: Number(card), when };
  }
  return {
    text, link: [Number(from), Number(to)], when,
    ...(duration === undefined ? {} : { duration }), ...(factor === undefined ? {} : { bandwidthFactor: factor }),
  };
}

/**
 * The library's fault plan for one run: percentages of `faultFreeSeconds`
 * (that run's time without the faults) made into seconds.
 */
export function faultSpecs(faults: readonly FaultArg[], faultFreeSeconds: number): FaultSpec[] {
  return faults.map((f): FaultSpec => {
    const at = 'percent' in f.when ? (f.when.percent / 100) * faultFreeSeconds : 'seconds' in f.when ? f.when.seconds : { step: f.when.step };
    if (f.card !== undefined) return { at, card: f.card };
    return {
      at, link: f.link!,
      ...(f.bandwidthFactor !== undefined ? { bandwidthFactor: f.bandwidthFactor } : { becomes: f.duration === undefined ? 'Down' : 'Training' }),
      ...(f.duration !== undefined ? { for: f.duration } : {}),
    };
  });
}

/** Check the faults against the topology before the sweep: a link or card it does not have is a command-line mistake. */
export function checkFaults(faults: readonly FaultArg[], network: Network): void {
  try {
    resolveFaultPlan(readFaultOptions(faultSpecs(faults, 0), undefined, undefined), network);
  } catch (error) {
    if (!(error instanceof SpankerError) || error.argument === undefined) throw error;
    const index = Number(/^faults\[(\d+)\]/.exec(error.argument)?.[1] ?? 0);
    const why = error.message.replace(/^invalid faults\[\d+\][.\w[\]]*: /, '');
    throw new UsageError(`--fault ${JSON.stringify(faults[index]!.text)}: ${why}`);
  }
}

/** One line on what the faults are, for the header. */
export function describeFaults(faults: readonly FaultArg[]): string {
  return faults.map((f) => {
    const what = f.card !== undefined ? `card ${f.card} stops` : `link ${f.link![0]}→${f.link![1]} ${f.bandwidthFactor !== undefined ? `keeps ${f.bandwidthFactor} of its bandwidth` : f.duration !== undefined ? 'retrains' : 'goes Down'}`;
    const when = 'percent' in f.when ? `at ${f.when.percent}% of each size's fault-free time` : 'seconds' in f.when ? `at ${f.when.seconds} s` : `when step ${f.when.step} begins`;
    return `${what} ${when}${f.duration !== undefined ? ` for ${f.duration} s` : ''}`;
  }).join('; ');
}
