import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Column, GridSource, QueryResult } from '../../../electron/contract/index.js';
import { formatCount, numberStyleFor } from '../../ui/format.js';
import { PagedGrid } from '../../ui/grid/PagedGrid.js';
import { ExportPanel } from '../export/ExportPanel.js';
import { Chart } from './Chart.js';
import { chartFigure } from './chartFigure.js';
import { Provenance } from './Provenance.js';

interface Props {
  result: QueryResult;
  /** What the result is called on an exported chart (the entry's title). */
  title: string;
  countColumns: readonly string[];
  rowLevel: boolean;
}

export function ResultView({ result, title, countColumns, rowLevel }: Props) {
  const [exporting, setExporting] = useState(false);
  const exportPanel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (exporting) exportPanel.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [exporting]);
  const source = useMemo<GridSource>(() => ({ kind: 'result', resultId: result.resultId }), [result.resultId]);
  const numberStyle = useCallback((c: Column) => numberStyleFor(c, countColumns), [countColumns]);
  const figure = useMemo(() => {
    const byName = new Map(result.columns.map((c) => [c.name, c]));
    return chartFigure(result.chart, result.columns, result.rows, (name) => {
      const column = byName.get(name);
      return column ? numberStyleFor(column, countColumns) : 'plain';
    });
  }, [result, countColumns]);

  return (
    <div className="result" data-testid="query-result">
      {rowLevel && (
        <div className="banner banner-warn" role="note">
          <div className="banner-body">
            <strong>Row-level result.</strong> One row per person: personal data. Keep it on this laptop and share
            only as your data-sharing agreement allows.
          </div>
        </div>
      )}
      <div className="result-actions">
        <button type="button" data-testid="export-open" aria-expanded={exporting} onClick={() => setExporting((open) => !open)}>
          {exporting ? 'Close export' : 'Export…'}
        </button>
        <span className="muted">Chart as PNG or SVG, table as XLSX or CSV, with disclosure control.</span>
      </div>
      <div className={`result-panes${figure ? '' : ' single'}`}>
        <div className="panel result-table">
          <PagedGrid
            key={result.resultId}
            source={source}
            columns={result.columns}
            totalRows={result.rowCount}
            numberStyle={numberStyle}
            testId="result-grid"
          />
        </div>
        {figure && (
          <div className="panel result-chart" data-testid="result-chart">
            <Chart figure={figure} />
            {result.truncated && (
              <p className="muted chart-note">
                Chart shows the first {formatCount(result.rows.length)} of {formatCount(result.rowCount)} rows.
              </p>
            )}
          </div>
        )}
      </div>
      {exporting && (
        <div ref={exportPanel}>
          {/* Keyed by result: a new run's preview and confirmation start afresh. */}
          <ExportPanel key={result.resultId} result={result} title={title} countColumns={countColumns} rowLevel={rowLevel} />
        </div>
      )}
      <Provenance result={result} />
    </div>
  );
}
