import { ProgressBar } from '../../ui/ProgressBar.js';
import type { JobStatus } from './importJob.js';

/** Progress of a running preview or commit, with the engine's stage and a Cancel. */
export function JobProgress({ status, onCancel }: { status: JobStatus; onCancel: () => void }) {
  return (
    <div className="run-status job-status" data-testid="import-job">
      <span className="job-stage" data-testid="import-job-stage">
        {status.cancelling ? 'Cancelling…' : (status.stage ?? 'Starting…')}
      </span>
      <ProgressBar percent={status.percent} testId="import-progress" />
      <span className="run-percent">{status.percent === null ? '' : `${Math.round(status.percent)}%`}</span>
      <button type="button" className="small" data-testid="import-cancel-job" onClick={onCancel} disabled={status.cancelling}>
        {status.cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}
