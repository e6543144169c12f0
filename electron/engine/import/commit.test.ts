import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILE_KIND, type MappingProfile } from '../../contract/index.js';
import { engineFailure } from '../../testing/engineFailure.js';
import { canonicalTable } from '../canonical/tables.js';
import { commitImport } from './commit.js';
import { listSources } from './importLog.js';
import { cancelJob, jobProgress } from './jobs.js';
import { discardImport, previewImport } from './preview.js';
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

const NOTHING_MAPPED = { rowsReplaced: 0, rowsFlagged: 0, rowsLeftOut: 0 };

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('commitImport', () => {
  it('creates the table, its rejects table and their _sv_tables rows, then clears staging', async () => {
    const file = sb.file('people.csv', WITH_REJECTS);
    const preview = await previewImport(sb.ws, file, {});
    expect([preview.rowsAccepted, preview.rowsRejected]).toEqual([9, 2]);

    const result = await commitImport(sb.ws, { previewId: preview.previewId, table: 'people', mode: 'create' });
    expect(result).toEqual({ ...NOTHING_MAPPED, table: 'people', rowsLoaded: 9, rowsRejected: 2, rejectsTable: 'people__rejects', sourceId: 1 });

    expect(await sb.rows('SELECT id, name, seen, _source_id FROM people ORDER BY id LIMIT 3')).toEqual([
      { id: 1, name: 'Ann\nLee', seen: '2024-04-03', _source_id: 1 },
      { id: 3, name: 'Cy', seen: '2023-12-25', _source_id: 1 },
      { id: 5, name: 'Ed', seen: '2024-01-01', _source_id: 1 },
    ]);
    expect(await sb.rows('SELECT count(*) AS n FROM people')).toEqual([{ n: 9 }]);
    expect(await sb.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'people__rejects' ORDER BY ordinal_position")).toEqual([
      { column_name: 'line', data_type: 'INTEGER' },
      { column_name: 'column', data_type: 'VARCHAR' },
      { column_name: 'reason', data_type: 'VARCHAR' },
      { column_name: 'raw', data_type: 'VARCHAR' },
      { column_name: '_source_id', data_type: 'INTEGER' },
    ]);
    expect(await sb.rows('SELECT * FROM people__rejects ORDER BY line')).toEqual([
      { line: 4, column: 'seen', reason: "'31/02/2024' is not a date (dd/mm/yyyy)", raw: '2,Bo,31/02/2024', _source_id: 1 },
      { line: 6, column: 'seen', reason: 'expected 3 columns, found 2', raw: '4,Di', _source_id: 1 },
    ]);

    const meta = await sb.rows(
      'SELECT name, kind, source_name, source_sha256, source_bytes, rows_loaded, rows_rejected, imported_at IS NOT NULL AS stamped FROM _sv_tables ORDER BY name',
    );
    const source = { source_name: 'people.csv', source_sha256: sha256(file.path), source_bytes: Buffer.byteLength(WITH_REJECTS), stamped: true };
    expect(meta).toEqual([
      { name: 'people', kind: 'data', ...source, rows_loaded: 9, rows_rejected: 2 },
      { name: 'people__rejects', kind: 'rejects', ...source, rows_loaded: 2, rows_rejected: 0 },
    ]);
    expect(await listSources(sb.ws)).toEqual([
      {
        sourceId: 1,
        table: 'people',
        fileName: 'people.csv',
        sizeBytes: Buffer.byteLength(WITH_REJECTS),
        sha256: sha256(file.path),
        importedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        mode: 'create',
        rowsLoaded: 9,
        rowsRejected: 2,
        rowsFlagged: 0,
        rowsLeftOut: 0,
        profileName: null,
        decisions: [],
      },
    ]);
    expect(sb.stagingEntries()).toEqual([]);
    // The preview is spent.
    expect((await engineFailure(commitImport(sb.ws, { previewId: preview.previewId, table: 'again', mode: 'create' }))).code).toBe('not_found');
  });

  it('makes no rejects table when nothing was rejected', async () => {
    const preview = await previewImport(sb.ws, sb.file('clean.csv', CLEAN), {});
    const result = await commitImport(sb.ws, { previewId: preview.previewId, table: 'clean', mode: 'create' });
    expect(result).toEqual({ ...NOTHING_MAPPED, table: 'clean', rowsLoaded: 2, rowsRejected: 0, rejectsTable: null, sourceId: 1 });
    expect(Object.keys(await sb.snapshot())).toEqual(['_sv_sources', '_sv_tables', 'clean']);
  });

  it("refuses 'create' over an existing table, changes nothing, and keeps the preview for 'replace'", async () => {
    const first = await previewImport(sb.ws, sb.file('people.csv', WITH_REJECTS), {});
    await commitImport(sb.ws, { previewId: first.previewId, table: 'people', mode: 'create' });
    const before = await sb.snapshot();

    const second = await previewImport(sb.ws, sb.file('people2.csv', CLEAN), {});
    const err = await engineFailure(commitImport(sb.ws, { previewId: second.previewId, table: 'people', mode: 'create' }));
    expect(err.code).toBe('invalid_args');
    expect(err.message).toBe('people2.csv: the workspace already has a table named "people"; choose another name, or replace it');
    expect(await sb.snapshot()).toEqual(before);
    expect(sb.stagingEntries()).toEqual([second.previewId]);

    // Replace swaps the table and drops the old rejects (the new file has none).
    const result = await commitImport(sb.ws, { previewId: second.previewId, table: 'people', mode: 'replace' });
    expect(result.rejectsTable).toBeNull();
    const after = await sb.snapshot();
    expect(Object.keys(after)).toEqual(['_sv_sources', '_sv_tables', 'people']);
    expect(after.people).toEqual([
      { id: 1, name: 'Ann', seen: '2024-04-03', _source_id: 2 },
      { id: 2, name: 'Bo', seen: '2023-12-25', _source_id: 2 },
    ]);
    // The import history keeps both files.
    expect(after._sv_sources?.map((r) => [r.source_id, r.file_name, r.mode, r.rows_loaded])).toEqual([
      [1, 'people.csv', 'create', 9],
      [2, 'people2.csv', 'replace', 2],
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
    const err = await engineFailure(commitImport(sb.ws, { previewId: second.previewId, table: 'people', mode: 'replace' }));
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
    expect((await engineFailure(commitImport(sb.ws, { previewId: preview.previewId, table: 'people', mode: 'create' }))).code).toBe(
      'import_failed',
    );
    expect(await sb.snapshot()).toEqual(before);
  });

  it('refuses a table name the workspace cannot take', async () => {
    const preview = await previewImport(sb.ws, sb.file('clean.csv', CLEAN), {});
    for (const table of ['_sv_tables', 'Robbery', 'x"; DROP TABLE _sv_tables; --']) {
      const err = await engineFailure(commitImport(sb.ws, { previewId: preview.previewId, table, mode: 'replace' }));
      expect(err.code).toBe('invalid_args');
      expect(err.message).toMatch(/^clean\.csv: ".*" cannot be a table name/);
    }
    expect(await sb.snapshot()).toEqual({ _sv_tables: [] });
  });

  it('answers not_found for an unknown preview', async () => {
    const err = await engineFailure(commitImport(sb.ws, { previewId: 'nope', table: 'x', mode: 'create' }));
    expect(err.code).toBe('not_found');
  });
});

// ------------------------------------------------------------------ mapped onto canonical tables

const OFFENCE_PROFILE: MappingProfile = {
  kind: PROFILE_KIND,
  version: 1,
  name: 'Police monthly',
  table: 'offences',
  sourceColumns: ['Ref', 'Committed', 'Group', 'Type', 'SV', 'Weapon'],
  read: {},
  columns: {
    crime_id: { source: 'Ref' },
    offence_date: { source: 'Committed', dateFormat: '%d/%m/%Y' },
    offence_group: { source: 'Group' },
    offence_type: { source: 'Type' },
    serious_violence: { source: 'SV', codes: { Y: 'true', N: 'false' } },
    weapon: { source: 'Weapon', codes: { 'Knife/blade': 'knife', 'Not known': null } },
  },
};

const header = 'Ref,Committed,Group,Type,SV,Weapon';
// May: line 4 repeats C1; line 5 is in the future; line 6 cannot be read (too few columns).
const MAY = [
  header,
  'C1,01/05/2024,Violence against the person,Assault with injury,Y,Knife/blade',
  'C2,02/05/2024,Robbery,Robbery of personal property,N,Not known',
  'C1,03/05/2024,Robbery,Robbery of personal property,N,',
  'C3,04/05/2099,Violence against the person,Homicide,Y,Spoon',
  'C9,05/05/2024',
  '',
].join('\n');
// June: C2 again (now with a weapon) and a new C4.
const JUNE = [header, 'C2,02/05/2024,Robbery,Robbery of personal property,Y,Knife/blade', 'C4,01/06/2024,Robbery,Robbery of business property,N,', ''].join('\n');

describe('commitImport with a mapping', () => {
  it('loads canonical columns, flags kept problems, leaves out the others with the reason, and records the choices', async () => {
    const preview = await previewImport(sb.ws, sb.file('police-may.csv', MAY), {});
    const result = await commitImport(sb.ws, {
      previewId: preview.previewId,
      table: 'offences',
      mode: 'create',
      mapping: {
        profile: OFFENCE_PROFILE,
        decisions: { duplicate_key: 'leave_out', date_in_future: 'keep_flagged', conversion_failed: 'keep_flagged' },
      },
    });
    expect(result).toEqual({
      table: 'offences',
      rowsLoaded: 3,
      rowsRejected: 1,
      rejectsTable: 'offences__rejects',
      rowsReplaced: 0,
      rowsFlagged: 1,
      rowsLeftOut: 1,
      sourceId: 1,
    });
    expect(await sb.rows('SELECT crime_id, offence_date, serious_violence, weapon, _flags, _source_id FROM offences ORDER BY crime_id')).toEqual([
      { crime_id: 'C1', offence_date: '2024-05-01', serious_violence: true, weapon: 'knife', _flags: null, _source_id: 1 },
      { crime_id: 'C2', offence_date: '2024-05-02', serious_violence: false, weapon: null, _flags: null, _source_id: 1 },
      {
        crime_id: 'C3',
        offence_date: '2099-05-04',
        serious_violence: true,
        weapon: null,
        _flags: 'conversion_failed:weapon; date_in_future:offence_date',
        _source_id: 1,
      },
    ]);
    expect((await sb.rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'offences' ORDER BY ordinal_position")).map((r) => r.column_name)).toEqual([
      'crime_id', 'offence_date', 'offence_hour', 'offence_group', 'offence_type', 'offence_code', 'serious_violence', 'domestic', 'hate',
      'alcohol', 'drugs', 'weapon', 'location_type', 'location_name', 'beat', 'ward', 'lsoa_code', 'area', '_flags', '_source_id',
    ]);
    expect(await sb.rows('SELECT line, "column", reason, raw, _source_id FROM offences__rejects ORDER BY line')).toEqual([
      { line: 4, column: 'crime_id', reason: 'left out at import: repeats the crime_id of an earlier line', raw: 'C1,2024-05-03,Robbery,Robbery of personal property,N,', _source_id: 1 },
      { line: 6, column: 'Group', reason: 'expected 6 columns, found 2', raw: 'C9,05/05/2024', _source_id: 1 },
    ]);
    const [source] = await listSources(sb.ws);
    expect(source).toMatchObject({
      sourceId: 1,
      table: 'offences',
      fileName: 'police-may.csv',
      mode: 'create',
      rowsLoaded: 3,
      rowsRejected: 1,
      rowsFlagged: 1,
      rowsLeftOut: 1,
      profileName: 'Police monthly',
      decisions: [
        { kind: 'conversion_failed', count: 1, resolution: 'keep_flagged' },
        { kind: 'duplicate_key', count: 1, resolution: 'leave_out' },
        { kind: 'date_in_future', count: 1, resolution: 'keep_flagged' },
      ],
    });
    expect(JSON.parse(String((await sb.rows('SELECT profile_json FROM _sv_sources'))[0]?.profile_json))).toEqual(OFFENCE_PROFILE);
    expect(await sb.rows("SELECT name, kind, rows_loaded, rows_rejected FROM _sv_tables ORDER BY name")).toEqual([
      { name: 'offences', kind: 'data', rows_loaded: 3, rows_rejected: 2 },
      { name: 'offences__rejects', kind: 'rejects', rows_loaded: 2, rows_rejected: 0 },
    ]);
  });

  it('leaving out instead of flagging keeps the flagged row out too', async () => {
    const preview = await previewImport(sb.ws, sb.file('police-may.csv', MAY), {});
    const result = await commitImport(sb.ws, {
      previewId: preview.previewId,
      table: 'offences',
      mode: 'create',
      mapping: { profile: OFFENCE_PROFILE, decisions: { duplicate_key: 'keep_flagged', date_in_future: 'leave_out', conversion_failed: 'keep_flagged' } },
    });
    expect([result.rowsLoaded, result.rowsFlagged, result.rowsLeftOut]).toEqual([3, 1, 1]);
    expect(await sb.rows('SELECT crime_id, offence_date, _flags FROM offences ORDER BY offence_date')).toEqual([
      { crime_id: 'C1', offence_date: '2024-05-01', _flags: null },
      { crime_id: 'C2', offence_date: '2024-05-02', _flags: null },
      { crime_id: 'C1', offence_date: '2024-05-03', _flags: 'duplicate_key:crime_id' },
    ]);
    expect(await sb.rows("SELECT line, reason FROM offences__rejects WHERE reason LIKE 'left out%'")).toEqual([
      { line: 5, reason: 'left out at import: offence_date 2099-05-04 is after today' },
    ]);
  });

  it('appends next month: the newer row wins for a key already there, and each row keeps its source', async () => {
    const may = await previewImport(sb.ws, sb.file('police-may.csv', MAY), {});
    const decisions = { duplicate_key: 'leave_out', date_in_future: 'leave_out', conversion_failed: 'leave_out' } as const;
    await commitImport(sb.ws, { previewId: may.previewId, table: 'offences', mode: 'create', mapping: { profile: OFFENCE_PROFILE, decisions } });
    const june = await previewImport(sb.ws, sb.file('police-june.csv', JUNE), {});
    const result = await commitImport(sb.ws, { previewId: june.previewId, table: 'offences', mode: 'append', mapping: { profile: OFFENCE_PROFILE, decisions } });
    expect(result).toMatchObject({ rowsLoaded: 2, rowsReplaced: 1, rowsRejected: 0, rowsLeftOut: 0, rejectsTable: null, sourceId: 2 });
    expect(await sb.rows('SELECT crime_id, serious_violence, weapon, _source_id FROM offences ORDER BY crime_id')).toEqual([
      { crime_id: 'C1', serious_violence: true, weapon: 'knife', _source_id: 1 },
      { crime_id: 'C2', serious_violence: true, weapon: 'knife', _source_id: 2 },
      { crime_id: 'C4', serious_violence: false, weapon: null, _source_id: 2 },
    ]);
    // May's rejects stay; June added none.
    expect(await sb.rows('SELECT line, _source_id FROM offences__rejects ORDER BY line')).toEqual([
      { line: 4, _source_id: 1 },
      { line: 5, _source_id: 1 },
      { line: 6, _source_id: 1 },
    ]);
    expect((await listSources(sb.ws)).map((s) => [s.sourceId, s.fileName, s.mode, s.rowsLoaded])).toEqual([
      [2, 'police-june.csv', 'append', 2],
      [1, 'police-may.csv', 'create', 2],
    ]);
    expect(await sb.rows("SELECT source_name, rows_loaded, rows_rejected FROM _sv_tables WHERE name = 'offences'")).toEqual([
      { source_name: 'police-june.csv', rows_loaded: 3, rows_rejected: 3 },
    ]);
    expect(await sb.rows('SELECT rows_replaced FROM _sv_sources ORDER BY source_id')).toEqual([{ rows_replaced: 0 }, { rows_replaced: 1 }]);
  });

  it('appends to a table imported as canonical CSV before sources were recorded, adding _flags', async () => {
    const columns = canonicalTable('offences')!.columns.map((c) => `${c.name} ${c.type}`);
    await sb.ws.conn.run(`CREATE TABLE offences (${columns.join(', ')}, officer_note VARCHAR)`);
    await sb.ws.conn.run(`INSERT INTO offences (crime_id, offence_date, officer_note) VALUES ('C2', DATE '2024-01-01', 'x')`);
    const june = await previewImport(sb.ws, sb.file('police-june.csv', JUNE), {});
    const result = await commitImport(sb.ws, { previewId: june.previewId, table: 'offences', mode: 'append', mapping: { profile: OFFENCE_PROFILE, decisions: {} } });
    expect(result).toMatchObject({ rowsLoaded: 2, rowsReplaced: 1 });
    expect(await sb.rows('SELECT crime_id, offence_date, officer_note, _flags, _source_id FROM offences ORDER BY crime_id')).toEqual([
      { crime_id: 'C2', offence_date: '2024-05-02', officer_note: null, _flags: null, _source_id: 1 }, // replaced: its note goes too
      { crime_id: 'C4', offence_date: '2024-06-01', officer_note: null, _flags: null, _source_id: 1 },
    ]);
  });

  it('refuses while a problem is undecided, and changes nothing', async () => {
    const preview = await previewImport(sb.ws, sb.file('police-may.csv', MAY), {});
    const before = await sb.snapshot();
    const err = await engineFailure(
      commitImport(sb.ws, { previewId: preview.previewId, table: 'offences', mode: 'create', mapping: { profile: OFFENCE_PROFILE, decisions: { duplicate_key: 'leave_out' } } }),
    );
    expect(err.code).toBe('invalid_args');
    expect(err.message).toBe(
      'police-may.csv: choose whether to keep flagged or leave out the rows with these problems: conversion_failed (1 row), date_in_future (1 row)',
    );
    expect(await sb.snapshot()).toEqual(before);
    expect(sb.stagingEntries()).toEqual([preview.previewId]);
  });

  it('refuses a mapping that leaves a required column unmapped, or maps onto another table', async () => {
    const preview = await previewImport(sb.ws, sb.file('police-may.csv', MAY), {});
    const { offence_type: _gone, ...columns } = OFFENCE_PROFILE.columns;
    const err = await engineFailure(
      commitImport(sb.ws, { previewId: preview.previewId, table: 'offences', mode: 'create', mapping: { profile: { ...OFFENCE_PROFILE, columns }, decisions: {} } }),
    );
    expect([err.code, err.message]).toEqual([
      'missing_data',
      'police-may.csv: The offences table needs offence_type, and no column of this extract is mapped to it',
    ]);
    const other = await engineFailure(
      commitImport(sb.ws, { previewId: preview.previewId, table: 'victims', mode: 'create', mapping: { profile: OFFENCE_PROFILE, decisions: {} } }),
    );
    expect(other.message).toBe('police-may.csv: the profile "Police monthly" maps onto offences, not victims');
    expect(await sb.snapshot()).toEqual({ _sv_tables: [] });
  });

  it('a failure or a cancel at the last moment leaves tables, metadata and sources exactly as before', async () => {
    const may = await previewImport(sb.ws, sb.file('police-may.csv', MAY), {});
    const decisions = { duplicate_key: 'leave_out', date_in_future: 'keep_flagged', conversion_failed: 'keep_flagged' } as const;
    await commitImport(sb.ws, { previewId: may.previewId, table: 'offences', mode: 'create', mapping: { profile: OFFENCE_PROFILE, decisions } });
    const before = await sb.snapshot();

    const june = await previewImport(sb.ws, sb.file('police-june.csv', JUNE), {});
    const args = { previewId: june.previewId, table: 'offences', mode: 'append', mapping: { profile: OFFENCE_PROFILE, decisions } } as const;
    const failed = await engineFailure(
      commitImport(sb.ws, args, {
        beforeCommit: () => {
          throw new Error('disk full');
        },
      }),
    );
    expect([failed.code, failed.message]).toEqual(['import_failed', 'police-june.csv: could not save it as "offences"; the workspace is unchanged (disk full)']);
    expect(await sb.snapshot()).toEqual(before);

    const stages: (string | null)[] = [];
    const cancelled = await engineFailure(
      commitImport(sb.ws, { ...args, jobId: 'job-1' }, {
        beforeCommit: () => {
          stages.push(jobProgress(sb.ws, 'job-1').stage);
          expect(cancelJob(sb.ws, 'job-1')).toBe(true);
        },
      }),
    );
    expect(stages).toEqual(['Writing']);
    expect(cancelled.code).toBe('cancelled');
    expect(jobProgress(sb.ws, 'job-1').state).toBe('cancelled');
    expect(await sb.snapshot()).toEqual(before);

    // The preview survived both: the same commit goes through afterwards.
    const ok = await commitImport(sb.ws, args);
    expect(ok).toMatchObject({ rowsLoaded: 2, rowsReplaced: 1, sourceId: 2 });
  });

  it('a cancel while mapping stops before anything is written', async () => {
    const before = await sb.snapshot();
    const preview = await previewImport(sb.ws, sb.file('police-may.csv', MAY), {});
    const commit = commitImport(sb.ws, {
      previewId: preview.previewId,
      table: 'offences',
      mode: 'create',
      jobId: 'job-2',
      mapping: { profile: OFFENCE_PROFILE, decisions: {} },
    });
    expect(cancelJob(sb.ws, 'job-2')).toBe(true);
    expect((await engineFailure(commit)).code).toBe('cancelled');
    expect(await sb.snapshot()).toEqual(before);
  });
});

describe('commitImport as read: append', () => {
  it('adds the rows when the columns match (no key: nothing replaced), refuses when they differ', async () => {
    const first = await previewImport(sb.ws, sb.file('people.csv', CLEAN), {});
    await commitImport(sb.ws, { previewId: first.previewId, table: 'people', mode: 'create' });
    const second = await previewImport(sb.ws, sb.file('people2.csv', 'id,name,seen\n2,Bo,25/12/2023\n3,Cy,01/01/2024\n'), {});
    const result = await commitImport(sb.ws, { previewId: second.previewId, table: 'people', mode: 'append' });
    expect(result).toMatchObject({ rowsLoaded: 2, rowsReplaced: 0, sourceId: 2 });
    expect(await sb.rows('SELECT id, _source_id FROM people ORDER BY id, _source_id')).toEqual([
      { id: 1, _source_id: 1 },
      { id: 2, _source_id: 1 },
      { id: 2, _source_id: 2 },
      { id: 3, _source_id: 2 },
    ]);

    const before = await sb.snapshot();
    const third = await previewImport(sb.ws, sb.file('people3.csv', 'id,name,when\n4,Di,01/01/2024\n'), {});
    const err = await engineFailure(commitImport(sb.ws, { previewId: third.previewId, table: 'people', mode: 'append' }));
    expect(err.message).toBe('people3.csv: cannot append to "people": the columns differ (the file lacks seen; the table lacks when); replace the table instead');
    expect(await sb.snapshot()).toEqual(before);
  });
});
