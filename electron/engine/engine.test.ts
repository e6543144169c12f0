import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDemo } from '../../fixtures/generate-demo.js';
import { parseResult, type Result } from '../contract/index.js';
import { createEngine, type Engine } from './engine.js';

let dir: string;
let engine: Engine;
const queriesDir = resolve(import.meta.dirname, '../../queries');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sv-engine-'));
  engine = await createEngine({ workspaceDir: dir, queriesDir, demo: true });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = async <C extends 'workspace.info' | 'query.run' | 'grid.rows' | 'library.list'>(
  channel: C,
  args: unknown,
): Promise<Result<C>> => parseResult(channel, await engine.handle(channel, args));

it('builds the demo workspace with exactly the generated rows and the reference tables', async () => {
  const demo = generateDemo();
  const info = await call('workspace.info', {});
  const counts = Object.fromEntries(info.tables.map((t) => [t.name, [t.kind, t.rowCount]]));
  expect(counts.offences).toEqual(['data', demo.tables.offences.length]);
  expect(counts.victims).toEqual(['data', demo.tables.victims.length]);
  expect(counts.suspects).toEqual(['data', demo.tables.suspects.length]);
  expect(counts.population?.[0]).toBe('reference');
  expect(counts.imd?.[0]).toBe('reference');
});

it('runs a saved query through the contract and pages its result', async () => {
  const { truths } = generateDemo();
  const result = await call('query.run', { queryId: 'repeat-victimisation', params: {}, runId: 'run-1' });
  expect(result.rows.map((r) => [r.group, r.victims, r.repeat_victims])).toEqual(
    truths.repeatVictimisation.rows.map((r) => [r.group, r.victims, r.repeat_victims]),
  );
  const page = await call('grid.rows', {
    source: { kind: 'result', resultId: result.resultId },
    startRow: 0,
    endRow: 10,
    sortModel: [{ colId: 'victims', sort: 'asc' }],
  });
  expect(page.rowCount).toBe(3);
  expect(page.rows[0]?.group).toBe('Domestic');
});

it('refuses arguments that break the contract, naming the field', async () => {
  await expect(engine.handle('grid.rows', { source: { kind: 'table', table: 'offences' }, startRow: -1, endRow: 5 })).rejects.toMatchObject({
    code: 'invalid_args',
    message: expect.stringContaining('startRow'),
  });
  await expect(engine.handle('query.run', { queryId: 'repeat-victimisation', runId: 'x', extra: 1 })).rejects.toMatchObject({
    code: 'invalid_args',
  });
});

it('reopens an existing workspace without rebuilding it', async () => {
  const before = await call('workspace.info', {});
  await engine.close();
  engine = await createEngine({ workspaceDir: dir, queriesDir, demo: true });
  const after = await call('workspace.info', {});
  expect(after.tables.map((t) => [t.name, t.rowCount])).toEqual(before.tables.map((t) => [t.name, t.rowCount]));
});

it('closes safely while a query is running: the run is cancelled, then the workspace closes', async () => {
  const slow = engine.handle('query.run', { queryId: 'age-rates', params: { area: 'E08000003' }, runId: 'slow' });
  const closed = engine.close();
  const [outcome] = await Promise.allSettled([slow]);
  // Either it finished before the cancel landed or it was cancelled; the process survived.
  if (outcome?.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'cancelled' });
  await closed;
  await expect(engine.handle('workspace.info', {})).rejects.toMatchObject({ code: 'cancelled' });
  engine = await createEngine({ workspaceDir: dir, queriesDir, demo: true });
});
