import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineError, MappingProfile, PROFILE_KIND, type EngineChannel, type FileRef } from '../contract/index.js';
import type { Engine } from '../engine/types.js';
import { startBridge, type Bridge } from './server.js';
import { profileToJson } from '../contract/profile-json.js';

const QUERY_TEXT = '/*\nid: my-knives\n*/\nSELECT 1\n';

// A recording engine: the bridge's job is transport, auth and dialogs, not the engine's logic.
const calls: [EngineChannel, unknown][] = [];
const registered: string[] = [];
const engine: Engine = {
  workspaceName: 'test',
  async handle(channel, args) {
    calls.push([channel, args]);
    if (channel === 'query.cancel') throw new EngineError('not_found', 'no such run');
    if (channel === 'library.entryFile') {
      const { id } = args as { id: string };
      if (id !== 'my-knives') throw new EngineError('not_found', `no query of yours has the id ${id}`);
      return { fileName: 'my-knives.sql', text: QUERY_TEXT };
    }
    return { echoed: channel };
  },
  registerFile(path): FileRef {
    registered.push(path);
    return { token: `t${registered.length}`, name: path.split('/').pop() ?? '', sizeBytes: readFileSync(path).length };
  },
  // The engine names a result's file (r_1 only) and writes it where it is told.
  async planTableExport(args) {
    const { resultId, format } = args as { resultId: string; format: string };
    if (resultId !== 'r_1') throw new EngineError('not_found', `The result ${resultId} is no longer held`);
    return { fileName: `hotspots-2024-12-31.${format}` };
  },
  async exportTable(args, path) {
    writeFileSync(path, JSON.stringify(args));
    return { savedTo: path, format: 'csv', rows: 1, rule: 'threshold5', ruleText: '', hidden: [] };
  },
  // A pack of r_1 only; the "document" is the arguments the engine was given.
  async planBoardPack(args) {
    const { items } = args as { items: { resultId: string }[] };
    const gone = items.find((i) => i.resultId !== 'r_1');
    if (gone) throw new EngineError('not_found', `Item 2 (x): The result ${gone.resultId} is no longer held`);
    return { fileName: 'board-pack-2026-11-21.docx' };
  },
  async exportBoardPack(args, path) {
    writeFileSync(path, JSON.stringify(args));
    return { savedTo: path, items: (args as { items: unknown[] }).items.length };
  },
  async close() {},
};

let dir: string;
let bridge: Bridge;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sv-bridge-'));
  bridge = await startBridge({ engine, uploadDir: join(dir, 'up'), testControls: true });
});
afterAll(async () => {
  await bridge.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, token = bridge.token) =>
  fetch(`${bridge.url}${path}`, {
    method: 'POST',
    headers: { 'x-sv-token': token, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

it('listens on loopback only', () => {
  expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

it('refuses calls without the token', async () => {
  const res = await post('/api/workspace.info', {}, 'x'.repeat(bridge.token.length));
  expect(res.status).toBe(403);
  expect(calls).toHaveLength(0);
});

it('forwards contract channels and wraps errors in envelopes', async () => {
  expect(await (await post('/api/library.list', {})).json()).toEqual({ ok: true, value: { echoed: 'library.list' } });
  expect(await (await post('/api/query.cancel', { runId: 'r' })).json()).toEqual({
    ok: false,
    error: { code: 'not_found', message: 'no such run' },
  });
  expect((await (await post('/api/no.such', {})).json()).error.code).toBe('not_found');
  expect((await (await post('/api/library.list', '{oops')).json()).error.code).toBe('invalid_args');
});

it('answers the file dialog from the test queue, and says what to do when nothing is queued', async () => {
  const file = join(dir, 'extract.csv');
  writeFileSync(file, 'a,b\n1,2\n');
  const empty = await (await post('/api/files.pickImport', {})).json();
  expect(empty.ok).toBe(false);
  expect(empty.error.message).toMatch(/drag a CSV or XLSX/);
  await post('/__test/dialog', { path: file });
  await post('/__test/dialog', { path: null });
  expect(await (await post('/api/files.pickImport', {})).json()).toEqual({
    ok: true,
    value: { token: 't1', name: 'extract.csv', sizeBytes: 8 },
  });
  expect(await (await post('/api/files.pickImport', {})).json()).toEqual({ ok: true, value: null });
});

it('stores a dropped file upload and registers it', async () => {
  const res = await fetch(`${bridge.url}/upload?name=${encodeURIComponent('../../evil name.csv')}`, {
    method: 'POST',
    headers: { 'x-sv-token': bridge.token, 'content-type': 'application/octet-stream' },
    body: 'x,y\n3,4\n',
  });
  const env = await res.json();
  expect(env.ok).toBe(true);
  const stored = registered.at(-1) ?? '';
  expect(stored.startsWith(join(dir, 'up'))).toBe(true);
  expect(stored).toMatch(/\/up\/[0-9a-f-]{36}\/_.._evil name\.csv$/);
  expect(readFileSync(stored, 'utf8')).toBe('x,y\n3,4\n');
});

const profile = {
  kind: PROFILE_KIND,
  version: 1,
  name: 'Probation snapshot',
  table: 'probation_caseload',
  sourceColumns: ['CRN', 'Snapshot'],
  read: {},
  columns: { person_id: { source: 'CRN' }, snapshot_date: { source: 'Snapshot', dateFormat: '%d/%m/%Y' } },
};

const json = async (path: string, body: unknown) => (await post(path, body)).json();

it('exports a profile: to the queued path, cancelled by a queued null, else into exports/ beside the uploads', async () => {
  const callsBefore = calls.length;
  const chosen = join(dir, 'chosen.json');
  await post('/__test/dialog', { channel: 'files.exportProfile', path: chosen });
  await post('/__test/dialog', { channel: 'files.exportProfile', path: null });
  expect(await json('/api/files.exportProfile', { profile })).toEqual({ ok: true, value: { saved: true, savedTo: chosen } });
  expect(JSON.parse(readFileSync(chosen, 'utf8'))).toEqual(profile);
  expect(await json('/api/files.exportProfile', { profile })).toEqual({ ok: true, value: { saved: false } });
  // Nothing queued: the browser build has no dialog, so it writes into the workspace and says where.
  const first = await json('/api/files.exportProfile', { profile });
  const second = await json('/api/files.exportProfile', { profile });
  expect([first, second]).toEqual([
    { ok: true, value: { saved: true, savedTo: join(dir, 'exports', 'Probation snapshot.json') } },
    { ok: true, value: { saved: true, savedTo: join(dir, 'exports', 'Probation snapshot (2).json') } },
  ]);
  expect(readdirSync(join(dir, 'exports')).sort()).toEqual(['Probation snapshot (2).json', 'Probation snapshot.json']);
  expect(readFileSync(join(dir, 'exports', 'Probation snapshot.json'), 'utf8')).toBe(profileToJson(MappingProfile.parse(profile)));
  // Arguments are checked against the contract, as main does.
  expect((await json('/api/files.exportProfile', { profile: { ...profile, version: 3 } })).error.code).toBe('invalid_args');
  expect(calls.length).toBe(callsBefore);
});

it('imports a profile from the queued path only, checking it; the pick-import queue is separate', async () => {
  const good = join(dir, 'colleague.json');
  writeFileSync(good, JSON.stringify(profile));
  const wrong = join(dir, 'query.json');
  writeFileSync(wrong, JSON.stringify({ kind: 'sv-workbench/query' }));
  const none = await json('/api/files.importProfile', {});
  expect(none.ok).toBe(false);
  expect(none.error.message).toMatch(/no file dialog in the browser build: copy the profile file into the workspace's profiles\/ folder/);

  await post('/__test/dialog', { path: join(dir, 'extract.csv') }); // for files.pickImport, not for this
  await post('/__test/dialog', { channel: 'files.importProfile', path: good });
  await post('/__test/dialog', { channel: 'files.importProfile', path: wrong });
  await post('/__test/dialog', { channel: 'files.importProfile', path: null });
  expect(await json('/api/files.importProfile', {})).toEqual({ ok: true, value: profile });
  expect(await json('/api/files.importProfile', {})).toEqual({
    ok: false,
    error: {
      code: 'import_failed',
      message: 'query.json: is not an SV Workbench mapping profile (its kind is "sv-workbench/query"; expected "sv-workbench/mapping-profile")',
    },
  });
  expect(await json('/api/files.importProfile', {})).toEqual({ ok: true, value: null });
  expect((await json('/api/files.pickImport', {})).value.name).toBe('extract.csv');
  expect((await json('/__test/dialog', { channel: 'query.run', path: good })).error.code).toBe('invalid_args');
});


it('exports an own query: the engine\'s file, to the queued path or into exports/; an unknown id takes no queued answer', async () => {
  const chosen = join(dir, 'shared.sql');
  await post('/__test/dialog', { channel: 'files.exportQuery', path: chosen });
  expect((await json('/api/files.exportQuery', { id: 'hotspots' })).error).toEqual({
    code: 'not_found',
    message: 'no query of yours has the id hotspots',
  });
  expect(await json('/api/files.exportQuery', { id: 'my-knives' })).toEqual({ ok: true, value: { saved: true, savedTo: chosen } });
  expect(readFileSync(chosen, 'utf8')).toBe(QUERY_TEXT);
  const unqueued = [await json('/api/files.exportQuery', { id: 'my-knives' }), await json('/api/files.exportQuery', { id: 'my-knives' })];
  expect(unqueued).toEqual([
    { ok: true, value: { saved: true, savedTo: join(dir, 'exports', 'my-knives.sql') } },
    { ok: true, value: { saved: true, savedTo: join(dir, 'exports', 'my-knives (2).sql') } },
  ]);
  await post('/__test/dialog', { channel: 'files.exportQuery', path: null });
  expect(await json('/api/files.exportQuery', { id: 'my-knives' })).toEqual({ ok: true, value: { saved: false } });
});

it('imports a query file from the queued path only: its name and text, for the engine to check', async () => {
  const file = join(dir, 'from Sam.sql');
  writeFileSync(file, QUERY_TEXT);
  const none = await json('/api/files.importQuery', {});
  expect(none.error.message).toMatch(/no file dialog in the browser build/);
  await post('/__test/dialog', { channel: 'files.importQuery', path: file });
  await post('/__test/dialog', { channel: 'files.importQuery', path: null });
  const callsBefore = calls.length;
  expect(await json('/api/files.importQuery', {})).toEqual({ ok: true, value: { fileName: 'from Sam.sql', text: QUERY_TEXT } });
  expect(await json('/api/files.importQuery', {})).toEqual({ ok: true, value: null });
  expect(calls.length).toBe(callsBefore);
});

it('exports a table: the engine plans, then writes to the queued path or into exports/; a refused export takes no queued answer', async () => {
  const chosen = join(dir, 'hotspots.xlsx');
  await post('/__test/dialog', { channel: 'files.exportTable', path: chosen });
  expect((await json('/api/files.exportTable', { resultId: 'r_4', format: 'xlsx' })).error).toEqual({
    code: 'not_found',
    message: 'The result r_4 is no longer held',
  });
  expect(await json('/api/files.exportTable', { resultId: 'r_1', format: 'xlsx' })).toEqual({ ok: true, value: { saved: true, savedTo: chosen } });
  // The contract's defaults reach the engine: the default rule, no personal-data confirmation.
  expect(JSON.parse(readFileSync(chosen, 'utf8'))).toEqual({ resultId: 'r_1', format: 'xlsx', rule: 'threshold5', confirmPersonalData: false });
  expect(await json('/api/files.exportTable', { resultId: 'r_1', format: 'csv', rule: 'round5' })).toEqual({
    ok: true,
    value: { saved: true, savedTo: join(dir, 'exports', 'hotspots-2024-12-31.csv') },
  });
  await post('/__test/dialog', { channel: 'files.exportTable', path: null });
  expect(await json('/api/files.exportTable', { resultId: 'r_1', format: 'csv' })).toEqual({ ok: true, value: { saved: false } });
  expect((await json('/api/files.exportTable', { resultId: 'r_1', format: 'csv', path: '/etc/x' })).error.code).toBe('invalid_args');
});

it('exports a board pack: the engine plans, then writes to the queued path or into exports/; large charts get through', async () => {
  const chosen = join(dir, 'pack.docx');
  // Two charts of 1.5 MB of base64 each: more than the bridge's usual 1 MB request cap.
  const chartPng = 'A'.repeat(1_500_000);
  const pack = { title: 'March board', items: [{ resultId: 'r_1', heading: 'One', chartPng }, { resultId: 'r_1', heading: 'Two', chartPng, note: 'n' }] };
  await post('/__test/dialog', { channel: 'files.exportBoardPack', path: chosen });
  expect((await json('/api/files.exportBoardPack', { ...pack, items: [...pack.items, { resultId: 'r_7', heading: 'Gone' }] })).error.code).toBe('not_found');
  expect(await json('/api/files.exportBoardPack', pack)).toEqual({ ok: true, value: { saved: true, savedTo: chosen } });
  const written = JSON.parse(readFileSync(chosen, 'utf8')) as { items: Record<string, unknown>[] };
  // The contract's defaults reach the engine: the default rule, no confirmation, an empty subtitle.
  expect(written.items[0]).toEqual({ resultId: 'r_1', heading: 'One', chartPng, rule: 'threshold5', subtitle: '', note: '', confirmPersonalData: false });
  expect(await json('/api/files.exportBoardPack', pack)).toEqual({
    ok: true,
    value: { saved: true, savedTo: join(dir, 'exports', 'board-pack-2026-11-21.docx') },
  });
  await post('/__test/dialog', { channel: 'files.exportBoardPack', path: null });
  expect(await json('/api/files.exportBoardPack', pack)).toEqual({ ok: true, value: { saved: false } });
  expect((await json('/api/files.exportBoardPack', { ...pack, path: '/etc/x' })).error.code).toBe('invalid_args');
});
