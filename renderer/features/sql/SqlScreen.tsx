import { useCallback, useMemo, useState, useSyncExternalStore, type ChangeEvent } from 'react';
import type { ChartSpec, QuerySummary, TableInfo } from '../../../electron/contract/index.js';
import { ResultView } from '../results/ResultView.js';
import { RunEnding, RunForm, RunStatus } from '../results/RunControls.js';
import type { AdhocRuns } from './adhocRuns.js';
import { completionSchema } from './dialect.js';
import { SaveEntryForm } from './SaveEntryForm.js';
import type { SaveBasis } from './saveForm.js';
import { SqlEditor } from './SqlEditor.js';
import { DRAFT_TYPES, draftProblems, normaliseSql, syncParams, TABLE_ONLY, type EditorDraft, type EditorParam } from './sqlDraft.js';

interface Props {
  tables: readonly TableInfo[];
  draft: EditorDraft;
  onDraft: (draft: EditorDraft) => void;
  /** The library entry the SQL came from, lending the save form its metadata. */
  basis: SaveBasis | null;
  runs: AdhocRuns;
  /** False when this host has no folder for the analyst's own queries. */
  canSave: boolean;
  onSaved: (entry: QuerySummary) => void;
}

function ParamValueInput({ param, invalid, disabled, onChange }: { param: EditorParam; invalid: boolean; disabled: boolean; onChange: (v: string) => void }) {
  const common = {
    'data-testid': `sql-param-value-${param.name}`,
    'aria-label': `Value of $${param.name}`,
    value: param.value,
    disabled,
    'aria-invalid': invalid,
    className: invalid ? 'invalid' : undefined,
    onChange: (e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value),
  };
  if (param.type === 'date') return <input type="date" {...common} />;
  if (param.type === 'int' || param.type === 'number') return <input type="number" step={param.type === 'int' ? 1 : 'any'} {...common} />;
  return <input type="text" spellCheck={false} placeholder={param.type === 'list' ? 'a,b,c' : ''} {...common} />;
}

// One array for every render: the result view redraws its chart when this changes.
const NO_COUNTS: readonly string[] = [];

/** The ad-hoc SQL editor: one read-only SELECT, its `$params`, the result, and saving it as an own entry. */
export function SqlScreen({ tables, draft, onDraft, basis, runs, canSave, onSaved }: Props) {
  const state = useSyncExternalStore(runs.subscribe, runs.get);
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<ChartSpec>(TABLE_ONLY);
  const schema = useMemo(() => completionSchema(tables), [tables]);
  const problems = useMemo(() => draftProblems(draft.params), [draft.params]);
  const running = state?.phase === 'running';
  const empty = normaliseSql(draft.sql) === '';
  const invalid = Object.keys(problems).length > 0;
  const result = state?.phase === 'done' ? state.result : null;
  // Saving keeps what ran: a result of older text (or other values) must be run again first.
  const current = result !== null && result.provenance.sql === normaliseSql(draft.sql);

  const setSql = (sql: string) => onDraft({ sql, params: syncParams(sql, draft.params) });
  const setParam = (name: string, patch: Partial<EditorParam>) =>
    onDraft({ ...draft, params: draft.params.map((p) => (p.name === name ? { ...p, ...patch } : p)) });
  const run = () => {
    if (empty || invalid || running) return;
    setSaving(false);
    runs.start(draft);
  };
  // The same chart again must not redraw it: Plotly redraws on every new figure.
  const onChart = useCallback((chart: ChartSpec) => setPreview((prev) => (JSON.stringify(prev) === JSON.stringify(chart) ? prev : chart)), []);
  const shown = useMemo(() => (result && saving ? { ...result, chart: preview } : result), [result, saving, preview]);

  return (
    <section className="screen sql-screen" data-testid="sql-screen">
      <header className="screen-header">
        <div>
          <h1>SQL editor</h1>
          <div className="muted">
            One read-only SELECT over this workspace's tables. Write <span className="mono">$name</span> for a value given
            below (bound, never pasted into the SQL). <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs it.
          </div>
        </div>
      </header>

      <div className="panel sql-panel">
        <SqlEditor value={draft.sql} onChange={setSql} onRun={run} schema={schema} />
      </div>

      <RunForm onRun={run}>
        {draft.params.length > 0 && (
          <div className="sql-params" data-testid="sql-params">
            {draft.params.map((p) => (
              <div className="sql-param" key={p.name}>
                <span className="mono sql-param-name">${p.name}</span>
                <select
                  aria-label={`Type of $${p.name}`}
                  data-testid={`sql-param-type-${p.name}`}
                  value={p.type}
                  disabled={running}
                  onChange={(e) => setParam(p.name, { type: e.target.value as EditorParam['type'] })}
                >
                  {DRAFT_TYPES.map((t) => (
                    <option key={t.type} value={t.type}>
                      {t.label}
                    </option>
                  ))}
                </select>
                <ParamValueInput param={p} invalid={problems[p.name] !== undefined} disabled={running} onChange={(value) => setParam(p.name, { value })} />
                {problems[p.name] && <span className="field-error">{problems[p.name]}</span>}
              </div>
            ))}
          </div>
        )}
        <div className="params-actions">
          <button type="submit" className="primary" data-testid="sql-run" disabled={empty || invalid || running}>
            Run
          </button>
          {running && <RunStatus state={state} onCancel={() => void runs.cancel().catch(() => undefined)} />}
          {!running && (
            <button
              type="button"
              data-testid="sql-save-open"
              disabled={!current || !canSave || saving}
              title={
                !canSave
                  ? 'This app has no folder for your own queries'
                  : current
                    ? 'Save this SELECT as an entry of your own library'
                    : 'Run the SQL as it is now first: what is saved is what ran'
              }
              onClick={() => setSaving(true)}
            >
              Save as my library entry…
            </button>
          )}
          {result && !current && !running && <span className="muted">The result below is of the SQL as last run.</span>}
        </div>
      </RunForm>

      <RunEnding state={state} testId="sql-cancelled" note="Nothing was kept." />
      {saving && result && current && (
        <SaveEntryForm
          key={result.resultId}
          sql={normaliseSql(draft.sql)}
          params={draft.params}
          columns={result.columns}
          basis={basis}
          onChart={onChart}
          onCancel={() => setSaving(false)}
          onSaved={(entry) => {
            setSaving(false);
            onSaved(entry);
          }}
        />
      )}
      {shown && <ResultView result={shown} title="SQL editor result" countColumns={NO_COUNTS} rowLevel={false} />}
    </section>
  );
}
