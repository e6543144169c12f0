import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { previewImport } from '../import/preview.js';
import { makeSandbox, type Sandbox } from '../import/testSupport.js';
import { previewMapping } from './preview.js';
import { nameScore, proposeMapping } from './propose.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(() => sb.cleanup());

const sources = (columns: Record<string, { source: string | null }>) =>
  Object.fromEntries(Object.entries(columns).flatMap(([k, v]) => (v.source === null ? [] : [[k, v.source]])));

describe('proposeMapping', () => {
  it('pairs a police offences extract by names and synonyms, with codes and blank-means-no', async () => {
    const csv = [
      'CrimeRef,Date Committed,Time Committed,HO Offence Group,Offence Subgroup,HO Code,SV Flag,DA Flag,Weapon Used,Premises Type,Ward Name,Notes',
      'C1,01/02/2024,14:30,Violence against the person,Assault with injury,8N,Y,,Knife/blade,Street/Highway,Central,x',
      'C2,15/03/2024,02:10,Robbery,Robbery of personal property,34B,N,Y,Not known,Dwelling,North,y',
      'C3,16/03/2024,23:10,Robbery,Robbery of personal property,34B,N,Y,Bat,Public house,North,z',
    ].join('\n');
    const p = await previewImport(sb.ws, sb.file('police.csv', csv), {});
    const profile = await proposeMapping(sb.ws, p.previewId, 'offences');
    expect(sources(profile.columns)).toEqual({
      crime_id: 'CrimeRef',
      offence_date: 'Date Committed',
      offence_hour: 'Time Committed',
      offence_group: 'HO Offence Group',
      offence_type: 'Offence Subgroup',
      offence_code: 'HO Code',
      serious_violence: 'SV Flag',
      domestic: 'DA Flag',
      weapon: 'Weapon Used',
      location_type: 'Premises Type',
      ward: 'Ward Name',
    });
    expect(profile.columns.serious_violence).toEqual({ source: 'SV Flag', codes: { N: 'false', Y: 'true' } });
    expect(profile.columns.domestic).toEqual({ source: 'DA Flag', codes: { Y: 'true' }, blankAs: 'false' });
    expect(profile.columns.weapon?.codes).toEqual({ Bat: 'blunt', 'Knife/blade': 'knife', 'Not known': null });
    expect(profile.columns.location_type?.codes).toEqual({ 'Public house': 'licensed_premises', 'Street/Highway': 'street' });
    expect(profile).toMatchObject({ kind: 'sv-workbench/mapping-profile', version: 1, table: 'offences', name: 'offences from police.csv' });
    expect(profile.sourceColumns).toEqual(p.columns.map((c) => c.name));

    // The proposal previews cleanly: every value converts.
    const m = await previewMapping(sb.ws, p.previewId, profile);
    expect(m.problems).toEqual([]);
    expect(m.sampleRows[2]).toMatchObject({ crime_id: 'C3', offence_date: '2024-03-16', offence_hour: 23, weapon: 'blunt', domestic: true });
  });

  it('victims: a suspect column is not the victim, LSOA and LA codes are recognised by their values', async () => {
    const csv = [
      'URN,Victim ID,Suspect Age,Age at offence,Gender,Ethnicity (16+1),Res,District',
      'C1,P1,30,19,Male,White - British,E01000001,E08000003',
      'C1,P2,30,16,Female,Black or Black British - Caribbean,E01000002,E08000003',
      'C2,P3,41,,Unknown,Not stated,E01000003,E08000001',
    ].join('\n');
    const p = await previewImport(sb.ws, sb.file('victims.csv', csv), {});
    const profile = await proposeMapping(sb.ws, p.previewId, 'victims');
    expect(sources(profile.columns)).toEqual({
      crime_id: 'URN',
      person_id: 'Victim ID',
      age: 'Age at offence',
      sex: 'Gender',
      ethnicity: 'Ethnicity (16+1)',
      home_lsoa: 'Res',
      home_lad: 'District',
    });
    expect(profile.columns.sex?.codes).toEqual({ Female: 'F', Male: 'M', Unknown: null });
    expect(profile.columns.ethnicity?.codes).toEqual({
      'Black or Black British - Caribbean': 'Black',
      'Not stated': null,
      'White - British': 'White',
    });
  });

  it('a date-and-time column fills both the offence date and hour', async () => {
    const csv = 'Crime No,Committed On,Offence,Group,Serious Violence\nC1,01/02/2024 13:45,Homicide,V,Yes\nC2,02/02/2024 01:05,Homicide,V,No\n';
    const p = await previewImport(sb.ws, sb.file('police.csv', csv), {});
    const profile = await proposeMapping(sb.ws, p.previewId, 'offences');
    expect(profile.columns.offence_date?.source).toBe('Committed On');
    expect(profile.columns.offence_hour?.source).toBe('Committed On');
    const m = await previewMapping(sb.ws, p.previewId, profile);
    expect(m.sampleRows.map((r) => [r.offence_date, r.offence_hour])).toEqual([
      ['2024-02-01', 13],
      ['2024-02-02', 1],
    ]);
  });

  it('proposes nothing for columns it cannot place, and refuses a table that is not canonical', async () => {
    const p = await previewImport(sb.ws, sb.file('odd.csv', 'foo,bar\n1,2\n'), {});
    const profile = await proposeMapping(sb.ws, p.previewId, 'offences');
    expect(sources(profile.columns)).toEqual({});
    await expect(proposeMapping(sb.ws, p.previewId, 'crimes')).rejects.toThrow('crimes is not a canonical table');
  });
});

describe('nameScore', () => {
  it('canonical name, synonym, contained words; foreign words score nothing', () => {
    expect(nameScore('crime_id', 'Crime ID', 'offences')).toBe(100);
    expect(nameScore('crime_id', 'Crime Reference', 'offences')).toBe(95);
    expect(nameScore('crime_id', 'CRIME_REF', 'offences')).toBe(95);
    expect(nameScore('offence_date', 'Offence Date (first)', 'offences')).toBe(72);
    expect(nameScore('age', 'Suspect Age', 'victims')).toBe(0);
    expect(nameScore('age', 'Suspect Age', 'suspects')).toBe(95);
    expect(nameScore('sex', 'Hour', 'victims')).toBe(0);
  });
});
