import type { DuckDBConnection } from '@duckdb/node-api';
import type { MappedColumn, MappingPreview, MappingProfile } from '../../contract/index.js';
import { readerRows } from '../db/cells.js';
import { quoteIdent } from '../db/sql.js';
import type { Workspace } from '../workspace/workspace.js';
import { analyse, CHECKED, problemsOf, type Analysis } from './analyse.js';
import { checkLayout } from './layout.js';
import { mappedCol, rawCol } from './mappedSql.js';
import { LINE, stagedPreview } from './staged.js';

export const SAMPLE_ROWS = 50;
export const FAILED_VALUES = 50;

/**
 * The extract as the profile would load it, computed over the whole staged file in SQL:
 * per canonical column how many values converted, failed or were blank (and which values
 * failed, to add codes for), the first mapped rows, the layout check against the profile's
 * columns, and every validation problem with examples. Nothing in the workspace changes.
 */
export async function previewMapping(ws: Workspace, previewId: string, profile: MappingProfile): Promise<MappingPreview> {
  const staged = stagedPreview(ws, previewId);
  const conn = await ws.connect();
  try {
    const analysis = await analyse(conn, staged, profile);
    const sample = await conn.runAndReadAll(
      `SELECT ${analysis.plans.map((p) => quoteIdent(p.column.name)).join(', ')}
       FROM ${CHECKED} ORDER BY ${quoteIdent(LINE)} LIMIT ${SAMPLE_ROWS}`,
    );
    return {
      previewId,
      table: analysis.table.name,
      profile,
      layout: checkLayout(profile, staged.columns.map((c) => c.name)),
      columns: await columnCounts(conn, analysis),
      sampleRows: readerRows(sample),
      rowsTotal: analysis.rowsTotal,
      problems: await problemsOf(conn, analysis),
    };
  } finally {
    conn.closeSync();
  }
}

async function columnCounts(conn: DuckDBConnection, analysis: Analysis): Promise<MappedColumn[]> {
  const q = (s: string) => quoteIdent(s);
  const exprs = analysis.plans.flatMap((p, i) => {
    const c = p.column.name;
    return [
      `count(${q(c)}) AS conv${i}`,
      `count(*) FILTER (WHERE ${q(mappedCol(c))} IS NOT NULL AND ${q(c)} IS NULL) AS fail${i}`,
      `count(*) FILTER (WHERE ${q(mappedCol(c))} IS NULL) AS blank${i}`,
    ];
  });
  const counts = (await conn.runAndReadAll(`SELECT ${exprs.join(', ')} FROM ${CHECKED}`)).getRowObjects()[0] ?? {};
  const failing = analysis.plans.flatMap((p, i) => (Number(counts[`fail${i}`] ?? 0) > 0 ? [{ p, i }] : []));
  const failed = new Map<number, { value: string; count: number }[]>();
  if (failing.length > 0) {
    const parts = failing.map(
      ({ p, i }) =>
        `SELECT ${i} AS i, ${q(rawCol(p.column.name))} AS v, count(*) AS n FROM ${CHECKED}
         WHERE ${q(mappedCol(p.column.name))} IS NOT NULL AND ${q(p.column.name)} IS NULL GROUP BY ALL`,
    );
    const reader = await conn.runAndReadAll(
      `SELECT i, v, n FROM (${parts.join(' UNION ALL ')})
       QUALIFY row_number() OVER (PARTITION BY i ORDER BY n DESC, v) <= ${FAILED_VALUES}
       ORDER BY i, n DESC, v`,
    );
    for (const r of reader.getRowObjects()) {
      const list = failed.get(Number(r.i)) ?? [];
      list.push({ value: String(r.v), count: Number(r.n) });
      failed.set(Number(r.i), list);
    }
  }
  return analysis.plans.map((p, i) => ({
    column: p.column.name,
    type: p.column.type,
    required: p.column.required,
    source: p.source,
    converted: Number(counts[`conv${i}`] ?? 0),
    failed: Number(counts[`fail${i}`] ?? 0),
    blank: Number(counts[`blank${i}`] ?? 0),
    failedValues: failed.get(i) ?? [],
  }));
}
