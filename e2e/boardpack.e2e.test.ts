import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../fixtures/generate-demo.js';
import { screenshotDir, startE2E, type E2E } from './harness.js';

/**
 * The board pack from the library to the Word document: two results run and added from their
 * Export panels, a row-level list refused until confirmed, notes written and the order changed
 * on the Board pack screen, the pack exported through the (test) save dialog, and the .docx
 * unzipped: headings in order, notes, one picture per chart at 300 dpi, [c] in the tables, the
 * provenance appendix.
 */

const truths = generateDemo().truths;
const SUPPRESSED = '[c]';

let e2e: E2E;
let outDir: string;
beforeAll(async () => {
  e2e = await startE2E();
  outDir = mkdtempSync(join(tmpdir(), 'sv-e2e-pack-'));
});
afterAll(async () => {
  await e2e?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Runs an entry with these parameters and opens its Export panel, ready to add. */
async function runAndOpenExport(page: Page, id: string, params: Record<string, string>): Promise<void> {
  await page.getByTestId(`library-entry-${id}`).click();
  for (const [name, value] of Object.entries(params)) await page.getByTestId(`param-${name}`).fill(value);
  await page.getByTestId('query-run').click();
  await page.getByTestId('result-chart').locator('.main-svg').first().waitFor();
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-preview-table').waitFor();
  await page.getByTestId('export-chart-preview').waitFor();
}

async function addToPack(page: Page, expected: number): Promise<void> {
  await page.getByTestId('export-add-to-pack').and(page.locator(':enabled')).click();
  await expect
    .poll(() => page.getByTestId('export-saved').textContent().catch(() => ''), { timeout: 30_000 })
    .toContain(`In the board pack (${expected} ${expected === 1 ? 'result' : 'results'})`);
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]!)).join('');

describe('a board pack of two results', () => {
  const noteAge = 'Young adults carry most of the harm.\n\nThe 18-24 rate is the one to watch.';
  const noteWeek = 'Friday and Saturday nights stand out.';

  it('adds two results from their Export panels; a row-level list only after the confirmation', async () => {
    const { page } = e2e;
    await runAndOpenExport(page, 'age-rates', { area: truths.ageRates.params.area });
    await page.getByTestId('export-title').fill('Victims by age and sex');
    await addToPack(page, 1);
    expect(await page.getByTestId('board-pack-count').textContent()).toBe('1');
    await page.getByTestId('export-saved').scrollIntoViewIfNeeded();
    await e2e.shot('49-export-added-to-pack');

    await runAndOpenExport(page, 'time-of-week', { period_end: truths.timeOfWeek.params.period_end, area: truths.timeOfWeek.params.area });
    await page.getByTestId('export-rule-threshold10').check();
    await page.locator('.export-body:not(.stale)').waitFor();
    await addToPack(page, 2);

    await page.getByTestId('library-entry-prolific-offenders').click();
    await page.getByTestId('query-run').click();
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-personal').waitFor();
    expect(await page.getByTestId('export-add-to-pack').isDisabled()).toBe(true);
    expect(await page.getByTestId('board-pack-count').textContent()).toBe('2');
  });

  it('shows the pack: title, both results with their charts, notes, order changed', async () => {
    const { page } = e2e;
    await page.getByTestId('open-board-pack').click();
    await page.getByTestId('board-pack').waitFor();
    expect(await page.getByTestId('pack-about').innerText()).toMatch(/kept in this window until the app closes/);
    await page.getByTestId('pack-title').fill('Manchester serious violence board — 2024');
    const items = page.getByTestId('pack-item');
    expect(await items.count()).toBe(2);
    expect(await page.getByTestId('pack-item-heading').allTextContents()).toEqual(['Victims by age and sex', 'Serious violence by day and hour']);
    await items.nth(0).getByTestId('pack-note').fill(noteAge);
    await items.nth(1).getByTestId('pack-note').fill(noteWeek);
    // The heat map goes first: move it up, and the note travels with it.
    await items.nth(1).getByTestId('pack-up').click();
    expect(await page.getByTestId('pack-item-heading').allTextContents()).toEqual(['Serious violence by day and hour', 'Victims by age and sex']);
    expect(await items.nth(0).getByTestId('pack-note').inputValue()).toBe(noteWeek);
    // The thumbnails are the pack's own charts: drawn and decoded by the browser.
    await expect.poll(() => page.getByTestId('pack-chart').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual([2008, 2008]);
    await page.locator('.board-pack h1').scrollIntoViewIfNeeded();
    await e2e.shot('50-board-pack');
    await items.nth(1).scrollIntoViewIfNeeded();
    await e2e.shot('51-board-pack-second-item');
  });

  it('exports one Word document: headings in order, notes, one picture per chart, [c] in the tables, provenance', async () => {
    const { page } = e2e;
    const file = join(outDir, 'pack.docx');
    await e2e.queueDialog(file, 'files.exportBoardPack');
    await page.getByTestId('pack-export').click();
    await expect.poll(() => page.getByTestId('pack-saved-to').textContent().catch(() => null), { timeout: 60_000 }).toBe(file);
    await page.getByTestId('pack-saved').scrollIntoViewIfNeeded();
    await e2e.shot('52-board-pack-saved');

    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = await zip.file('word/document.xml')!.async('string');
    copyFileSync(file, join(screenshotDir, '52-board-pack.docx'));
    const paras = [...xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '').matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => ({
      style: /<w:pStyle w:val="([^"]+)"/.exec(p[0])?.[1] ?? null,
      text: textOf(p[0]),
    }));
    expect(paras.filter((p) => p.style === 'Title').map((p) => p.text)).toEqual(['Manchester serious violence board — 2024']);
    expect(paras.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual(['Serious violence by day and hour', 'Victims by age and sex', 'Provenance']);
    const texts = paras.map((p) => p.text);
    expect(texts).toContain(noteWeek);
    expect(texts).toContain('Young adults carry most of the harm.');
    expect(texts).toContain('The 18-24 rate is the one to watch.');
    expect(texts.filter((t) => t.startsWith('Disclosure control: '))).toEqual([
      expect.stringContaining('(threshold 10)'),
      expect.stringContaining('(threshold 5)'),
    ]);

    const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
    expect(media).toHaveLength(2);
    for (const name of media) {
      const png = await zip.file(name)!.async('nodebuffer');
      expect(png.toString('latin1', 12, 16)).toBe('IHDR');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2008, 1335]);
    }
    // Placed at the 170 mm text width (6,120,000 EMU).
    expect([...xml.matchAll(/<wp:extent cx="(\d+)"/g)].map((m) => m[1])).toEqual(['6120000', '6120000']);

    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
      [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0]))),
    );
    const [week, age] = tables;
    // Under threshold 10 every planted cell of 1–9 offences reads [c].
    const weekHead = week![0]!;
    const hiddenWeek = week!.slice(1).filter((r) => r[weekHead.indexOf('offences')] === SUPPRESSED).length;
    expect(hiddenWeek).toBeGreaterThanOrEqual(truths.timeOfWeek.rows.filter((r) => r.offences >= 1 && r.offences <= 9).length);
    const ageHead = age![0]!;
    const persons = ageHead.indexOf('persons');
    for (const r of truths.ageRates.rows.filter((row) => row.persons >= 1 && row.persons <= 4)) {
      const row = age!.find((cells) => cells[ageHead.indexOf('sex')] === r.sex && cells[ageHead.indexOf('age_band')] === r.age_band);
      expect(row?.[persons], `${r.sex} ${r.age_band}`).toBe(SUPPRESSED);
    }
    const provenance = tables.filter((t) => t[0]?.[0] === 'Query').map((t) => t[0]![1]);
    expect(provenance).toEqual(['time-of-week', 'age-rates']);
    expect(tables.filter((t) => t[0]?.[0] === 'Table read')).toHaveLength(2);
  });
});
