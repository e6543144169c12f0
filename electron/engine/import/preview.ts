import { EngineError, type ImportCommitArgs, type ImportOptions, type ImportPreview, type ImportResult } from '../../contract/index.js';
import type { RegisteredFile, Workspace } from '../workspace/workspace.js';
import { commitStaged } from './commit.js';
import { dateFormatChoices } from './dateFormats.js';
import { inferTypes } from './inferTypes.js';
import { previewsOf } from './previews.js';
import { removeStaged, stageCsv } from './stage.js';
import { suggestTableName } from './tableName.js';

/**
 * Parses the whole chosen file into staging (so the counts shown are real); nothing is
 * written to the workspace's tables until commitImport.
 */
export async function previewImport(ws: Workspace, file: RegisteredFile, options: ImportOptions): Promise<ImportPreview> {
  const staged = await stageCsv(ws, file, options, ({ conn, dialect }) =>
    inferTypes(conn, file, dialect, options.dateFormat),
  );
  previewsOf(ws).set(staged.id, staged);
  return {
    previewId: staged.id,
    fileName: staged.fileName,
    sizeBytes: staged.sizeBytes,
    delimiter: staged.dialect.delimiter,
    header: staged.dialect.header,
    dateFormat: staged.plan.dateFormat,
    dateFormatChoices: dateFormatChoices(staged.plan.dateFormat ?? options.dateFormat ?? null),
    columns: staged.columns,
    sampleRows: staged.sampleRows,
    rowsAccepted: staged.rowsAccepted,
    rowsRejected: staged.rowsRejected,
    rejects: staged.rejects,
    suggestedTable: suggestTableName(staged.fileName),
  };
}

/**
 * Moves a preview's staged data into the workspace in one transaction. On failure the
 * workspace is exactly as before and the preview stays, so the analyst can pick another
 * name or 'replace'; on success its staging folder is removed.
 */
export async function commitImport(ws: Workspace, args: ImportCommitArgs): Promise<ImportResult> {
  const previews = previewsOf(ws);
  const staged = previews.get(args.previewId);
  if (!staged) throw new EngineError('not_found', 'that import preview has expired; choose the file again');
  const result = await commitStaged(ws, staged, args.table, args.mode, 'data');
  previews.delete(staged.id);
  removeStaged(staged);
  return result;
}

/** Forgets a preview and deletes its staged files. Unknown ids are ignored (already gone). */
export async function discardImport(ws: Workspace, previewId: string): Promise<void> {
  const previews = previewsOf(ws);
  const staged = previews.get(previewId);
  if (!staged) return;
  previews.delete(previewId);
  removeStaged(staged);
}
