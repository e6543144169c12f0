import { EngineError } from '../../contract/index.js';
import { quoteLiteral } from '../db/sql.js';
import { previewsOf } from '../import/previews.js';
import type { StagedImport } from '../import/stage.js';
import type { Workspace } from '../workspace/workspace.js';

/** The column the staged rows' source line travels in, through mapping and into the rejects. */
export const LINE = '__line';

export function stagedPreview(ws: Workspace, previewId: string): StagedImport {
  const staged = previewsOf(ws).get(previewId);
  if (!staged) throw new EngineError('not_found', 'that import preview has expired; choose the file again');
  return staged;
}

/**
 * The staged rows with the line each came from (`__line`): the physical line of the file its
 * record starts on, or its sheet row, exact across quoted line breaks, blank lines, rejected
 * records and skipped sheet rows. The staged Parquet holds the file's columns only (committing
 * as read takes it whole); the lines travel beside it as runs (StagedImport.lines), matched
 * here by row number: one run, the usual case, needs no search.
 */
export function stagedRowsSql(staged: StagedImport): string {
  const data = `read_parquet(${quoteLiteral(staged.dataPath)}, file_row_number = true)`;
  const l = staged.lines;
  const [runs, count] =
    'path' in l
      ? [`read_parquet(${quoteLiteral(l.path)}) AS sv_run`, l.runs]
      : [`(VALUES ${l.rows.map((row, k) => `(${row}, ${l.lines[k]})`).join(', ')}) AS sv_run("row", line)`, l.rows.length];
  const join = count > 1 ? `ASOF JOIN ${runs} ON d.file_row_number >= sv_run."row"` : `CROSS JOIN ${runs}`;
  return `SELECT d.* EXCLUDE (file_row_number), CAST(sv_run.line + (d.file_row_number - sv_run."row") AS INTEGER) AS ${LINE}
          FROM ${data} AS d ${join}`;
}
