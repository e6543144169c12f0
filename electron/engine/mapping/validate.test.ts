import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILE_KIND, type MappingProfile, type ValidationProblem } from '../../contract/index.js';
import { commitImport } from '../import/commit.js';
import { previewImport } from '../import/preview.js';
import { makeSandbox, type Sandbox } from '../import/testSupport.js';
import { previewMapping } from './preview.js';

/**
 * previewMapping over small extracts with known faults: each validation rule with its exact
 * count and the extract lines of its examples, the per-column conversion counts, and the
 * layout check of a changed extract.
 */
let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(() => sb.cleanup());

const profile = (table: string, sourceColumns: string[], columns: MappingProfile['columns']): MappingProfile => ({
  kind: PROFILE_KIND,
  version: 1,
  name: `test ${table}`,
  table,
  sourceColumns,
  read: {},
  columns,
});

const byKind = (problems: ValidationProblem[]) =>
  Object.fromEntries(problems.map((p) => [`${p.kind}${p.column ? `:${p.column}` : ''}`, [p.count, p.examples.map((e) => e.line)]]));

// Line 1 header; line 5 is a ragged row the parser rejects, so data lines after it shift.
const OFFENCES = [
  'Ref,Committed,Hour,Group,Type,SV',
  'C1,01/02/2024,14,Violence against the person,Assault with injury,Y', // 2 clean
  'C2,15/03/2099,2,Robbery,Robbery of personal property,N', // 3 future
  'C1,16/03/2024,3,Robbery,Robbery of personal property,Y', // 4 duplicate of line 2
  'C9,bad', // 5 rejected when read
  ',01/01/1985,9,Violence against the person,GBH with intent,Y', // 6 blank ref, before 1990
  'C5,02/01/2024,30,,Homicide,maybe', // 7 hour 30 fails, group blank, SV fails
  'C6,03/01/2024,10,Violence against the person,Homicide,Y', // 8 clean
  'C1,04/01/2024,11,Violence against the person,Homicide,Y', // 9 duplicate of line 2
].join('\n');

const OFFENCES_PROFILE = profile('offences', ['Ref', 'Committed', 'Hour', 'Group', 'Type', 'SV'], {
  crime_id: { source: 'Ref' },
  offence_date: { source: 'Committed', dateFormat: '%d/%m/%Y' },
  offence_hour: { source: 'Hour' },
  offence_group: { source: 'Group' },
  offence_type: { source: 'Type' },
  serious_violence: { source: 'SV', codes: { y: 'true', N: 'false' } },
});

describe('previewMapping', () => {
  it('counts every problem of an offences extract with the lines of its examples', async () => {
    const p = await previewImport(sb.ws, sb.file('offences.csv', OFFENCES), {});
    expect([p.rowsAccepted, p.rowsRejected]).toEqual([7, 1]);
    const m = await previewMapping(sb.ws, p.previewId, OFFENCES_PROFILE);
    expect(m.rowsTotal).toBe(7);
    expect(byKind(m.problems)).toEqual({
      'conversion_failed:offence_hour': [1, [7]],
      'conversion_failed:serious_violence': [1, [7]],
      'required_blank:crime_id': [1, [6]],
      'required_blank:offence_group': [1, [7]],
      'duplicate_key:crime_id': [2, [4, 9]],
      'date_in_future:offence_date': [1, [3]],
      'date_before_1990:offence_date': [1, [6]],
    });
    const failed = m.problems.find((x) => x.kind === 'conversion_failed' && x.column === 'serious_violence')!;
    expect(failed).toEqual({
      kind: 'conversion_failed',
      column: 'serious_violence',
      count: 1,
      message: '1 row: the value in "SV" could not become serious_violence, which must be true or false (add codes for the local spellings)',
      examples: [{ line: 7, values: { crime_id: 'C5', serious_violence: 'maybe' } }],
      resolvable: true,
    });
    expect(m.problems.find((x) => x.kind === 'duplicate_key')).toMatchObject({
      message: '2 rows repeat the crime_id of an earlier line in this extract',
      examples: [
        { line: 4, values: { crime_id: 'C1' } },
        { line: 9, values: { crime_id: 'C1' } },
      ],
    });
    expect(m.problems.find((x) => x.kind === 'date_before_1990')?.examples).toEqual([
      { line: 6, values: { crime_id: null, offence_date: '1985-01-01' } },
    ]);

    const col = (name: string) => m.columns.find((c) => c.column === name)!;
    expect(col('offence_hour')).toEqual({
      column: 'offence_hour',
      type: 'INTEGER',
      required: false,
      source: 'Hour',
      converted: 6,
      failed: 1,
      blank: 0,
      failedValues: [{ value: '30', count: 1 }],
    });
    expect([col('crime_id').converted, col('crime_id').blank]).toEqual([6, 1]);
    expect([col('domestic').source, col('domestic').blank]).toEqual([null, 7]);
    expect(m.sampleRows[0]).toMatchObject({ crime_id: 'C1', offence_date: '2024-02-01', offence_hour: 14, serious_violence: true });
    expect(m.layout).toEqual({ matches: true, missing: [], added: [], reordered: false });
  });

  it('a required column nothing maps to blocks the import (not resolvable)', async () => {
    const p = await previewImport(sb.ws, sb.file('offences.csv', OFFENCES), {});
    const { offence_type: _dropped, ...columns } = OFFENCES_PROFILE.columns;
    const m = await previewMapping(sb.ws, p.previewId, { ...OFFENCES_PROFILE, columns });
    expect(m.problems[0]).toEqual({
      kind: 'missing_required_column',
      column: 'offence_type',
      count: 7,
      message: 'The offences table needs offence_type, and no column of this extract is mapped to it',
      examples: [],
      resolvable: false,
    });
  });

  it('ages outside 0–110, and victims whose crime is not in offences', async () => {
    // No offences table yet: the orphan rule cannot apply.
    const victims = 'crime,person,age\nC1,P1,19\nC1,P2,130\nC7,P3,-1\nC8,P4,110\nC8,P4,0\n';
    const vp = profile('victims', ['crime', 'person', 'age'], {
      crime_id: { source: 'crime' },
      person_id: { source: 'person' },
      age: { source: 'age' },
    });
    const before = await previewImport(sb.ws, sb.file('victims.csv', victims), {});
    expect(byKind((await previewMapping(sb.ws, before.previewId, vp)).problems)).toEqual({
      'age_out_of_range:age': [2, [3, 4]],
      'duplicate_key': [1, [6]],
    });

    const o = await previewImport(sb.ws, sb.file('offences.csv', 'crime_id,offence_date,offence_group,offence_type,serious_violence\nC1,2024-01-01,V,T,true\nC8,2024-01-02,V,T,false\n'), {});
    await commitImport(sb.ws, { previewId: o.previewId, table: 'offences', mode: 'create' });
    const after = await previewImport(sb.ws, sb.file('victims.csv', victims), {});
    const m = await previewMapping(sb.ws, after.previewId, vp);
    expect(byKind(m.problems)).toEqual({
      'age_out_of_range:age': [2, [3, 4]],
      'duplicate_key': [1, [6]],
      'orphan_crime:crime_id': [1, [4]],
    });
    expect(m.problems.find((x) => x.kind === 'orphan_crime')).toMatchObject({
      message: "1 row has a crime_id that is not in the workspace's offences table",
      examples: [{ line: 4, values: { crime_id: 'C7', person_id: 'P3' } }],
    });
    expect(m.problems.find((x) => x.kind === 'age_out_of_range')?.examples).toEqual([
      { line: 3, values: { crime_id: 'C1', person_id: 'P2', age: 130 } },
      { line: 4, values: { crime_id: 'C7', person_id: 'P3', age: -1 } },
    ]);
  });

  it('reports a changed layout column by column and never maps by position', async () => {
    // Next month: "Ref" renamed, a column added, two swapped.
    const changed = 'Crime Ref,Committed,Hour,Type,Group,SV,Beat\nC1,01/02/2024,14,Assault with injury,Violence against the person,Y,B1\n';
    const p = await previewImport(sb.ws, sb.file('offences-june.csv', changed), {});
    const m = await previewMapping(sb.ws, p.previewId, OFFENCES_PROFILE);
    expect(m.layout).toEqual({ matches: false, missing: ['Ref'], added: ['Crime Ref', 'Beat'], reordered: true });
    expect(m.columns.find((c) => c.column === 'crime_id')).toMatchObject({ source: null, blank: 1 });
    expect(m.problems.filter((x) => !x.resolvable)).toEqual([
      {
        kind: 'missing_required_column',
        column: 'crime_id',
        count: 1,
        message: 'The offences table needs crime_id; the profile takes it from "Ref", which this extract does not have',
        examples: [],
        resolvable: false,
      },
    ]);
    // Columns found by name still map, wherever they now are.
    expect(m.sampleRows[0]).toMatchObject({ offence_group: 'Violence against the person', offence_type: 'Assault with injury' });
  });

  it('applies codes ignoring case and spaces, blankAs, date formats with times, and hours from times', async () => {
    const csv = [
      'id|when|sex|eth|flag|weapon|hour',
      'A1|01/02/2024 13:45| male |White - British|Yes|Knife/blade|14:30',
      'A2|02/02/2024|FEMALE|Asian or Asian British - Pakistani||Bottle|7',
      'A3|03/02/2024 00:10|u|NS|no|Fist|23:59',
      'A4|04/02/2024|Other|W1|Y||',
    ].join('\n');
    const p = await previewImport(sb.ws, sb.file('ae.csv', csv), {});
    const m = await previewMapping(
      sb.ws,
      p.previewId,
      profile('ae_attendances', ['id', 'when', 'sex', 'eth', 'flag', 'weapon', 'hour'], {
        attendance_id: { source: 'id' },
        attendance_date: { source: 'when', dateFormat: '%d/%m/%Y' },
        patient_id: { source: 'id' },
        sex: { source: 'sex', codes: { Male: 'M', Female: 'F', U: null, Other: 'X' } },
        ethnicity: { source: 'eth', codes: { 'White - British': 'White', 'asian or asian british - pakistani': 'Asian', NS: null, W1: 'White' } },
        assault: { source: 'flag', codes: { Yes: 'true', Y: 'true', No: 'false' }, blankAs: 'false' },
        weapon: { source: 'weapon', codes: { 'Knife/blade': 'knife', Bottle: 'bottle_glass', Fist: 'none' } },
      }),
    );
    expect(m.problems).toEqual([]);
    expect(m.sampleRows.map((r) => [r.attendance_date, r.sex, r.ethnicity, r.assault, r.weapon])).toEqual([
      ['2024-02-01', 'M', 'White', true, 'knife'],
      ['2024-02-02', 'F', 'Asian', false, 'bottle_glass'],
      ['2024-02-03', null, null, false, 'none'],
      ['2024-02-04', 'X', 'White', true, null],
    ]);
    // "u" and "NS" mapped to blank count as blank, not failed.
    expect(m.columns.filter((c) => ['sex', 'ethnicity'].includes(c.column)).map((c) => [c.converted, c.failed, c.blank])).toEqual([
      [3, 0, 1],
      [3, 0, 1],
    ]);
  });
});

describe('line numbers of mapped rows', () => {
  it('stay the extract lines around rejected lines, one or several in a row', async () => {
    const csv = ['Ref,Committed,Group,Type,SV', 'C1,01/02/2024,V,T,Y', 'x', 'y', 'C2,01/01/1985,V,T,Y', 'z', 'C3,01/01/1986,V,T,Y', 'C4,01/01/1987,V,T,Y', 'w', ''].join('\n');
    const p = await previewImport(sb.ws, sb.file('gaps.csv', csv), {});
    expect(p.rejects.map((r) => r.line)).toEqual([3, 4, 6, 9]);
    const m = await previewMapping(sb.ws, p.previewId, { ...OFFENCES_PROFILE, sourceColumns: ['Ref', 'Committed', 'Group', 'Type', 'SV'] });
    expect(m.problems.find((x) => x.kind === 'date_before_1990')?.examples.map((e) => [e.line, e.values.crime_id])).toEqual([
      [5, 'C2'],
      [7, 'C3'],
      [8, 'C4'],
    ]);
  });
});

describe('a profile the extract cannot be read with', () => {
  it('a date format DuckDB does not know is named with its column', async () => {
    const p = await previewImport(sb.ws, sb.file('offences.csv', OFFENCES), {});
    const bad = { ...OFFENCES_PROFILE, columns: { ...OFFENCES_PROFILE.columns, offence_date: { source: 'Committed', dateFormat: '%d/%Q/%Y' } } };
    await expect(previewMapping(sb.ws, p.previewId, bad)).rejects.toThrow(
      'profile "test offences": offence_date: "%d/%Q/%Y" is not a date format; use one like %d/%m/%Y',
    );
    const unknown = { ...OFFENCES_PROFILE, columns: { ...OFFENCES_PROFILE.columns, crime_ref: { source: 'Ref' } } };
    await expect(previewMapping(sb.ws, p.previewId, unknown)).rejects.toThrow('profile "test offences": the offences table has no column crime_ref');
  });
});
