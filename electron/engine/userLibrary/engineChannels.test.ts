import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseResult, type Channel, type Result } from '../../contract/index.js';
import { createEngine, type Engine } from '../engine.js';
import { craft } from '../queries/testTables.js';
import { openWorkspace } from '../workspace/workspace.js';

/**
 * The SQL editor's and the user library's channels through the engine's contract (arguments
 * parsed, results checked as the renderer checks them), on a crafted workspace.
 */
const queriesDir = resolve(import.meta.dirname, '../../../queries');
let dir: string;
let userLibraryDir: string;
let engine: Engine;

const SQL = `SELECT o.offence_group, count(*) AS offences
FROM offences AS o
WHERE o.offence_date >= $since
GROUP BY ALL
ORDER BY offences DESC, o.offence_group`;

const call = async <C extends Exclude<Channel, `files.${string}`>>(channel: C, args: unknown): Promise<Result<C>> =>
  parseResult(channel, await engine.handle(channel, args));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sv-engine-own-'));
  userLibraryDir = join(dir, 'Documents', 'SV Workbench', 'Queries');
  const ws = await openWorkspace(join(dir, 'ws'));
  await craft(ws, 'offences', [
    { crime_id: 'c1', offence_date: '2024-01-05', offence_group: 'Robbery' },
    { crime_id: 'c2', offence_date: '2024-02-10', offence_group: 'Violence against the person' },
    { crime_id: 'c3', offence_date: '2024-03-15', offence_group: 'Violence against the person' },
    { crime_id: 'c4', offence_date: '2023-03-15', offence_group: 'Violence against the person' },
  ]);
  ws.close();
  engine = await createEngine({ workspaceDir: join(dir, 'ws'), queriesDir, demo: false, userLibraryDir });
}, 120_000);
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

it('runs ad-hoc SQL, saves it as an own entry, lists, runs, shares and deletes it', async () => {
  const adhoc = await call('query.runAdhoc', {
    sql: SQL,
    params: [{ name: 'since', type: 'date', value: '2024-01-01' }],
    runId: 'adhoc-1',
    chart: { type: 'bar', x: 'offence_group', y: 'offences' },
  });
  expect(adhoc.rows).toEqual([
    { offence_group: 'Violence against the person', offences: 2 },
    { offence_group: 'Robbery', offences: 1 },
  ]);
  expect(adhoc.chart).toEqual({ type: 'bar', x: 'offence_group', y: 'offences' });
  expect(await call('query.progress', { runId: 'adhoc-1' })).toEqual({ runId: 'adhoc-1', state: 'done', percent: 100 });

  expect(await call('library.userInfo', {})).toEqual({ available: true, problems: [] });
  const saved = await call('library.save', {
    entry: {
      id: 'groups-since',
      title: 'Offences by group since a date',
      description: 'Offences per offence group on or after a date.',
      theme: 'Places',
      params: [{ name: 'since', type: 'date', label: 'Since', default: '2024-01-01' }],
      chart: { type: 'bar', x: 'offence_group', y: 'offences' },
      countColumns: ['offences'],
      sql: SQL,
    },
  });
  expect(saved).toMatchObject({ status: 'saved', entry: { id: 'groups-since', origin: 'user', theme: 'Places', version: '1.0.0' } });

  const list = await call('library.list', {});
  expect(list.filter((q) => q.origin === 'user').map((q) => q.id)).toEqual(['groups-since']);
  expect(list.find((q) => q.id === 'hotspots')?.origin).toBe('app');

  const run = await call('query.run', { queryId: 'groups-since', params: { since: '2024-02-01' }, runId: 'own-1' });
  expect(run.rows).toEqual([{ offence_group: 'Violence against the person', offences: 2 }]);
  expect(run.provenance).toMatchObject({ queryId: 'groups-since', version: '1.0.0', params: { since: '2024-02-01' } });
  expect(run.provenance.sqlSha256).toBe(createHash('sha256').update(SQL).digest('hex'));
  expect(run.provenance.sql).toBeUndefined();

  const file = await call('library.entryFile', { id: 'groups-since' });
  expect(file.fileName).toBe('groups-since.sql');
  expect(file.text).toBe(readFileSync(join(userLibraryDir, 'groups-since.sql'), 'utf8'));

  expect(await call('library.delete', { id: 'groups-since' })).toEqual({ deleted: true });
  expect(existsSync(join(userLibraryDir, 'groups-since.sql'))).toBe(false);
  expect((await call('library.list', {})).some((q) => q.id === 'groups-since')).toBe(false);

  // Imported back (as a colleague would), it is listed and runs again.
  expect(await call('library.import', { fileName: 'shared by Sam.sql', text: file.text })).toMatchObject({ status: 'saved' });
  const again = await call('query.run', { queryId: 'groups-since', params: {}, runId: 'own-2' });
  expect(again.params).toEqual({ since: '2024-01-01' });
  expect(again.rows.map((r) => r.offences)).toEqual([2, 1]);
});

it('refuses a guarded statement through the channel with the guard\'s message', async () => {
  await expect(engine.handle('query.runAdhoc', { sql: "COPY offences TO '/tmp/x.csv'", runId: 'adhoc-2' })).rejects.toMatchObject({
    code: 'query_refused',
    message: 'ad-hoc: only a read-only SELECT may run (this is COPY)',
  });
  await expect(engine.handle('library.save', { entry: { id: 'Bad Id' } })).rejects.toMatchObject({
    code: 'invalid_args',
    message: expect.stringContaining('entry.id: use lower-case letters, digits and -'),
  });
});

it('reads own entries again when the engine restarts', async () => {
  await engine.close();
  engine = await createEngine({ workspaceDir: join(dir, 'ws'), queriesDir, demo: false, userLibraryDir });
  const list = await call('library.list', {});
  expect(list.filter((q) => q.origin === 'user').map((q) => [q.id, q.title])).toEqual([['groups-since', 'Offences by group since a date']]);
});
