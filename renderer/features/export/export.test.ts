import { describe, expect, it } from 'vitest';
import type { ChartSpec, Column, ExportPreview, HiddenCell, Provenance } from '../../../electron/contract/index.js';
import { chartFigure } from '../results/chartFigure.js';
import { composeSvg, escapeXml, PRINT_FONT, printLayout, STYLES, type TextStyle } from './composeSvg.js';
import { crc32, pngResolution, pngSize, toBase64, withResolution } from './png.js';
import { GAP_GREY, printFigure } from './printFigure.js';
import { areaText, footnoteText, formatDay, periodText, subtitleText } from './printText.js';
import { hiddenInChart, hiddenLine, protectedRows } from './protectedRows.js';
import { drawingSize, PNG_DPI, PRINT_SIZES, pixelSize, pixelsPerMetre, printSize, SVG_DPI } from './sizes.js';
import { wrapText } from './wrapText.js';

describe('print sizes', () => {
  it('works pixels out from millimetres: 300 dpi for PNG, 96 dpi (CSS px) for SVG', () => {
    const table = PRINT_SIZES.map((s) => [s.id, pixelSize(s, PNG_DPI), pixelSize(s, SVG_DPI)]);
    expect(table).toEqual([
      ['a4-half', { width: 2008, height: 1335 }, { width: 643, height: 427 }],
      ['a4-full', { width: 2008, height: 2835 }, { width: 643, height: 907 }],
      ['slide', { width: 3000, height: 1689 }, { width: 960, height: 540 }],
    ]);
    // 300 dpi = 11,811 px per metre, what a PNG records; 2008 px at that is 170.0 mm.
    expect(pixelsPerMetre(300)).toBe(11811);
    expect((2008 / 11811) * 1000).toBeCloseTo(170, 1);
  });

  it('draws a slide 1.4 times larger than paper: the same page in fewer drawing units', () => {
    expect(drawingSize(printSize('slide'))).toEqual({ width: 686, height: 386 });
    expect(drawingSize(printSize('a4-half'))).toEqual({ width: 643, height: 427 });
  });
});

describe('subtitle and footnote', () => {
  it('writes the period P = (period_end − months, period_end] out in words, month ends clamped', () => {
    expect(periodText({ period_end: '2024-12-31', period_months: 12 })).toBe('1 Jan 2024 – 31 Dec 2024');
    // 31 Mar − 1 month = 28 Feb, so P starts on 1 Mar.
    expect(periodText({ period_end: '2025-03-31', period_months: 1 })).toBe('1 Mar 2025 – 31 Mar 2025');
    expect(periodText({ period_end: '2024-02-29', period_months: 12 })).toBe('1 Mar 2023 – 29 Feb 2024');
    expect(periodText({ period_end: '2024-06-15', period_months: 36 })).toBe('16 Jun 2021 – 15 Jun 2024');
    // monthly-trend: the calendar months ending with period_end's month.
    expect(periodText({ period_end: '2024-12-31', months: 36 })).toBe('Jan 2022 – Dec 2024');
    expect(periodText({ closed_from: '2023-01-01', closed_to: '2023-12-31', follow_up_months: 12 })).toBe('Closed 1 Jan 2023 – 31 Dec 2023');
    expect(periodText({ snapshot_date: '2025-03-31' })).toBe('Snapshot 31 Mar 2025');
    expect(periodText({ period_end: '2024-12-31', period_months: null })).toBe('Period ending 31 Dec 2024');
    expect(periodText({ top: 20 })).toBeNull();
    expect(formatDay('2024-09-01')).toBe('1 Sep 2024');
  });

  it('names the area when the lookup knows it, else gives the code', () => {
    const params = { period_end: '2024-12-31', period_months: 12, area: 'E08000006' };
    expect(areaText(params, 'Salford')).toBe('Salford (E08000006)');
    expect(subtitleText(params, 'Salford')).toBe('1 Jan 2024 – 31 Dec 2024 · Salford (E08000006)');
    expect(subtitleText(params, null)).toBe('1 Jan 2024 – 31 Dec 2024 · E08000006');
    expect(subtitleText({ area: null }, null)).toBe('');
  });

  const provenance: Provenance = {
    queryId: 'age-rates',
    version: '1.1.0',
    params: {},
    tables: [
      { name: 'offences', rowCount: 10, sourceFile: { name: 'offences.csv', sha256: 'a'.repeat(64) } },
      { name: 'victims', rowCount: 10, sourceFile: { name: 'victims.csv', sha256: 'b'.repeat(64) } },
      { name: 'population', rowCount: 10, sourceFile: null },
    ],
    ranAt: '2025-05-14T12:00:00.000Z',
    durationMs: 10,
  };

  it('footnote: tables and files, query and version, run date, the rule, and the gaps', () => {
    expect(footnoteText({ provenance, ruleText: 'Counts of 1 to 4 are shown as [c]', hiddenInChart: 3 })).toBe(
      'Source: offences (offences.csv), victims (victims.csv) and population (reference data); SV Workbench age-rates v1.1.0, ' +
        'run 14 May 2025; Counts of 1 to 4 are shown as [c]. 3 values hidden by this rule are left out of the chart.',
    );
    const adhoc = { ...provenance, queryId: 'ad-hoc', version: 'draft', tables: [], sqlSha256: 'c0ffee'.repeat(10) };
    expect(footnoteText({ provenance, ruleText: 'x', hiddenInChart: 1, heatmap: true })).toMatch(/x\. One value hidden by this rule is shown as grey cells\.$/);
    expect(footnoteText({ provenance: adhoc, ruleText: 'Counts rounded to base 5.', hiddenInChart: 0 })).toBe(
      'Source: SV Workbench SQL editor (SQL SHA-256 c0ffeec0ffee), run 14 May 2025; Counts rounded to base 5.',
    );
  });
});

describe('the chart drawn from the protected table', () => {
  const columns: Column[] = [
    { name: 'sex', type: 'VARCHAR', kind: 'text' },
    { name: 'age_band', type: 'VARCHAR', kind: 'text' },
    { name: 'persons', type: 'BIGINT', kind: 'number' },
    { name: 'rate_per_1000', type: 'DOUBLE', kind: 'number' },
    { name: 'ci_low', type: 'DOUBLE', kind: 'number' },
    { name: 'ci_high', type: 'DOUBLE', kind: 'number' },
  ];
  const hidden: HiddenCell[] = [
    { row: 1, column: 'persons', why: 'primary' },
    { row: 1, column: 'rate_per_1000', why: 'derived' },
    { row: 1, column: 'ci_low', why: 'derived' },
    { row: 1, column: 'ci_high', why: 'derived' },
    { row: 2, column: 'persons', why: 'secondary' },
  ];
  const preview: ExportPreview = {
    resultId: 'r1',
    rule: 'threshold5',
    ruleText: 'x',
    columns: columns.map((c) => c.name),
    rows: [
      ['All', '10-13', 8, 0.27, 0.12, 0.54],
      ['M', '10-13', '[c]', '[c]', '[c]', '[c]'],
      ['F', '10-13', '[c]', 0.21, 0.04, 0.61],
    ],
    complete: true,
    rowCount: 3,
    hidden,
    personalData: false,
  };
  const spec: ChartSpec = { type: 'bar', x: 'age_band', y: 'rate_per_1000', series: 'sex', errorLow: 'ci_low', errorHigh: 'ci_high' };

  it('draws hidden cells as gaps, and counts only the hidden values the chart would have drawn', () => {
    const rows = protectedRows(preview);
    expect(rows[1]).toEqual({ sex: 'M', age_band: '10-13', persons: null, rate_per_1000: null, ci_low: null, ci_high: null });
    const fig = chartFigure(spec, columns, rows);
    expect(fig?.data.map((t) => t.y)).toEqual([[0.27], [null], [0.21]]);
    expect(fig?.data[1]?.error_y?.array).toEqual([null]);
    // rate and both interval ends of M; the persons counts are not drawn.
    expect(hiddenInChart(hidden, spec, columns)).toBe(3);
    expect(hiddenInChart(hidden, { type: 'bar', x: 'age_band', y: 'persons' }, columns)).toBe(2);
    expect(hiddenInChart(hidden, { type: 'none', x: '', y: '' }, columns)).toBe(0);
  });

  it('says how many cells were hidden and why', () => {
    expect(hiddenLine(hidden)).toBe(
      '5 cells hidden ([c]): 1 small count; 1 so a hidden count cannot be worked out from a total; 3 values (rates, percentages, ratios) worked out from a small or hidden count.',
    );
    expect(hiddenLine([])).toBe('No cells hidden.');
  });

  it('restyles the chart for paper: Windows fonts, the page size, room for labels, no hover', () => {
    const fig = chartFigure(spec, columns, protectedRows(preview));
    if (!fig) throw new Error('no figure');
    const print = printFigure(fig, 643, 330);
    expect(print.layout).toMatchObject({ width: 643, height: 330, autosize: false, font: { family: PRINT_FONT }, showlegend: true });
    expect(print.layout.hoverlabel).toBeUndefined();
    expect(print.layout.xaxis).toMatchObject({ automargin: true, title: { text: 'age_band' }, tickfont: { size: 10 } });
    expect(PRINT_FONT).toBe("Arial, 'Segoe UI', sans-serif");
    // The screen figure is left as it was.
    expect(fig.layout.width).toBeUndefined();
  });

  it('gives a heatmap a grey ground, so a hidden cell is not read as a count of 0, and no grid across it', () => {
    const cols: Column[] = [
      { name: 'day_of_week', type: 'VARCHAR', kind: 'text' },
      { name: 'hour', type: 'INTEGER', kind: 'number' },
      { name: 'offences', type: 'BIGINT', kind: 'number' },
    ];
    const fig = chartFigure({ type: 'heatmap', x: 'hour', y: 'offences', series: 'day_of_week' }, cols, [
      { day_of_week: 'Mon', hour: 0, offences: 0 },
      { day_of_week: 'Mon', hour: 1, offences: null },
    ]);
    if (!fig) throw new Error('no figure');
    const print = printFigure(fig, 643, 330);
    expect(print.layout).toMatchObject({ plot_bgcolor: GAP_GREY, xaxis: { showgrid: false }, yaxis: { showgrid: false } });
    expect(print.data[0]?.z).toEqual([[0, null]]);
  });
});

describe('page layout', () => {
  // A stand-in for the browser's text measure: every character half the font size wide.
  const measure = (style: TextStyle, text: string) => text.length * style.size * 0.5;

  it('wraps at spaces within the width, breaking only a word too long for a line', () => {
    const m = (t: string) => t.length * 10;
    expect(wrapText('one two three four', 95, m)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('abcdefghijkl', 50, m)).toEqual(['abcde', 'fghij', 'kl']);
    expect(wrapText('', 50, m)).toEqual(['']);
  });

  it('puts the heading above and the wrapped footnote below the chart band, none overlapping', () => {
    const size = pixelSize(printSize('a4-half'), SVG_DPI);
    const footnote = 'Source: '.padEnd(400, 'word ');
    const layout = printLayout(size, { title: 'Rates by age and sex', subtitle: '1 Jan 2024 – 31 Dec 2024 · Manchester (E08000003)', footnote }, measure);
    const [title, subtitle, foot] = layout.blocks;
    expect(title?.lines).toEqual(['Rates by age and sex']);
    expect(foot?.lines.length).toBeGreaterThanOrEqual(2);
    for (const line of foot?.lines ?? []) expect(measure(STYLES.footnote, line)).toBeLessThanOrEqual(size.width - 28);
    const subtitleBottom = (subtitle?.top ?? 0) + STYLES.subtitle.lineHeight;
    expect(layout.chart.top).toBeGreaterThanOrEqual(subtitleBottom);
    expect(layout.chart.top + layout.chart.height).toBeLessThanOrEqual(foot?.top ?? 0);
    expect((foot?.top ?? 0) + (foot?.lines.length ?? 0) * STYLES.footnote.lineHeight).toBeLessThanOrEqual(size.height);
    expect(layout.chart.height).toBeGreaterThan(250);
  });

  it('composes one SVG document: the page size, escaped texts, the chart placed in its band', () => {
    const size = { width: 643, height: 427 };
    const layout = printLayout(size, { title: 'Knives & <blades>', subtitle: '', footnote: 'Source: x' }, measure);
    const chart = '<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" width="643" height="300"><g/></svg>';
    const svg = composeSvg(layout, chart);
    expect(composeSvg(layout, chart, { width: 960, height: 540 })).toContain('width="960" height="540" viewBox="0 0 643 427"');
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('width="643" height="427" viewBox="0 0 643 427"');
    expect(svg).toContain('>Knives &amp; &lt;blades&gt;</text>');
    expect(svg).toContain(`<svg x="0" y="${layout.chart.top}" class="main-svg"`);
    expect(svg).toContain('>Source: x</text>');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(escapeXml(`"a" 'b'`)).toBe('&quot;a&quot; &apos;b&apos;');
  });
});

describe('PNG bytes', () => {
  const chunk = (type: string, data: number[]) => {
    const body = new Uint8Array([...type].map((c) => c.charCodeAt(0)).concat(data));
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(body, 4);
    view.setUint32(8 + data.length, crc32(body));
    return [...out];
  };
  const ihdr = [0, 0, 7, 216, 0, 0, 5, 55, 8, 6, 0, 0, 0]; // 2008 × 1335, RGBA
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk('IHDR', ihdr), ...chunk('IDAT', [1, 2, 3]), ...chunk('IEND', [])]);

  it('computes the standard CRC-32 (check value of "123456789"; IEND’s well-known CRC)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  it('reads the size from IHDR and records 300 dpi in a pHYs chunk right after it', () => {
    expect(pngSize(png)).toEqual({ width: 2008, height: 1335 });
    expect(pngResolution(png)).toBeNull();
    const out = withResolution(png, 11811);
    expect(out.length).toBe(png.length + 21);
    expect(String.fromCharCode(...out.subarray(33 + 4, 33 + 8))).toBe('pHYs');
    expect(pngResolution(out)).toBe(11811);
    expect(pngSize(out)).toEqual({ width: 2008, height: 1335 });
    // Done twice, there is still one pHYs.
    expect(withResolution(out, 5906).length).toBe(out.length);
    expect(pngResolution(withResolution(out, 5906))).toBe(5906);
    expect(() => withResolution(new Uint8Array(40), 1)).toThrow(/not a PNG/);
  });

  it('base64-encodes in slices', () => {
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(atob(toBase64(big)).length).toBe(100_000);
    expect(toBase64(new Uint8Array([0xff, 0x00, 0x41]))).toBe('/wBB');
  });
});
