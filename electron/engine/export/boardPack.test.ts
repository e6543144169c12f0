import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPRESSED, type ExportBoardPackArgs, type ExportPreview, type QueryResult } from '../../contract/index.js';
import { APP_VERSION } from './appVersion.js';
import { boardPackFileName } from './boardPack.js';
import { pngInfo } from './pngInfo.js';
import { craftedEngine, type CraftedEngine } from './testEngine.js';

/**
 * A board pack written by the engine and read back by unzipping it: the headings, the analyst's
 * notes as paragraphs, each table under its rule with [c] exactly where the export preview hides
 * counts, numbers formatted as in the XLSX, the rule sentence, a long table cut with a line saying
 * where the full one is, each chart stored byte for byte and placed at its printed size, and the
 * provenance appendix with every source file's SHA-256. Then the refusals.
 */

const SHA_OFFENCES = 'a'.repeat(63) + '1';
const SHA_VICTIMS = 'b'.repeat(63) + '2';
let crafted: CraftedEngine;

beforeAll(async () => {
  crafted = await craftedEngine({
    firstSuspect: 's1',
    // The files the tables were imported from, as an import records them.
    prepare: (ws) =>
      ws.conn.run(`INSERT OR REPLACE INTO _sv_tables (name, kind, source_name, source_sha256) VALUES
    ('offences', 'data', 'crimes-march.csv', '${SHA_OFFENCES}'), ('victims', 'data', 'victims-march.csv', '${SHA_VICTIMS}')`),
  });
});
afterAll(() => crafted.close());

/** A real PNG (grey pixels) of the given size, with a pHYs chunk at `dpi`. */
function png(width: number, height: number, dpi: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const phys = Buffer.alloc(9);
  phys.writeUInt32BE(Math.round((dpi / 25.4) * 1000), 0);
  phys.writeUInt32BE(Math.round((dpi / 25.4) * 1000), 4);
  phys[8] = 1;
  const raw = Buffer.alloc((width + 1) * height, 0xc0);
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0; // filter byte per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('pHYs', phys),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]!)).join('');

interface Para {
  style: string | null;
  text: string;
  /** Line breaks inside the paragraph. */
  breaks: number;
}

/** Body paragraphs outside tables, in order, and each table as rows of cell texts. */
function readDocument(xml: string): { paras: Para[]; tables: string[][][]; xml: string } {
  const body = xml.slice(xml.indexOf('<w:body>'));
  const tables = [...body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0]))),
  );
  const outside = body.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const paras = [...outside.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p[0])?.[1] ?? null,
    text: textOf(p[0]),
    breaks: (p[0].match(/<w:br\/>/g) ?? []).length,
  }));
  return { paras, tables, xml };
}

async function openPack(path: string): Promise<{ doc: ReturnType<typeof readDocument>; media: Map<string, Buffer>; styles: string }> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const doc = readDocument(await zip.file('word/document.xml')!.async('string'));
  const styles = await zip.file('word/styles.xml')!.async('string');
  const media = new Map<string, Buffer>();
  for (const name of Object.keys(zip.files).filter((n) => n.startsWith('word/media/'))) {
    media.set(name, await zip.file(name)!.async('nodebuffer'));
  }
  return { doc, media, styles };
}

describe('a board pack of three results', () => {
  let rv: QueryResult;
  let shown: ExportPreview;
  let rates: QueryResult;
  let long: QueryResult;
  const chartA = png(600, 300, 300);
  const chartB = png(2008, 1335, 300);
  let doc: ReturnType<typeof readDocument>;
  let media: Map<string, Buffer>;
  let styles: string;

  beforeAll(async () => {
    rv = await crafted.run('repeat-victimisation');
    shown = await crafted.preview(rv.resultId, 'threshold5');
    rates = await crafted.adhoc(
      "SELECT * FROM (VALUES ('North', 12345::BIGINT, 12.3456::DOUBLE, 45.678::DOUBLE, DATE '2024-03-01', 70940.0::DOUBLE), ('South', 2345::BIGINT, 1.0::DOUBLE, 54.3::DOUBLE, DATE '2024-02-01', 1234567.0::DOUBLE)) v(area, crimes, rate, pct, month_start, population)",
    );
    long = await crafted.adhoc("SELECT 'g' || i AS grp, (1000 + i)::BIGINT AS crimes FROM range(250) t(i) ORDER BY i");
    const args: ExportBoardPackArgs = {
      title: 'Serious violence board — March 2024',
      items: [
        {
          resultId: rv.resultId,
          rule: 'threshold5',
          heading: 'Repeat victimisation',
          subtitle: 'Year to 1 March 2024 · Demo CSP',
          note: 'Repeat victims are <few> & falling.\nSee the table.\n\n{ HYPERLINK "http://example.org" } is text, not a link.',
          chartPng: chartA.toString('base64'),
        },
        { resultId: rates.resultId, heading: 'Rates by area', note: '', chartPng: chartB.toString('base64') },
        { resultId: long.resultId, heading: 'Every group', chartPng: null },
      ],
    };
    expect(await crafted.engine.planBoardPack(args)).toEqual({ fileName: boardPackFileName(new Date()) });
    const path = join(crafted.out, 'pack.docx');
    await expect(crafted.engine.exportBoardPack(args, path)).resolves.toEqual({ savedTo: path, items: 3 });
    ({ doc, media, styles } = await openPack(path));
  });

  it('has the title page, one Heading 1 per result in order, then the Provenance appendix', () => {
    expect(doc.paras.filter((p) => p.style === 'Title').map((p) => p.text)).toEqual(['Serious violence board — March 2024']);
    expect(doc.paras.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual(['Repeat victimisation', 'Rates by area', 'Every group', 'Provenance']);
    expect(doc.paras.filter((p) => p.style === 'Heading2').map((p) => p.text)).toEqual([
      '1. Repeat victimisation',
      '2. Rates by area',
      '3. Every group',
      'This document',
    ]);
    const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
    expect(doc.paras.map((p) => p.text)).toContain(today);
    // The document's default font, which every Windows laptop with Word has.
    expect(/<w:docDefaults>[\s\S]*?<w:rFonts w:ascii="Arial"/.test(styles)).toBe(true);
  });

  it('keeps the note’s paragraphs and line breaks, as plain text (no field, no hyperlink)', () => {
    const i = doc.paras.findIndex((p) => p.text === 'Repeat victimisation' && p.style === 'Heading1');
    expect(doc.paras.slice(i + 1, i + 4).map((p) => [p.text, p.breaks])).toEqual([
      ['Year to 1 March 2024 · Demo CSP', 0],
      ['Repeat victims are <few> & falling.See the table.', 1],
      ['{ HYPERLINK "http://example.org" } is text, not a link.', 0],
    ]);
    expect(/<w:fldChar|<w:instrText|<w:fldSimple|<w:hyperlink/.test(doc.xml)).toBe(false);
  });

  it('prints each table under its rule: [c] exactly where the preview hides, numbers formatted as in the XLSX', () => {
    const [rvTable, ratesTable, longTable] = doc.tables;
    expect(rvTable![0]).toEqual(shown.columns);
    const hiddenInDoc = rvTable!.slice(1).flatMap((r, i) => r.map((v, c) => (v === SUPPRESSED ? `${i}:${shown.columns[c]}` : null))).filter(Boolean);
    expect(shown.hidden.length).toBeGreaterThan(0);
    expect(hiddenInDoc.sort()).toEqual(shown.hidden.map((h) => `${h.row}:${h.column}`).sort());
    expect(rvTable!.slice(1).map((r) => r[0])).toEqual(['All', 'Domestic', 'Non-domestic']);
    expect(ratesTable).toEqual([
      ['area', 'crimes', 'rate', 'pct', 'month_start', 'population'],
      ['North', '12,345', '12.35', '45.7', '01/03/2024', '70,940'],
      ['South', '2,345', '1.00', '54.3', '01/02/2024', '1,234,567'],
    ]);
    expect(longTable!.length).toBe(1 + 200);
    expect(longTable![200]).toEqual(['g199', '1,199']);
    expect(doc.paras.map((p) => p.text)).toContain(
      'The first 200 of 250 rows. The full table, under the same rule, is saved from this result\u2019s Export panel as XLSX or CSV.'.replace('\u2019', "'"),
    );
  });

  it('says the rule under each table, in the words of the preview', () => {
    const rules = doc.paras.filter((p) => p.text.startsWith('Disclosure control: ')).map((p) => p.text);
    expect(rules).toHaveLength(3);
    expect(rules[0]).toMatch(new RegExp(`^Disclosure control: ${shown.ruleText.replace(/[()[\]]/g, '\\$&')}\\. Cells hidden: ${shown.hidden.length} \\(`));
    expect(rules[1]).toMatch(/No cell needed hiding\.$/);
  });

  it('stores each chart byte for byte and places it at its printed size', () => {
    const pngs = [...media.values()];
    expect(pngs).toHaveLength(2);
    expect(pngs.some((b) => b.equals(chartA))).toBe(true);
    expect(pngs.some((b) => b.equals(chartB))).toBe(true);
    const extents = [...doc.xml.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // 600 × 300 px at 300 dpi is 2 × 1 inches; 914,400 EMU to the inch.
    expect(extents[0]).toEqual([1828800, 914400]);
    // 2008 px at 300 dpi is 170.01 mm: a hair wider than the 170 mm text, so it is fitted to it (6,120,000 EMU).
    expect(extents[1]![0]).toBe(6120000);
    expect(Math.abs(extents[1]![1]! - (1335 / 2008) * 6120000)).toBeLessThan(2);
    expect(pngInfo(chartB)).toEqual({ width: 2008, height: 1335, dpi: 300 });
  });

  it('ends with the provenance of every result: query, version, parameters, sources with SHA-256, rule, run time, app', () => {
    const fields = new Map(doc.tables.filter((t) => t[0]?.length === 2).flatMap((t) => t.map((r) => [r[0]!, r[1]!] as const)));
    const rvProv = doc.tables.find((t) => t[0]?.[0] === 'Query' && t[0][1] === 'repeat-victimisation')!;
    const prov = new Map(rvProv.map((r) => [r[0], r[1]]));
    expect(prov.get('Query version')).toBe(rv.version);
    expect(prov.get('Parameter: period_end')).toBe('2024-03-01');
    expect(prov.get('Disclosure rule')).toBe('threshold 5');
    expect(prov.get('Disclosure control')).toBe(shown.ruleText);
    expect(prov.get('Run at')).toBe(rv.provenance.ranAt);
    const sources = doc.tables.filter((t) => t[0]?.[0] === 'Table read');
    expect(sources).toHaveLength(3);
    expect(sources[0]!.slice(1)).toEqual(
      rv.provenance.tables.map((t) => [t.name, t.rowCount.toLocaleString('en-GB'), t.sourceFile?.name ?? '(no source file recorded)', t.sourceFile?.sha256 ?? '']),
    );
    expect(sources[0]!.flat()).toEqual(expect.arrayContaining([SHA_OFFENCES, SHA_VICTIMS, 'crimes-march.csv']));
    expect(fields.get('SQL SHA-256')).toMatch(/^[0-9a-f]{64}$/);
    expect(fields.get('App')).toBe(`SV Workbench ${APP_VERSION}`);
    expect(fields.get('Exported at')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe('refusals, before any file is written', () => {
  const item = (resultId: string, extra: Record<string, unknown> = {}) => ({ resultId, heading: 'A result', ...extra });

  it('refuses a result the engine no longer holds, naming the item', async () => {
    const rv = await crafted.run('repeat-victimisation');
    await expect(crafted.engine.planBoardPack({ title: 'Pack', items: [item(rv.resultId), item('r_999')] })).rejects.toThrow(/^Item 2 \(A result\): .*no longer held/);
  });

  it('refuses a row-level list until the personal data is confirmed', async () => {
    const list = await crafted.run('prolific-offenders', { min_offences: 1 });
    const path = join(crafted.out, 'list.docx');
    await expect(crafted.engine.exportBoardPack({ title: 'Pack', items: [item(list.resultId)] }, path)).rejects.toThrow(/personal data\. Confirm/);
    expect(() => readFileSync(path)).toThrow();
    await crafted.engine.exportBoardPack({ title: 'Pack', items: [item(list.resultId, { confirmPersonalData: true })] }, path);
    const { doc } = await openPack(path);
    expect(doc.tables[0]!.slice(1).map((r) => r[0]).sort()).toEqual(['s1', 's2']);
    expect(doc.paras.map((p) => p.text)).toContain(`Disclosure control: ${(await crafted.preview(list.resultId, 'threshold5')).ruleText}.`);
  });

  it('refuses a chart that is not a PNG, no rule at all, and an empty pack', async () => {
    const rv = await crafted.run('repeat-victimisation');
    await expect(crafted.engine.planBoardPack({ title: 'Pack', items: [item(rv.resultId, { chartPng: Buffer.from('<svg/>').toString('base64') })] })).rejects.toThrow(
      /its chart is not a PNG/,
    );
    await expect(crafted.engine.planBoardPack({ title: 'Pack', items: [item(rv.resultId, { rule: 'none' })] })).rejects.toThrow();
    await expect(crafted.engine.planBoardPack({ title: 'Pack', items: [] })).rejects.toThrow();
  });
});
