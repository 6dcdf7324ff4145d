/**
 * The page's worker: every piece of library work — building topologies, the
 * collective on real data, estimates, the sweep, the algorithm table and the
 * model planner — runs here, so the page stays responsive however long a
 * run takes. Jobs run one at a time in the order they arrive (see
 * worker-protocol.ts for the messages). scripts/build.mjs bundles it to
 * web/dist/worker.js with `spanker-scheduler` imported from
 * /spanker-scheduler.js, the URL the page's import map gives it (a worker
 * has no import map).
 */
import { describeError, runPage } from './page-run.js';
import { runPlan } from './plan-run.js';
import { buildTopology } from './settings.js';
import { describeTopology } from './topology-view.js';
import type { JobRequest, Jobs, ProgressReporter, WorkerMessage } from './worker-protocol.js';

/** The worker's global scope, typed for what this file uses (the page's tsconfig has the DOM library, not WebWorker). */
const scope = globalThis as unknown as {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<JobRequest>) => void): void;
};

const post = (message: WorkerMessage) => scope.postMessage(message);

async function perform(request: JobRequest, progress: ProgressReporter): Promise<Jobs[keyof Jobs]['output']> {
  switch (request.kind) {
    case 'describe': return describeTopology(await buildTopology((request as JobRequest<'describe'>).input));
    case 'run': return runPage((request as JobRequest<'run'>).input, progress);
    case 'plan': return runPlan((request as JobRequest<'plan'>).input, progress);
  }
}

// Jobs are chained so that one finishes before the next starts, whatever awaits they contain.
let queue: Promise<void> = Promise.resolve();
scope.addEventListener('message', (event) => {
  const request = event.data;
  queue = queue.then(async () => {
    try {
      const output = await perform(request, (progress) => post({ id: request.id, kind: 'progress', progress }));
      post({ id: request.id, kind: 'result', output });
    } catch (error) {
      post({ id: request.id, kind: 'failure', message: describeError(error) });
    }
  });
});
