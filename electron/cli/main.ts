import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_RULE, EngineError, SUPPRESSED, type Row } from '../contract/index.js';
import { UsageError, parseCommand } from './args.js';
import { toCsv } from './csv.js';
import { defaultQueriesDir, runHeadless, type HeadlessOutput } from './headless.js';
import { importHeadless } from './importFile.js';
import { loadLibrary, toSummary } from '../engine/queries/library.js';
import { loadOwnEntries } from '../engine/userLibrary/headless.js';

/**
 * `npm run --silent cli -- run <query-id> (--data <folder> | --workspace <dir>) [--param name=value ...]
 * [--format json|csv|xlsx] [--out <file>] [--no-suppress] [--confirm-personal-data] [--library <dir>]`, `... cli -- list --format json [--library <dir>]` and
 * `... cli -- import <file> --table <canonical table> --workspace <dir> [--mapping <profile.json>]
 * [--mode create|replace|append] [--leave-out <kind,...>]` (prints {table, rows_loaded, rows_rejected, problems}).
 * Success: the result on stdout (with --out: the file is written and stdout gets a JSON summary
 * naming it, the rows and the disclosure rule applied), exit 0. The default disclosure rule
 * applies to every run's output unless --no-suppress: a hidden cell is null in JSON, `[c]` in CSV. Failure: nothing on stdout, ONE line on stderr,
 * exit 2 for a malformed command line, 1 for anything else (unknown query or parameter,
 * bad value, missing folder or table, a query error).
 */

/** Rows for CSV: hidden cells read `[c]`, as in every export. */
function csvRows(output: HeadlessOutput): Row[] {
  const rows = output.rows.map((r) => ({ ...r }));
  for (const h of output.provenance.disclosure.hidden) {
    const row = rows[h.row];
    if (row) row[h.column] = SUPPRESSED;
  }
  return rows;
}

function oneLine(message: string): string {
  return message.split(/\r?\n/).find((l) => l.trim())?.trim() ?? 'failed';
}

export async function main(argv: string[]): Promise<number> {
  try {
    const command = parseCommand(argv);
    if (command.kind === 'list') {
      const app = await loadLibrary(defaultQueriesDir());
      const own = command.libraryDir === undefined ? null : await loadOwnEntries(command.libraryDir, app, defaultQueriesDir());
      for (const w of own?.warnings ?? []) process.stderr.write(`${oneLine(w)}\n`);
      process.stdout.write(`${JSON.stringify([...app.map(toSummary), ...(own?.summaries ?? [])], null, 2)}\n`);
      return 0;
    }
    if (command.kind === 'import') {
      const { output, warnings } = await importHeadless(command);
      for (const w of warnings) process.stderr.write(`${oneLine(w)}\n`);
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      return 0;
    }
    const { output, warnings, saved } = await runHeadless({
      queryId: command.queryId,
      ...('dataDir' in command ? { dataDir: command.dataDir } : { workspaceDir: command.workspaceDir }),
      params: command.params,
      ...(command.libraryDir === undefined ? {} : { userLibraryDir: command.libraryDir }),
      rule: command.suppress ? DEFAULT_RULE : 'none',
      ...(command.out ? { out: { ...command.out, format: command.format } } : {}),
    });
    for (const w of warnings) process.stderr.write(`${oneLine(w)}\n`);
    if (command.out) {
      const summary = {
        query: output.query,
        version: output.version,
        savedTo: saved?.savedTo ?? resolve(command.out.path),
        format: command.format,
        rows: saved?.rows ?? output.rows.length,
        disclosure: output.provenance.disclosure,
      };
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return 0;
    }
    const text = command.format === 'csv' ? toCsv(output.columns, csvRows(output)) : `${JSON.stringify(output, null, 2)}\n`;
    process.stdout.write(text);
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof EngineError ? ` [${err.code}]` : '';
    process.stderr.write(`error: ${oneLine(message)}${code}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

// Run only when executed directly (tests import main()).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
