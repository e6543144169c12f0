import { SUPPRESSED, type ChartSpec, type Column, type ExportPreview, type HiddenCell, type Row } from '../../../electron/contract/index.js';
import { heatmapAxes } from '../results/chartFigure.js';

/**
 * The chart of an export is drawn from the protected table, never from the raw result: a hidden
 * cell becomes a gap (null), a rounded count is drawn rounded.
 */
export function protectedRows(preview: Pick<ExportPreview, 'columns' | 'rows'>): Row[] {
  return preview.rows.map((cells) => {
    const row: Row = {};
    preview.columns.forEach((name, i) => {
      const cell = cells[i] ?? null;
      row[name] = cell === SUPPRESSED ? null : cell;
    });
    return row;
  });
}

/** The columns a chart draws values from (bar/line heights, error bars, heatmap cells). */
export function chartedColumns(spec: ChartSpec, columns: readonly Column[]): Set<string> {
  if (spec.type === 'none') return new Set();
  const drawn = new Set([spec.y]);
  if (spec.errorLow) drawn.add(spec.errorLow);
  if (spec.errorHigh) drawn.add(spec.errorHigh);
  if (spec.type === 'heatmap') {
    const axes = heatmapAxes(spec, columns);
    if (axes) drawn.add(axes.value);
  }
  return drawn;
}

/** How many values the chart leaves out because the rule hid them (its note says so). */
export function hiddenInChart(hidden: readonly HiddenCell[], spec: ChartSpec, columns: readonly Column[]): number {
  const drawn = chartedColumns(spec, columns);
  return hidden.filter((h) => drawn.has(h.column)).length;
}

export interface HiddenSummary {
  primary: number;
  secondary: number;
  derived: number;
}

export function summariseHidden(hidden: readonly HiddenCell[]): HiddenSummary {
  const summary: HiddenSummary = { primary: 0, secondary: 0, derived: 0 };
  for (const h of hidden) summary[h.why] += 1;
  return summary;
}

const cells = (n: number) => `${n} ${n === 1 ? 'cell' : 'cells'}`;

/** "5 cells hidden ([c]): 3 small counts; 1 so a hidden count cannot be worked out from a total; 1 value … worked out from a small or hidden count." */
export function hiddenLine(hidden: readonly HiddenCell[]): string {
  if (hidden.length === 0) return 'No cells hidden.';
  const s = summariseHidden(hidden);
  const why = [
    s.primary ? `${s.primary} small ${s.primary === 1 ? 'count' : 'counts'}` : null,
    s.secondary ? `${s.secondary} so a hidden count cannot be worked out from a total` : null,
    s.derived ? `${s.derived} ${s.derived === 1 ? 'value' : 'values'} (rates, percentages, ratios) worked out from a small or hidden count` : null,
  ].filter((p): p is string => p !== null);
  return `${cells(hidden.length)} hidden (${SUPPRESSED}): ${why.join('; ')}.`;
}

/** "row:column" → why, to mark each hidden cell of the preview table. */
export function hiddenIndex(hidden: readonly HiddenCell[]): Map<string, HiddenCell['why']> {
  return new Map(hidden.map((h) => [`${h.row}:${h.column}`, h.why]));
}
