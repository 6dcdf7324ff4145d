/**
 * The messages between the page and its worker (web/worker.ts). The page
 * posts a job with an id; the worker answers with any number of progress
 * messages and then one result or one failure for that id. Everything is
 * plain data: it crosses by structured clone.
 */
import type { InferencePlan } from 'spanker-scheduler';
import type { PageRunView } from './page-run.js';
import type { PlanRequest } from './plan-settings.js';
import type { Settings } from './settings.js';
import type { TopologyView } from './topology-view.js';

/** What the worker can be asked to do, and what each job answers. */
export interface Jobs {
  /** Build the topology and list its links (for the "link down" select). */
  readonly describe: { readonly input: Settings; readonly output: TopologyView };
  /** One press of Run: the run (on data or timing only), its timeline, the algorithm table and the sweep. */
  readonly run: { readonly input: Settings; readonly output: PageRunView };
  /** The "plan a model" panel: `planInference` at each card count. */
  readonly plan: { readonly input: PlanRequest; readonly output: readonly InferencePlan[] };
}

/** A job's name. */
export type JobKind = keyof Jobs;

/** A job as posted to the worker. */
export interface JobRequest<K extends JobKind = JobKind> {
  readonly id: number;
  readonly kind: K;
  readonly input: Jobs[K]['input'];
}

/** Where a job is: `label` is what runs now, `done` of `total` units are finished. */
export interface Progress {
  readonly label: string;
  readonly done: number;
  readonly total: number;
}

/** What the worker posts back for a job: progress, then its result or its failure. */
export type WorkerMessage =
  | { readonly id: number; readonly kind: 'progress'; readonly progress: Progress }
  | { readonly id: number; readonly kind: 'result'; readonly output: unknown }
  | { readonly id: number; readonly kind: 'failure'; readonly message: string };

/** Reports progress from inside a job. */
export type ProgressReporter = (progress: Progress) => void;
