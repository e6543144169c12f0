import { useMemo } from 'react';
import { SUPPRESSED, type Cell, type Column, type ExportPreview, type HiddenCell } from '../../../electron/contract/index.js';
import { formatCount, formatNumber, numberStyleFor } from '../../ui/format.js';
import { hiddenIndex } from './protectedRows.js';

/** Rows shown on screen; the file has them all. */
const SHOWN_ROWS = 200;

const WHY: Record<HiddenCell['why'], string> = {
  primary: 'Hidden: a small count',
  secondary: 'Hidden so a small count cannot be worked out from a total',
  derived: 'Hidden: worked out from a hidden count',
};

function show(cell: Cell, column: Column | undefined, countColumns: readonly string[]): string {
  if (cell === null) return '';
  if (typeof cell === 'number' && column) return formatNumber(cell, numberStyleFor(column, countColumns));
  return String(cell);
}

interface Props {
  preview: ExportPreview;
  columns: readonly Column[];
  countColumns: readonly string[];
}

/** The table as it will be exported: every hidden cell reads [c] and is marked, with why on hover. */
export function PreviewTable({ preview, columns, countColumns }: Props) {
  const byName = useMemo(() => new Map(columns.map((c) => [c.name, c])), [columns]);
  const hidden = useMemo(() => hiddenIndex(preview.hidden), [preview.hidden]);
  const rows = preview.rows.slice(0, SHOWN_ROWS);
  const numeric = preview.columns.map((name) => byName.get(name)?.kind === 'number');

  return (
    <div className="export-preview-table" data-testid="export-preview-table">
      <div className="export-table-scroll">
        <table className="plain-table">
          <thead>
            <tr>
              {preview.columns.map((name, i) => (
                <th key={name} className={numeric[i] ? 'num' : undefined}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((cells, r) => (
              <tr key={r}>
                {preview.columns.map((name, i) => {
                  const cell = cells[i] ?? null;
                  const why = hidden.get(`${r}:${name}`);
                  const suppressed = cell === SUPPRESSED;
                  return (
                    <td
                      key={name}
                      data-col={name}
                      className={[numeric[i] ? 'num' : '', suppressed ? `suppressed suppressed-${why ?? 'primary'}` : ''].join(' ').trim() || undefined}
                      title={suppressed ? WHY[why ?? 'primary'] : undefined}
                    >
                      {suppressed ? SUPPRESSED : show(cell, byName.get(name), countColumns)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(rows.length < preview.rowCount || !preview.complete) && (
        <p className="muted chart-note">
          Showing the first {formatCount(rows.length)} of {formatCount(preview.rowCount)} rows; the file has them all.
        </p>
      )}
    </div>
  );
}
