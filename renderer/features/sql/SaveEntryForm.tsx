import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ChartSpec, Column, QuerySummary } from '../../../electron/contract/index.js';
import { useApi } from '../../ui/apiContext.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { describeError, type ShownError } from '../../ui/errors.js';
import {
  CHART_CHOICES,
  chartOf,
  initialSaveForm,
  saveFormProblems,
  THEMES,
  toEntryDraft,
  type FormParam,
  type SaveBasis,
  type SaveForm,
} from './saveForm.js';
import { DRAFT_TYPES, type EditorParam } from './sqlDraft.js';

interface Props {
  sql: string;
  params: readonly EditorParam[];
  columns: readonly Column[];
  basis: SaveBasis | null;
  /** The chart as chosen so far, for the result view to preview. */
  onChart: (chart: ChartSpec) => void;
  onSaved: (entry: QuerySummary) => void;
  onCancel: () => void;
}

function Field({ label, problem, children, wide }: { label: string; problem?: string | undefined; children: ReactNode; wide?: boolean }) {
  return (
    <label className={`save-field${wide ? ' wide' : ''}`}>
      <span className="label">{label}</span>
      {children}
      {problem && <span className="field-error">{problem}</span>}
    </label>
  );
}

/** A drop-down of fixed choices; a bare string is a choice shown as itself. */
function Choices<T extends string>(props: { testId: string; value: T; choices: readonly (T | { value: T; label: string })[]; onChange: (value: T) => void }) {
  return (
    <select data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
      {props.choices.map((c) => {
        const { value, label } = typeof c === 'string' ? { value: c, label: c } : c;
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </select>
  );
}

const THEME_CHOICES = [{ value: '' as const, label: 'Choose…' }, ...THEMES];
const CHART_OPTIONS = CHART_CHOICES.map((c) => ({ value: c.type, label: c.label }));

/** "Save as my library entry": metadata, parameters and output settings for `<id>.sql`. */
export function SaveEntryForm({ sql, params, columns, basis, onChart, onSaved, onCancel }: Props) {
  const client = useApi();
  const [form, setForm] = useState<SaveForm>(() => initialSaveForm(basis, params, columns));
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [confirm, setConfirm] = useState<{ id: string; title: string } | null>(null);
  const problems = useMemo(() => saveFormProblems(form, columns), [form, columns]);
  const chart = useMemo(() => chartOf(form, basis, columns), [form, basis, columns]);
  const show = (field: string) => (tried ? problems[field] : undefined);

  useEffect(() => onChart(chart), [chart, onChart]);

  const set = <K extends keyof SaveForm>(key: K, value: SaveForm[K]) => {
    setConfirm(null);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const setParam = (name: string, patch: Partial<FormParam>) =>
    set(
      'params',
      form.params.map((p) => (p.name === name ? { ...p, ...patch } : p)),
    );
  const toggleCount = (name: string, on: boolean) =>
    set('countColumns', on ? columns.map((c) => c.name).filter((c) => c === name || form.countColumns.includes(c)) : form.countColumns.filter((c) => c !== name));

  const save = async (overwrite: boolean) => {
    setTried(true);
    if (Object.keys(problems).length > 0 || saving) return;
    setSaving(true);
    setError(null);
    try {
      const outcome = await client['library.save']({ entry: toEntryDraft(form, sql, chart), overwrite });
      if (outcome.status === 'exists') setConfirm({ id: outcome.id, title: outcome.title });
      else onSaved(outcome.entry);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setSaving(false);
    }
  };

  const names = columns.map((c) => c.name);
  return (
    <form
      className="panel save-form"
      data-testid="save-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <h2>Save as my library entry</h2>
      <p className="muted">
        Written as <span className="mono">{form.id || '<id>'}.sql</span> in your own queries folder (not in the app, not in the
        workspace), in the library's file format, and checked like the app's entries. It is listed under its theme, marked
        “My query”.
      </p>
      <div className="save-grid">
        <Field label="Id" problem={show('id')}>
          <input type="text" data-testid="save-id" value={form.id} spellCheck={false} onChange={(e) => set('id', e.target.value)} />
        </Field>
        <Field label="Title" problem={show('title')}>
          <input type="text" data-testid="save-title" value={form.title} onChange={(e) => set('title', e.target.value)} />
        </Field>
        <Field label="Theme" problem={show('theme')}>
          <Choices testId="save-theme" value={form.theme} choices={THEME_CHOICES} onChange={(t) => set('theme', t)} />
        </Field>
        <Field label="Version" problem={show('version')}>
          <input type="text" data-testid="save-version" value={form.version} onChange={(e) => set('version', e.target.value)} />
        </Field>
        <Field label="Description (one or two sentences for the list)" problem={show('description')} wide>
          <textarea data-testid="save-description" rows={2} value={form.description} onChange={(e) => set('description', e.target.value)} />
        </Field>
        <Field label="Definition (what is counted, over which period, and every decision taken)" wide>
          <textarea
            data-testid="save-definition"
            rows={3}
            placeholder="Blank: the description above is the definition"
            value={form.definition}
            onChange={(e) => set('definition', e.target.value)}
          />
        </Field>
      </div>

      {form.params.length > 0 && (
        <table className="plain-table save-params" data-testid="save-params">
          <thead>
            <tr>
              <th>Parameter</th>
              <th>Type</th>
              <th>Label</th>
              <th>Default (blank: asked for on every run)</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {form.params.map((p) => (
              <tr key={p.name}>
                <td className="mono">${p.name}</td>
                <td>{DRAFT_TYPES.find((t) => t.type === p.type)?.label ?? p.type}</td>
                <td>
                  <input type="text" data-testid={`save-param-label-${p.name}`} value={p.label} onChange={(e) => setParam(p.name, { label: e.target.value })} />
                </td>
                <td>
                  <input
                    type="text"
                    data-testid={`save-param-default-${p.name}`}
                    value={p.default}
                    onChange={(e) => setParam(p.name, { default: e.target.value })}
                  />
                  {show(`param:${p.name}`) && <div className="field-error">{show(`param:${p.name}`)}</div>}
                </td>
                <td>
                  <input type="text" value={p.description} placeholder="Blank: the label" onChange={(e) => setParam(p.name, { description: e.target.value })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className="save-output">
        <Field label="Chart">
          <Choices testId="save-chart" value={form.chartType} choices={CHART_OPTIONS} onChange={(t) => set('chartType', t)} />
        </Field>
        {form.chartType !== 'none' && (
          <>
            <Field label="Categories (x)" problem={show('chartX')}>
              <Choices testId="save-chart-x" value={form.chartX} choices={names} onChange={(n) => set('chartX', n)} />
            </Field>
            <Field label="Values (y)" problem={show('chartY')}>
              <Choices testId="save-chart-y" value={form.chartY} choices={names} onChange={(n) => set('chartY', n)} />
            </Field>
          </>
        )}
        <fieldset className="save-counts">
          <legend className="label">Count columns (disclosure control on export)</legend>
          {names.map((n) => (
            <label key={n} className="check">
              <input type="checkbox" data-testid={`save-count-${n}`} checked={form.countColumns.includes(n)} onChange={(e) => toggleCount(n, e.target.checked)} />
              <span className="mono">{n}</span>
            </label>
          ))}
        </fieldset>
        <label className="check save-rowlevel">
          <input type="checkbox" data-testid="save-row-level" checked={form.rowLevel} onChange={(e) => set('rowLevel', e.target.checked)} />
          Row-level result (one row per person: personal data)
        </label>
      </div>

      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {confirm && (
        <div className="banner banner-warn" role="alert" data-testid="save-confirm">
          <div className="banner-body">
            <strong>You already have a query with the id {confirm.id}</strong> (“{confirm.title}”). Replace it with this version?
          </div>
          <button type="button" className="warn" data-testid="save-replace" disabled={saving} onClick={() => void save(true)}>
            Replace it
          </button>
          <button type="button" onClick={() => setConfirm(null)}>
            Keep mine
          </button>
        </div>
      )}
      <div className="params-actions">
        <button type="submit" className="primary" data-testid="save-submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save to my library'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {tried && Object.keys(problems).length > 0 && <span className="field-error">Correct the highlighted fields to save.</span>}
      </div>
    </form>
  );
}
