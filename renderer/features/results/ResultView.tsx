import { useCallback, useMemo } from 'react';
import type { Column, GridSource, QueryResult } from '../../../electron/contract/index.js';
import { formatCount, numberStyleFor } from '../../ui/format.js';
import { PagedGrid } from '../../ui/grid/PagedGrid.js';
import { Chart } from './Chart.js';
import { chartFigure } from './chartFigure.js';
import { Provenance } from './Provenance.js';

interface Props {
  result: QueryResult;
  countColumns: readonly string[];
  rowLevel: boolean;
}

export function ResultView({ result, countColumns, rowLevel }: Props) {
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
            <Chart figure={figure} fileName={`${result.queryId}-${result.provenance.ranAt.slice(0, 10)}`} />
            {result.truncated && (
              <p className="muted chart-note">
                Chart shows the first {formatCount(result.rows.length)} of {formatCount(result.rowCount)} rows.
              </p>
            )}
          </div>
        )}
      </div>
      <Provenance result={result} />
    </div>
  );
}
