import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPRESSED } from '../../contract/index.js';
import { APP_VERSION } from './appVersion.js';
import { craftedEngine, queriesDir, type CraftedEngine } from './testEngine.js';

/**
 * Table exports through the engine, with the real disclosure core and the real per-result
 * records: a library entry's result with small counts, exported as XLSX and CSV, hides exactly
 * the cells the export preview shows hidden, and the provenance sheet carries the rule as the
 * preview words it; a row-level list needs the confirmation; an ad-hoc result is protected by
 * the default metadata.
 */

let crafted: CraftedEngine;

beforeAll(async () => {
  crafted = await craftedEngine({ firstSuspect: '=cmd|calc' });
});
afterAll(() => crafted.close());

async function readBook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

function provenanceOf(book: ExcelJS.Workbook): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  book.getWorksheet('Provenance')!.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    out.set(String(values[0]), values.slice(1));
  });
  return out;
}

/** The table sheet as rows of values under the header, and the header. */
function tableOf(book: ExcelJS.Workbook): { header: string[]; rows: unknown[][] } {
  const sheet = book.getWorksheet('Table')!;
  const all: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => all.push((row.values as unknown[]).slice(1)));
  return { header: all[0] as string[], rows: all.slice(1) };
}

describe('a library entry with small counts', () => {
  it.each(['threshold5', 'threshold10'] as const)('XLSX under %s hides what the preview hides, and every count below the threshold', async (rule) => {
    const result = await crafted.run('repeat-victimisation');
    expect(result.rows.map((r) => [r.group, r.victims, r.repeat_victims])).toEqual([
      ['All', 2, 1],
      ['Domestic', 1, 1],
      ['Non-domestic', 1, 0],
    ]);
    const shown = await crafted.preview(result.resultId, rule);
    const path = join(crafted.out, `rv-${rule}.xlsx`);
    await crafted.engine.exportTable({ resultId: result.resultId, format: 'xlsx', rule }, path);
    const book = await readBook(path);
    const { header, rows } = tableOf(book);
    expect(header).toEqual(['group', 'victims', 'repeat_victims', 'pct', 'ci_low', 'ci_high']);
    const hiddenInFile = rows.flatMap((r, i) => r.map((v, c) => (v === SUPPRESSED ? `${i}:${header[c]}` : null))).filter(Boolean);
    expect(hiddenInFile.sort()).toEqual(shown.hidden.map((h) => `${h.row}:${h.column}`).sort());
    for (const [i, r] of result.rows.entries()) {
      for (const c of ['victims', 'repeat_victims'] as const) {
        const v = r[c] as number;
        if (v > 0 && v < (rule === 'threshold5' ? 5 : 10)) expect(rows[i]![header.indexOf(c)], `${r.group} ${c}`).toBe(SUPPRESSED);
      }
    }
    expect(rows[2]![header.indexOf('repeat_victims')]).not.toBe(1); // the zero is never a 1 in disguise
    const prov = provenanceOf(book);
    expect(prov.get('Query')).toEqual(['repeat-victimisation']);
    expect(prov.get('Title')).toEqual(['Repeat victimisation']);
    expect(prov.get('Query version')).toEqual([result.version]);
    expect(prov.get('Parameter: period_end')).toEqual(['2024-03-01']);
    expect(prov.get('Disclosure rule')).toEqual([rule]);
    expect(prov.get('Disclosure control')).toEqual([shown.ruleText]);
    expect(String(prov.get('Cells hidden')?.[0])).toMatch(new RegExp(`^${shown.hidden.length} \\(`));
    expect(prov.get('App')).toEqual([`SV Workbench ${APP_VERSION}`]);
    expect(APP_VERSION).toBe(JSON.parse(readFileSync(resolve(queriesDir, '../package.json'), 'utf8')).version);
    expect(prov.get('offences')?.slice(0, 1)).toEqual([3]);
  });

  it('CSV under round5 shows counts rounded to base 5 and hides the small counts’ percentages', async () => {
    const result = await crafted.run('repeat-victimisation');
    const shown = await crafted.preview(result.resultId, 'round5');
    const path = join(crafted.out, 'rv.csv');
    await crafted.engine.exportTable({ resultId: result.resultId, format: 'csv', rule: 'round5' }, path);
    const lines = readFileSync(path, 'utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('group,victims,repeat_victims,pct,ci_low,ci_high');
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(0, 4))).toEqual([
      ['All', '0', '0', '[c]'],
      ['Domestic', '0', '0', '[c]'],
      ['Non-domestic', '0', '0', '[c]'],
    ]);
    expect(shown.rows.map((r) => r.slice(0, 4).map(String))).toEqual(lines.slice(1, 4).map((l) => l.split(',').slice(0, 4)));
  });

  it('names the file from the entry and the period, and refuses an unknown result', async () => {
    const result = await crafted.run('repeat-victimisation');
    await expect(crafted.engine.planTableExport({ resultId: result.resultId, format: 'xlsx' })).resolves.toEqual({
      fileName: 'repeat-victimisation-2024-03-01.xlsx',
    });
    await expect(crafted.engine.planTableExport({ resultId: 'r_999', format: 'csv' })).rejects.toThrow('no longer held');
    await expect(crafted.engine.planTableExport({ resultId: result.resultId, format: 'pdf' })).rejects.toThrow();
  });
});

describe('a row-level list', () => {
  it('is refused without confirmation, then exported whole with its personal-data provenance', async () => {
    const result = await crafted.run('prolific-offenders', { min_offences: 1 });
    expect(result.rows.map((r) => [r.person_id, r.offences])).toEqual([
      ['=cmd|calc', 1],
      ['s2', 1],
    ]);
    const path = join(crafted.out, 'list.xlsx');
    await expect(crafted.engine.exportTable({ resultId: result.resultId, format: 'xlsx' }, path)).rejects.toThrow(/personal data\. Confirm/);
    await crafted.engine.exportTable({ resultId: result.resultId, format: 'xlsx', confirmPersonalData: true }, path);
    const book = await readBook(path);
    const { rows } = tableOf(book);
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ["'=cmd|calc", 1], // neutralised, and the count of 1 shown: a list is gated, not suppressed
      ['s2', 1],
    ]);
    expect(String(provenanceOf(book).get('Personal data')?.[0])).toMatch(/^Yes/);
  });
});

describe('an ad-hoc result', () => {
  it('is protected by the default metadata: BIGINT counts, doubles derived', async () => {
    const result = await crafted.adhoc(
      "SELECT * FROM (VALUES ('A', 3::BIGINT, 30.0), ('B', 9::BIGINT, 90.0), ('C', 0::BIGINT, 0.0), ('D', 12::BIGINT, 120.0)) v(grp, n, rate)",
    );
    const path = join(crafted.out, 'adhoc.csv');
    const summary = await crafted.engine.exportTable({ resultId: result.resultId, format: 'csv' }, path);
    const lines = readFileSync(path, 'utf8').slice(1).split('\r\n');
    expect(lines.slice(0, 5)).toEqual(['grp,n,rate', 'A,[c],[c]', 'B,[c],[c]', 'C,0,0', 'D,12,120']);
    expect(summary.hidden.map((h) => [h.row, h.column, h.why])).toEqual([
      [0, 'n', 'primary'],
      [0, 'rate', 'derived'],
      [1, 'n', 'secondary'],
      [1, 'rate', 'derived'],
    ]);
    expect(await crafted.engine.planTableExport({ resultId: result.resultId, format: 'csv' })).toEqual({
      fileName: `ad-hoc-${result.provenance.ranAt.slice(0, 10)}.csv`,
    });
  });
});
