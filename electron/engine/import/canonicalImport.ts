import { EngineError, type ImportResult } from '../../contract/index.js';
import type { CanonicalTable } from '../canonical/tables.js';
import { quoteIdent } from '../db/sql.js';
import type { RegisteredFile, Workspace } from '../workspace/workspace.js';
import { commitStaged } from './commit.js';
import type { Dialect } from './dialect.js';
import { removeStaged, stageCsv, type StagePlan } from './stage.js';

/**
 * Imports a CSV already in canonical form (canonical column names, ISO dates, true/false) as
 * `table`, replacing any previous one: for the CLI's --data folder and the demo workspace.
 * Types come from the canonical schema, not from sniffing; a value that does not fit is a
 * rejected row in `<table>__rejects`. Columns the file lacks are an error when required and
 * NULL when optional; columns the schema does not know are kept as text after the others.
 */
export async function importCanonicalCsv(ws: Workspace, path: string, table: CanonicalTable): Promise<ImportResult> {
  const file = ws.resolveFile(ws.registerFile(path).token);
  const staged = await stageCsv(ws, file, { header: true }, async ({ dialect }) => canonicalPlan(file, dialect, table));
  try {
    return await commitStaged(ws, staged, table.name, 'replace', table.kind);
  } finally {
    removeStaged(staged);
  }
}

function canonicalPlan(file: RegisteredFile, dialect: Dialect, table: CanonicalTable): StagePlan {
  const key = (name: string) => name.trim().toLowerCase();
  const schema = new Map(table.columns.map((c) => [c.name, c]));
  // File column holding each canonical column (first one wins if a name repeats).
  const source = new Map<string, string>();
  for (const name of dialect.names) {
    if (schema.has(key(name)) && !source.has(key(name))) source.set(key(name), name);
  }
  const missing = table.columns.filter((c) => c.required && !source.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw new EngineError(
      'missing_data',
      `${file.name}: the ${table.name} table needs column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, ` +
        `which ${missing.length > 1 ? 'are' : 'is'} not in the file`,
    );
  }
  const canonicalSources = new Set(source.values());
  const extras = dialect.names.filter((n) => !canonicalSources.has(n));
  const select = [
    ...table.columns.map((c) => {
      const from = source.get(c.name);
      return from === undefined
        ? `CAST(NULL AS ${c.type}) AS ${quoteIdent(c.name)}`
        : `${quoteIdent(from)} AS ${quoteIdent(c.name)}`;
    }),
    ...extras.map(quoteIdent),
  ];
  return {
    columns: dialect.names.map((name) => ({
      name,
      type: canonicalSources.has(name) ? schema.get(key(name))!.type : 'VARCHAR',
    })),
    dateFormat: '%Y-%m-%d',
    timestampFormat: null,
    select: select.join(', '),
  };
}
