import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { Cell } from '../../contract/index.js';
import { alignsRight, cellText } from './docxCells.js';
import type { PngInfo } from './pngInfo.js';
import type { ExportColumn } from './table.js';

/**
 * A board pack as a Word document (the `docx` package writes the OOXML): a title page, then per
 * result its heading, subtitle, the analyst's note, the chart at its printed size, the table as
 * protected and the disclosure rule in words; then a Provenance appendix. Plain data in, bytes
 * out: what the engine read and protected is decided in boardPack.ts.
 * Every text from the analyst goes into plain text runs (escaped by the package): never a field
 * code or a hyperlink.
 */

/** Fonts every Windows laptop with Word has. */
export const PACK_FONT = 'Arial';

/** A4 with 20 mm margins, in twentieths of a point: a 170 mm text width, the print charts' width. */
const MM = 1440 / 25.4;
const PAGE = { width: 11906, height: 16838 };
const MARGIN = Math.round(20 * MM);
export const TEXT_WIDTH_MM = 170;

export interface PackChart {
  png: Uint8Array;
  info: PngInfo;
  /** Alt text for the picture. */
  description: string;
}

export interface PackTable {
  columns: ExportColumn[];
  /** Display formats per column (xlsx.ts numberFormat). */
  formats: (string | undefined)[];
  /** The rows shown (at most the pack's cap), a hidden cell already reading [c]. */
  rows: Cell[][];
  /** Rows the whole result has. */
  rowCount: number;
}

export interface PackTableRead {
  name: string;
  rowCount: number;
  sourceFile: { name: string; sha256: string } | null;
}

export interface PackItem {
  heading: string;
  subtitle: string;
  note: string;
  chart: PackChart | null;
  table: PackTable;
  /** The rule in words and what it hid, under the table. */
  ruleSentence: string;
  /** Under a table cut short: where the full table is. */
  fullTableLine: string;
  /** Field/value lines of the item's provenance, in order. */
  provenance: [string, string][];
  tablesRead: PackTableRead[];
}

export interface BoardPack {
  title: string;
  /** The export date in words, on the title page. */
  dateText: string;
  exportedAt: Date;
  appVersion: string;
  items: PackItem[];
}

/** Characters XML 1.0 cannot carry (a pasted note can hold them): dropped, not escaped. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
export const plain = (text: string): string => text.replace(NOT_XML, '');

/** Lines kept as line breaks within one paragraph. */
function runs(text: string, style: { italics?: boolean; bold?: boolean; size?: number; color?: string } = {}): TextRun[] {
  return plain(text)
    .split(/\r?\n/)
    .map((line, i) => new TextRun({ text: line.replace(/\t/g, ' '), break: i > 0 ? 1 : undefined, ...style }));
}

/** The analyst's note: a blank line starts a new paragraph, a single line break stays a break. */
export function noteParagraphs(note: string): Paragraph[] {
  return plain(note)
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim().length > 0)
    .map((p) => new Paragraph({ children: runs(p), spacing: { after: 120 } }));
}

/**
 * The chart at the size it was drawn for (pixels at its dpi), in Word's 96-per-inch pixels;
 * a picture wider than the text is scaled down to it, never up.
 */
export function placedSize(info: PngInfo): { width: number; height: number } {
  const width = (info.width / info.dpi) * 96;
  const height = (info.height / info.dpi) * 96;
  const max = (TEXT_WIDTH_MM / 25.4) * 96;
  const scale = width > max ? max / width : 1;
  return { width: width * scale, height: height * scale };
}

function chartParagraph(chart: PackChart): Paragraph {
  const children: ParagraphChild[] = [
    new ImageRun({
      type: 'png',
      data: chart.png,
      transformation: placedSize(chart.info),
      altText: { name: 'Chart', title: plain(chart.description).slice(0, 200), description: plain(chart.description) },
    }),
  ];
  return new Paragraph({ children, spacing: { before: 120, after: 120 } });
}

const SMALL = 18; // 9 pt, in half-points

function textCell(text: string, opts: { bold?: boolean; right?: boolean; size?: number } = {}): TableCell {
  return new TableCell({
    children: [
      new Paragraph({
        alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: runs(text, { bold: opts.bold, size: opts.size ?? SMALL }),
      }),
    ],
    margins: { top: 30, bottom: 30, left: 80, right: 80 },
  });
}

function resultTable(table: PackTable): Table {
  const header = new TableRow({
    tableHeader: true,
    children: table.columns.map((c) => textCell(c.name, { bold: true, right: alignsRight(c) })),
  });
  const body = table.rows.map(
    (cells) =>
      new TableRow({
        cantSplit: true,
        children: table.columns.map((c, i) => textCell(cellText(cells[i] ?? null, c, table.formats[i]), { right: alignsRight(c) })),
      }),
  );
  return new Table({ rows: [header, ...body], width: { size: 100, type: WidthType.PERCENTAGE } });
}

function fieldTable(lines: [string, string][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [2600, 7000],
    rows: lines.map(([field, value]) => new TableRow({ children: [textCell(field, { bold: true }), textCell(value)] })),
  });
}

function tablesReadTable(tables: PackTableRead[]): Table {
  const head = new TableRow({
    tableHeader: true,
    children: ['Table read', 'Rows', 'Source file', 'Source SHA-256'].map((t, i) => textCell(t, { bold: true, right: i === 1 })),
  });
  const rows = tables.map(
    (t) =>
      new TableRow({
        children: [
          textCell(t.name),
          textCell(t.rowCount.toLocaleString('en-GB'), { right: true }),
          textCell(t.sourceFile?.name ?? '(no source file recorded)'),
          textCell(t.sourceFile?.sha256 ?? '', { size: 14 }),
        ],
      }),
  );
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, columnWidths: [1900, 1000, 2700, 4000], rows: [head, ...rows] });
}

const small = (text: string, italics = false) =>
  new Paragraph({ children: runs(text, { size: SMALL, italics, color: '404040' }), spacing: { before: 80, after: 80 } });

function itemBlock(item: PackItem): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: runs(item.heading) })];
  if (item.subtitle.trim()) out.push(new Paragraph({ children: runs(item.subtitle, { italics: true, color: '404040' }), spacing: { after: 160 } }));
  out.push(...noteParagraphs(item.note));
  if (item.chart) out.push(chartParagraph(item.chart));
  out.push(resultTable(item.table));
  if (item.table.rows.length < item.table.rowCount) out.push(small(item.fullTableLine, true));
  out.push(small(item.ruleSentence));
  return out;
}

function appendix(pack: BoardPack): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: runs('Provenance') }),
    new Paragraph({
      children: runs(
        'For each result: the query and its version, the parameters as run, the tables read with their row counts and the ' +
          'SHA-256 of the file each was imported from, the disclosure rule applied, and when it ran.',
      ),
      spacing: { after: 160 },
    }),
  ];
  pack.items.forEach((item, i) => {
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(`${i + 1}. ${item.heading}`) }));
    out.push(fieldTable(item.provenance));
    out.push(new Paragraph({ children: [], spacing: { after: 80 } }));
    out.push(tablesReadTable(item.tablesRead));
  });
  out.push(
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs('This document') }),
    fieldTable([
      ['App', `SV Workbench ${pack.appVersion}`],
      ['Exported at', pack.exportedAt.toISOString()],
    ]),
  );
  return out;
}

function titlePage(pack: BoardPack): Paragraph[] {
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(pack.title), spacing: { before: 2400, after: 240 } }),
    new Paragraph({ children: runs(pack.dateText, { size: 28 }), spacing: { after: 480 } }),
    new Paragraph({ children: runs('Contents', { bold: true }), spacing: { after: 120 } }),
    ...pack.items.map((item, i) => new Paragraph({ children: runs(`${i + 1}. ${item.heading}`), spacing: { after: 60 } })),
    new Paragraph({ children: runs('Provenance (appendix)'), spacing: { after: 60 } }),
  ];
}

/** The document's bytes (a .docx zip). */
export async function boardPackDocx(pack: BoardPack): Promise<Buffer> {
  const doc = new Document({
    creator: `SV Workbench ${pack.appVersion}`,
    title: plain(pack.title),
    description: 'Board pack exported from SV Workbench',
    styles: {
      default: {
        document: { run: { font: PACK_FONT, size: 22 } },
        title: { run: { font: PACK_FONT, size: 52, bold: true, color: '1F3864' } },
        heading1: { run: { font: PACK_FONT, size: 32, bold: true, color: '1F3864' }, paragraph: { spacing: { after: 120 } } },
        heading2: { run: { font: PACK_FONT, size: 26, bold: true, color: '1F3864' }, paragraph: { spacing: { before: 240, after: 120 } } },
      },
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } },
        children: [...titlePage(pack), ...pack.items.flatMap(itemBlock), ...appendix(pack)],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
