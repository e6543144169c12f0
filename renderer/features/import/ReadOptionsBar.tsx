import { useEffect, useState, type ReactNode } from 'react';
import type { ImportOptions, ImportPreview } from '../../../electron/contract/index.js';
import { formatCount } from '../../ui/format.js';
import { describeDelimiter, humanDateFormat } from './dateFormats.js';
import { DELIMITER_CHOICES, ENCODING_WORDS } from './readOptions.js';

export interface ReadOptionsBarProps {
  preview: ImportPreview;
  options: ImportOptions;
  disabled: boolean;
  onChange: (options: ImportOptions) => void;
  /** Shown at the end of the bar (the row counts). */
  children?: ReactNode;
}

/** How the file is being read — sheet, header row, encoding, delimiter, dates — each one changeable. */
export function ReadOptionsBar({ preview, options, disabled, onChange, children }: ReadOptionsBarProps) {
  const [headerText, setHeaderText] = useState(String(preview.headerRow));
  useEffect(() => setHeaderText(String(preview.headerRow)), [preview.headerRow]);
  const headerRow = Number(headerText);
  const headerValid = Number.isInteger(headerRow) && headerRow >= 1 && headerRow <= 1000;
  const applyHeader = () => {
    if (headerValid && headerRow !== preview.headerRow) onChange({ ...options, headerRow });
    else if (!headerValid) setHeaderText(String(preview.headerRow));
  };

  return (
    <div className="import-summary read-options">
      {preview.format === 'xlsx' && (
        <label className="summary-item">
          <span className="label">Sheet</span>
          <select
            data-testid="import-sheet"
            value={preview.sheet ?? ''}
            disabled={disabled}
            // A new sheet has its own title rows: let the engine find its header again.
            onChange={(e) => onChange({ ...options, sheet: e.target.value, headerRow: undefined })}
          >
            {preview.sheets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="summary-item" title="Rows above the header are titles and are skipped">
        <span className="label">Header row</span>
        <input
          type="number"
          className={`header-row${headerValid ? '' : ' invalid'}`}
          data-testid="import-header-row"
          min={1}
          max={1000}
          value={headerText}
          disabled={disabled}
          onChange={(e) => setHeaderText(e.target.value)}
          onBlur={applyHeader}
          onKeyDown={(e) => {
            if (e.key === 'Enter') applyHeader();
          }}
        />
        <span className="field-hint" data-testid="import-title-rows">
          {preview.headerRow > 1
            ? `rows above are titles and are skipped (${formatCount(preview.headerRow - 1)})`
            : 'rows above are titles and are skipped'}
        </span>
      </label>
      {preview.format === 'csv' && (
        <>
          <label className="summary-item">
            <span className="label">Encoding</span>
            <select
              data-testid="import-encoding"
              value={options.encoding ?? 'auto'}
              disabled={disabled}
              onChange={(e) => {
                const v = e.target.value;
                onChange({ ...options, encoding: v === 'utf-8' || v === 'windows-1252' ? v : undefined });
              }}
            >
              <option value="auto">
                {options.encoding && options.encoding !== 'auto' ? 'Detect' : ENCODING_WORDS[preview.encoding]}
              </option>
              <option value="utf-8">UTF-8</option>
              <option value="windows-1252">Windows-1252</option>
            </select>
          </label>
          <label className="summary-item">
            <span className="label">Delimiter</span>
            <select
              data-testid="import-delimiter"
              value={options.delimiter ?? ''}
              disabled={disabled}
              onChange={(e) => onChange({ ...options, delimiter: e.target.value || undefined })}
            >
              <option value="">{options.delimiter ? 'Detect' : describeDelimiter(preview.delimiter)}</option>
              {DELIMITER_CHOICES.map((d) => (
                <option key={d} value={d}>
                  {describeDelimiter(d)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <div className="summary-item">
        <span className="label">Dates</span>
        {preview.dateFormatChoices.length > 0 ? (
          <select
            data-testid="import-date-format"
            value={preview.dateFormat ?? ''}
            disabled={disabled}
            onChange={(e) => onChange({ ...options, dateFormat: e.target.value || undefined })}
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
      {children}
    </div>
  );
}
