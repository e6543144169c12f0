import type { ImportOptions, ImportPreview } from '../../contract/index.js';
import type { RegisteredFile, Workspace } from '../workspace/workspace.js';
import { dateFormatChoices } from './dateFormats.js';
import { inferTypes } from './inferTypes.js';
import { runJob } from './jobs.js';
import { previewsOf } from './previews.js';
import { removeStaged, stageCsv } from './stage.js';
import { suggestCanonical } from './suggestCanonical.js';
import { suggestTableName } from './tableName.js';

/**
 * Parses the whole chosen file (CSV in any of the encodings extracts come in, or a sheet of
 * an .xlsx workbook) into staging, so the counts shown are real; nothing is written to the
 * workspace's tables until commitImport. With a jobId the renderer can follow its progress
 * and cancel it (jobProgress / cancelJob); a cancelled preview leaves nothing behind.
 */
export async function previewImport(
  ws: Workspace,
  file: RegisteredFile,
  options: ImportOptions,
  jobId?: string,
): Promise<ImportPreview> {
  return runJob(ws, jobId, async (job) => {
    const staged = await stageCsv(
      ws,
      file,
      options,
      async ({ conn, dialect, csvPath }) => {
        job.stage('Checking types');
        return inferTypes(conn, { path: csvPath, name: file.name }, dialect, options.dateFormat);
      },
      job,
    );
    try {
      job.checkCancelled();
    } catch (err) {
      removeStaged(staged);
      throw err;
    }
    previewsOf(ws).set(staged.id, staged);
    return {
      previewId: staged.id,
      fileName: staged.fileName,
      sizeBytes: staged.sizeBytes,
      format: staged.format,
      encoding: staged.encoding,
      sheets: staged.sheets,
      sheet: staged.sheet,
      headerRow: staged.headerRow,
      delimiter: staged.dialect.delimiter,
      header: staged.header,
      dateFormat: staged.plan.dateFormat,
      dateFormatChoices: dateFormatChoices(staged.plan.dateFormat ?? options.dateFormat ?? null),
      columns: staged.columns,
      sampleRows: staged.sampleRows,
      rowsAccepted: staged.rowsAccepted,
      rowsRejected: staged.rowsRejected,
      rejects: staged.rejects,
      suggestedTable: suggestTableName(staged.fileName),
      suggestedCanonical: suggestCanonical(staged.dialect.names, staged.fileName),
    };
  });
}

/** Forgets a preview and deletes its staged files. Unknown ids are ignored (already gone). */
export async function discardImport(ws: Workspace, previewId: string): Promise<void> {
  const previews = previewsOf(ws);
  const staged = previews.get(previewId);
  if (!staged) return;
  previews.delete(previewId);
  removeStaged(staged);
}
