import { useEffect, useRef, useState } from 'react';
import type { FileRef, ImportPreview as Preview, ImportResult, TableInfo } from '../../../electron/contract/index.js';
import { useApi } from '../../ui/apiContext.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { describeError, type ShownError } from '../../ui/errors.js';
import { formatBytes, formatCount } from '../../ui/format.js';
import { SampleGrid } from '../../ui/grid/SampleGrid.js';
import { describeDelimiter, humanDateFormat } from './dateFormats.js';
import { RejectsList } from './RejectsList.js';
import { tableNameProblem, type ImportMode } from './tableName.js';

export interface ImportPreviewProps {
  file: FileRef;
  existingTables: readonly TableInfo[];
  onImported: (result: ImportResult) => void;
  onClose: () => void;
}

/**
 * Shows what an import would do before anything is written: the engine reads the file into a
 * staging preview; only Import commits it, Cancel (or leaving) discards it.
 */
export function ImportPreview({ file, existingTables, onImported, onClose }: ImportPreviewProps) {
  const client = useApi();
  const [dateFormat, setDateFormat] = useState<string | undefined>(undefined);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ShownError | null>(null);
  const [table, setTable] = useState('');
  // A ref, not state: typing a name must not re-read the file.
  const tableEdited = useRef(false);
  const [mode, setMode] = useState<ImportMode>('create');
  const [committing, setCommitting] = useState(false);
  // The preview the engine is holding for us; discarded when replaced, cancelled or left.
  const held = useRef<string | null>(null);

  const discard = (previewId: string) => {
    // Best effort: a preview that is already gone needs no cleaning up.
    client['import.discard']({ previewId }).catch(() => undefined);
  };

  useEffect(() => {
    let stale = false;
    setLoading(true);
    setError(null);
    client['import.preview']({ file: file.token, options: dateFormat ? { dateFormat } : {} }).then(
      (next) => {
        if (stale) return discard(next.previewId);
        if (held.current && held.current !== next.previewId) discard(held.current);
        held.current = next.previewId;
        setPreview(next);
        setLoading(false);
        if (!tableEdited.current) setTable(next.suggestedTable);
      },
      (err: unknown) => {
        if (stale) return;
        setError(describeError(err));
        setLoading(false);
      },
    );
    return () => {
      stale = true;
    };
  }, [client, file.token, dateFormat]);

  useEffect(
    () => () => {
      if (held.current) discard(held.current);
      held.current = null;
    },
    [],
  );

  const cancel = () => {
    if (held.current) discard(held.current);
    held.current = null;
    onClose();
  };

  const problem = preview ? tableNameProblem(table, mode, existingTables) : null;
  const canImport = preview !== null && !loading && !committing && problem === null;

  const commit = async () => {
    if (!preview || !canImport) return;
    setCommitting(true);
    setError(null);
    try {
      const result = await client['import.commit']({ previewId: preview.previewId, table, mode });
      held.current = null;
      onImported(result);
    } catch (err) {
      setError(describeError(err));
      setCommitting(false);
    }
  };

  return (
    <section className="screen import-screen" data-testid="import-preview">
      <header className="screen-header">
        <div>
          <h1>Import {file.name}</h1>
          <div className="muted">
            {formatBytes(file.sizeBytes)}
            {preview && ` · ${describeDelimiter(preview.delimiter)} delimited · ${preview.header ? 'header row' : 'no header row'}`}
          </div>
        </div>
        {loading && <span className="status-pill">{preview ? 'Updating preview…' : 'Reading file…'}</span>}
      </header>

      {/* Without a preview the error is all there is to show, so it cannot be dismissed. */}
      {error && <ErrorBanner error={error} onDismiss={preview ? () => setError(null) : undefined} />}

      {preview && (
        <>
          <div className="import-summary">
            <div className="summary-item">
              <span className="label">Date format</span>
              {preview.dateFormatChoices.length > 0 ? (
                <select
                  data-testid="import-date-format"
                  value={preview.dateFormat ?? ''}
                  disabled={loading || committing}
                  onChange={(e) => setDateFormat(e.target.value || undefined)}
                  title={preview.dateFormat ?? undefined}
                >
                  {preview.dateFormat === null && <option value="">No date columns found</option>}
                  {preview.dateFormatChoices.map((f) => (
                    <option key={f} value={f}>
                      {humanDateFormat(f)}
                    </option>
                  ))}
                </select>
              ) : (
                <span>{preview.dateFormat ? humanDateFormat(preview.dateFormat) : 'no date columns'}</span>
              )}
            </div>
            <div className="summary-item summary-counts">
              <span data-testid="rows-accepted" className="count-good">
                {formatCount(preview.rowsAccepted)}
              </span>{' '}
              {preview.rowsAccepted === 1 ? 'row' : 'rows'} will be imported,{' '}
              <span data-testid="rows-rejected" className={preview.rowsRejected > 0 ? 'count-bad' : ''}>
                {formatCount(preview.rowsRejected)}
              </span>{' '}
              rejected
            </div>
          </div>

          <div className="import-body">
            <div className="panel import-columns">
              <h2>
                Columns <span className="muted">({preview.columns.length})</span>
              </h2>
              <table className="plain-table" data-testid="import-columns">
                <tbody>
                  {preview.columns.map((c) => (
                    <tr key={c.name}>
                      <td className="mono">{c.name}</td>
                      <td className="muted mono">{c.type}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="panel import-sample">
              <h2>
                First rows <span className="muted">({preview.sampleRows.length} shown)</span>
              </h2>
              <SampleGrid columns={preview.columns} rows={preview.sampleRows} testId="import-sample" />
            </div>
          </div>

          {preview.rowsRejected > 0 && (
            <RejectsList
              rejects={preview.rejects}
              total={preview.rowsRejected}
              keptIn={problem === null ? `${table}__rejects` : null}
            />
          )}
        </>
      )}

      <footer className="import-footer">
        {preview && (
          <>
            <label className="field-inline">
              <span className="label">Import into table</span>
              <input
                data-testid="import-table-name"
                className={`mono${problem ? ' invalid' : ''}`}
                value={table}
                spellCheck={false}
                onChange={(e) => {
                  setTable(e.target.value);
                  tableEdited.current = true;
                }}
                aria-invalid={problem !== null}
              />
            </label>
            <div className="radio-group" role="radiogroup" aria-label="If the table exists">
              <label>
                <input type="radio" name="import-mode" checked={mode === 'create'} onChange={() => setMode('create')} />
                Create new
              </label>
              <label>
                <input
                  type="radio"
                  name="import-mode"
                  data-testid="import-mode-replace"
                  checked={mode === 'replace'}
                  onChange={() => setMode('replace')}
                />
                Replace existing
              </label>
            </div>
            {problem && (
              <span className="field-error" data-testid="import-table-error">
                {problem}
              </span>
            )}
          </>
        )}
        {!preview && !loading && <span className="muted">Nothing was written to the workspace.</span>}
        <span className="spacer" />
        <button type="button" onClick={cancel} data-testid="import-cancel" disabled={committing}>
          {preview ? 'Cancel' : 'Close'}
        </button>
        {preview && (
          <button type="button" className="primary" data-testid="import-confirm" disabled={!canImport} onClick={commit}>
            {committing ? 'Importing…' : `Import ${formatCount(preview.rowsAccepted)} rows`}
          </button>
        )}
      </footer>
    </section>
  );
}
