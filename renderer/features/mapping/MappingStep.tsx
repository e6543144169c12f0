import { useMemo, useState, type ReactNode } from 'react';
import type { Column, ColumnKind, ImportPreview, ProfileSummary } from '../../../electron/contract/index.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import type { ShownError } from '../../ui/errors.js';
import { formatBytes, formatCount } from '../../ui/format.js';
import { SampleGrid } from '../../ui/grid/SampleGrid.js';
import { canonicalTables, valueKind } from './canonicalSpec.js';
import { LayoutBanner } from './LayoutBanner.js';
import type { MappingState } from './mappingSession.js';
import { MappingTable } from './MappingTable.js';
import { groupProblems } from './problems.js';
import { ProfileBar } from './ProfileBar.js';

export interface MappingEdits {
  onSource: (column: string, source: string | null) => void;
  onCode: (column: string, value: string, canonical: string | null | undefined) => void;
  onDateFormat: (column: string, format: string | undefined) => void;
  onBlankAs: (column: string, value: string | undefined) => void;
}

export interface MappingStepProps extends MappingEdits {
  preview: ImportPreview;
  table: string;
  state: MappingState;
  profiles: readonly ProfileSummary[] | null;
  profileMessage: string | null;
  busy: boolean;
  error: ShownError | null;
  /** Shown above the table while the extract is read again (the profile asked for another sheet…). */
  rereading: ReactNode;
  onDismissError: () => void;
  onTable: (table: string) => void;
  onChooseProfile: (name: string) => void;
  onSaveProfile: (name: string) => void;
  onExportProfile: () => void;
  onImportProfile: () => void;
  onBack: () => void;
  onNext: () => void;
}

const KIND: Record<ReturnType<typeof valueKind>, ColumnKind> = {
  text: 'text',
  int: 'number',
  number: 'number',
  date: 'date',
  bool: 'bool',
};

/** Step one: which extract column fills each canonical column, and how its values translate. */
export function MappingStep(props: MappingStepProps) {
  const { state, preview } = props;
  const [openCodes, setOpenCodes] = useState<string | null>(null);
  const result = state.result;
  const sampleColumns = useMemo<Column[]>(
    () => (result?.columns ?? []).map((c) => ({ name: c.column, type: c.type, kind: KIND[valueKind(c.type)] })),
    [result?.columns],
  );
  const problems = result ? groupProblems(result.problems) : [];
  const failedTotal = result?.columns.reduce((n, c) => n + c.failed, 0) ?? 0;
  const showLayout = state.applied !== null && result !== null && state.profile !== null && result.profile.name === state.applied;

  return (
    <section className="screen mapping-screen" data-testid="mapping-screen">
      <header className="screen-header">
        <div>
          <h1>
            Map {preview.fileName} onto{' '}
            <select
              className="heading-select mono"
              data-testid="mapping-table-select"
              aria-label="Canonical table"
              value={props.table}
              disabled={props.busy}
              onChange={(e) => props.onTable(e.target.value)}
            >
              {canonicalTables.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                </option>
              ))}
            </select>
          </h1>
          <div className="muted">
            {formatBytes(preview.sizeBytes)} · {preview.columns.length} columns ·{' '}
            {result ? `${formatCount(result.rowsTotal)} rows` : `${formatCount(preview.rowsAccepted)} rows read`}
            {' · '}
            {canonicalTables.find((t) => t.name === props.table)?.title ?? ''}
          </div>
        </div>
        {state.checking && <span className="status-pill">Checking…</span>}
      </header>

      <ProfileBar
        table={props.table}
        profiles={props.profiles}
        currentName={state.profile?.name ?? props.table}
        applied={state.applied}
        busy={props.busy || state.profile === null}
        message={props.profileMessage}
        onChoose={props.onChooseProfile}
        onSave={props.onSaveProfile}
        onExport={props.onExportProfile}
        onImport={props.onImportProfile}
      />

      {props.error && <ErrorBanner error={props.error} onDismiss={props.onDismissError} />}
      {state.error && <ErrorBanner error={state.error} />}
      {props.rereading}
      {showLayout && state.profile && result && (
        <LayoutBanner name={state.applied ?? ''} layout={result.layout} profile={state.profile} />
      )}

      {state.profile ? (
        <div className="panel mapping-panel">
          <MappingTable
            profile={state.profile}
            result={result}
            checking={state.checking}
            sourceColumns={preview.columns}
            sampleRows={preview.sampleRows}
            openCodes={openCodes}
            disabled={props.busy}
            onToggleCodes={(c) => setOpenCodes((open) => (open === c ? null : c))}
            onSource={props.onSource}
            onCode={props.onCode}
            onDateFormat={props.onDateFormat}
            onBlankAs={props.onBlankAs}
          />
        </div>
      ) : (
        !state.error && <p className="muted">Proposing a mapping from the column names and values…</p>
      )}

      {result && result.sampleRows.length > 0 && (
        <div className="panel mapping-sample">
          <h2>
            Mapped rows <span className="muted">(first {result.sampleRows.length}, as they will be loaded)</span>
          </h2>
          <SampleGrid columns={sampleColumns} rows={result.sampleRows} testId="mapping-sample" />
        </div>
      )}

      <footer className="import-footer">
        <button type="button" data-testid="mapping-back" onClick={props.onBack}>
          ← Back to the preview
        </button>
        <span className="muted" data-testid="mapping-status">
          {result === null
            ? ''
            : `${failedTotal > 0 ? `${formatCount(failedTotal)} values failed to convert. ` : ''}${
                problems.length === 0 ? 'No problems found.' : `${problems.length} ${problems.length === 1 ? 'kind of problem' : 'kinds of problem'} to review.`
              }`}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          data-testid="mapping-next"
          disabled={state.profile === null || props.busy}
          onClick={props.onNext}
        >
          Check and continue →
        </button>
      </footer>
    </section>
  );
}
