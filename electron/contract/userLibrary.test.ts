import { describe, expect, it } from 'vitest';
import { fakeEngine } from '../../renderer/testing/fakeTransport.js';
import { contract, shellChannels } from './api.js';
import { EntryDraft, QuerySummary, RunAdhocArgs, SaveOutcome } from './schemas.js';
import { parseArgs, parseResult } from './validate.js';

/** The SQL editor's and the own library's channels as the contract defines and checks them. */
describe('contract: ad-hoc SQL and own entries', () => {
  it('names the new shell channels and engine channels', () => {
    expect(shellChannels).toEqual(expect.arrayContaining(['files.exportQuery', 'files.importQuery']));
    for (const c of ['query.runAdhoc', 'library.userInfo', 'library.save', 'library.delete', 'library.import', 'library.entryFile']) {
      expect(Object.hasOwn(contract, c)).toBe(true);
      expect(shellChannels as readonly string[]).not.toContain(c);
    }
  });

  it('fills a draft\'s defaults and refuses what the loader would', () => {
    const draft = EntryDraft.parse({ id: 'knife-wards', title: ' Knives ', description: 'Knife offences by ward.', theme: 'Places', sql: 'SELECT 1' });
    expect(draft).toEqual({
      id: 'knife-wards',
      title: 'Knives',
      description: 'Knife offences by ward.',
      definition: '',
      theme: 'Places',
      version: '1.0.0',
      params: [],
      chart: { type: 'none', x: '', y: '' },
      countColumns: [],
      rowLevel: false,
      sql: 'SELECT 1',
    });
    const issues = (v: unknown) => (EntryDraft.safeParse(v).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(issues({ ...draft, id: 'Knife_Wards' })).toEqual(['id']);
    expect(issues({ ...draft, theme: 'Knives' })).toEqual(['theme']);
    expect(issues({ ...draft, version: 'v1' })).toEqual(['version']);
    expect(issues({ ...draft, params: [{ name: 'x', type: 'enum', label: 'X', default: null }] })).toEqual(['params.0.type']);
    expect(issues({ ...draft, owner: 'me' })).toEqual(['']);
  });

  it('checks ad-hoc arguments strictly and defaults the params', () => {
    expect(parseArgs('query.runAdhoc', { sql: 'SELECT 1', runId: 'r' })).toEqual({ sql: 'SELECT 1', params: [], runId: 'r' });
    expect(() => parseArgs('query.runAdhoc', { sql: 'SELECT 1', runId: 'r', queryId: 'x' })).toThrow(/invalid_args|Unrecognized/);
    expect(() => RunAdhocArgs.parse({ sql: 'SELECT $a', runId: 'r', params: [{ name: 'a b', type: 'int', value: 1 }] })).toThrow();
    expect(parseArgs('library.save', { entry: { id: 'a', title: 't', description: 'd', theme: 'Health', sql: 'SELECT 1' } }).overwrite).toBe(false);
    expect(parseArgs('library.import', { fileName: 'a.sql', text: '' }).replace).toBe(false);
  });

  it('reads an older summary (no origin) as an app entry, and both save outcomes', () => {
    const summary = {
      id: 'x', title: 't', description: 'd', theme: 'Victims', version: '1.0.0', definition: 'd', params: [],
      chart: { type: 'none', x: '', y: '' }, countColumns: [], rowLevel: false, sql: 'SELECT 1',
    };
    expect(QuerySummary.parse(summary).origin).toBe('app');
    expect(SaveOutcome.parse({ status: 'exists', id: 'x', title: 't' })).toEqual({ status: 'exists', id: 'x', title: 't' });
    expect(parseResult('library.save', { status: 'saved', entry: { ...summary, origin: 'user' } })).toMatchObject({ entry: { origin: 'user' } });
    expect(() => parseResult('library.save', { status: 'saved' })).toThrow(/malformed/);
  });

  it('round-trips through the renderer\'s client: arguments checked on the way in, results on the way back', async () => {
    const fake = fakeEngine({
      'library.save': ({ entry, overwrite }) => (overwrite ? { status: 'saved', entry: { ...entry, definition: entry.description, params: [], origin: 'user' as const } } : { status: 'exists', id: entry.id, title: 'Old' }),
      'files.importQuery': () => ({ fileName: 'from Sam.sql', text: '/* … */' }),
    });
    const entry = { id: 'knife-wards', title: 'Knives', description: 'Knife offences by ward.', theme: 'Places' as const, sql: 'SELECT 1' };
    expect(await fake.client['library.save']({ entry })).toEqual({ status: 'exists', id: 'knife-wards', title: 'Old' });
    const saved = await fake.client['library.save']({ entry, overwrite: true });
    expect(saved.status === 'saved' && saved.entry.origin).toBe('user');
    expect(fake.callsTo('library.save')[0]).toMatchObject({ overwrite: false, entry: { version: '1.0.0', rowLevel: false } });
    expect(await fake.client['files.importQuery']({})).toEqual({ fileName: 'from Sam.sql', text: '/* … */' });
    await expect(fake.client['library.save']({ entry: { ...entry, theme: 'Knives' as never } })).rejects.toMatchObject({ code: 'invalid_args' });
  });
});
