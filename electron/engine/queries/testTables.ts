import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalTable } from '../canonical/tables.js';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';

/**
 * Test support: small crafted canonical tables written straight into a workspace, with the
 * canonical column types, so each test states its rows and nothing else.
 */
export type Value = string | number | boolean | null;
export type CraftedRow = Record<string, Value>;

function literal(type: string, v: Value | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (type === 'DATE') return `DATE ${quoteLiteral(String(v))}`;
  if (type === 'VARCHAR') return quoteLiteral(String(v));
  return String(v);
}

/** Creates (or replaces) a canonical table holding exactly `rows`; absent columns are NULL. */
export async function craft(ws: Workspace, name: string, rows: CraftedRow[]): Promise<void> {
  const t = canonicalTable(name);
  if (!t) throw new Error(`not a canonical table: ${name}`);
  for (const row of rows) {
    for (const k of Object.keys(row)) {
      if (!t.columns.some((c) => c.name === k)) throw new Error(`${name} has no column ${k}`);
    }
  }
  const cols = t.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
  await ws.conn.run(`CREATE OR REPLACE TABLE ${quoteIdent(name)} (${cols})`);
  if (!rows.length) return;
  const values = rows.map((r) => `(${t.columns.map((c) => literal(c.type, r[c.name])).join(', ')})`);
  await ws.conn.run(`INSERT INTO ${quoteIdent(name)} VALUES ${values.join(',\n')}`);
}

/** A population table: `per` persons at every single year of age 0..90 for each sex given. */
export function flatPopulation(area: string, year: number, per: number, sexes = ['M', 'F']): CraftedRow[] {
  const rows: CraftedRow[] = [];
  for (const sex of sexes) for (let age = 0; age <= 90; age++) rows.push({ area, year, sex, age, ethnicity: null, population: per });
  return rows;
}

export interface TempWorkspace {
  ws: Workspace;
  dispose(): void;
}

export async function tempWorkspace(): Promise<TempWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'sv-queries-'));
  const ws = await openWorkspace(dir, { inMemory: true });
  return {
    ws,
    dispose() {
      ws.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
