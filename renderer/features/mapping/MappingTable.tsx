import { Fragment } from 'react';
import type { Column, MappedColumn, MappingPreview, MappingProfile, Row } from '../../../electron/contract/index.js';
import { formatCount } from '../../ui/format.js';
import { canonicalTableSpec, codeChoices, columnDescription, valueKind, type ValueKind } from './canonicalSpec.js';
import { CodesEditor } from './CodesEditor.js';

const KIND_WORDS: Record<ValueKind, string> = {
  text: 'text',
  int: 'whole number',
  number: 'number',
  date: 'date',
  bool: 'true/false',
};

export interface MappingTableProps {
  profile: MappingProfile;
  /** The engine's latest check (may lag the profile while `checking`). */
  result: MappingPreview | null;
  checking: boolean;
  /** The extract's columns and first rows, as the import preview read them. */
  sourceColumns: readonly Column[];
  sampleRows: readonly Row[];
  /** Canonical column whose codes editor is open. */
  openCodes: string | null;
  disabled: boolean;
  onToggleCodes: (column: string) => void;
  onSource: (column: string, source: string | null) => void;
  onCode: (column: string, value: string, canonical: string | null | undefined) => void;
  onDateFormat: (column: string, format: string | undefined) => void;
  onBlankAs: (column: string, value: string | undefined) => void;
}

interface RowModel {
  column: string;
  type: string;
  required: boolean;
  mapped: MappedColumn | undefined;
}

/** One row per canonical column: engine's list when it has answered, the profile's until then. */
function rowsOf(profile: MappingProfile, result: MappingPreview | null): RowModel[] {
  if (result && result.table === profile.table) {
    return result.columns.map((c) => ({ column: c.column, type: c.type, required: c.required, mapped: c }));
  }
  const spec = Object.keys(canonicalTableSpec(profile.table)?.columns ?? {});
  const names = [...new Set([...spec, ...Object.keys(profile.columns)])];
  return names.map((column) => ({ column, type: '', required: false, mapped: undefined }));
}

/** Whether a column needs the codes / date-format editor, and what its button says. */
export function editorFor(row: RowModel, profile: MappingProfile, sourceColumns: readonly Column[]): string | null {
  const m = profile.columns[row.column];
  const kind = valueKind(row.type);
  if (kind === 'date') {
    const source = sourceColumns.find((c) => c.name === m?.source);
    const asText = source !== undefined && source.kind === 'text';
    return asText || m?.dateFormat || (row.mapped?.failed ?? 0) > 0 ? 'Date format…' : null;
  }
  if (!codeChoices(row.column, row.type)) return null;
  const n = Object.keys(m?.codes ?? {}).length;
  return n > 0 ? `Codes (${n})…` : 'Codes…';
}

export function MappingTable(props: MappingTableProps) {
  const { profile, result, sourceColumns } = props;
  const rows = rowsOf(profile, result);
  const names = new Set(sourceColumns.map((c) => c.name));
  const stale = props.checking ? ' stale' : '';
  return (
    <table className="plain-table mapping-table" data-testid="mapping-table">
      <thead>
        <tr>
          <th>Canonical column</th>
          <th>Type</th>
          <th>Meaning</th>
          <th>From the extract’s column</th>
          <th className="num" title="Values that became the column's type (or canonical code)">Converted</th>
          <th className="num" title="Non-blank values that could not be converted">Failed</th>
          <th className="num">Blank</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const m = profile.columns[row.column];
          const source = m?.source ?? null;
          const missingSource = source !== null && !names.has(source);
          const unmappedRequired = row.required && source === null;
          const editor = editorFor(row, profile, sourceColumns);
          const open = props.openCodes === row.column && editor !== null;
          const failed = row.mapped?.failed ?? 0;
          return (
            <Fragment key={row.column}>
              <tr className={`${open ? 'open' : ''}${unmappedRequired || missingSource ? ' row-problem' : ''}`}>
                <td className="mono nowrap">
                  {row.column}
                  {row.required && (
                    <span className="required" title="Required">
                      {' '}
                      *
                    </span>
                  )}
                </td>
                <td className="muted nowrap">{row.type ? KIND_WORDS[valueKind(row.type)] : ''}</td>
                <td className="muted mapping-meaning">{columnDescription(profile.table, row.column)}</td>
                <td>
                  <select
                    data-testid={`map-source-${row.column}`}
                    aria-label={`Source of ${row.column}`}
                    className={`mapping-source${unmappedRequired || missingSource ? ' invalid' : ''}`}
                    value={source ?? ''}
                    disabled={props.disabled}
                    onChange={(e) => props.onSource(row.column, e.target.value === '' ? null : e.target.value)}
                  >
                    <option value="">— not in this extract —</option>
                    {missingSource && <option value={source}>{source} (missing)</option>}
                    {sourceColumns.map((c) => (
                      <option key={c.name} value={c.name}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td className={`num${stale}`} data-testid={`map-converted-${row.column}`}>
                  {row.mapped ? formatCount(row.mapped.converted) : '…'}
                </td>
                <td className={`num${stale}${failed > 0 ? ' count-bad' : ''}`} data-testid={`map-failed-${row.column}`}>
                  {row.mapped ? formatCount(failed) : '…'}
                </td>
                <td className={`num muted${stale}`} data-testid={`map-blank-${row.column}`}>
                  {row.mapped ? formatCount(row.mapped.blank) : '…'}
                </td>
                <td className="nowrap">
                  {editor && (
                    <button
                      type="button"
                      className={`small${failed > 0 ? ' warn' : ''}`}
                      data-testid={`map-codes-${row.column}`}
                      aria-expanded={open}
                      onClick={() => props.onToggleCodes(row.column)}
                    >
                      {editor}
                    </button>
                  )}
                </td>
              </tr>
              {open && (
                <tr className="codes-row">
                  <td colSpan={8}>
                    <CodesEditor
                      column={row.column}
                      type={row.type}
                      mapping={m}
                      mapped={row.mapped}
                      sampleRows={props.sampleRows}
                      disabled={props.disabled}
                      onCode={(value, canonical) => props.onCode(row.column, value, canonical)}
                      onDateFormat={(f) => props.onDateFormat(row.column, f)}
                      onBlankAs={(v) => props.onBlankAs(row.column, v)}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
