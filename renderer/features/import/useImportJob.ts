import { useCallback, useEffect, useRef, useState } from 'react';
import { startImportJob, type JobClient, type JobOutcome, type JobStatus, type RunningJob } from './importJob.js';

/** One import step at a time per screen, with its progress for the bar; left screens cancel theirs. */
export function useImportJob(client: JobClient) {
  const [status, setStatus] = useState<JobStatus | null>(null);
  const current = useRef<RunningJob<unknown> | null>(null);

  const run = useCallback(
    async <T,>(work: (jobId: string) => Promise<T>): Promise<JobOutcome<T>> => {
      const job = startImportJob(client, work, setStatus);
      current.current = job;
      try {
        return await job.outcome;
      } finally {
        if (current.current === job) {
          current.current = null;
          setStatus(null);
        }
      }
    },
    [client],
  );

  const cancel = useCallback(() => current.current?.cancel() ?? Promise.resolve(), []);

  useEffect(
    () => () => {
      // Best effort: the screen is gone, so nobody waits for the step's answer.
      current.current?.cancel().catch(() => undefined);
    },
    [],
  );

  return { status, run, cancel };
}
