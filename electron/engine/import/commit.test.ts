import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../contract/index.js';
import { commitImport, discardImport, previewImport } from './preview.js';
import { makeSandbox, type Sandbox } from './testSupport.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(() => sb.cleanup());

// Line 4 has a bad date, line 6 is ragged; line 3 holds the second line of a quoted value.
const WITH_REJECTS = [
  'id,name,seen',
  '1,"Ann',
  'Lee",03/04/2024',
  '2,Bo,31/02/2024',
  '3,Cy,25/12/2023',
  '4,Di',
  '5,Ed,01/01/2024',
  '6,Fi,02/01/2024',
  '7,Gu,03/01/2024',
  '8,Hu,04/01/2024',
  '9,Io,05/01/2024',
  '10,Jo,06/01/2024',
  '11,Ka,07/01/2024',
  '',
].join('\n');
const CLEAN = 'id,name,seen\n1,Ann,03/04/2024\n2,Bo,25/12/2023\n';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function failure(p: Promise<unknown>): Promise<EngineError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}

describe('commitImport', () => {
  it('creates the table, its rejects table and their _sv_tables rows, then clears staging', async () => {
    const file = sb.file('people.csv', WITH_REJECTS);
    const preview = await previewImport(sb.ws, file, {});
    expect([preview.rowsAccepted, preview.rowsRejected]).toEqual([9, 2]);

    const result = await commitImport(sb.ws, { previewId: preview.previewId, table: 'people', mode: 'create' });
    expect(result).toEqual({ table: 'people', rowsLoaded: 9, rowsRejected: 2, rejectsTable: 'people__rejects' });

    expect(await sb.rows('SELECT id, name, seen FROM people ORDER BY id LIMIT 3')).toEqual([
      { id: 1, name: 'Ann\nLee', seen: '2024-04-03' },
      { id: 3, name: 'Cy', seen: '2023-12-25' },
      { id: 5, name: 'Ed', seen: '2024-01-01' },
    ]);
    expect(await sb.rows('SELECT count(*) AS n FROM people')).toEqual([{ n: 9 }]);
    expect(await sb.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'people__rejects' ORDER BY ordinal_position")).toEqual([
      { column_name: 'line', data_type: 'INTEGER' },
      { column_name: 'column', data_type: 'VARCHAR' },
      { column_name: 'reason', data_type: 'VARCHAR' },
      { column_name: 'raw', data_type: 'VARCHAR' },
    ]);
    expect(await sb.rows('SELECT * FROM people__rejects ORDER BY line')).toEqual([
      { line: 4, column: 'seen', reason: "'31/02/2024' is not a date (dd/mm/yyyy)", raw: '2,Bo,31/02/2024' },
      { line: 6, column: 'seen', reason: 'expected 3 columns, found 2', raw: '4,Di' },
    ]);

    const meta = await sb.rows(
      'SELECT name, kind, source_name, source_sha256, source_bytes, rows_loaded, rows_rejected, imported_at IS NOT NULL AS stamped FROM _sv_tables ORDER BY name',
    );
    const source = { source_name: 'people.csv', source_sha256: sha256(file.path), source_bytes: Buffer.byteLength(WITH_REJECTS), stamped: true };
    expect(meta).toEqual([
      { name: 'people', kind: 'data', ...source, rows_loaded: 9, rows_rejected: 2 },
      { name: 'people__rejects', kind: 'rejects', ...source, rows_loaded: 2, rows_rejected: 0 },
    ]);
    expect(sb.stagingEntries()).toEqual([]);
    // The preview is spent.
    expect((await failure(commitImport(sb.ws, { previewId: preview.previewId, table: 'again', mode: 'create' }))).code).toBe('not_found');
  });

  it('makes no rejects table when nothing was rejected', async () => {
    const preview = await previewImport(sb.ws, sb.file('clean.csv', CLEAN), {});
    const result = await commitImport(sb.ws, { previewId: preview.previewId, table: 'clean', mode: 'create' });
    expect(result).toEqual({ table: 'clean', rowsLoaded: 2, rowsRejected: 0, rejectsTable: null });
    expect(Object.keys(await sb.snapshot())).toEqual(['_sv_tables', 'clean']);
  });

  it("refuses 'create' over an existing table, changes nothing, and keeps the preview for 'replace'", async () => {
    const first = await previewImport(sb.ws, sb.file('people.csv', WITH_REJECTS), {});
    await commitImport(sb.ws, { previewId: first.previewId, table: 'people', mode: 'create' });
    const before = await sb.snapshot();

    const second = await previewImport(sb.ws, sb.file('people2.csv', CLEAN), {});
    const err = await failure(commitImport(sb.ws, { previewId: second.previewId, table: 'people', mode: 'create' }));
    expect(err.code).toBe('invalid_args');
    expect(err.message).toBe('people2.csv: the workspace already has a table named "people"; choose another name, or replace it');
    expect(await sb.snapshot()).toEqual(before);
    expect(sb.stagingEntries()).toEqual([second.previewId]);

    // Replace swaps the table and drops the old rejects (the new file has none).
    const result = await commitImport(sb.ws, { previewId: second.previewId, table: 'people', mode: 'replace' });
    expect(result.rejectsTable).toBeNull();
    const after = await sb.snapshot();
    expect(Object.keys(after)).toEqual(['_sv_tables', 'people']);
    expect(after.people).toEqual([
      { id: 1, name: 'Ann', seen: '2024-04-03' },
      { id: 2, name: 'Bo', seen: '2023-12-25' },
    ]);
    expect(after._sv_tables?.map((r) => [r.name, r.source_name, r.rows_loaded])).toEqual([['people', 'people2.csv', 2]]);
  });

  it('rolls back a failed replace: tables and _sv_tables exactly as before', async () => {
    const first = await previewImport(sb.ws, sb.file('people.csv', WITH_REJECTS), {});
    await commitImport(sb.ws, { previewId: first.previewId, table: 'people', mode: 'create' });
    const before = await sb.snapshot();
    expect(before.people).toHaveLength(9);

    // The new data reaches the table, then its rejects file is gone: the whole commit must undo.
    const second = await previewImport(sb.ws, sb.file('people-v2.csv', WITH_REJECTS.replace('Ed', 'Eddie')), {});
    rmSync(join(sb.ws.stagingDir, second.previewId, 'rejects.parquet'));
    const err = await failure(commitImport(sb.ws, { previewId: second.previewId, table: 'people', mode: 'replace' }));
    expect(err.code).toBe('import_failed');
    expect(err.message).toMatch(/^people-v2\.csv: could not save it as "people"; the workspace is unchanged/);
    expect(await sb.snapshot()).toEqual(before);

    // The workspace connection still works normally afterwards.
    await discardImport(sb.ws, second.previewId);
    const third = await previewImport(sb.ws, sb.file('clean.csv', CLEAN), {});
    await commitImport(sb.ws, { previewId: third.previewId, table: 'people', mode: 'replace' });
    expect(await sb.rows('SELECT count(*) AS n FROM people')).toEqual([{ n: 2 }]);
  });

  it('rolls back a failed create when the staged data is gone', async () => {
    const before = await sb.snapshot();
    const preview = await previewImport(sb.ws, sb.file('people.csv', WITH_REJECTS), {});
    rmSync(join(sb.ws.stagingDir, preview.previewId, 'rejects.parquet'));
    expect((await failure(commitImport(sb.ws, { previewId: preview.previewId, table: 'people', mode: 'create' }))).code).toBe(
      'import_failed',
    );
    expect(await sb.snapshot()).toEqual(before);
  });

  it('refuses a table name the workspace cannot take', async () => {
    const preview = await previewImport(sb.ws, sb.file('clean.csv', CLEAN), {});
    for (const table of ['_sv_tables', 'Robbery', 'x"; DROP TABLE _sv_tables; --']) {
      const err = await failure(commitImport(sb.ws, { previewId: preview.previewId, table, mode: 'replace' }));
      expect(err.code).toBe('invalid_args');
      expect(err.message).toMatch(/^clean\.csv: ".*" cannot be a table name/);
    }
    expect(await sb.snapshot()).toEqual({ _sv_tables: [] });
  });

  it('answers not_found for an unknown preview', async () => {
    const err = await failure(commitImport(sb.ws, { previewId: 'nope', table: 'x', mode: 'create' }));
    expect(err.code).toBe('not_found');
  });
});
