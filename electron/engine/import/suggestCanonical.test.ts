import { describe, expect, it } from 'vitest';
import { canonicalTables } from '../canonical/tables.js';
import { normaliseName, suggestCanonical } from './suggestCanonical.js';

describe('suggestCanonical', () => {
  it('recognises agency extracts by their column names', () => {
    const cases: [string[], string][] = [
      [['Crime Reference', 'Date Committed', 'Hour', 'HO Offence Group', 'Offence Description', 'HO Code', 'SV Flag', 'DA Flag', 'Weapon Used'], 'offences'],
      [['Crime Reference', 'Victim URN', 'Age', 'Gender', 'Ethnicity (SDE)', 'Home LSOA'], 'victims'],
      [['CRIME_REF', 'SUSPECT_ID', 'AGE_AT_OFFENCE', 'SEX', 'ETHNICITY', 'HOME_LSOA'], 'suspects'],
      [['Attendance Ref', 'Arrival Date/Time', 'Patient Pseudonym', 'Age (yrs)', 'Sex', 'Site', 'Assault'], 'ae_attendances'],
      [['Disposal ID', 'Child ID', 'Outcome', 'Tier', 'Start Date', 'End Date', 'Successfully Completed'], 'yj_disposals'],
      [['Child ID', 'Offence Date', 'Offence Category', 'SV'], 'yj_offences'],
      [['Person ID', 'Snapshot Date', 'Age', 'Gender', 'Main Offence', 'Sentence Type', 'First Time on Probation'], 'probation_caseload'],
    ];
    for (const [columns, table] of cases) expect([columns.join('|'), suggestCanonical(columns)]).toEqual([columns.join('|'), table]);
  });

  it('matches every canonical table by its own column names', () => {
    const shape = (names: string[]) => [...names].sort().join(',');
    for (const t of canonicalTables) {
      const names = t.columns.map((c) => c.name);
      // Tables with identical columns (victims and suspects): the first wins without a hint.
      const expected = canonicalTables.find((o) => shape(o.columns.map((c) => c.name)) === shape(names))!.name;
      expect([t.name, suggestCanonical(names)]).toEqual([t.name, expected]);
    }
  });

  it('tells victims from suspects by the file name when the columns are the same', () => {
    const cols = ['crime_id', 'person_id', 'age', 'sex'];
    expect(suggestCanonical(cols, 'suspects_2024.csv')).toBe('suspects');
    expect(suggestCanonical(cols, 'victims_2024.csv')).toBe('victims');
  });

  it('says null when nothing is close', () => {
    expect(suggestCanonical(['id', 'name', 'value'])).toBeNull();
    expect(suggestCanonical(['Age', 'Sex'])).toBeNull();
    expect(suggestCanonical([])).toBeNull();
  });

  it('normalises names the way agencies vary them', () => {
    expect(normaliseName('  Age (yrs) ')).toBe('age_yrs');
    expect(normaliseName('Arrival Date/Time')).toBe('arrival_date_time');
  });
});
