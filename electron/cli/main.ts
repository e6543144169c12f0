import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EngineError } from '../contract/index.js';
import { UsageError, parseCommand } from './args.js';
import { toCsv } from './csv.js';
import { defaultQueriesDir, runHeadless } from './headless.js';
import { importHeadless } from './importFile.js';
import { loadLibrary, toSummary } from '../engine/queries/library.js';
import { loadOwnEntries } from '../engine/userLibrary/headless.js';

/**
 * `npm run --silent cli -- run <query-id> (--data <folder> | --workspace <dir>) [--param name=value ...]
 * [--format json|csv] [--no-suppress] [--library <dir>]`, `... cli -- list --format json [--library <dir>]` and
 * `... cli -- import <file> --table <canonical table> --workspace <dir> [--mapping <profile.json>]
 * [--mode create|replace|append] [--leave-out <kind,...>]` (prints {table, rows_loaded, rows_rejected, problems}).
 * Success: the result on stdout, exit 0. Failure: nothing on stdout, ONE line on stderr,
 * exit 2 for a malformed command line, 1 for anything else (unknown query or parameter,
 * bad value, missing folder or table, a query error).
 */

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
    const { output, warnings } = await runHeadless({
      queryId: command.queryId,
      ...('dataDir' in command ? { dataDir: command.dataDir } : { workspaceDir: command.workspaceDir }),
      params: command.params,
      ...(command.libraryDir === undefined ? {} : { userLibraryDir: command.libraryDir }),
    });
    for (const w of warnings) process.stderr.write(`${oneLine(w)}\n`);
    const text = command.format === 'csv' ? toCsv(output.columns, output.rows) : `${JSON.stringify(output, null, 2)}\n`;
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
