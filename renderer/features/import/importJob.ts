import type { Api } from '../../../electron/contract/index.js';
import { isCancelled } from '../../ui/errors.js';
import { newRunId } from '../results/runStore.js';

export type JobClient = Pick<Api, 'import.progress' | 'import.cancel'>;

/** What the progress bar shows while a preview or commit runs. */
export interface JobStatus {
  jobId: string;
  stage: string | null;
  percent: number | null;
  cancelling: boolean;
}

export type JobOutcome<T> = { kind: 'done'; value: T } | { kind: 'cancelled' };

export interface RunningJob<T> {
  jobId: string;
  /** Settles when the step ends: its value, or cancelled; any other failure rejects. */
  outcome: Promise<JobOutcome<T>>;
  /** Asks the engine to stop; the step then ends as cancelled and the workspace is unchanged. */
  cancel(): Promise<void>;
}

export interface JobOptions {
  pollMs?: number;
  makeJobId?: () => string;
}

/**
 * Starts a long import step (import.preview or import.commit) under a fresh jobId and polls
 * import.progress until it ends, so the screen can show a stage, a percentage and a Cancel.
 */
export function startImportJob<T>(
  client: JobClient,
  work: (jobId: string) => Promise<T>,
  onStatus: (status: JobStatus) => void,
  options: JobOptions = {},
): RunningJob<T> {
  const pollMs = options.pollMs ?? 250;
  const jobId = (options.makeJobId ?? newRunId)();
  let status: JobStatus = { jobId, stage: null, percent: null, cancelling: false };
  let finished = false;
  const update = (next: Partial<JobStatus>) => {
    if (finished) return;
    status = { ...status, ...next };
    onStatus(status);
  };

  let polling = false;
  const timer = setInterval(() => {
    if (polling) return; // a slow answer must not pile up requests
    polling = true;
    client['import.progress']({ jobId })
      .then((p) => {
        if (p.state === 'running' && (p.stage !== status.stage || p.percent !== status.percent)) {
          update({ stage: p.stage, percent: p.percent });
        }
      })
      // Progress is a nicety; the step's own answer decides the outcome.
      .catch(() => undefined)
      .finally(() => {
        polling = false;
      });
  }, pollMs);

  const outcome = work(jobId).then(
    (value): JobOutcome<T> => {
      finished = true;
      clearInterval(timer);
      return { kind: 'done', value };
    },
    (err: unknown): JobOutcome<T> => {
      finished = true;
      clearInterval(timer);
      // After a cancel, whatever error the interrupted step raises is the cancel itself.
      if (isCancelled(err) || status.cancelling) return { kind: 'cancelled' };
      throw err;
    },
  );

  onStatus(status);
  return {
    jobId,
    outcome,
    async cancel() {
      if (finished || status.cancelling) return;
      update({ cancelling: true });
      try {
        await client['import.cancel']({ jobId });
      } catch (err) {
        // The step may still finish on its own; report the failed cancel without ending it.
        update({ cancelling: false });
        throw err;
      }
    },
  };
}
