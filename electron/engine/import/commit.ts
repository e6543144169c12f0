import type { DuckDBConnection } from '@duckdb/node-api';
import {
  EngineError,
  TableName,
  type ImportCommitArgs,
  type ImportResult,
  MappingProfile,
  type ProblemKind,
  type TableKind,
} from '../../contract/index.js';
import { canonicalTable } from '../canonical/tables.js';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import { analyse, anyOf, checkCol, CHECKED, rowsByKind } from '../mapping/analyse.js';
import { tableKey } from '../mapping/keys.js';
import { RAW_ROW } from '../mapping/mappedSql.js';
import { LINE } from '../mapping/staged.js';
import type { Workspace } from '../workspace/workspace.js';
import { FLAGS, nextSourceId, recordSource, SOURCE_ID, type Decision } from './importLog.js';
import { runJob, type Job } from './jobs.js';
import { previewsOf } from './previews.js';
import { removeStaged, type StagedImport } from './stage.js';

export type CommitMode = 'create' | 'replace' | 'append';

export const rejectsTableFor = (table: string) => `${table}__rejects`;

/** Test seam: runs inside the transaction, after everything is written, just before COMMIT. */
export interface CommitHooks {
  beforeCommit?: (job: Job | undefined) => void | Promise<void>;
}

/**
 * Takes a previewed import into the workspace (the `import.commit` channel): as read, or mapped
 * onto a canonical table with the analyst's decision for every problem found. Runs as a job
 * (stages Mapping, Validating, Writing) that can be cancelled; any failure or a cancel leaves
 * the workspace exactly as it was and keeps the preview, so the analyst can change something
 * and commit again. On success the preview's staging folder is removed.
 */
export async function commitImport(ws: Workspace, args: ImportCommitArgs, hooks: CommitHooks = {}): Promise<ImportResult> {
  const previews = previewsOf(ws);
  const staged = previews.get(args.previewId);
  if (!staged) throw new EngineError('not_found', 'that import preview has expired; choose the file again');
  const mapping = args.mapping;
  const result = await runJob(ws, args.jobId, (job) =>
    mapping
      ? commitMapped(ws, staged, args, parseProfile(mapping.profile, staged), mapping.decisions ?? {}, job, hooks)
      : commitStaged(ws, staged, args.table, args.mode, canonicalTable(args.table)?.kind ?? 'data', { job, hooks }),
  );
  previews.delete(staged.id);
  removeStaged(staged);
  return result;
}

function parseProfile(profile: unknown, staged: StagedImport): MappingProfile {
  const parsed = MappingProfile.safeParse(profile);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new EngineError('invalid_args', `${staged.fileName}: the mapping profile is not valid (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`);
}

interface CommitContext {
  job?: Job;
  hooks?: CommitHooks;
}

/**
 * Takes a staged import in as read (its columns and types), plus `_source_id`. Used by
 * commitImport without a mapping and by the canonical CSV import of the CLI and the demo.
 */
export async function commitStaged(
  ws: Workspace,
  staged: StagedImport,
  table: string,
  mode: CommitMode,
  kind: Exclude<TableKind, 'rejects'>,
  ctx: CommitContext = {},
): Promise<ImportResult> {
  assertTableName(staged, table);
  const conn = await ws.connect();
  ctx.job?.attach(conn);
  try {
    ctx.job?.stage('Writing');
    return await write(conn, staged, {
      table,
      kind,
      mode,
      rows: `SELECT * FROM read_parquet(${quoteLiteral(staged.dataPath)})`,
      rejects: staged.rejectsPath ? parseRejectsSql(staged.rejectsPath) : null,
      rejectedCount: staged.rowsRejected,
      leftOutCount: 0,
      sameColumns: true,
      key: tableKey(table),
      profile: null,
      decisions: [],
    }, ctx);
  } finally {
    ctx.job?.attach(null);
    conn.closeSync();
  }
}

async function commitMapped(
  ws: Workspace,
  staged: StagedImport,
  args: ImportCommitArgs,
  profile: MappingProfile,
  decisions: Partial<Record<ProblemKind, 'keep_flagged' | 'leave_out'>>,
  job: Job,
  hooks: CommitHooks,
): Promise<ImportResult> {
  assertTableName(staged, args.table);
  if (profile.table !== args.table) {
    throw new EngineError(
      'invalid_args',
      `${staged.fileName}: the profile "${profile.name}" maps onto ${profile.table}, not ${args.table}`,
    );
  }
  const conn = await ws.connect();
  job.attach(conn);
  try {
    job.stage('Mapping');
    const analysis = await analyse(conn, staged, profile, { keepRawRows: true });
    job.checkCancelled();
    job.stage('Validating');
    if (analysis.blocking.length > 0) {
      throw new EngineError('missing_data', `${staged.fileName}: ${analysis.blocking.map((p) => p.message).join('; ')}`);
    }
    const byKind = await rowsByKind(conn, analysis);
    const undecided = [...byKind].filter(([kind]) => !decisions[kind]);
    if (undecided.length > 0) {
      throw new EngineError(
        'invalid_args',
        `${staged.fileName}: choose whether to keep flagged or leave out the rows with these problems: ` +
          undecided.map(([kind, n]) => `${kind} (${n} row${n === 1 ? '' : 's'})`).join(', '),
      );
    }
    const chosen: Decision[] = [...byKind].map(([kind, count]) => ({ kind, count, resolution: decisions[kind]! }));
    const leaving = chosen.filter((d) => d.resolution === 'leave_out').map((d) => d.kind);
    const leaveOut = anyOf(analysis, ...leaving);

    // Per failing check: its label in _flags, its reason for a left-out row.
    const found = analysis.checks.flatMap((c, i) => ((analysis.counts[i] ?? 0) > 0 ? [{ c, col: quoteIdent(checkCol(i)) }] : []));
    const kept = found.filter(({ c }) => !leaving.includes(c.kind));
    const left = found.filter(({ c }) => leaving.includes(c.kind));
    const label = (c: (typeof found)[number]['c']) => quoteLiteral(c.column ? `${c.kind}:${c.column}` : c.kind);
    const flags = kept.length > 0 ? `nullif(concat_ws('; ', ${kept.map(({ c, col }) => `CASE WHEN ${col} THEN ${label(c)} END`).join(', ')}), '')` : 'NULL';
    const canonical = analysis.plans.map((p) => quoteIdent(p.column.name)).join(', ');
    const line = quoteIdent(LINE);
    const leftOutRows =
      left.length > 0
        ? `SELECT ${line} AS line,
                  coalesce(${left.map(({ c, col }) => `CASE WHEN ${col} THEN ${c.column ? quoteLiteral(c.column) : 'NULL'} END`).join(', ')}, NULL) AS "column",
                  'left out at import: ' || concat_ws('; ', ${left.map(({ c, col }) => `CASE WHEN ${col} THEN ${c.reason} END`).join(', ')}) AS reason,
                  ${quoteIdent(RAW_ROW)} AS raw
           FROM ${CHECKED} WHERE ${leaveOut}`
        : null;
    const leftOutCount = left.length > 0 ? await count(conn, `SELECT * FROM ${CHECKED} WHERE ${leaveOut}`) : 0;
    const parse = staged.rejectsPath ? parseRejectsSql(staged.rejectsPath) : null;
    const rejects = [parse, leftOutRows].filter((s): s is string => s !== null);
    job.checkCancelled();
    job.stage('Writing');
    return await write(conn, staged, {
      table: args.table,
      kind: analysis.table.kind,
      mode: args.mode,
      rows: `SELECT ${canonical}, CAST(${flags} AS VARCHAR) AS ${FLAGS} FROM ${CHECKED} WHERE NOT ${leaveOut} ORDER BY ${line}`,
      rejects: rejects.length > 0 ? rejects.map((s) => `(${s})`).join(' UNION ALL ') : null,
      rejectedCount: staged.rowsRejected,
      leftOutCount,
      sameColumns: false,
      key: tableKey(analysis.table.name),
      profile,
      decisions: chosen,
    }, { job, hooks });
  } finally {
    job.attach(null);
    conn.closeSync();
  }
}

interface WritePlan {
  table: string;
  kind: Exclude<TableKind, 'rejects'>;
  mode: CommitMode;
  /** SELECT of the rows to load (without _source_id). */
  rows: string;
  /** SELECT line, "column", reason, raw of the rows kept out, or null. */
  rejects: string | null;
  rejectedCount: number;
  leftOutCount: number;
  /** Appending as read: the file must have exactly the table's columns. Mapped: the table must have the canonical ones. */
  sameColumns: boolean;
  key: readonly string[] | null;
  profile: MappingProfile | null;
  decisions: Decision[];
}

/**
 * The one transaction: the table (created, replaced, or appended to with older rows of the
 * same key replaced), its rejects table, the `_sv_sources` record and the `_sv_tables` rows.
 * 'replace' drops the old table and its old rejects inside it, so readers see the old or the
 * new, never neither. Runs on its own connection so nothing else lands inside it.
 */
async function write(conn: DuckDBConnection, staged: StagedImport, plan: WritePlan, ctx: CommitContext): Promise<ImportResult> {
  const { table } = plan;
  const rejectsTable = rejectsTableFor(table);
  const keptOut = plan.rejectedCount + plan.leftOutCount;
  const t = quoteIdent(table);
  const r = quoteIdent(rejectsTable);
  if (plan.mode === 'create') await refuseExisting(conn, staged, [table, ...(keptOut > 0 ? [rejectsTable] : [])]);
  await conn.run('BEGIN TRANSACTION');
  try {
    const sourceId = await nextSourceId(conn);
    // Appending to a table not there yet creates it.
    const appending = plan.mode === 'append' && (await tableExists(conn, table));
    if (plan.mode === 'replace') {
      await conn.run(`DROP TABLE IF EXISTS ${t}`);
      await conn.run(`DROP TABLE IF EXISTS ${r}`);
      await conn.run('DELETE FROM _sv_tables WHERE name IN ($1, $2)', [table, rejectsTable]);
    }
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE sv_load AS SELECT *, CAST(${sourceId} AS INTEGER) AS ${SOURCE_ID} FROM (${plan.rows})`,
    );
    const loaded = await count(conn, 'SELECT * FROM sv_load');
    let replaced = 0;
    if (appending) {
      await fitColumns(conn, staged, plan, table);
      const key = (plan.key ?? []).filter(Boolean);
      const loadCols = await columnsOf(conn, 'sv_load', 'temp');
      const tableCols = await columnsOf(conn, table);
      if (key.length > 0 && key.every((k) => loadCols.has(k) && tableCols.has(k))) {
        const before = await count(conn, `SELECT * FROM ${t}`);
        const same = key.map((k) => `CAST(n.${quoteIdent(k)} AS VARCHAR) = CAST(${t}.${quoteIdent(k)} AS VARCHAR)`);
        await conn.run(`DELETE FROM ${t} WHERE EXISTS (SELECT 1 FROM sv_load AS n WHERE ${same.join(' AND ')})`);
        replaced = before - (await count(conn, `SELECT * FROM ${t}`));
      }
      await conn.run(`INSERT INTO ${t} BY NAME SELECT * FROM sv_load`);
    } else {
      await conn.run(`CREATE TABLE ${t} AS SELECT * FROM sv_load`);
    }

    if (plan.rejects && keptOut > 0) {
      await conn.run(
        `CREATE OR REPLACE TEMP TABLE sv_new_rejects AS
         SELECT line, "column", reason, raw, CAST(${sourceId} AS INTEGER) AS ${SOURCE_ID} FROM (${plan.rejects}) ORDER BY line`,
      );
      if (appending && (await tableExists(conn, rejectsTable))) {
        if (!(await columnsOf(conn, rejectsTable)).has(SOURCE_ID)) {
          await conn.run(`ALTER TABLE ${r} ADD COLUMN ${SOURCE_ID} INTEGER`);
        }
        await conn.run(`INSERT INTO ${r} BY NAME SELECT * FROM sv_new_rejects`);
      } else {
        await conn.run(`CREATE TABLE ${r} AS SELECT * FROM sv_new_rejects`);
      }
    }

    const flagged = plan.profile ? await count(conn, `SELECT * FROM sv_load WHERE ${FLAGS} IS NOT NULL`) : 0;
    const importedAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await recordSource(conn, sourceId, {
      table,
      fileName: staged.fileName,
      sizeBytes: staged.sizeBytes,
      sha256: staged.sha256,
      importedAt,
      mode: plan.mode,
      rowsLoaded: loaded,
      rowsRejected: plan.rejectedCount,
      rowsFlagged: flagged,
      rowsLeftOut: plan.leftOutCount,
      rowsReplaced: replaced,
      profile: plan.profile,
      decisions: plan.decisions,
    });
    const hasRejects = await tableExists(conn, rejectsTable);
    const rejectsNow = hasRejects ? await count(conn, `SELECT * FROM ${r}`) : 0;
    const register = (name: string, k: TableKind, rows: number, rejected: number) =>
      conn.run(
        `INSERT OR REPLACE INTO _sv_tables (name, kind, source_name, source_sha256, source_bytes, imported_at, rows_loaded, rows_rejected)
         VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP, $7, $8)`,
        [name, k, staged.fileName, staged.sha256, staged.sizeBytes, importedAt, rows, rejected],
      );
    await register(table, plan.kind, await count(conn, `SELECT * FROM ${t}`), rejectsNow);
    if (hasRejects && keptOut > 0) await register(rejectsTable, 'rejects', rejectsNow, 0);

    await ctx.hooks?.beforeCommit?.(ctx.job);
    ctx.job?.checkCancelled();
    await conn.run('COMMIT');
    return {
      table,
      rowsLoaded: loaded,
      rowsRejected: plan.rejectedCount,
      rejectsTable: keptOut > 0 ? rejectsTable : null,
      rowsReplaced: replaced,
      rowsFlagged: flagged,
      rowsLeftOut: plan.leftOutCount,
      sourceId,
    };
  } catch (err) {
    // A failed statement (or COMMIT) may already have ended the transaction.
    await conn.run('ROLLBACK').catch(() => undefined);
    throw commitError(err, staged, table);
  }
}

/**
 * Appending needs the same columns: as read, exactly the table's (our `_` columns aside);
 * mapped, every canonical column must be in the table (columns only the table has stay blank).
 * A table imported before sources were recorded gains `_source_id` (and `_flags`) here.
 */
async function fitColumns(conn: DuckDBConnection, staged: StagedImport, plan: WritePlan, table: string): Promise<void> {
  const ours = new Set([SOURCE_ID, FLAGS]);
  const incoming = [...(await columnsOf(conn, 'sv_load', 'temp')).keys()].filter((c) => !ours.has(c));
  const existing = await columnsOf(conn, table);
  const theirs = [...existing.keys()].filter((c) => !ours.has(c));
  const notInTable = incoming.filter((c) => !existing.has(c));
  const notInFile = plan.sameColumns ? theirs.filter((c) => !incoming.includes(c)) : [];
  if (notInTable.length > 0 || notInFile.length > 0) {
    const parts = [
      ...(notInFile.length > 0 ? [`the file lacks ${notInFile.join(', ')}`] : []),
      ...(notInTable.length > 0 ? [`the table lacks ${notInTable.join(', ')}`] : []),
    ];
    throw new EngineError(
      'invalid_args',
      `${staged.fileName}: cannot append to "${table}": the columns differ (${parts.join('; ')}); replace the table instead`,
    );
  }
  for (const c of [SOURCE_ID, ...(plan.profile ? [FLAGS] : [])]) {
    if (!existing.has(c)) await conn.run(`ALTER TABLE ${quoteIdent(table)} ADD COLUMN ${quoteIdent(c)} ${c === FLAGS ? 'VARCHAR' : 'INTEGER'}`);
  }
}

const parseRejectsSql = (path: string) => `SELECT line, "column", reason, raw FROM read_parquet(${quoteLiteral(path)})`;

async function count(conn: DuckDBConnection, sql: string): Promise<number> {
  const reader = await conn.runAndReadAll(`SELECT count(*) AS n FROM (${sql})`);
  return Number(reader.getRowObjects()[0]?.n ?? 0);
}

async function tableExists(conn: DuckDBConnection, name: string): Promise<boolean> {
  return (await columnsOf(conn, name)).size > 0;
}

/** Column name → type of a main (or temp) table; empty when there is no such table. */
async function columnsOf(conn: DuckDBConnection, name: string, schema: 'main' | 'temp' = 'main'): Promise<Map<string, string>> {
  const reader = await conn.runAndReadAll(
    `SELECT column_name, data_type FROM duckdb_columns()
     WHERE ${schema === 'temp' ? "database_name = 'temp'" : "database_name = current_database() AND schema_name = 'main'"}
       AND table_name = $1
     ORDER BY column_index`,
    [name],
  );
  return new Map(reader.getRowObjects().map((row) => [String(row.column_name), String(row.data_type)]));
}

function assertTableName(staged: StagedImport, table: string): void {
  if (!TableName.safeParse(table).success) {
    throw new EngineError(
      'invalid_args',
      `${staged.fileName}: "${table}" cannot be a table name; use lower-case letters, digits and _ (start with a letter)`,
    );
  }
}

async function refuseExisting(conn: DuckDBConnection, staged: StagedImport, names: string[]): Promise<void> {
  const reader = await conn.runAndReadAll(
    `SELECT table_name FROM information_schema.tables
     WHERE table_catalog = current_database() AND table_schema = 'main'
       AND table_name IN (${names.map(quoteLiteral).join(', ')})
     ORDER BY table_name`,
  );
  const taken = reader.getRowObjectsJson().map((row) => String(row.table_name));
  if (taken.length > 0) {
    throw new EngineError(
      'invalid_args',
      `${staged.fileName}: the workspace already has a table named ${taken.map((name) => `"${name}"`).join(' and ')}; ` +
        'choose another name, or replace it',
    );
  }
}

function commitError(err: unknown, staged: StagedImport, table: string): EngineError {
  if (err instanceof EngineError) return err;
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  return new EngineError(
    'import_failed',
    `${staged.fileName}: could not save it as "${table}"; the workspace is unchanged (${first.replace(/^[A-Za-z ]*Error: /, '')})`,
  );
}
