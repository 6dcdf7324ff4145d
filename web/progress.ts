/**
 * The progress indicator of a job: a bar of the units done and a line saying
 * what runs now ("sweep point 5 of 84"), with a Cancel button beside it.
 * Hidden when nothing runs.
 */
import type { Progress } from './worker-protocol.js';

/** Show `progress` in `box` (a `<progress>` and a `.progress-label`), or hide it when undefined. */
export function renderProgress(box: HTMLElement, progress: Progress | undefined): void {
  box.hidden = progress === undefined;
  const bar = box.querySelector('progress')!;
  const label = box.querySelector<HTMLElement>('.progress-label')!;
  if (progress === undefined) {
    label.textContent = '';
    box.dataset['label'] = '';
    return;
  }
  bar.max = Math.max(1, progress.total);
  bar.value = Math.min(progress.done, progress.total);
  label.textContent = progress.label;
  box.dataset['label'] = progress.label;
}
