import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { createEngine } from '../electron/engine/engine.js';
import { buildDemoWorkspace } from '../fixtures/build-demo.js';
import { createLargeOffences } from '../fixtures/large-table.js';
import { openWorkspace } from '../electron/engine/workspace/workspace.js';

/**
 * `npm run bench [-- <rows>]`: timings of the paths an analyst waits on — previewing and
 * committing a large CSV, paging to the last row of a large table, and a saved query on the
 * demo. Numbers, not pass/fail: the tests assert behaviour, this measures it.
 */
const rows = Number(process.argv[2] ?? 1_000_000);
const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'sv-bench-'));

async function time<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await work();
  console.log(`${label.padEnd(48)} ${(performance.now() - start).toFixed(0).padStart(7)} ms`);
  return value;
}

async function writeCsv(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('Crime Reference,Date Committed,Hour,HO Offence Group,SV Flag\n');
  for (let i = 1; i <= n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const line = `MC-${i},${day}/0${1 + (i % 9)}/2024,${i % 24},Violence against the person,${i % 3 ? 'N' : 'Y'}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

try {
  const workspaceDir = join(dir, 'ws');
  const ws = await openWorkspace(workspaceDir);
  await time('build the demo workspace', () => buildDemoWorkspace(ws));
  await time(`create a ${rows.toLocaleString('en-GB')}-row table`, () => createLargeOffences(ws, 'offences_history', rows));
  ws.close();

  const engine = await time('open the workspace (engine start)', () =>
    createEngine({ workspaceDir, queriesDir: join(root, 'queries'), demo: true }),
  );
  const csv = join(dir, 'extract.csv');
  await time(`write a ${rows.toLocaleString('en-GB')}-row CSV`, () => writeCsv(csv, rows));
  const file = engine.registerFile(csv);
  const preview = (await time('import.preview (full parse, UK dates)', () =>
    engine.handle('import.preview', { file: file.token, options: {} }),
  )) as { previewId: string; rowsAccepted: number };
  await time('import.commit', () => engine.handle('import.commit', { previewId: preview.previewId, table: 'extract', mode: 'create' }));
  const source = { kind: 'table', table: 'offences_history' };
  await time('grid.rows: first page', () => engine.handle('grid.rows', { source, startRow: 0, endRow: 200 }));
  await time('grid.rows: last page', () => engine.handle('grid.rows', { source, startRow: rows - 200, endRow: rows }));
  await time('grid.rows: last page sorted desc by date', () =>
    engine.handle('grid.rows', { source, startRow: rows - 200, endRow: rows, sortModel: [{ colId: 'offence_date', sort: 'desc' }] }),
  );
  await time('query.run repeat-victimisation (demo)', () =>
    engine.handle('query.run', { queryId: 'repeat-victimisation', params: {}, runId: 'bench-1' }),
  );
  await time('query.run age-rates (demo)', () =>
    engine.handle('query.run', { queryId: 'age-rates', params: { area: 'E08000003' }, runId: 'bench-2' }),
  );
  // Table exports stream from DuckDB: the large table as an ad-hoc result, written whole.
  const big = (await time(`query.runAdhoc over the ${rows.toLocaleString('en-GB')}-row table`, () =>
    engine.handle('query.runAdhoc', { sql: 'SELECT * FROM offences_history', params: [], runId: 'bench-3' }),
  )) as { resultId: string };
  await time('export the result as CSV (files.exportTable)', () => engine.exportTable({ resultId: big.resultId, format: 'csv' }, join(dir, 'big.csv')));
  await time('export the result as XLSX (files.exportTable)', () => engine.exportTable({ resultId: big.resultId, format: 'xlsx' }, join(dir, 'big.xlsx')));
  console.log(`${'peak memory (rss)'.padEnd(48)} ${Math.round(process.resourceUsage().maxRSS / 1024).toString().padStart(7)} MB`);
  await engine.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
