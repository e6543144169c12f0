import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineFailure } from '../testing/engineFailure.js';
import { MappingProfile, PROFILE_KIND } from '../contract/index.js';
import {
  exportProfileDialogOptions,
  importProfileDialogOptions,
  profileFileName,
  readProfileFile,
  writeProfileFile,
} from './profile-files.js';
import { PROFILE_MAX_BYTES, profileToJson } from '../contract/profile-json.js';

const dir = mkdtempSync(join(tmpdir(), 'sv-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const policeProfile: MappingProfile = MappingProfile.parse({
  kind: PROFILE_KIND,
  version: 1,
  name: 'GMP victims extract',
  table: 'victims',
  sourceColumns: ['Crime Ref', 'Victim ID', 'Age', 'Gender'],
  read: { sheet: 'Victims', headerRow: 3 },
  columns: {
    crime_id: { source: 'Crime Ref' },
    person_id: { source: 'Victim ID' },
    age: { source: 'Age' },
    sex: { source: 'Gender', codes: { Male: 'M', Female: 'F', Unknown: null } },
  },
});

describe('profile file names and dialogs', () => {
  it('suggests <profile name>.json, with characters no file system takes replaced', () => {
    expect(profileFileName(policeProfile)).toBe('GMP victims extract.json');
    expect(profileFileName({ name: 'A&E: TIIG / monthly?' })).toBe('A&E_ TIIG _ monthly_.json');
    expect(profileFileName({ name: '..' })).toBe('mapping-profile.json');
    expect(profileFileName({ name: 'x'.repeat(200) })).toBe(`${'x'.repeat(120)}.json`);
  });

  it('offers JSON in both dialogs and the suggested name in the save dialog', () => {
    expect(exportProfileDialogOptions(policeProfile)).toMatchObject({
      defaultPath: 'GMP victims extract.json',
      filters: [{ name: 'Mapping profile (JSON)', extensions: ['json'] }],
    });
    expect(importProfileDialogOptions()).toEqual({
      title: 'Open a mapping profile',
      properties: ['openFile'],
      filters: [{ name: 'Mapping profile (JSON)', extensions: ['json'] }],
    });
  });
});

describe('writing and reading profile files', () => {
  it('writes indented JSON that reads back as the same profile', async () => {
    const path = join(dir, 'GMP victims extract.json');
    await writeProfileFile(path, policeProfile);
    expect(readFileSync(path, 'utf8')).toBe(profileToJson(policeProfile));
    expect(await readProfileFile(path)).toEqual(policeProfile);
  });

  it('reads a profile saved with a byte-order mark and fills the defaults', async () => {
    const { read: _read, ...withoutRead } = policeProfile;
    const path = join(dir, 'bom.json');
    writeFileSync(path, `\uFEFF${JSON.stringify(withoutRead)}`);
    expect(await readProfileFile(path)).toEqual({ ...policeProfile, read: {} });
  });

  it('refuses a file that is not JSON, naming it', async () => {
    const path = join(dir, 'notes.json');
    writeFileSync(path, '{"kind": "sv-workbench/mapping-profile", ');
    const err = await engineFailure(() => readProfileFile(path));
    expect(err.code).toBe('import_failed');
    expect(err.message).toMatch(/^notes\.json: is not valid JSON \(/);
  });

  it('checks the content with the engine\'s profile parser, naming the file and field', async () => {
    const path = join(dir, 'p.json');
    writeFileSync(path, JSON.stringify({ ...policeProfile, table: 'Victims!' }));
    const err = await engineFailure(() => readProfileFile(path));
    expect(err.code).toBe('import_failed');
    expect(err.message).toMatch(/^p\.json: field table: /);
  });

  it('refuses a file over 1 MB without parsing it', async () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, `{"kind":"${PROFILE_KIND}","note":"${'x'.repeat(PROFILE_MAX_BYTES)}"}`);
    const err = await engineFailure(() => readProfileFile(path));
    expect(err.code).toBe('import_failed');
    expect(err.message).toMatch(/^huge\.json: is 1,048,6\d\d bytes; a mapping profile is at most 1 MB$/);
    // Exactly at the cap is read (and then judged on its content).
    writeFileSync(path, JSON.stringify(policeProfile).padEnd(PROFILE_MAX_BYTES, ' '));
    expect(await readProfileFile(path)).toEqual(policeProfile);
  });

  it('says when the file is gone or is a folder', async () => {
    expect(await engineFailure(() => readProfileFile(join(dir, 'gone.json')))).toMatchObject({ code: 'not_found', message: 'gone.json: file not found' });
    mkdirSync(join(dir, 'folder.json'));
    expect(await engineFailure(() => readProfileFile(join(dir, 'folder.json')))).toMatchObject({
      code: 'import_failed',
      message: 'folder.json: is not a file',
    });
  });
});
