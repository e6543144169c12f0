import { useEffect, useRef, useState } from 'react';
import type {
  FileRef,
  ImportOptions,
  ImportPreview as Preview,
  ImportResult,
  TableInfo,
} from '../../../electron/contract/index.js';
import { useApi } from '../../ui/apiContext.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { describeError, type ShownError } from '../../ui/errors.js';
import { formatBytes, formatCount } from '../../ui/format.js';
import { SampleGrid } from '../../ui/grid/SampleGrid.js';
import { canonicalTables, isCanonicalTable } from '../mapping/canonicalSpec.js';
import { MappingFlow } from '../mapping/MappingFlow.js';
import { createMappingSession, type MappingSession } from '../mapping/mappingSession.js';
import { describeDelimiter } from './dateFormats.js';
import { JobProgress } from './JobProgress.js';
import { ENCODING_WORDS } from './readOptions.js';
import { ReadOptionsBar } from './ReadOptionsBar.js';
import { RejectsList } from './RejectsList.js';
import { tableNameProblem, type ImportMode } from './tableName.js';
import { useImportJob } from './useImportJob.js';

/** An import aimed at one table from the start (replacing a reference table with the analyst's own file). */
export interface ImportTarget {
  table: string;
  mode: 'replace';
}

export interface ImportPreviewProps {
  file: FileRef;
  existingTables: readonly TableInfo[];
  target?: ImportTarget | null;
  onImported: (result: ImportResult) => void;
  onClose: () => void;
}

function CancelledRead({ onRetry }: { onRetry: () => void }) {
  return (
    <div className="banner banner-muted" role="status" data-testid="import-read-cancelled">
      <div className="banner-body">
        <strong>Reading cancelled.</strong> Nothing was changed in the workspace.{' '}
        <button type="button" className="link-button" onClick={onRetry}>
          Read the file again
        </button>
      </div>
    </div>
  );
}

/**
 * Shows what an import would do before anything is written: the engine reads the file into a
 * staging preview; only an import commits it, Cancel (or leaving) discards it. From here the
 * analyst imports the columns as read, or maps them onto a canonical table.
 */
export function ImportPreview({ file, existingTables, target = null, onImported, onClose }: ImportPreviewProps) {
  const client = useApi();
  const [options, setOptions] = useState<ImportOptions>({});
  // Bumped to read the file again after a cancelled read.
  const [attempt, setAttempt] = useState(0);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [readCancelled, setReadCancelled] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [table, setTable] = useState(target?.table ?? '');
  // A ref, not state: typing a name must not re-read the file.
  const tableEdited = useRef(target !== null);
  const [mode, setMode] = useState<ImportMode>(target?.mode ?? 'create');
  const [mapTable, setMapTable] = useState(target && isCanonicalTable(target.table) ? target.table : '');
  const mapEdited = useRef(target !== null);
  const [stage, setStage] = useState<'preview' | 'map'>('preview');
  // Created on the first "Map", then kept while this file is open so the mapping survives a look back.
  const [mapping, setMapping] = useState<MappingSession | null>(null);
  useEffect(() => () => mapping?.dispose(), [mapping]);
  const [commitCancelled, setCommitCancelled] = useState(false);
  const reading = useImportJob(client);
  const committing = useImportJob(client);
  // The preview the engine is holding for us; discarded when replaced, cancelled or left.
  const held = useRef<string | null>(null);
  const loading = reading.status !== null;

  const discard = (previewId: string) => {
    // Best effort: a preview that is already gone needs no cleaning up.
    client['import.discard']({ previewId }).catch(() => undefined);
  };

  const { run: runRead, cancel: cancelRead } = reading;
  useEffect(() => {
    let stale = false;
    setError(null);
    setReadCancelled(false);
    // A read still going for older options is no longer wanted.
    void cancelRead().catch(() => undefined);
    runRead((jobId) => client['import.preview']({ file: file.token, options, jobId })).then(
      (outcome) => {
        if (outcome.kind === 'cancelled') {
          if (!stale) setReadCancelled(true);
          return;
        }
        const next = outcome.value;
        if (stale) return discard(next.previewId);
        if (held.current && held.current !== next.previewId) discard(held.current);
        held.current = next.previewId;
        setPreview(next);
        if (!tableEdited.current) setTable(next.suggestedTable);
        if (!mapEdited.current) setMapTable(next.suggestedCanonical ?? '');
      },
      (err: unknown) => {
        if (!stale) setError(describeError(err));
      },
    );
    return () => {
      stale = true;
    };
    // discard only reads the client.
  }, [client, file.token, options, attempt, runRead, cancelRead]);

  useEffect(
    () => () => {
      if (held.current) discard(held.current);
      held.current = null;
    },
    [],
  );

  const close = () => {
    if (held.current) discard(held.current);
    held.current = null;
    onClose();
  };

  const imported = (result: ImportResult) => {
    // The commit consumed the preview: nothing left to discard.
    held.current = null;
    onImported(result);
  };

  const busy = loading || committing.status !== null;

  const openMapping = () => {
    if (!preview || mapTable === '') return;
    let session = mapping;
    if (!session) {
      session = createMappingSession(client, preview.previewId);
      setMapping(session);
    }
    if (session.get().profile?.table !== mapTable) void session.propose(mapTable);
    setStage('map');
  };
  const problem = preview ? tableNameProblem(table, mode, existingTables) : null;
  const canImport = preview !== null && !busy && problem === null;

  const commit = async () => {
    if (!preview || !canImport) return;
    setError(null);
    setCommitCancelled(false);
    try {
      const outcome = await committing.run((jobId) =>
        client['import.commit']({ previewId: preview.previewId, table, mode, jobId }),
      );
      if (outcome.kind === 'done') imported(outcome.value);
      else setCommitCancelled(true);
    } catch (err) {
      setError(describeError(err));
    }
  };

  const readProgress = reading.status && (
    <div className="panel reading-panel">
      <JobProgress status={reading.status} onCancel={() => void cancelRead().catch((err: unknown) => setError(describeError(err)))} />
    </div>
  );

  if (stage === 'map' && preview && mapping) {
    return (
      <MappingFlow
        preview={preview}
        session={mapping}
        initialTable={mapTable}
        fixedMode={target?.mode ?? null}
        existingTables={existingTables}
        readOptions={options}
        rereading={
          <>
            {readProgress}
            {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
            {readCancelled && <CancelledRead onRetry={() => setAttempt((n) => n + 1)} />}
          </>
        }
        onReread={setOptions}
        onTable={(t) => {
          setMapTable(t);
          mapEdited.current = true;
        }}
        onBack={() => setStage('preview')}
        onImported={imported}
      />
    );
  }

  return (
    <section className="screen import-screen" data-testid="import-preview">
      <header className="screen-header">
        <div>
          <h1>Import {file.name}</h1>
          <div className="muted">
            {formatBytes(file.sizeBytes)}
            {preview &&
              (preview.format === 'xlsx'
                ? ` · Excel workbook · ${preview.sheets.length} ${preview.sheets.length === 1 ? 'sheet' : 'sheets'}`
                : ` · ${ENCODING_WORDS[preview.encoding]} · ${describeDelimiter(preview.delimiter)} delimited`)}
            {preview && ` · ${preview.header ? `header on row ${preview.headerRow}` : 'no header row'}`}
            {target && (
              <>
                {' · '}
                <strong>replaces {target.table}</strong>
              </>
            )}
          </div>
        </div>
        {loading && !readProgress && <span className="status-pill">Reading file…</span>}
        <span className="spacer" />
        <button type="button" onClick={close} data-testid="import-cancel" disabled={committing.status !== null}>
          {preview ? 'Cancel import' : 'Close'}
        </button>
      </header>

      {readProgress}
      {readCancelled && <CancelledRead onRetry={() => setAttempt((n) => n + 1)} />}
      {commitCancelled && (
        <div className="banner banner-muted" role="status" data-testid="import-cancelled">
          <div className="banner-body">
            <strong>Import cancelled.</strong> Nothing was changed in the workspace.
          </div>
        </div>
      )}
      {/* Without a preview the error is all there is to show, so it cannot be dismissed. */}
      {error && <ErrorBanner error={error} onDismiss={preview ? () => setError(null) : undefined} />}

      {preview && (
        <>
          <ReadOptionsBar preview={preview} options={options} disabled={busy} onChange={setOptions}>
            <div className="summary-item summary-counts">
              <span data-testid="rows-accepted" className="count-good">
                {formatCount(preview.rowsAccepted)}
              </span>{' '}
              {preview.rowsAccepted === 1 ? 'row' : 'rows'} read,{' '}
              <span data-testid="rows-rejected" className={preview.rowsRejected > 0 ? 'count-bad' : ''}>
                {formatCount(preview.rowsRejected)}
              </span>{' '}
              rejected
            </div>
          </ReadOptionsBar>

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

      {!preview && !loading && <p className="muted">Nothing was written to the workspace.</p>}
      {preview && (
        <footer className="import-footer import-choices">
          <div className="footer-row" data-testid="import-as-read">
            <span className="choice-label">Import as read</span>
            <label className="field-inline">
              <span className="label">into table</span>
              <input
                data-testid="import-table-name"
                className={`mono${problem ? ' invalid' : ''}`}
                value={table}
                spellCheck={false}
                disabled={target !== null}
                onChange={(e) => {
                  setTable(e.target.value);
                  tableEdited.current = true;
                }}
                aria-invalid={problem !== null}
              />
            </label>
            <div className="radio-group" role="radiogroup" aria-label="If the table exists">
              <label>
                <input
                  type="radio"
                  name="import-mode"
                  checked={mode === 'create'}
                  disabled={target !== null}
                  onChange={() => setMode('create')}
                />
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
            <span className="spacer" />
            {committing.status && (
              <JobProgress status={committing.status} onCancel={() => void committing.cancel().catch((err: unknown) => setError(describeError(err)))} />
            )}
            <button
              type="button"
              className={preview.suggestedCanonical ? '' : 'primary'}
              data-testid="import-confirm"
              disabled={!canImport}
              onClick={commit}
            >
              {committing.status ? 'Importing…' : `Import ${formatCount(preview.rowsAccepted)} rows`}
            </button>
          </div>
          <div className="footer-row">
            <span className="choice-label">or map to a canonical table</span>
            <select
              data-testid="import-map-table"
              aria-label="Canonical table"
              value={mapTable}
              disabled={busy}
              onChange={(e) => {
                setMapTable(e.target.value);
                mapEdited.current = true;
              }}
            >
              <option value="">Choose a table…</option>
              {canonicalTables.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name} — {t.title}
                </option>
              ))}
            </select>
            {preview.suggestedCanonical && mapTable === preview.suggestedCanonical && (
              <span className="field-hint">suggested from the column names</span>
            )}
            <span className="spacer" />
            <button
              type="button"
              className={preview.suggestedCanonical ? 'primary' : ''}
              data-testid="import-map"
              disabled={busy || mapTable === ''}
              onClick={openMapping}
            >
              Map to canonical table…
            </button>
          </div>
        </footer>
      )}
    </section>
  );
}
