import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { pageRows } from './page.js';
import { filterSql } from './filters.js';

let dir: string;
let ws: Workspace;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sv-grid-'));
  ws = await openWorkspace(dir);
  // 1,000 rows with known values: id 1..1000, name 'n<id>', a date per day, every 10th amount NULL.
  await ws.conn.run(`
    CREATE TABLE people AS
    SELECT i AS id,
           'n' || i AS name,
           DATE '2024-01-01' + CAST(i - 1 AS INTEGER) AS seen,
           CASE WHEN i % 10 = 0 THEN NULL ELSE i * 2 END AS amount,
           CASE WHEN i % 2 = 0 THEN 'Robbery' ELSE 'Assault with injury' END AS "offence type"
    FROM range(1, 1001) t(i)`);
  await ws.conn.run(`CREATE TABLE _sv_secret AS SELECT 1 AS x`);
});

afterAll(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

const table = { kind: 'table' as const, table: 'people' };

describe('pageRows', () => {
  it('pages in insertion order and reports the row count', async () => {
    const page = await pageRows(ws, { source: table, startRow: 990, endRow: 1200 });
    expect(page.rowCount).toBe(1000);
    expect(page.rows).toHaveLength(10);
    expect(page.rows[0]).toMatchObject({ id: 991, name: 'n991', seen: '2026-09-17' });
    expect(page.rows.at(-1)?.id).toBe(1000);
    expect(page.columns.map((c) => [c.name, c.kind])).toEqual([
      ['id', 'number'],
      ['name', 'text'],
      ['seen', 'date'],
      ['amount', 'number'],
      ['offence type', 'text'],
    ]);
  });

  it('sorts in SQL with nulls last and a stable tie-break', async () => {
    const page = await pageRows(ws, {
      source: table,
      startRow: 0,
      endRow: 3,
      sortModel: [{ colId: 'offence type', sort: 'desc' }, { colId: 'amount', sort: 'desc' }],
    });
    expect(page.rows.map((r) => r.id)).toEqual([998, 996, 994]);
    const last = await pageRows(ws, {
      source: table,
      startRow: 995,
      endRow: 1000,
      sortModel: [{ colId: 'amount', sort: 'asc' }],
    });
    // 100 NULL amounts sort last, in rowid order.
    expect(last.rows.map((r) => r.id)).toEqual([960, 970, 980, 990, 1000]);
  });

  it('filters text, numbers, dates and blanks with bound values', async () => {
    const text = await pageRows(ws, {
      source: table,
      startRow: 0,
      endRow: 100,
      filterModel: { name: { filterType: 'text', type: 'startsWith', filter: 'N99' } },
    });
    expect(text.rowCount).toBe(11); // n99, n990..n999
    const combined = await pageRows(ws, {
      source: table,
      startRow: 0,
      endRow: 100,
      filterModel: {
        amount: {
          filterType: 'number',
          operator: 'OR',
          conditions: [
            { filterType: 'number', type: 'lessThan', filter: 5 },
            { filterType: 'number', type: 'inRange', filter: 100, filterTo: 104 },
          ],
        },
        seen: { filterType: 'date', type: 'greaterThan', dateFrom: '2024-01-01 00:00:00' },
      },
    });
    expect(combined.rows.map((r) => r.id)).toEqual([2, 51, 52]) // id 50 has a NULL amount; inRange is inclusive;
    const blanks = await pageRows(ws, {
      source: table,
      startRow: 0,
      endRow: 10,
      filterModel: { amount: { filterType: 'number', type: 'blank' } },
    });
    expect(blanks.rowCount).toBe(100);
  });

  it('treats filter values as data, never SQL', async () => {
    const hostile = "x') OR 1=1; DROP TABLE people; --";
    const page = await pageRows(ws, {
      source: table,
      startRow: 0,
      endRow: 10,
      filterModel: { name: { filterType: 'text', type: 'contains', filter: hostile } },
    });
    expect(page.rowCount).toBe(0);
    const still = await pageRows(ws, { source: table, startRow: 0, endRow: 1 });
    expect(still.rowCount).toBe(1000);
    expect(filterSql({ name: { filterType: 'text', type: 'equals', filter: hostile } }, new Set(['name'])).sql).not.toContain(
      'DROP',
    );
  });

  it('refuses columns and tables that are not allow-listed', async () => {
    await expect(
      pageRows(ws, { source: table, startRow: 0, endRow: 1, sortModel: [{ colId: 'id; DROP TABLE people', sort: 'asc' }] }),
    ).rejects.toMatchObject({ code: 'invalid_args' });
    await expect(
      pageRows(ws, {
        source: table,
        startRow: 0,
        endRow: 1,
        filterModel: { nope: { filterType: 'text', type: 'contains', filter: 'a' } },
      }),
    ).rejects.toThrow('unknown column "nope"');
    await expect(pageRows(ws, { source: { kind: 'table', table: 'missing' }, startRow: 0, endRow: 1 })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(pageRows(ws, { source: { kind: 'table', table: '_sv_secret' }, startRow: 0, endRow: 1 })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(pageRows(ws, { source: table, startRow: 0, endRow: 10_000 })).rejects.toMatchObject({ code: 'invalid_args' });
  });

  it('pages query results held in the results catalogue', async () => {
    await ws.conn.run('CREATE TABLE results.r_1 AS SELECT id FROM people WHERE id <= 5');
    const page = await pageRows(ws, { source: { kind: 'result', resultId: 'r_1' }, startRow: 0, endRow: 10 });
    expect(page.rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });
});
