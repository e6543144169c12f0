import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { join } from 'node:path';
import { generateDemo } from '../fixtures/generate-demo.js';
import { loadLibrary } from '../electron/engine/queries/library.js';
import { startE2E, type E2E } from './harness.js';

const truths = generateDemo().truths;
const fmt = (n: number) => n.toLocaleString('en-GB');
const exact = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** Runs a library entry from the panel with some parameters typed into its form. */
async function run(page: Page, id: string, params: Record<string, string> = {}): Promise<Locator> {
  await page.getByTestId(`library-entry-${id}`).click();
  for (const [name, value] of Object.entries(params)) await page.getByTestId(`param-${name}`).fill(value);
  await page.getByTestId('query-run').click();
  const chart = page.getByTestId('result-chart');
  await chart.locator('.main-svg').first().waitFor();
  return page.getByTestId('result-grid');
}

/** The text of one cell, in the row whose `keyCol` cell reads exactly `key`. */
function cell(page: Page, grid: Locator, keyCol: string, key: string, col: string): Promise<string> {
  const row = grid.locator('.ag-row', { has: page.locator(`[col-id="${keyCol}"]`, { hasText: exact(key) }) });
  return row.locator(`[col-id="${col}"]`).innerText();
}

async function shotChart(name: string): Promise<void> {
  await e2e.page.getByTestId('result-chart').scrollIntoViewIfNeeded();
  await e2e.shot(name);
}

describe('three library entries on the demo partnership, figures on screen', () => {
  it('weapons-by-age: the planted knife counts per group', async () => {
    const { page } = e2e;
    const grid = await run(page, 'weapons-by-age');
    for (const row of truths.weaponsByAge.rows) {
      await expect.poll(() => cell(page, grid, 'group', row.group, 'offences')).toBe(fmt(row.offences));
      expect(await cell(page, grid, 'group', row.group, 'knife_offences')).toBe(fmt(row.knife_offences));
    }
    await shotChart('21-weapons-by-age');
  });

  it('hotspots: the planted top three with the tie at rank 2', async () => {
    const { page } = e2e;
    const grid = await run(page, 'hotspots', { top: String(truths.hotspots.params.top) });
    for (const row of truths.hotspots.rows.filter((r) => r.rank !== null)) {
      await expect.poll(() => cell(page, grid, 'place', row.place, 'offences')).toBe(fmt(row.offences));
      expect(await cell(page, grid, 'place', row.place, 'rank')).toBe(String(row.rank));
    }
    await shotChart('22-hotspots');
  });

  it('repeat-offending: suspects and the three look-back measures', async () => {
    const { page } = e2e;
    const grid = await run(page, 'repeat-offending');
    for (const row of truths.repeatOffending.rows) {
      await expect.poll(() => cell(page, grid, 'measure', row.measure, 'with_prior')).toBe(fmt(row.with_prior));
      expect(await cell(page, grid, 'measure', row.measure, 'suspects')).toBe(fmt(row.suspects));
    }
    await shotChart('23-repeat-offending');
  });
});

describe('every library entry from the panel draws its default chart', () => {
  it('runs each of the 15 entries with its defaults (area given where it has one)', { timeout: 180_000 }, async () => {
    const { page } = e2e;
    const library = await loadLibrary(join(import.meta.dirname, '../queries'));
    expect(library).toHaveLength(15);
    for (const [i, entry] of library.entries()) {
      // The demo workspace has the shipped all-LA population, so `area` must be given.
      const area: Record<string, string> = entry.params.some((p) => p.name === 'area') ? { area: truths.ageRates.params.area } : {};
      const grid = await run(page, entry.id, area);
      // The grid has counted and shown its rows (not AG Grid's loading placeholders).
      await expect.poll(() => grid.getByTestId('grid-row-count').innerText(), { message: entry.id }).toMatch(/^[\d,]+ rows?$/);
      await grid.locator('.ag-row [col-id]').first().waitFor();
      await shotChart(`5${String(i + 1).padStart(2, '0')}-${entry.id}`);
    }
  });
});
