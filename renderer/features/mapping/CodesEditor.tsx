import type { ColumnMapping, MappedColumn, Row } from '../../../electron/contract/index.js';
import { formatCount } from '../../ui/format.js';
import { humanDateFormat } from '../import/dateFormats.js';
import { codeChoices, TEXT_DATE_FORMATS, valueKind } from './canonicalSpec.js';
import { codeValues } from './codeValues.js';

// Select values standing for "no code" and "blank"; the other options carry canonical values, never these.
const AS_READ = '';
const BLANK = '__blank__';

export interface CodesEditorProps {
  column: string;
  type: string;
  mapping: ColumnMapping | undefined;
  mapped: MappedColumn | undefined;
  /** The import preview's first rows, for values that have not failed (yet). */
  sampleRows: readonly Row[];
  disabled: boolean;
  onCode: (value: string, canonical: string | null | undefined) => void;
  onDateFormat: (format: string | undefined) => void;
  onBlankAs: (value: string | undefined) => void;
}

/** Local codes → canonical values for one column, or the format of a date held as text. */
export function CodesEditor(props: CodesEditorProps) {
  const { column, type, mapping, mapped } = props;
  const kind = valueKind(type);
  if (kind === 'date') return <DateFormatEditor {...props} />;
  const choices = codeChoices(column, type) ?? [];
  const values = codeValues({ mapping, mapped, sampleRows: props.sampleRows });
  return (
    <div className="codes-editor" data-testid={`codes-${column}`}>
      <div className="codes-head">
        <span>
          Map the extract’s values onto <span className="mono">{column}</span>’s canonical values. Values left “as read”
          must already be canonical (matched ignoring case).
        </span>
        {kind === 'bool' && (
          <label className="field-inline">
            <span className="label">A blank means</span>
            <select
              data-testid={`blank-as-${column}`}
              value={mapping?.blankAs ?? ''}
              disabled={props.disabled}
              onChange={(e) => props.onBlankAs(e.target.value || undefined)}
            >
              <option value="">unknown (blank)</option>
              <option value="false">false (no)</option>
              <option value="true">true (yes)</option>
            </select>
          </label>
        )}
      </div>
      {values.length === 0 ? (
        <p className="muted">No values to map: the sample holds only blanks, and nothing failed to convert.</p>
      ) : (
        <div className="codes-grid">
          {values.map((v) => (
            <label key={v.value} className={`code-row${v.failed ? ' code-failed' : ''}`}>
              <span className="code-value mono" title={v.value}>
                {v.value}
              </span>
              <span className="code-count">{v.failed ? `${formatCount(v.failed)} failed` : ''}</span>
              <span className="code-arrow" aria-hidden="true">
                →
              </span>
              <select
                data-testid={`code-${column}-${v.value}`}
                aria-label={`${column}: ${v.value}`}
                value={v.mapped === undefined ? AS_READ : v.mapped === null ? BLANK : v.mapped}
                disabled={props.disabled}
                onChange={(e) => {
                  const next = e.target.value;
                  props.onCode(v.value, next === AS_READ ? undefined : next === BLANK ? null : next);
                }}
              >
                <option value={AS_READ}>as read</option>
                {choices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
                <option value={BLANK}>blank (unknown)</option>
              </select>
            </label>
          ))}
        </div>
      )}
    </div>
  );
}

function DateFormatEditor({ column, mapping, mapped, disabled, onDateFormat }: CodesEditorProps) {
  const current = mapping?.dateFormat;
  const formats = current && !TEXT_DATE_FORMATS.includes(current) ? [current, ...TEXT_DATE_FORMATS] : TEXT_DATE_FORMATS;
  const failed = mapped?.failedValues ?? [];
  return (
    <div className="codes-editor" data-testid={`codes-${column}`}>
      <div className="codes-head">
        <label className="field-inline">
          <span className="label">Dates held as text are written</span>
          <select
            data-testid={`date-format-${column}`}
            value={current ?? ''}
            disabled={disabled}
            onChange={(e) => onDateFormat(e.target.value || undefined)}
          >
            <option value="">as read (already dates)</option>
            {formats.map((f) => (
              <option key={f} value={f}>
                {humanDateFormat(f)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {failed.length > 0 && (
        <p className="muted">
          Not read as dates:{' '}
          {failed.slice(0, 8).map((f, i) => (
            <span key={f.value}>
              {i > 0 && ', '}
              <span className="mono">{f.value}</span> ({formatCount(f.count)})
            </span>
          ))}
          {failed.length > 8 && ' …'}
        </p>
      )}
    </div>
  );
}
