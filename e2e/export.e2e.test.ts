import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../fixtures/generate-demo.js';
import { screenshotDir, startE2E, type E2E } from './harness.js';

const truths = generateDemo().truths;
const { ageRates } = truths;
const SUPPRESSED = '[c]';

let e2e: E2E;
let outDir: string;
beforeAll(async () => {
  e2e = await startE2E();
  outDir = mkdtempSync(join(tmpdir(), 'sv-e2e-exports-'));
  // "Copy chart" writes to the clipboard; Chromium asks first, as Electron's session would.
  await e2e.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(e2e.session.url).origin });
});
afterAll(async () => {
  await e2e?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

interface ShownCell {
  text: string;
  suppressed: boolean;
}

/** The export preview's table as shown: one object per row, cell text and whether it is marked hidden. */
async function previewTable(page: Page): Promise<Record<string, ShownCell>[]> {
  return page.getByTestId('export-preview-table').evaluate((el) =>
    [...el.querySelectorAll('tbody tr')].map((tr) =>
      Object.fromEntries(
        [...tr.querySelectorAll('td')].map((td) => [td.dataset.col ?? '', { text: td.textContent ?? '', suppressed: td.classList.contains('suppressed') }]),
      ),
    ),
  );
}

async function chooseRule(page: Page, rule: 'threshold5' | 'threshold10' | 'round5'): Promise<void> {
  await page.getByTestId(`export-rule-${rule}`).check();
  // The engine answers the new rule; the table is replaced when it does (stale while waiting).
  await page.locator('.export-body:not(.stale)').waitFor();
  await page.getByTestId('export-chart-png').and(page.locator(':enabled')).waitFor();
}

/** Queues the save dialog's answer, clicks, and waits for the panel to say where it saved. */
async function saveThrough(page: Page, button: string, channel: 'files.exportChart' | 'files.exportTable', file: string): Promise<void> {
  await e2e.queueDialog(file, channel);
  await page.getByTestId(button).click();
  await expect.poll(() => page.getByTestId('export-saved-to').textContent().catch(() => null), { timeout: 30_000 }).toBe(file);
}

function ihdr(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The pixels-per-metre of a PNG's pHYs chunk (null when there is none). */
function physPerMetre(png: Buffer): number | null {
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'pHYs') return png.readUInt32BE(at + 8);
    at += 12 + length;
  }
  return null;
}

/** The text an SVG shows, one line per <text> element, tags and entities undone. */
function svgLines(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#160;|&nbsp;/g, ' ')
      .replace(/&amp;/g, '&'),
  );
}

const key = (sex: string, band: string) => `${sex}|${band}`;

describe('export panel on age-rates (Manchester victims, 2024)', () => {
  // Counted from the planted truths, not from the app: persons 1–4 are the small counts.
  const small = ageRates.rows.filter((r) => r.persons >= 1 && r.persons <= 4).map((r) => key(r.sex, r.age_band));
  const zero = ageRates.rows.filter((r) => r.persons === 0).map((r) => key(r.sex, r.age_band));
  const bands = [...new Set(ageRates.rows.map((r) => r.age_band))];
  let ruleText = '';

  it('previews the table under threshold 5: small counts and what is worked out from them read [c]', async () => {
    const { page } = e2e;
    expect(small.length).toBeGreaterThanOrEqual(4);
    await page.getByTestId('library-entry-age-rates').click();
    await page.getByTestId('param-area').fill(ageRates.params.area);
    await page.getByTestId('query-run').click();
    await page.getByTestId('result-chart').locator('.main-svg').first().waitFor();
    // The on-screen chart has no camera button: a picture would skip disclosure control.
    const modebar = page.getByTestId('result-chart').locator('.modebar-btn');
    expect(await modebar.count()).toBeGreaterThan(0);
    expect(await modebar.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-title') ?? ''))).not.toContainEqual(expect.stringMatching(/png|download/i));
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-preview-table').waitFor();
    expect(await page.getByTestId('export-rule-threshold5').isChecked()).toBe(true);

    const rows = await previewTable(page);
    const byKey = new Map(rows.map((r) => [key(r.sex?.text ?? '', r.age_band?.text ?? ''), r]));
    expect(rows).toHaveLength(ageRates.rows.length);
    for (const k of small) {
      const row = byKey.get(k);
      expect(row?.persons, k).toEqual({ text: SUPPRESSED, suppressed: true });
      // A rate from a hidden count is hidden with it (the Unknown band has no rate at all).
      if (!k.endsWith('|Unknown')) for (const c of ['rate_per_1000', 'ci_low', 'ci_high']) expect(row?.[c]?.text, `${k} ${c}`).toBe(SUPPRESSED);
    }
    for (const k of zero) expect(byKey.get(k)?.persons?.text, k).toBe('0');
    // All = M + F in each band: one hidden count among the three would be worked out from the
    // other two, so either none or at least two are hidden.
    for (const band of bands) {
      const hiddenHere = ['All', 'M', 'F'].filter((sex) => byKey.get(key(sex, band))?.persons?.text === SUPPRESSED).length;
      expect([0, 2, 3], band).toContain(hiddenHere);
    }
    // Every [c] is marked, and the line above the table counts them.
    const marked = rows.flatMap((r) => Object.values(r)).filter((c) => c.suppressed);
    expect(marked.every((c) => c.text === SUPPRESSED)).toBe(true);
    expect(rows.flatMap((r) => Object.values(r)).filter((c) => c.text === SUPPRESSED)).toHaveLength(marked.length);
    expect(await page.getByTestId('export-hidden-line').innerText()).toMatch(new RegExp(`^${marked.length} cells hidden \\(\\[c\\]\\): ${small.length} small counts`));
    ruleText = (await page.getByTestId('export-rule-text').innerText()).trim();
    expect(ruleText.length).toBeGreaterThan(10);
    await page.getByTestId('export-chart-preview').waitFor();
    await page.getByTestId('export-panel').scrollIntoViewIfNeeded();
    await e2e.shot('40-export-panel-threshold5');
  });

  it('threshold 10 hides counts up to 9; rounding to base 5 hides no count and rounds every one', async () => {
    const { page } = e2e;
    await chooseRule(page, 'threshold10');
    const ten = new Map((await previewTable(page)).map((r) => [key(r.sex?.text ?? '', r.age_band?.text ?? ''), r]));
    for (const r of ageRates.rows.filter((row) => row.persons >= 1 && row.persons <= 9)) {
      expect(ten.get(key(r.sex, r.age_band))?.persons?.text, `${r.sex} ${r.age_band}`).toBe(SUPPRESSED);
    }
    expect(ten.get(key('All', '18-24'))?.persons?.text).toBe(String(ageRates.rows.find((r) => r.sex === 'All' && r.age_band === '18-24')?.persons));

    await chooseRule(page, 'round5');
    const rounded = await previewTable(page);
    for (const r of rounded) {
      const persons = Number((r.persons?.text ?? '').replace(/,/g, ''));
      expect(r.persons?.suppressed).toBe(false);
      expect(persons % 5, `${r.sex?.text} ${r.age_band?.text} ${r.persons?.text}`).toBe(0);
    }
    // Only what is worked out from a count may still be hidden (a rate would give the exact count away).
    expect(await page.getByTestId('export-hidden-line').innerText()).not.toMatch(/\(\[c\]\): \d+ small count/);
    await e2e.shot('41-export-panel-round5');
    await chooseRule(page, 'threshold5');
  });

  it('saves the chart as PNG (A4 half page at 300 dpi) and SVG with its title, subtitle and footnote', async () => {
    const { page } = e2e;
    const png = join(outDir, 'age-rates.png');
    await saveThrough(page, 'export-chart-png', 'files.exportChart', png);
    const bytes = readFileSync(png);
    expect(ihdr(bytes)).toEqual({ width: 2008, height: 1335 });
    expect(physPerMetre(bytes)).toBe(11811); // 300 dpi: Word places it at 170 × 113 mm
    copyFileSync(png, join(screenshotDir, '42-export-chart.png'));

    const svgFile = join(outDir, 'age-rates.svg');
    await saveThrough(page, 'export-chart-svg', 'files.exportChart', svgFile);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* width="643" height="427"/);
    expect(svg).toContain('font-family="Arial, &apos;Segoe UI&apos;, sans-serif"');
    const lines = svgLines(svg);
    expect(lines[0]).toBe('Rates by age and sex');
    expect(lines[1]).toBe('1 Jan 2024 – 31 Dec 2024 · Manchester (E08000003)');
    const text = lines.join(' ');
    const footStart = text.indexOf('Source: ');
    expect(footStart).toBeGreaterThan(0);
    const footnote = text.slice(footStart);
    expect(footnote).toContain('SV Workbench age-rates v');
    expect(footnote).toContain(', run ');
    expect(footnote).toContain(ruleText.replace(/\.$/, ''));
    expect(footnote).toMatch(/\. \d+ values hidden by this rule are left out of the chart\./);
    // Axis titles are drawn by Plotly in the same document.
    expect(text).toContain('Persons per 1,000 population');
    expect(text).toContain('Age band');
  });

  it('works the pixels out from the size chosen: A4 full width and a 16:9 slide', async () => {
    const { page } = e2e;
    for (const [size, px] of [
      ['a4-full', { width: 2008, height: 2835 }],
      ['slide', { width: 3000, height: 1689 }],
    ] as const) {
      await page.getByTestId('export-size').selectOption(size);
      await page.getByTestId('export-chart-png').and(page.locator(':enabled')).waitFor();
      const file = join(outDir, `age-rates-${size}.png`);
      await saveThrough(page, 'export-chart-png', 'files.exportChart', file);
      expect(ihdr(readFileSync(file))).toEqual(px);
      copyFileSync(file, join(screenshotDir, `44-export-chart-${size}.png`));
    }
    await page.getByTestId('export-size').selectOption('a4-half');
  });

  it('saves the protected table as XLSX: [c] where hidden, numbers as numbers, a provenance sheet', async () => {
    const { page } = e2e;
    const file = join(outDir, 'age-rates.xlsx');
    await saveThrough(page, 'export-table-xlsx', 'files.exportTable', file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const [table, provenance] = book.worksheets;
    if (!table || !provenance) throw new Error(`expected two sheets, got ${book.worksheets.length}`);
    const header = (table.getRow(1).values as unknown[]).slice(1).map(String);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(col('persons')).toBeGreaterThan(0);
    const cells = new Map<string, unknown>();
    table.eachRow((row, n) => {
      if (n === 1) return;
      cells.set(key(String(row.getCell(col('sex')).value), String(row.getCell(col('age_band')).value)), row.getCell(col('persons')).value);
    });
    for (const k of small) expect(cells.get(k), k).toBe(SUPPRESSED);
    const top = ageRates.rows.find((r) => r.sex === 'All' && r.age_band === '18-24');
    expect(cells.get(key('All', '18-24'))).toBe(top?.persons);
    const provText: string[] = [];
    provenance.eachRow((row) => provText.push((row.values as unknown[]).slice(1).map(String).join(' ')));
    const all = provText.join('\n');
    expect(all).toContain('age-rates');
    expect(all).toContain(ruleText.replace(/\.$/, ''));
    expect(all).toMatch(/[0-9a-f]{64}/);
  });

  it('copies the chart to the clipboard as a PNG picture', async () => {
    const { page } = e2e;
    await page.getByTestId('export-chart-copy').click();
    await expect.poll(() => page.getByTestId('export-saved').textContent().catch(() => null), { timeout: 30_000 }).toMatch(/^Chart copied/);
    const copied = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      if (!item) return null;
      const blob = await item.getType('image/png');
      const head = new DataView(await blob.slice(0, 24).arrayBuffer());
      return { types: item.types, width: head.getUint32(16), height: head.getUint32(20) };
    });
    expect(copied).toEqual({ types: ['image/png'], width: 2008, height: 1335 });
  });
});

describe('a heatmap (time-of-week)', () => {
  it('shows the hidden cells grey (not as 0) and says how many in the footnote', async () => {
    const { page } = e2e;
    const { params, rows } = truths.timeOfWeek;
    await page.getByTestId('library-entry-time-of-week').click();
    await page.getByTestId('param-period_end').fill(params.period_end);
    await page.getByTestId('param-area').fill(params.area);
    await page.getByTestId('query-run').click();
    await page.getByTestId('result-chart').locator('.main-svg').first().waitFor();
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-preview-table').waitFor();
    await page.getByTestId('export-chart-png').and(page.locator(':enabled')).waitFor();
    const shown = await previewTable(page);
    const hidden = shown.filter((r) => r.offences?.text === SUPPRESSED).length;
    // Every planted cell of 1–4 offences at least; secondary suppression may add more.
    expect(hidden).toBeGreaterThanOrEqual(rows.filter((r) => r.offences >= 1 && r.offences <= 4).length);
    const svgFile = join(outDir, 'time-of-week.svg');
    await saveThrough(page, 'export-chart-svg', 'files.exportChart', svgFile);
    const text = svgLines(readFileSync(svgFile, 'utf8')).join(' ');
    expect(text).toContain(`${hidden} values hidden by this rule are shown as grey cells.`);
    expect(text).toContain('Hour of the day');
    const png = join(outDir, 'time-of-week.png');
    await saveThrough(page, 'export-chart-png', 'files.exportChart', png);
    expect(ihdr(readFileSync(png))).toEqual({ width: 2008, height: 1335 });
    copyFileSync(png, join(screenshotDir, '45-export-heatmap.png'));
  });
});

describe('a SQL editor result', () => {
  it('has the same panel: the table previewed and saved as CSV, no chart when none was chosen', async () => {
    const { page } = e2e;
    const bySex = new Map<string, number>();
    for (const v of generateDemo().tables.victims) bySex.set(String(v.sex ?? ''), (bySex.get(String(v.sex ?? '')) ?? 0) + 1);
    await page.getByTestId('open-sql-editor').click();
    const input = page.getByTestId('sql-input');
    await input.click();
    await page.keyboard.type('SELECT sex, count(*) AS victims FROM victims GROUP BY sex ORDER BY sex');
    await page.keyboard.press('Escape');
    await page.getByTestId('sql-run').click();
    await page.getByTestId('query-result').waitFor();
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-no-chart').waitFor();
    expect(await previewTable(page)).toHaveLength(bySex.size);
    expect(await page.getByTestId('export-chart-png').isDisabled()).toBe(true);
    const file = join(outDir, 'adhoc.csv');
    await saveThrough(page, 'export-table-csv', 'files.exportTable', file);
    const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('sex,victims');
    expect(lines).toHaveLength(bySex.size + 1);
    for (const sex of ['F', 'M']) expect(lines).toContain(`${sex},${bySex.get(sex)}`);
  });
});

describe('a row-level result (prolific-offenders)', () => {
  it('warns of personal data and exports nothing until the analyst confirms', async () => {
    const { page } = e2e;
    await page.getByTestId('library-entry-prolific-offenders').click();
    await page.getByTestId('query-run').click();
    await page.getByTestId('result-chart').locator('.main-svg').first().waitFor();
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-personal').waitFor();
    await page.getByTestId('export-chart-preview').waitFor();
    for (const button of ['export-chart-png', 'export-chart-svg', 'export-chart-copy', 'export-table-xlsx', 'export-table-csv']) {
      expect(await page.getByTestId(button).isDisabled(), button).toBe(true);
    }
    await page.getByTestId('export-panel').scrollIntoViewIfNeeded();
    await e2e.shot('43-export-personal-data');
    await page.getByTestId('export-confirm-personal').check();
    const file = join(outDir, 'prolific.csv');
    await saveThrough(page, 'export-table-csv', 'files.exportTable', file);
    const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^person_id,offences,domestic_offences,first_offence,last_offence/);
    for (const r of truths.prolificOffenders.rows) expect(lines.some((l) => l.startsWith(`${r.person_id},`)), r.person_id).toBe(true);
  });
});
