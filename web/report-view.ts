/**
 * A report as the page shows it, in plain data: a CollectiveReport's getters
 * and trace do not survive the trip from the worker, so the worker copies
 * what the page draws — the numbers, how they were priced, the traffic per
 * link (every link for a topology the page draws, else the busiest), and the
 * route changes with switches named as switches.
 */
import type { CollectiveReport, LinkTraffic, TimingMethod } from 'spanker-scheduler';
import { pathName } from './topology-view.js';

/** Busiest links listed for a topology too large to draw. */
export const BUSIEST_LINKS_LISTED = 12;
/** Route changes copied (the page lists the first 12 and counts the rest). */
const REROUTES_COPIED = 12;

/** One changed route, as the page lists it. */
export interface RerouteView {
  /** "2→3 via 2→1→0→7→6→5→4→3 (2→3 (Down))", switches named. */
  readonly text: string;
}

/** What the page shows of a CollectiveReport. */
export interface ReportView {
  readonly collective: CollectiveReport['collective'];
  readonly algorithm: string;
  /** How `seconds` was obtained: event simulation or analytic pricing. */
  readonly method: TimingMethod;
  readonly nSails: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly algBw: number;
  readonly busBw: number;
  readonly totalLinkBytes: number;
  /** Messages on the links, when the report kept its per-message timeline. */
  readonly messages: number | undefined;
  readonly steps: number;
  /** Traffic on every link (by id) when `allLinks`, else the busiest BUSIEST_LINKS_LISTED that carried data. */
  readonly links: readonly LinkTraffic[];
  readonly allLinks: boolean;
  /** Links that carried any bytes. */
  readonly linksUsed: number;
  readonly reroutes: readonly RerouteView[];
  readonly rerouteCount: number;
  readonly kernels: string | undefined;
}

/** "8→3 (Down)" with node ids → with node names. */
function nameUnusable(text: string, nSails: number, nSwitches: number): string {
  const match = /^(\d+)→(\d+)( .*)?$/.exec(text);
  if (match === null) return text;
  return `${pathName(nSails, nSwitches, [Number(match[1]), Number(match[2])])}${match[3] ?? ''}`;
}

/** Copy what the page shows of `report`; `allLinks`: keep every link's traffic (a topology the page draws). */
export function viewReport(report: CollectiveReport, nSwitches: number, allLinks: boolean): ReportView {
  const n = report.nSails;
  const links = report.links;
  const used = links.filter((l) => l.bytes > 0);
  const busiest = allLinks ? [...links] : [...used].sort((a, b) => b.bytes - a.bytes || a.link - b.link).slice(0, BUSIEST_LINKS_LISTED);
  const reroutes = report.reroutes;
  return {
    collective: report.collective, algorithm: report.algorithm, method: report.method, nSails: n, bytes: report.bytes,
    seconds: report.seconds, algBw: report.algBw, busBw: report.busBw, totalLinkBytes: report.totalLinkBytes,
    messages: report.transfers?.length, steps: report.steps.length,
    links: busiest.map((l) => ({ ...l })), allLinks, linksUsed: used.length,
    reroutes: reroutes.slice(0, REROUTES_COPIED).map((r) => ({
      text: `${pathName(n, nSwitches, [r.src, r.dst])} via ${pathName(n, nSwitches, r.actual)} (${r.unusable.map((u) => nameUnusable(u, n, nSwitches)).join(', ')})`,
    })),
    rerouteCount: reroutes.length,
    kernels: report.kernels,
  };
}
