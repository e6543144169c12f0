import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { generateDemo } from '../fixtures/generate-demo.js';
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
