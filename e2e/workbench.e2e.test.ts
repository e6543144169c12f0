import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../fixtures/build-demo.js';
import { generateDemo } from '../fixtures/generate-demo.js';
import { createLargeOffences, expectedLargeRow } from '../fixtures/large-table.js';
import { openWorkspace } from '../electron/engine/workspace/workspace.js';
import { root, startE2E, type E2E } from './harness.js';

const LARGE_ROWS = 1_000_000;
const rawFile = join(root, 'fixtures/raw/police_offences_raw.csv');
const rawExpected = JSON.parse(readFileSync(join(root, 'fixtures/raw/police_offences_raw.expected.json'), 'utf8')) as {
  accepted: number;
  rejected: { physical_line: number }[];
};
const truths = generateDemo().truths;
const fmt = (n: number) => n.toLocaleString('en-GB');

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E(async (dir) => {
    const ws = await openWorkspace(dir);
    try {
      await buildDemoWorkspace(ws);
      await createLargeOffences(ws, 'offences_history', LARGE_ROWS);
    } finally {
      ws.close();
    }
  });
});

afterAll(async () => {
  await e2e?.close();
});

describe('SV Workbench in Chromium against the real engine', () => {
  it('opens on the demo workspace with its tables listed', async () => {
    const { page } = e2e;
    await page.getByTestId('table-entry-offences').waitFor();
    await page.getByTestId('table-entry-offences_history').waitFor();
    await e2e.shot('01-workspace');
  });

  it('imports a messy police extract through the preview, keeping the rejected rows', async () => {
    const { page } = e2e;
    await e2e.queueDialog(rawFile);
    await page.getByRole('button', { name: /Open CSV/ }).click();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    await expect.poll(() => page.getByTestId('rows-accepted').innerText()).toContain(fmt(rawExpected.accepted));
    expect(await page.getByTestId('rows-rejected').innerText()).toContain(String(rawExpected.rejected.length));
    for (const r of rawExpected.rejected) {
      await expect.poll(() => preview.innerText()).toContain(String(r.physical_line));
    }
    await e2e.shot('02-import-preview');
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('table-entry-police_offences_raw').waitFor();
    await expect.poll(() => page.getByTestId('grid-row-count').innerText()).toContain(fmt(rawExpected.accepted));
    await page.getByTestId('table-entry-police_offences_raw__rejects').waitFor();
    await e2e.shot('03-imported-table');
  });

  it('opens a 1,000,000-row table and jumps to its last row', async () => {
    const { page } = e2e;
    await page.getByTestId('table-entry-offences_history').click();
    await expect.poll(() => page.getByTestId('grid-row-count').innerText()).toContain(fmt(LARGE_ROWS));
    await page.getByTestId('grid-last-row').click();
    const last = expectedLargeRow(LARGE_ROWS);
    await page.getByText(last.crime_id, { exact: true }).waitFor({ timeout: 30_000 });
    await e2e.shot('04-million-rows-last');
  });

  it('runs repeat-victimisation from the library and shows the planted figures', async () => {
    const { page } = e2e;
    await page.getByTestId('library-entry-repeat-victimisation').click();
    await page.getByTestId('query-run').click();
    const grid = page.getByTestId('result-grid');
    await grid.waitFor();
    await page.getByTestId('result-chart').locator('.main-svg').first().waitFor();
    for (const row of truths.repeatVictimisation.rows) {
      const line = grid.locator('.ag-row', { has: page.locator(`[col-id="group"]`, { hasText: new RegExp(`^${row.group}$`) }) });
      const cell = (col: string) => line.locator(`[col-id="${col}"]`).innerText();
      await expect.poll(() => cell('victims')).toBe(fmt(row.victims));
      expect(await cell('repeat_victims')).toBe(fmt(row.repeat_victims));
      expect(await cell('pct')).toBe(((100 * row.repeat_victims) / row.victims).toFixed(1));
    }
    await e2e.shot('05-repeat-victimisation');
  });

  it('runs age-rates and marks the planted highest-risk band', async () => {
    const { page } = e2e;
    await page.getByTestId('library-entry-age-rates').click();
    // The shipped population covers every local authority, so the area must be chosen.
    await page.getByTestId('param-area').fill(truths.ageRates.params.area);
    await page.getByTestId('query-run').click();
    await page.getByTestId('result-chart').locator('.main-svg').first().waitFor();
    const grid = page.getByTestId('result-grid');
    const top = truths.ageRates.rows.find((r) => r.sex === 'All' && r.highest);
    expect(top?.age_band).toBe('18-24');
    const line = grid.locator('.ag-row', {
      has: page.locator('[col-id="sex"]', { hasText: /^All$/ }),
    }).filter({ has: page.locator('[col-id="age_band"]', { hasText: /^18-24$/ }) });
    await expect.poll(() => line.locator('[col-id="persons"]').innerText()).toBe(fmt(top?.persons ?? -1));
    expect(await line.locator('[col-id="highest"]').innerText()).toMatch(/true|yes|✓/i);
    await page.getByTestId('result-chart').scrollIntoViewIfNeeded();
    await e2e.shot('06-age-rates');
  });
});
