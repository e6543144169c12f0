import { useEffect, useState, type ReactNode } from 'react';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { formatDuration } from '../../ui/format.js';
import { ProgressBar } from '../../ui/ProgressBar.js';
import type { RunState } from './runStore.js';

/**
 * What a library entry's screen and the SQL editor share around a run: the parameter form that
 * runs on Enter, the progress line with its Cancel, and how a run that did not finish is shown.
 */

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);
  return <span className="muted">{formatDuration(Math.max(0, now - since))}</span>;
}

export function RunStatus({ state, onCancel }: { state: Extract<RunState, { phase: 'running' }>; onCancel: () => void }) {
  return (
    <div className="run-status">
      <ProgressBar percent={state.percent} testId="query-progress" />
      <span className="run-percent">{state.percent === null ? 'Running…' : `${Math.round(state.percent)}%`}</span>
      <Elapsed since={state.startedAt} />
      <button type="button" data-testid="query-cancel" onClick={onCancel} disabled={state.cancelling}>
        {state.cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}

/** The parameters panel: submitting it (the Run button, or Enter in a field) runs. */
export function RunForm({ onRun, children }: { onRun: () => void; children: ReactNode }) {
  return (
    <form
      className="panel params-panel"
      onSubmit={(e) => {
        e.preventDefault();
        onRun();
      }}
    >
      {children}
    </form>
  );
}

/** A cancelled run's note, or a failed run's error; nothing otherwise. */
export function RunEnding({ state, testId, note }: { state: RunState | undefined; testId: string; note: string }) {
  if (state?.phase === 'failed') return <ErrorBanner error={state.error} />;
  if (state?.phase !== 'cancelled') return null;
  return (
    <div className="banner banner-muted" role="status" data-testid={testId}>
      <div className="banner-body">
        <strong>Query cancelled.</strong> {note}
      </div>
    </div>
  );
}
