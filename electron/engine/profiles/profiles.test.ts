import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError, PROFILE_KIND, type MappingProfile } from '../../contract/index.js';
import { makeSandbox, type Sandbox } from '../import/testSupport.js';
import { profileFromJson, profileToJson } from './json.js';
import { getProfile, listProfiles, profileSlug, profilesDir, saveProfile } from './store.js';

const PROFILE: MappingProfile = {
  kind: PROFILE_KIND,
  version: 1,
  name: 'Police — May 2024 (v2)',
  table: 'offences',
  sourceColumns: ['Ref', 'Committed'],
  read: { sheet: 'Crimes', headerRow: 3 },
  columns: {
    crime_id: { source: 'Ref' },
    offence_date: { source: 'Committed', dateFormat: '%d/%m/%Y' },
    serious_violence: { source: null },
    domestic: { source: 'DA', codes: { Y: 'true', N: null }, blankAs: 'false' },
  },
  createdAt: '2024-06-01T10:00:00.000Z',
  note: 'from the monthly extract',
};

const errorOf = (fn: () => unknown): EngineError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return err as EngineError;
  }
  throw new Error('expected an error');
};

describe('profile JSON', () => {
  it('round-trips exactly, pretty-printed', () => {
    const text = profileToJson(PROFILE);
    expect(text).toContain('\n  "kind": "sv-workbench/mapping-profile",\n');
    expect(profileFromJson(text, 'p.json')).toEqual(PROFILE);
    expect(profileFromJson(`\uFEFF${text}`, 'p.json')).toEqual(PROFILE); // saved by Notepad
  });

  it.each([
    ['{"kind": ', 'p.json: is not valid JSON'],
    ['[1, 2]', 'p.json: is not a mapping profile (expected a JSON object)'],
    ['{"kind": "sv-workbench/query"}', 'p.json: is not an SV Workbench mapping profile (its kind is "sv-workbench/query"; expected "sv-workbench/mapping-profile")'],
    [JSON.stringify({ ...PROFILE, version: 2 }), 'p.json: field version: '],
    [JSON.stringify({ ...PROFILE, columns: { crime_id: { source: 7 } } }), 'p.json: field columns.crime_id.source: '],
    [JSON.stringify({ ...PROFILE, table: 'crimes' }), 'p.json: field table: crimes is not a canonical table'],
    [JSON.stringify({ ...PROFILE, columns: { crime_ref: { source: 'Ref' } } }), 'p.json: field columns.crime_ref: the offences table has no column crime_ref'],
  ])('refuses %s naming the file and the field', (text, message) => {
    const err = errorOf(() => profileFromJson(text, 'p.json'));
    expect(err.code).toBe('import_failed');
    expect(err.message.startsWith(message)).toBe(true);
  });

  it('refuses a file too large to be a profile', () => {
    expect(errorOf(() => profileFromJson(' '.repeat(1024 * 1024 + 1), 'big.json')).message).toBe('big.json: is too large to be a mapping profile');
  });
});

describe('saved profiles', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(() => sb.cleanup());

  it('saves to profiles/<slug>.json, lists, gets by name, overwrites by name', async () => {
    expect(await listProfiles(sb.ws)).toEqual([]);
    const summary = await saveProfile(sb.ws, PROFILE);
    expect(summary).toMatchObject({ name: PROFILE.name, table: 'offences', sourceColumns: 2 });
    expect(readdirSync(profilesDir(sb.ws))).toEqual(['police-may-2024-v2.json']);
    expect(JSON.parse(readFileSync(join(profilesDir(sb.ws), 'police-may-2024-v2.json'), 'utf8'))).toEqual(PROFILE);
    expect(await getProfile(sb.ws, PROFILE.name)).toEqual(PROFILE);

    await saveProfile(sb.ws, { ...PROFILE, sourceColumns: ['Ref', 'Committed', 'DA'] });
    expect(readdirSync(profilesDir(sb.ws))).toEqual(['police-may-2024-v2.json']);
    expect((await getProfile(sb.ws, PROFILE.name)).sourceColumns).toEqual(['Ref', 'Committed', 'DA']);

    // Another name with the same slug gets its own file.
    await saveProfile(sb.ws, { ...PROFILE, name: 'police may 2024 v2' });
    expect(readdirSync(profilesDir(sb.ws)).sort()).toEqual(['police-may-2024-v2-2.json', 'police-may-2024-v2.json']);
    expect((await listProfiles(sb.ws)).map((p) => p.name).sort()).toEqual(['Police — May 2024 (v2)', 'police may 2024 v2']);
  });

  it('skips a damaged file in the list; getting it says what is wrong', async () => {
    await saveProfile(sb.ws, PROFILE);
    writeFileSync(join(profilesDir(sb.ws), 'broken.json'), '{"kind": "sv-workbench/mapping-profile", "version": 1');
    expect((await listProfiles(sb.ws)).map((p) => p.name)).toEqual([PROFILE.name]);
    await expect(getProfile(sb.ws, 'Broken')).rejects.toThrow(/^broken\.json: is not valid JSON/);
    await expect(getProfile(sb.ws, 'nothing like it')).rejects.toThrow('no saved mapping profile named "nothing like it"');
  });

  it('refuses to save a profile for a table that is not canonical', async () => {
    await expect(saveProfile(sb.ws, { ...PROFILE, table: 'crimes' })).rejects.toThrow('field table: crimes is not a canonical table');
  });

  it('slugs', () => {
    expect(profileSlug('Police — May 2024 (v2)')).toBe('police-may-2024-v2');
    expect(profileSlug('Énergie / A&E')).toBe('energie-a-e');
    expect(profileSlug('—')).toBe('profile');
  });
});
