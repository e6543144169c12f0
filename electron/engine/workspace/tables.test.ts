import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listTables } from './tables.js';
import { openWorkspace, type Workspace } from './workspace.js';

let dir: string;
let ws: Workspace;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sv-ws-'));
  ws = await openWorkspace(dir);
});
afterAll(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

it('lists data, rejects and reference tables with exact counts, hiding metadata and results', async () => {
  await ws.conn.run(`CREATE TABLE offences AS SELECT range AS n, DATE '2024-01-01' AS d FROM range(7)`);
  await ws.conn.run(`CREATE TABLE offences__rejects AS SELECT 3 AS line`);
  await ws.conn.run(`CREATE TABLE population AS SELECT 'E08000003' AS area`);
  await ws.conn.run(`INSERT INTO _sv_tables (name, kind) VALUES ('population', 'reference')`);
  await ws.conn.run(`CREATE TABLE results.r_1 AS SELECT 1 AS x`);
  await ws.conn.run(`CREATE TEMP TABLE scratch AS SELECT 1 AS x`);
  const tables = await listTables(ws);
  expect(tables.map((t) => [t.name, t.kind, t.rowCount])).toEqual([
    ['offences', 'data', 7],
    ['offences__rejects', 'rejects', 1],
    ['population', 'reference', 1],
  ]);
  expect(tables[0]?.columns).toEqual([
    { name: 'n', type: 'BIGINT', kind: 'number' },
    { name: 'd', type: 'DATE', kind: 'date' },
  ]);
});

it('cannot read files outside its own staging folder', async () => {
  await expect(ws.conn.run(`SELECT * FROM read_text('/etc/hostname')`)).rejects.toThrow(/disabled by configuration/);
  await expect(ws.conn.run(`SET enable_external_access = true`)).rejects.toThrow(/locked|Cannot change/);
});
