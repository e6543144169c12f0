import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../fixtures/generate-demo.js';
import { root, startE2E, type E2E } from './harness.js';

const xlsx = join(root, 'fixtures/raw/police_offences.xlsx');
const profile = join(root, 'fixtures/profiles/police_offences.json');
const expected = JSON.parse(readFileSync(join(root, 'fixtures/raw/police_offences.expected.json'), 'utf8')) as {
  rows_to_load: number;
  read: { sheet: string; header_row: number };
  problems: { kind: string; column: string; count: number; lines: number[] }[];
};
const truths = generateDemo().truths;
const fmt = (n: number) => n.toLocaleString('en-GB');

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('a raw XLSX police extract, mapped onto the canonical offences table', () => {
  it('reads the right sheet below its title rows', async () => {
    const { page } = e2e;
    await e2e.queueDialog(xlsx);
    await page.getByTestId('open-csv').click();
    await page.getByTestId('import-preview').waitFor();
    await expect.poll(() => page.getByTestId('import-sheet').inputValue()).toBe(expected.read.sheet);
    expect(await page.getByTestId('import-header-row').inputValue()).toBe(String(expected.read.header_row));
    expect(await page.getByTestId('import-map-table').inputValue()).toBe('offences');
    await e2e.shot('11-xlsx-preview');
  });

  it('maps it with the shared profile: every column converts', async () => {
    const { page } = e2e;
    await page.getByTestId('import-map').click();
    await page.getByTestId('mapping-screen').waitFor();
    await e2e.queueDialog(profile, 'files.importProfile');
    await page.getByTestId('profile-import').click();
    await expect.poll(() => page.getByTestId('map-source-crime_id').inputValue()).toBe('Crime Reference');
    for (const col of ['crime_id', 'offence_date', 'offence_group', 'serious_violence', 'domestic', 'weapon']) {
      await expect.poll(() => page.getByTestId(`map-failed-${col}`).innerText()).toBe('0');
    }
    await e2e.shot('12-mapping');
  });

  it('lists each validation problem at its line and imports with those rows left out', async () => {
    const { page } = e2e;
    await page.getByTestId('mapping-next').click();
    await page.getByTestId('validation-screen').waitFor();
    for (const p of expected.problems) {
      const box = page.getByTestId(`problem-${p.kind}`);
      await expect.poll(() => box.innerText()).toContain(String(p.lines[0]));
      await page.getByTestId(`decide-${p.kind}-leave_out`).check();
    }
    await page.getByTestId('commit-mode-replace').check();
    await e2e.shot('13-validation');
    await page.getByTestId('mapping-commit').click();
    const notice = page.getByTestId('import-notice');
    await notice.waitFor();
    await expect.poll(() => notice.innerText()).toContain(fmt(expected.rows_to_load));
    await e2e.shot('14-imported');
  });

  it('runs a saved query on the imported table and shows where its rows came from', async () => {
    const { page } = e2e;
    await page.getByTestId('library-entry-repeat-victimisation').click();
    await page.getByTestId('query-run').click();
    const grid = page.getByTestId('result-grid');
    await grid.waitFor();
    for (const row of truths.repeatVictimisation.rows) {
      const line = grid.locator('.ag-row', { has: page.locator('[col-id="group"]', { hasText: new RegExp(`^${row.group}$`) }) });
      await expect.poll(() => line.locator('[col-id="victims"]').innerText()).toBe(fmt(row.victims));
      expect(await line.locator('[col-id="repeat_victims"]').innerText()).toBe(fmt(row.repeat_victims));
    }
    await expect.poll(() => page.getByTestId('query-result').innerText()).toContain('police_offences.xlsx');
    const chart = page.getByTestId('result-chart');
    await chart.locator('.main-svg').first().waitFor();
    await chart.scrollIntoViewIfNeeded();
    await e2e.shot('15-query-on-imported');
  });
});

describe('reference data', () => {
  it('shows every shipped reference table with its publisher and licence', async () => {
    const { page } = e2e;
    await page.getByTestId('reference-open').click();
    const screen = page.getByTestId('reference-screen');
    await expect.poll(() => screen.innerText()).toContain('area_lookup');
    const text = await screen.innerText();
    for (const table of ['population', 'population_ethnicity', 'imd', 'imd2025', 'lsoa_lookup', 'area_lookup']) {
      expect(text).toContain(table);
    }
    expect(text).toContain('Open Government Licence v3.0');
    expect(text).toContain('Office for National Statistics');
    await e2e.shot('16-reference-data');
  });
});
