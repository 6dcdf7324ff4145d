/**
 * The page's side of a worker (web/worker.ts): post a job, hear its progress,
 * get its result as a promise. `cancel()` stops whatever the worker is doing
 * by terminating it — a running estimate cannot be interrupted otherwise —
 * and the next job starts a fresh one; the jobs it had are rejected with
 * CancelledError.
 */
import type { JobKind, JobRequest, Jobs, Progress, WorkerMessage } from './worker-protocol.js';

/** A job stopped by `cancel()`. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

interface Pending {
  resolve(output: unknown): void;
  reject(error: Error): void;
  onProgress: ((progress: Progress) => void) | undefined;
}

/** One worker and the jobs it has been given (see the module comment). */
export class WorkerClient {
  /** Started on the first job, and again on the first job after a cancel or a failure. */
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `url`: the worker bundle (a module worker). */
  constructor(private readonly url: URL) {}

  private start(): Worker {
    const worker = new Worker(this.url, { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      const job = this.pending.get(message.id);
      if (job === undefined) return;
      if (message.kind === 'progress') {
        job.onProgress?.(message.progress);
        return;
      }
      this.pending.delete(message.id);
      if (message.kind === 'result') job.resolve(message.output);
      else job.reject(new Error(message.message));
    });
    // The worker failed to load or threw outside a job: every job it had fails with what happened.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      worker.terminate();
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error(`the page's worker failed: ${event.message || 'it could not be loaded'}`));
    });
    return worker;
  }

  private failAll(error: Error): void {
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) job.reject(error);
  }

  /** Run a job; `onProgress` hears where it is. */
  request<K extends JobKind>(kind: K, input: Jobs[K]['input'], onProgress?: (progress: Progress) => void): Promise<Jobs[K]['output']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (output: unknown) => void, reject, onProgress });
      const request: JobRequest<K> = { id, kind, input };
      this.worker ??= this.start();
      this.worker.postMessage(request);
    });
  }

  /** Stop every job (the worker is terminated and replaced). */
  cancel(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new CancelledError('cancelled'));
  }
}
