import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { QuerySummary } from '../../../electron/contract/index.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { formatDuration } from '../../ui/format.js';
import { ProgressBar } from '../../ui/ProgressBar.js';
import { ResultView } from '../results/ResultView.js';
import type { RunState, RunStore } from '../results/runStore.js';
import { basisOf, type SaveBasis } from '../sql/saveForm.js';
import type { EditorDraft } from '../sql/sqlDraft.js';
import { EntryActions } from './EntryActions.js';
import { editorDraftOf } from './openInEditor.js';
import { ParamForm } from './ParamForm.js';
import { initialInputs, paramProblems, runParams, type ParamInputs } from './params.js';

// What the analyst typed, per query, for as long as the window is open.
const remembered = new Map<string, ParamInputs>();

/** Forgets what was typed for an entry (it was deleted: one imported later starts afresh). */
export function forgetInputs(id: string): void {
  remembered.delete(id);
}

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

interface Props {
  query: QuerySummary;
  runs: RunStore;
  /** Takes the entry's SQL, with its parameters and their values, to the SQL editor. */
  onOpenInEditor: (draft: EditorDraft, basis: SaveBasis) => void;
  onDeleted: (id: string) => void;
}

export function QueryView({ query, runs, onOpenInEditor, onDeleted }: Props) {
  const [inputs, setInputs] = useState<ParamInputs>(() => remembered.get(query.id) ?? initialInputs(query.params));
  const [cancelError, setCancelError] = useState<string | null>(null);
  const state = useSyncExternalStore(runs.subscribe, () => runs.get(query.id));
  const problems = useMemo(() => paramProblems(query.params, inputs), [query.params, inputs]);
  const invalid = Object.keys(problems).length > 0;
  const running = state?.phase === 'running';

  const change = (name: string, value: string) => {
    const next = { ...inputs, [name]: value };
    remembered.set(query.id, next);
    setInputs(next);
  };
  const reset = () => {
    remembered.delete(query.id);
    setInputs(initialInputs(query.params));
  };
  const run = () => {
    if (invalid || running) return;
    setCancelError(null);
    runs.start(query.id, runParams(query.params, inputs));
  };
  const cancel = () => {
    runs.cancel(query.id).catch((err: unknown) => setCancelError(err instanceof Error ? err.message : String(err)));
  };

  return (
    <section className="screen query-screen" data-testid="query-view">
      <header className="screen-header">
        <div>
          <h1>{query.title}</h1>
          <div className="muted">
            {query.theme} · <span className="mono">{query.id}</span> · version {query.version}
            {query.origin === 'user' && (
              <span className="tag tag-own" data-testid="query-own-tag" title="Your own entry, from your own queries folder">
                My query
              </span>
            )}
            {query.rowLevel && <span className="tag tag-warn">row-level</span>}
          </div>
        </div>
      </header>
      <EntryActions
        query={query}
        onDeleted={onDeleted}
        onOpenInEditor={() =>
          onOpenInEditor(editorDraftOf(query, inputs, state?.phase === 'done' ? state.result.params : null), basisOf(query))
        }
      />
      <p className="query-description">{query.description}</p>
      <div className="query-docs">
        {/* Closed at first: definitions run to many paragraphs and would push the form off a laptop screen. */}
        <details className="collapsible">
          <summary>Definition</summary>
          <p className="definition" data-testid="query-definition">
            {query.definition}
          </p>
        </details>
        <details className="collapsible">
          <summary>SQL</summary>
          <pre className="sql" data-testid="query-sql">
            {query.sql}
          </pre>
        </details>
      </div>

      <form
        className="panel params-panel"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <ParamForm specs={query.params} inputs={inputs} problems={problems} disabled={running} onChange={change} />
        <div className="params-actions">
          <button type="submit" className="primary" data-testid="query-run" disabled={invalid || running}>
            Run
          </button>
          {query.params.length > 0 && (
            <button type="button" className="link-button" onClick={reset} disabled={running}>
              Reset to defaults
            </button>
          )}
          {invalid && <span className="field-error">Correct the highlighted parameters to run.</span>}
          {state?.phase === 'running' && <RunStatus state={state} onCancel={cancel} />}
        </div>
      </form>

      {cancelError && <ErrorBanner error={{ code: 'internal', title: 'Could not cancel', message: cancelError }} />}
      {state?.phase === 'cancelled' && (
        <div className="banner banner-muted" role="status" data-testid="query-cancelled">
          <div className="banner-body">
            <strong>Query cancelled.</strong> Nothing was kept; run it again when ready.
          </div>
        </div>
      )}
      {state?.phase === 'failed' && <ErrorBanner error={state.error} />}
      {state?.phase === 'done' && (
        <ResultView result={state.result} title={query.title} countColumns={query.countColumns} rowLevel={query.rowLevel} />
      )}
    </section>
  );
}
