import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineError, type EngineChannel, type FileRef } from '../contract/index.js';
import type { Engine } from '../engine/types.js';
import { startBridge, type Bridge } from './server.js';

// A recording engine: the bridge's job is transport, auth and dialogs, not the engine's logic.
const calls: [EngineChannel, unknown][] = [];
const registered: string[] = [];
const engine: Engine = {
  workspaceName: 'test',
  async handle(channel, args) {
    calls.push([channel, args]);
    if (channel === 'query.cancel') throw new EngineError('not_found', 'no such run');
    return { echoed: channel };
  },
  registerFile(path): FileRef {
    registered.push(path);
    return { token: `t${registered.length}`, name: path.split('/').pop() ?? '', sizeBytes: readFileSync(path).length };
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
  expect(empty.error.message).toMatch(/drag a CSV/);
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
