/**
 * The "plan a model" job, in the worker: `planInference` at every card count
 * of the request, one count at a time with progress. The plans are plain
 * frozen data, so they cross to the page as the library returns them.
 */
import { planInference, type InferencePlan } from 'spanker-scheduler';
import { countOf } from './format.js';
import { inferenceRequest, planTopology, type PlanRequest } from './plan-settings.js';
import type { ProgressReporter } from './worker-protocol.js';

/** planInference at every card count of `r`, ascending; `progress` before each. */
export async function runPlan(r: PlanRequest, progress: ProgressReporter): Promise<InferencePlan[]> {
  const plans: InferencePlan[] = [];
  for (const [i, cards] of r.cards.entries()) {
    progress({ label: `planning on ${countOf(cards, 'card')} (${i + 1} of ${r.cards.length})`, done: i, total: r.cards.length });
    plans.push(await planInference(inferenceRequest(r, await planTopology(r, cards))));
  }
  return plans;
}
