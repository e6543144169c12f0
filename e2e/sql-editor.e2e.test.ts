import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { generateDemo } from '../fixtures/generate-demo.js';
import { startE2E, type E2E } from './harness.js';

/**
 * The SQL editor and the analyst's own library in Chromium against the real engine: a
 * parameterised SELECT typed into CodeMirror, run, saved as an own entry, found under its theme
 * and run from there, shared as a file, deleted and imported back; and an app entry opened in
 * the editor. Figures are counted here from the generated demo rows, independently of the SQL.
 */
const MIN_OFFENCES = 5;

// Suspects per number of distinct crimes they are linked to, from the demo's own rows.
const demo = generateDemo();
const crimesPerPerson = new Map<string, Set<string>>();
for (const row of demo.tables.suspects) {
  if (row.person_id === null || row.person_id === undefined) continue;
  const crimes = crimesPerPerson.get(String(row.person_id)) ?? new Set<string>();
  crimes.add(String(row.crime_id));
  crimesPerPerson.set(String(row.person_id), crimes);
}
const distribution = new Map<number, number>();
for (const crimes of crimesPerPerson.values()) distribution.set(crimes.size, (distribution.get(crimes.size) ?? 0) + 1);
const expectedRows = (min: number) =>
  [...distribution]
    .filter(([offences]) => offences >= min)
    .sort((a, b) => a[0] - b[0])
    .map(([offences, persons]) => ({ offences, persons }));

const SQL_LINES = [
  'SELECT offences, count(*) AS persons',
  'FROM (SELECT person_id, count(DISTINCT crime_id) AS offences FROM suspects WHERE person_id IS NOT NULL GROUP BY person_id)',
  'WHERE offences >= $min_offences',
  'GROUP BY offences',
  'ORDER BY offences',
];
const ID = 'suspects-by-offence-count';

const fmt = (n: number) => n.toLocaleString('en-GB');
const exact = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

let e2e: E2E;
let shareDir: string;
beforeAll(async () => {
  e2e = await startE2E();
  shareDir = mkdtempSync(join(tmpdir(), 'sv-e2e-share-'));
  await e2e.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
});
afterAll(async () => {
  await e2e?.close();
  rmSync(shareDir, { recursive: true, force: true });
});

/** Replaces the editor's text by typing it, line by line, as an analyst would. */
async function typeSql(page: Page, lines: readonly string[]): Promise<void> {
  const input = page.getByTestId('sql-input');
  await input.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  for (const [i, line] of lines.entries()) {
    await page.keyboard.type(line);
    // Close the completion list so Enter starts a new line instead of taking a suggestion.
    await page.keyboard.press('Escape');
    if (i < lines.length - 1) await page.keyboard.press('Enter');
  }
}

function cell(page: Page, grid: Locator, keyCol: string, key: string, col: string): Promise<string> {
  const row = grid.locator('.ag-row', { has: page.locator(`[col-id="${keyCol}"]`, { hasText: exact(key) }) });
  return row.locator(`[col-id="${col}"]`).innerText();
}

async function expectDistribution(page: Page, min: number): Promise<void> {
  const grid = page.getByTestId('result-grid');
  const rows = expectedRows(min);
  await expect.poll(() => page.getByTestId('grid-row-count').innerText()).toContain(String(rows.length));
  for (const r of rows) {
    await expect.poll(() => cell(page, grid, 'offences', fmt(r.offences), 'persons')).toBe(fmt(r.persons));
  }
}

describe('the SQL editor and my own library entries', () => {
  it('refuses anything but one read-only SELECT with the guard\'s message', async () => {
    const { page } = e2e;
    await page.getByTestId('open-sql-editor').click();
    await page.getByTestId('sql-screen').waitFor();
    await typeSql(page, ["COPY offences TO 'stolen.csv'"]);
    await page.getByTestId('sql-run').click();
    await expect.poll(() => page.getByTestId('error-banner').innerText()).toContain('The query was refused');
    expect(await page.getByTestId('error-banner').innerText()).toContain('only a read-only SELECT may run (this is COPY)');
    await typeSql(page, ["SELECT * FROM read_csv('/etc/passwd')"]);
    await page.getByTestId('sql-run').click();
    await expect.poll(() => page.getByTestId('error-banner').innerText()).toContain('the table function read_csv() is not allowed');
  });

  it('highlights a typed SELECT, asks for its $param, and runs it with Ctrl+Enter', async () => {
    const { page } = e2e;
    await typeSql(page, SQL_LINES);
    // CodeMirror's tokens: keywords and the parameter in their own spans.
    await expect.poll(() => page.locator('.cm-sv-keyword', { hasText: exact('SELECT') }).count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.cm-sv-param').allInnerTexts()).toEqual(['$min_offences']);
    expect(await page.locator('.cm-sv-keyword', { hasText: exact('GROUP') }).count()).toBe(2);

    expect(await page.getByTestId('sql-param-type-min_offences').inputValue()).toBe('int');
    expect(await page.getByTestId('sql-run').isDisabled()).toBe(true); // no value yet
    await page.getByTestId('sql-param-value-min_offences').fill(String(MIN_OFFENCES));
    await page.getByTestId('sql-input').click();
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('result-grid').waitFor();
    await expectDistribution(page, MIN_OFFENCES);
    expect(await page.getByTestId('resolved-param-min_offences').innerText()).toBe(String(MIN_OFFENCES));
    await page.getByTestId('sql-input').scrollIntoViewIfNeeded();
    await e2e.shot('31-sql-editor');
  });

  it('saves it as my library entry, listed under its theme as "My query"', async () => {
    const { page } = e2e;
    await page.getByTestId('sql-save-open').click();
    const form = page.getByTestId('save-form');
    await form.waitFor();
    await page.getByTestId('save-id').fill(ID);
    await page.getByTestId('save-title').fill('Suspects by number of offences');
    await page.getByTestId('save-description').fill('Persons linked as a suspect to at least a number of crimes, by how many.');
    await page.getByTestId('save-theme').selectOption('Offenders');
    await page.getByTestId('save-param-label-min_offences').fill('Minimum offences');
    expect(await page.getByTestId('save-param-default-min_offences').inputValue()).toBe(String(MIN_OFFENCES));
    await page.getByTestId('save-chart').selectOption('bar');
    // The chart previews while the form is open: categories from the first column, values from the next number.
    await page.getByTestId('result-chart').locator('.main-svg').first().waitFor();
    expect(await page.getByTestId('save-chart-x').inputValue()).toBe('offences');
    expect(await page.getByTestId('save-chart-y').inputValue()).toBe('persons');
    await page.getByTestId('save-count-offences').uncheck();
    expect(await page.getByTestId('save-count-persons').isChecked()).toBe(true);
    await form.scrollIntoViewIfNeeded();
    await e2e.shot('32-save-form');
    await page.getByTestId('save-submit').click();

    // Saved: the entry opens, listed under Offenders and tagged as mine.
    await page.getByTestId('query-view').waitFor();
    await expect.poll(() => page.getByTestId('query-view').locator('h1').innerText()).toBe('Suspects by number of offences');
    expect(await page.getByTestId('query-own-tag').innerText()).toBe('My query');
    const offenders = page.getByTestId('library-list').locator('div', { has: page.locator('h4', { hasText: exact('Offenders') }) });
    await offenders.getByTestId(`library-entry-${ID}`).waitFor();
    expect(await page.getByTestId(`library-own-${ID}`).innerText()).toBe('My query');
    const file = readFileSync(join(e2e.userLibraryDir, `${ID}.sql`), 'utf8');
    expect(file).toContain(`id: ${ID}\n`);
    expect(file).toContain('theme: Offenders\n');
    expect(file).toContain('  - table: suspects\n    columns: [crime_id, person_id]\n');
    expect(file).toContain('chart: {type: bar, x: offences, y: persons}\n');
    expect(file).toContain('count_columns: [persons]\n');
    expect(file.endsWith(`*/\n${SQL_LINES.join('\n')}\n`)).toBe(true);
  });

  it('runs from the library like any entry, default and a changed value', async () => {
    const { page } = e2e;
    expect(await page.getByTestId('param-min_offences').inputValue()).toBe(String(MIN_OFFENCES));
    await page.getByTestId('query-run').click();
    await page.getByTestId('result-chart').locator('.main-svg').first().waitFor();
    await expectDistribution(page, MIN_OFFENCES);
    await page.getByTestId('library-list').scrollIntoViewIfNeeded();
    await e2e.shot('33-library-own-entry');
    await page.getByTestId('param-min_offences').fill('10');
    await page.getByTestId('query-run').click();
    await expectDistribution(page, 10);
  });

  it('exports it through the save dialog, deletes it, and imports it back', async () => {
    const { page } = e2e;
    const target = join(shareDir, `${ID}.sql`);
    await e2e.queueDialog(target, 'files.exportQuery');
    await page.getByTestId('export-query').click();
    await expect.poll(() => page.getByTestId('entry-note').innerText()).toContain(`Saved to ${target}`);
    const shared = readFileSync(target, 'utf8');
    expect(shared).toBe(readFileSync(join(e2e.userLibraryDir, `${ID}.sql`), 'utf8'));

    await page.getByTestId('delete-query').click();
    await page.getByTestId('delete-confirm-yes').click();
    await page.getByTestId('home').waitFor();
    await expect.poll(() => page.getByTestId(`library-entry-${ID}`).count()).toBe(0);
    expect(existsSync(join(e2e.userLibraryDir, `${ID}.sql`))).toBe(false);

    await e2e.queueDialog(target, 'files.importQuery');
    await page.getByTestId('import-query').click();
    await expect.poll(() => page.getByTestId('import-query-done').innerText()).toContain('Imported “Suspects by number of offences”');
    await page.getByTestId(`library-entry-${ID}`).waitFor();
    expect(readFileSync(join(e2e.userLibraryDir, `${ID}.sql`), 'utf8')).toBe(shared);

    // The same file again: an entry of mine has that id, so it asks before replacing.
    await e2e.queueDialog(target, 'files.importQuery');
    await page.getByTestId('import-query').click();
    await expect.poll(() => page.getByTestId('import-query-confirm').innerText()).toContain(`has the id ${ID}`);
    await page.getByTestId('import-query-replace').click();
    await page.getByTestId('import-query-done').waitFor();
    await page.getByTestId(`library-entry-${ID}`).click();
    await page.getByTestId('query-run').click();
    await expectDistribution(page, MIN_OFFENCES);
  });

  it('"Open in SQL editor" takes an app entry\'s SQL with its parameter values; "Copy SQL" copies it', async () => {
    const { page } = e2e;
    await page.getByTestId('library-entry-prolific-offenders').click();
    await page.getByTestId('query-run').click();
    await page.getByTestId('result-chart').locator('.main-svg').first().waitFor();
    const listed = await page.getByTestId('grid-row-count').innerText();
    const periodEnd = await page.getByTestId('resolved-param-period_end').innerText();

    await page.getByTestId('copy-sql').click();
    await expect.poll(() => page.getByTestId('entry-note').innerText()).toBe('SQL copied to the clipboard.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^WITH\s/);
    expect(copied).toContain('$min_offences');

    await page.getByTestId('open-in-editor').click();
    await page.getByTestId('sql-screen').waitFor();
    await expect.poll(() => page.getByTestId('sql-input').innerText()).toContain("'Violence against the person'");
    expect(await page.getByTestId('sql-param-value-period_end').inputValue()).toBe(periodEnd);
    expect(await page.getByTestId('sql-param-value-period_months').inputValue()).toBe('36');
    expect(await page.getByTestId('sql-param-value-min_offences').inputValue()).toBe('10');
    await page.getByTestId('sql-run').click();
    await expect.poll(() => page.getByTestId('grid-row-count').innerText()).toBe(listed);
    expect(await page.getByTestId('sql-save-open').isEnabled()).toBe(true);
  });
});
