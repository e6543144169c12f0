import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../contract/index.js';
import { canonicalTable, type CanonicalTable } from '../canonical/tables.js';
import { importCanonicalCsv } from './canonicalImport.js';
import { makeSandbox, type Sandbox } from './testSupport.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(() => sb.cleanup());

const table = (name: string): CanonicalTable => {
  const t = canonicalTable(name);
  if (!t) throw new Error(`no canonical table ${name}`);
  return t;
};

// Required columns, some optional ones (in another order), one column the schema does not know.
const OFFENCES = [
  'crime_id,offence_date,offence_group,offence_type,serious_violence,domestic,offence_hour,weapon,officer_note',
  'C1,2024-04-03,Violence against the person,Assault with injury,true,false,23,knife,first',
  'C2,2023-12-25,Robbery,Robbery of personal property,false,,,,',
  'C3,2024-02-30,Robbery,Robbery of personal property,false,true,1,none,bad date',
  'C4,2024-01-05,Violence against the person,GBH with intent,maybe,false,2,none,bad bool',
  'C5,2024-01-06,Violence against the person,Homicide,true,true,25x,firearm,bad hour',
  '',
].join('\n');

describe('importCanonicalCsv', () => {
  it('forces canonical types, orders canonical columns first, keeps extras as text and rejects what does not fit', async () => {
    const path = sb.write('offences.csv', OFFENCES);
    const result = await importCanonicalCsv(sb.ws, path, table('offences'));
    expect(result).toEqual({
      table: 'offences',
      rowsLoaded: 2,
      rowsRejected: 3,
      rejectsTable: 'offences__rejects',
      rowsReplaced: 0,
      rowsFlagged: 0,
      rowsLeftOut: 0,
      sourceId: 1,
    });

    const columns = await sb.rows(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'offences' ORDER BY ordinal_position",
    );
    expect(columns).toEqual([
      ...table('offences').columns.map((c) => ({ column_name: c.name, data_type: c.type })),
      { column_name: 'officer_note', data_type: 'VARCHAR' },
      { column_name: '_source_id', data_type: 'INTEGER' },
    ]);
    expect(
      await sb.rows(
        'SELECT crime_id, offence_date, offence_hour, serious_violence, domestic, hate, weapon, area, officer_note FROM offences ORDER BY crime_id',
      ),
    ).toEqual([
      {
        crime_id: 'C1',
        offence_date: '2024-04-03',
        offence_hour: 23,
        serious_violence: true,
        domestic: false,
        hate: null,
        weapon: 'knife',
        area: null,
        officer_note: 'first',
      },
      {
        crime_id: 'C2',
        offence_date: '2023-12-25',
        offence_hour: null,
        serious_violence: false,
        domestic: null,
        hate: null,
        weapon: null,
        area: null,
        officer_note: null,
      },
    ]);
    expect(await sb.rows('SELECT * EXCLUDE (_source_id) FROM offences__rejects ORDER BY line')).toEqual([
      {
        line: 4,
        column: 'offence_date',
        reason: "'2024-02-30' is not a date (yyyy-mm-dd)",
        raw: 'C3,2024-02-30,Robbery,Robbery of personal property,false,true,1,none,bad date',
      },
      {
        line: 5,
        column: 'serious_violence',
        reason: "'maybe' is not true or false",
        raw: 'C4,2024-01-05,Violence against the person,GBH with intent,maybe,false,2,none,bad bool',
      },
      {
        line: 6,
        column: 'offence_hour',
        reason: "'25x' is not a whole number",
        raw: 'C5,2024-01-06,Violence against the person,Homicide,true,true,25x,firearm,bad hour',
      },
    ]);
    const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(await sb.rows('SELECT name, kind, source_name, source_sha256, rows_loaded, rows_rejected FROM _sv_tables ORDER BY name')).toEqual([
      { name: 'offences', kind: 'data', source_name: 'offences.csv', source_sha256: sha, rows_loaded: 2, rows_rejected: 3 },
      { name: 'offences__rejects', kind: 'rejects', source_name: 'offences.csv', source_sha256: sha, rows_loaded: 3, rows_rejected: 0 },
    ]);
    expect(sb.stagingEntries()).toEqual([]);
  });

  it('replaces an earlier import of the same table (and its rejects)', async () => {
    await importCanonicalCsv(sb.ws, sb.write('offences.csv', OFFENCES), table('offences'));
    const clean = OFFENCES.split('\n').slice(0, 3).join('\n');
    const result = await importCanonicalCsv(sb.ws, sb.write('offences-clean.csv', clean), table('offences'));
    expect(result).toMatchObject({ table: 'offences', rowsLoaded: 2, rowsRejected: 0, rejectsTable: null, sourceId: 2 });
    expect(Object.keys(await sb.snapshot())).toEqual(['_sv_sources', '_sv_tables', 'offences']);
  });

  it('records reference tables with their kind', async () => {
    const path = sb.write('imd.csv', 'lsoa_code,lad_code,imd_rank,imd_decile\nE01000001,E09000001,29199,9\n');
    await importCanonicalCsv(sb.ws, path, table('imd'));
    expect(await sb.rows('SELECT * FROM imd')).toEqual([
      { lsoa_code: 'E01000001', lad_code: 'E09000001', imd_rank: 29199, imd_decile: 9, population: null, _source_id: 1 },
    ]);
    expect(await sb.rows('SELECT name, kind FROM _sv_tables')).toEqual([{ name: 'imd', kind: 'reference' }]);
  });

  it('refuses a file missing required columns, naming the file and the columns, and writes nothing', async () => {
    const path = sb.write('victims.csv', 'crime_id,age,sex\nC1,19,M\n');
    const err = await importCanonicalCsv(sb.ws, path, table('offences')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('missing_data');
    expect((err as EngineError).message).toBe(
      'victims.csv: the offences table needs columns offence_date, offence_group, offence_type, serious_violence, which are not in the file',
    );
    expect(await sb.snapshot()).toEqual({ _sv_tables: [] });
    expect(sb.stagingEntries()).toEqual([]);
  });
});
