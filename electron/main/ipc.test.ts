import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channels, ipcName, MappingProfile, PROFILE_KIND, shellChannels, type Envelope } from '../contract/index.js';
import { createIpcRouter, isTrustedSender, registerIpcHandlers, type IpcDeps, type SenderInfo } from './ipc.js';
import { DROPPED_FILE_IPC } from './shell-ipc.js';
import { profileToJson } from '../contract/profile-json.js';

const MAIN_ID = 7;
const ours: SenderInfo = { frameUrl: 'app://sv/index.html', webContentsId: MAIN_ID };
const fileRef = { token: 'f1', name: 'crimes.csv', sizeBytes: 12 };

const profile = {
  kind: PROFILE_KIND,
  version: 1,
  name: 'TIIG assaults',
  table: 'ae_attendances',
  sourceColumns: ['Attendance', 'Arrived', 'Patient'],
  read: {},
  columns: { attendance_id: { source: 'Attendance' }, attendance_date: { source: 'Arrived', dateFormat: '%d/%m/%Y' } },
};

const QUERY_TEXT = '/*\nid: my-knives\n…\n*/\nSELECT 1\n';

/** Each dialog answers with its path (null = cancelled). */
function setup(
  pick: string | null = null,
  dialogs: { save?: string | null; open?: string | null; saveQuery?: string | null; openQuery?: string | null; saveTable?: string | null; saveBoardPack?: string | null } = {},
) {
  const engine = {
    call: vi.fn(async (channel: string, args: unknown): Promise<Envelope> => {
      // The engine's copy of an own entry's file (library.entryFile); other ids are unknown.
      if (channel === 'library.entryFile') {
        const { id } = args as { id: string };
        return id === 'my-knives'
          ? { ok: true, value: { fileName: 'my-knives.sql', text: QUERY_TEXT } }
          : { ok: false, error: { code: 'not_found', message: `no query of yours has the id ${id}` } };
      }
      return { ok: true, value: { echoed: args } };
    }),
    registerFile: vi.fn(async (_path: string): Promise<Envelope> => ({ ok: true, value: fileRef })),
    // The engine names the file of a result it holds (r_1, a row-level r_2 only when confirmed) and writes it.
    planTableExport: vi.fn(async (args: unknown): Promise<Envelope> => {
      const { resultId, format, confirmPersonalData } = args as { resultId: string; format: string; confirmPersonalData: boolean };
      if (resultId === 'r_2' && !confirmPersonalData) return { ok: false, error: { code: 'invalid_args', message: 'personal data: confirm' } };
      if (resultId !== 'r_1' && resultId !== 'r_2') return { ok: false, error: { code: 'not_found', message: `no result ${resultId}` } };
      return { ok: true, value: { fileName: `age-rates-2024-12-31.${format}` } };
    }),
    exportTable: vi.fn(async (_args: unknown, path: string): Promise<Envelope> => {
      if (path.includes('locked')) return { ok: false, error: { code: 'internal', message: 'locked.xlsx could not be written' } };
      writeFileSync(path, 'written by the engine');
      return { ok: true, value: { savedTo: path } };
    }),
    // A pack of held results (r_1; a row-level r_2 only when confirmed), written where it is told.
    planBoardPack: vi.fn(async (args: unknown): Promise<Envelope> => {
      const { items } = args as { items: { resultId: string; confirmPersonalData: boolean }[] };
      for (const [i, item] of items.entries()) {
        if (item.resultId === 'r_2' && !item.confirmPersonalData) return { ok: false, error: { code: 'invalid_args', message: `Item ${i + 1}: personal data: confirm` } };
        if (item.resultId !== 'r_1' && item.resultId !== 'r_2') return { ok: false, error: { code: 'not_found', message: `no result ${item.resultId}` } };
      }
      return { ok: true, value: { fileName: 'board-pack-2026-11-21.docx' } };
    }),
    exportBoardPack: vi.fn(async (_args: unknown, path: string): Promise<Envelope> => {
      writeFileSync(path, 'a pack written by the engine');
      return { ok: true, value: { savedTo: path, items: 1 } };
    }),
  };
  const deps = {
    engine,
    mainWebContentsId: () => MAIN_ID,
    pickImportPath: vi.fn(async () => pick),
    saveProfilePath: vi.fn(async (_p: unknown) => dialogs.save ?? null),
    openProfilePath: vi.fn(async () => dialogs.open ?? null),
    saveQueryPath: vi.fn(async (_fileName: string) => dialogs.saveQuery ?? null),
    openQueryPath: vi.fn(async () => dialogs.openQuery ?? null),
    saveChartPath: vi.fn(async (_fileName: string, _format: string) => null),
    saveTablePath: vi.fn(async (_fileName: string, _format: string) => dialogs.saveTable ?? null),
    saveBoardPackPath: vi.fn(async (_fileName: string) => dialogs.saveBoardPack ?? null),
    log: () => undefined,
  } satisfies IpcDeps;
  return { engine, deps, router: createIpcRouter(deps) };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sv-ipc-'));
  writeFileSync(join(dir, 'crimes.csv'), 'a,b\n1,2\n');
  writeFileSync(join(dir, 'CRIMES.TSV'), 'a\tb\n1\t2\n');
  writeFileSync(join(dir, 'police.xlsx'), 'PK');
  writeFileSync(join(dir, 'notes.docx'), 'x');
  mkdirSync(join(dir, 'folder.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sender check', () => {
  it('accepts only our app:// page in the main window', () => {
    expect(isTrustedSender(ours, MAIN_ID)).toBe(true);
    expect(isTrustedSender({ frameUrl: 'app://sv/index.html', webContentsId: 8 }, MAIN_ID)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://evil.example/', webContentsId: MAIN_ID }, MAIN_ID)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'file:///tmp/x.html', webContentsId: MAIN_ID }, MAIN_ID)).toBe(false);
    expect(isTrustedSender({ frameUrl: null, webContentsId: MAIN_ID }, MAIN_ID)).toBe(false);
    expect(isTrustedSender(ours, null)).toBe(false);
  });

  it('refuses a foreign frame without touching the engine', async () => {
    const { router, engine } = setup();
    const foreign = { frameUrl: 'https://evil.example/', webContentsId: MAIN_ID };
    await expect(router.invoke('workspace.info', foreign, {})).rejects.toThrow(/untrusted frame/);
    await expect(router.registerDropped(foreign, { path: join(dir, 'crimes.csv') })).rejects.toThrow(/untrusted frame/);
    await expect(router.invoke('workspace.info', { ...ours, webContentsId: 99 }, {})).rejects.toThrow(/untrusted/);
    expect(engine.call).not.toHaveBeenCalled();
    expect(engine.registerFile).not.toHaveBeenCalled();
  });
});

describe('engine channels', () => {
  it('answers invalid arguments with invalid_args and does not forward them', async () => {
    const { router, engine } = setup();
    const bad = await router.invoke('grid.rows', ours, { source: { table: 'crimes' }, startRow: -1, endRow: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid_args');
    const extra = await router.invoke('workspace.info', ours, { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    const missing = await router.invoke('query.cancel', ours, {});
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(engine.call).not.toHaveBeenCalled();
  });

  it('forwards valid arguments, with contract defaults applied, and returns the engine envelope', async () => {
    const { router, engine } = setup();
    const res = await router.invoke('query.run', ours, { queryId: 'knife-crime-trend', runId: 'r1' });
    expect(engine.call).toHaveBeenCalledWith('query.run', { queryId: 'knife-crime-trend', runId: 'r1', params: {} });
    expect(res).toEqual({ ok: true, value: { echoed: { queryId: 'knife-crime-trend', runId: 'r1', params: {} } } });
    expect(await router.invoke('workspace.info', ours, undefined)).toEqual({ ok: true, value: { echoed: {} } });
  });

  it('turns an engine failure into an envelope', async () => {
    const { router, engine } = setup();
    engine.call.mockRejectedValueOnce(new Error('port closed'));
    expect(await router.invoke('library.list', ours, {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'port closed' },
    });
  });
});

describe('files.pickImport', () => {
  it('returns null when the dialog is cancelled', async () => {
    const { router, engine } = setup(null);
    expect(await router.invoke('files.pickImport', ours, {})).toEqual({ ok: true, value: null });
    expect(engine.registerFile).not.toHaveBeenCalled();
  });

  it('registers the chosen path with the engine and returns only the FileRef', async () => {
    const { router, engine } = setup('/data/extract.csv');
    expect(await router.invoke('files.pickImport', ours, {})).toEqual({ ok: true, value: fileRef });
    expect(engine.registerFile).toHaveBeenCalledWith('/data/extract.csv');
  });
});

describe('profile dialogs', () => {
  it('exports: suggests the profile, writes it where the analyst chose, says where', async () => {
    const target = join(dir, 'TIIG assaults.json');
    const { router, engine, deps } = setup(null, { save: target });
    expect(await router.invoke('files.exportProfile', ours, { profile })).toEqual({ ok: true, value: { saved: true, savedTo: target } });
    expect(deps.saveProfilePath).toHaveBeenCalledWith(profile);
    expect(readFileSync(target, 'utf8')).toBe(profileToJson(MappingProfile.parse(profile)));
    expect(engine.call).not.toHaveBeenCalled();
  });

  it('export cancelled: nothing written, saved false', async () => {
    const { router } = setup(null, { save: null });
    expect(await router.invoke('files.exportProfile', ours, { profile })).toEqual({ ok: true, value: { saved: false } });
  });

  it('refuses to export something that is not a profile, before any dialog', async () => {
    const { router, deps } = setup(null, { save: join(dir, 'never.json') });
    const res = await router.invoke('files.exportProfile', ours, { profile: { ...profile, kind: 'other' } });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(deps.saveProfilePath).not.toHaveBeenCalled();
  });

  it('imports: reads and checks the chosen file; null when cancelled; a bad file is an error naming it', async () => {
    const good = join(dir, 'colleague.json');
    writeFileSync(good, JSON.stringify(profile));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...profile, table: 'A&E' }));
    expect(await setup(null, { open: good }).router.invoke('files.importProfile', ours, {})).toEqual({ ok: true, value: profile });
    expect(await setup(null, { open: null }).router.invoke('files.importProfile', ours, {})).toEqual({ ok: true, value: null });
    const { router, engine } = setup(null, { open: bad });
    const res = await router.invoke('files.importProfile', ours, {});
    expect(res).toMatchObject({ ok: false, error: { code: 'import_failed' } });
    if (!res.ok) expect(res.error.message).toMatch(/^bad\.json: field table: /);
    expect(engine.call).not.toHaveBeenCalled();
    expect(engine.registerFile).not.toHaveBeenCalled();
  });

  it('answers every shell channel in main: none is forwarded (export asks the engine only for the file)', async () => {
    const target = join(dir, 'all.json');
    writeFileSync(target, JSON.stringify(profile));
    const query = join(dir, 'all.sql');
    writeFileSync(query, QUERY_TEXT);
    const { router, engine } = setup(join(dir, 'crimes.csv'), { save: target, open: target, saveQuery: join(dir, 'out.sql'), openQuery: query });
    const args = {
      'files.pickImport': {},
      'files.exportProfile': { profile },
      'files.importProfile': {},
      'files.exportQuery': { id: 'my-knives' },
      'files.importQuery': {},
      'files.exportChart': { format: 'svg', fileName: 'chart', data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
      'files.exportTable': { resultId: 'r_1', format: 'csv' },
      'files.exportBoardPack': { title: 'Pack', items: [{ resultId: 'r_1', heading: 'One' }] },
    };
    for (const channel of shellChannels) expect((await router.invoke(channel, ours, args[channel])).ok).toBe(true);
    expect(engine.call.mock.calls).toEqual([['library.entryFile', { id: 'my-knives' }]]);
  });
});

describe('table export dialog', () => {
  it('asks the engine for the file name, shows the dialog, then has the engine write where the analyst chose', async () => {
    const target = join(dir, 'rates.xlsx');
    const { router, deps, engine } = setup(null, { saveTable: target });
    expect(await router.invoke('files.exportTable', ours, { resultId: 'r_1', format: 'xlsx', rule: 'threshold10' })).toEqual({
      ok: true,
      value: { saved: true, savedTo: target },
    });
    expect(deps.saveTablePath).toHaveBeenCalledWith('age-rates-2024-12-31.xlsx', 'xlsx');
    // The contract's defaults are filled in; the path goes only in the main-only request.
    const args = { resultId: 'r_1', format: 'xlsx', rule: 'threshold10', confirmPersonalData: false };
    expect(engine.planTableExport).toHaveBeenCalledWith(args);
    expect(engine.exportTable).toHaveBeenCalledWith(args, target);
    expect(readFileSync(target, 'utf8')).toBe('written by the engine');
    expect(engine.call).not.toHaveBeenCalled();
  });

  it('cancelled: nothing written, saved false', async () => {
    const { router, engine } = setup(null, { saveTable: null });
    expect(await router.invoke('files.exportTable', ours, { resultId: 'r_1', format: 'csv' })).toEqual({ ok: true, value: { saved: false } });
    expect(engine.exportTable).not.toHaveBeenCalled();
  });

  it('a refused export (personal data unconfirmed, unknown result) fails before any dialog', async () => {
    const { router, deps, engine } = setup(null, { saveTable: join(dir, 'never.csv') });
    expect(await router.invoke('files.exportTable', ours, { resultId: 'r_2', format: 'csv' })).toEqual({
      ok: false,
      error: { code: 'invalid_args', message: 'personal data: confirm' },
    });
    expect((await router.invoke('files.exportTable', ours, { resultId: 'r_9', format: 'csv' })).ok).toBe(false);
    expect(deps.saveTablePath).not.toHaveBeenCalled();
    expect(engine.exportTable).not.toHaveBeenCalled();
    expect(await router.invoke('files.exportTable', ours, { resultId: 'r_2', format: 'csv', confirmPersonalData: true })).toMatchObject({
      ok: true,
      value: { saved: true },
    });
  });

  it('a write failure comes back as the engine said it; a renderer-named path is refused by the contract', async () => {
    const { router, engine } = setup(null, { saveTable: join(dir, 'locked.xlsx') });
    expect(await router.invoke('files.exportTable', ours, { resultId: 'r_1', format: 'xlsx' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'locked.xlsx could not be written' },
    });
    const named = await router.invoke('files.exportTable', ours, { resultId: 'r_1', format: 'xlsx', path: '/tmp/x.xlsx' });
    expect(named).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await router.invoke('files.exportTable', ours, { resultId: 'r_1', format: 'pdf' })).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(engine.planTableExport).toHaveBeenCalledTimes(1);
  });
});

describe('board pack dialog', () => {
  const pack = { title: 'March board', items: [{ resultId: 'r_1', heading: 'Rates', note: 'Up.', rule: 'round5' as const }] };

  it('asks the engine for the file name, shows the dialog, then has the engine write where the analyst chose', async () => {
    const target = join(dir, 'pack.docx');
    const { router, deps, engine } = setup(null, { saveBoardPack: target });
    expect(await router.invoke('files.exportBoardPack', ours, pack)).toEqual({ ok: true, value: { saved: true, savedTo: target } });
    expect(deps.saveBoardPackPath).toHaveBeenCalledWith('board-pack-2026-11-21.docx');
    // The contract's defaults are filled in; the path goes only in the main-only request.
    const args = { title: 'March board', items: [{ resultId: 'r_1', heading: 'Rates', note: 'Up.', rule: 'round5', subtitle: '', chartPng: null, confirmPersonalData: false }] };
    expect(engine.planBoardPack).toHaveBeenCalledWith(args);
    expect(engine.exportBoardPack).toHaveBeenCalledWith(args, target);
    expect(readFileSync(target, 'utf8')).toBe('a pack written by the engine');
    expect(engine.call).not.toHaveBeenCalled();
  });

  it('cancelled: nothing written; a refused pack fails before any dialog; bad shapes never reach the engine', async () => {
    const cancelled = setup(null, { saveBoardPack: null });
    expect(await cancelled.router.invoke('files.exportBoardPack', ours, pack)).toEqual({ ok: true, value: { saved: false } });
    expect(cancelled.engine.exportBoardPack).not.toHaveBeenCalled();
    const { router, deps, engine } = setup(null, { saveBoardPack: join(dir, 'never.docx') });
    const personal = { title: 'P', items: [{ resultId: 'r_1', heading: 'A' }, { resultId: 'r_2', heading: 'B' }] };
    expect(await router.invoke('files.exportBoardPack', ours, personal)).toEqual({ ok: false, error: { code: 'invalid_args', message: 'Item 2: personal data: confirm' } });
    expect(deps.saveBoardPackPath).not.toHaveBeenCalled();
    for (const bad of [
      { ...pack, path: '/tmp/x.docx' },
      { title: 'P', items: [] },
      { title: 'P', items: [{ resultId: 'r_1', heading: 'A', rule: 'none' }] },
      { title: 'P', items: [{ resultId: 'r_1', heading: 'A', chartPng: 'x'.repeat(4 * 1024 * 1024 + 1) }] },
    ]) {
      expect(await router.invoke('files.exportBoardPack', ours, bad)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    }
    expect(engine.planBoardPack).toHaveBeenCalledTimes(1);
    expect(engine.exportBoardPack).not.toHaveBeenCalled();
  });
});

describe('query file dialogs', () => {
  it('exports: the engine\'s copy of the file, suggested as <id>.sql, written where the analyst chose', async () => {
    const target = join(dir, 'shared', 'my-knives.sql');
    mkdirSync(join(dir, 'shared'));
    const { router, deps } = setup(null, { saveQuery: target });
    expect(await router.invoke('files.exportQuery', ours, { id: 'my-knives' })).toEqual({ ok: true, value: { saved: true, savedTo: target } });
    expect(deps.saveQueryPath).toHaveBeenCalledWith('my-knives.sql');
    expect(readFileSync(target, 'utf8')).toBe(QUERY_TEXT);
  });

  it('export cancelled: saved false; an id that is not an own entry fails before any dialog', async () => {
    expect(await setup(null, { saveQuery: null }).router.invoke('files.exportQuery', ours, { id: 'my-knives' })).toEqual({
      ok: true,
      value: { saved: false },
    });
    const { router, deps } = setup(null, { saveQuery: join(dir, 'never.sql') });
    expect(await router.invoke('files.exportQuery', ours, { id: 'hotspots' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no query of yours has the id hotspots' },
    });
    expect(deps.saveQueryPath).not.toHaveBeenCalled();
  });

  it('imports: the chosen file\'s name and text for the engine to check; null when cancelled; no engine call', async () => {
    const file = join(dir, 'from Sam.sql');
    writeFileSync(file, QUERY_TEXT);
    const { router, engine } = setup(null, { openQuery: file });
    expect(await router.invoke('files.importQuery', ours, {})).toEqual({ ok: true, value: { fileName: 'from Sam.sql', text: QUERY_TEXT } });
    expect(await setup(null, { openQuery: null }).router.invoke('files.importQuery', ours, {})).toEqual({ ok: true, value: null });
    expect(engine.call).not.toHaveBeenCalled();
  });
});

describe('dropped files', () => {
  it('registers an existing csv/tsv/txt/xlsx file', async () => {
    const { router, engine } = setup();
    expect(await router.registerDropped(ours, { path: join(dir, 'crimes.csv') })).toEqual({ ok: true, value: fileRef });
    expect(await router.registerDropped(ours, { path: join(dir, 'CRIMES.TSV') })).toEqual({ ok: true, value: fileRef });
    expect(await router.registerDropped(ours, { path: join(dir, 'police.xlsx') })).toEqual({ ok: true, value: fileRef });
    expect(engine.registerFile.mock.calls).toEqual([[join(dir, 'crimes.csv')], [join(dir, 'CRIMES.TSV')], [join(dir, 'police.xlsx')]]);
  });

  it('refuses other extensions, missing files, folders, relative paths and bad shapes', async () => {
    const { router, engine } = setup();
    const code = async (raw: unknown) => {
      const env = await router.registerDropped(ours, raw);
      return env.ok ? 'ok' : env.error.code;
    };
    expect(await code({ path: join(dir, 'notes.docx') })).toBe('invalid_args');
    expect(await code({ path: join(dir, 'gone.csv') })).toBe('not_found');
    expect(await code({ path: join(dir, 'folder.csv') })).toBe('not_found');
    expect(await code({ path: 'crimes.csv' })).toBe('invalid_args');
    expect(await code({ path: '' })).toBe('invalid_args');
    expect(await code('/etc/passwd')).toBe('invalid_args');
    expect(await code({ path: join(dir, 'crimes.csv'), extra: 1 })).toBe('invalid_args');
    expect(engine.registerFile).not.toHaveBeenCalled();
  });
});

describe('handler registration', () => {
  it('registers sv:<channel> for every contract channel plus the drop channel, and maps the sender', async () => {
    const handlers = new Map<string, (event: unknown, args: unknown) => Promise<Envelope>>();
    const { router, engine } = setup();
    registerIpcHandlers({ handle: (name: string, fn: never) => void handlers.set(name, fn) } as never, router);
    expect([...handlers.keys()].sort()).toEqual([...channels.map(ipcName), DROPPED_FILE_IPC].sort());

    const event = (url: string) => ({ senderFrame: { url }, sender: { id: MAIN_ID } });
    const info = handlers.get('sv:workspace.info');
    expect(await info?.(event('app://sv/index.html'), {})).toEqual({ ok: true, value: { echoed: {} } });
    await expect(info?.(event('https://evil.example/'), {})).rejects.toThrow(/untrusted/);
    await expect(info?.({ senderFrame: null, sender: { id: MAIN_ID } }, {})).rejects.toThrow(/untrusted/);
    expect(engine.call).toHaveBeenCalledTimes(1);
  });
});
