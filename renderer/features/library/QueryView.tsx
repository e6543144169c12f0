import { useMemo, useState, useSyncExternalStore } from 'react';
import type { QuerySummary } from '../../../electron/contract/index.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { ResultView } from '../results/ResultView.js';
import { RunEnding, RunForm, RunStatus } from '../results/RunControls.js';
import type { RunStore } from '../results/runStore.js';
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

      <RunForm onRun={run}>
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
      </RunForm>

      {cancelError && <ErrorBanner error={{ code: 'internal', title: 'Could not cancel', message: cancelError }} />}
      <RunEnding state={state} testId="query-cancelled" note="Nothing was kept; run it again when ready." />
      {state?.phase === 'done' && (
        <ResultView result={state.result} title={query.title} countColumns={query.countColumns} rowLevel={query.rowLevel} />
      )}
    </section>
  );
}
