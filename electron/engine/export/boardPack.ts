import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import { EngineError, ExportBoardPackArgs, SUPPRESSED, type Cell, type HiddenCell } from '../../contract/index.js';
import type { Workspace } from '../workspace/workspace.js';
import { PERSONAL_DATA_TEXT, ruleText } from './disclosure.js';
import { boardPackDocx, type PackChart, type PackItem } from './docx.js';
import { pngInfo } from './pngInfo.js';
import { protectResult, readResult } from './preview.js';
import { hiddenSummary, paramText } from './provenance.js';
import { resultMeta, type ResultRecord, type ResultStore } from './results.js';
import { describeResult } from './table.js';
import { assertProtectable, MAX_PROTECTED_ROWS, needsProtection } from './write.js';
import { FORMATS, numberFormat } from './xlsx.js';

/**
 * A board pack, start to finish: the checks that can refuse it before a save dialog opens
 * (every result still held, personal data confirmed, each chart a PNG, each table small enough
 * to protect), then each result read and protected under its own rule exactly as its table
 * export would be, and the Word document written under a temporary name and renamed into place.
 */

/** Rows of a result's table printed in the pack; the rest is in its XLSX export. */
export const PACK_TABLE_ROWS = 200;

export interface BoardPackDeps {
  results: ResultStore;
  appVersion: string;
  now?: () => Date;
  /** Tests inject smaller limits. */
  maxTableRows?: number;
  maxProtectedRows?: number;
}

export interface BoardPackSummary {
  savedTo: string;
  items: number;
}

type Args = z.output<typeof ExportBoardPackArgs>;
type ItemArgs = Args['items'][number];

interface CheckedItem {
  args: ItemArgs;
  subject: ResultRecord;
  chart: PackChart | null;
}

const fmt = (n: number) => n.toLocaleString('en-GB');

/** Local date as YYYY-MM-DD: the day the analyst made the pack. */
const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export const boardPackFileName = (now: Date): string => `board-pack-${isoDay(now)}.docx`;

/** An item's refusal names the item, so the analyst knows which one to fix. */
function refuse(index: number, item: ItemArgs, message: string, code: 'invalid_args' | 'not_found' = 'invalid_args'): never {
  throw new EngineError(code, `Item ${index + 1} (${item.heading}): ${message}`);
}

function checkItem(item: ItemArgs, index: number, store: ResultStore): CheckedItem {
  let subject: ResultRecord;
  try {
    subject = resultMeta(store, item.resultId);
  } catch (err) {
    refuse(index, item, err instanceof Error ? err.message : String(err), 'not_found');
  }
  if (subject.personalData && !item.confirmPersonalData) {
    refuse(index, item, `${subject.title} is a row-level list (one row per person): personal data. Confirm that you may export it before adding it to a pack.`);
  }
  let chart: PackChart | null = null;
  if (item.chartPng !== null) {
    const png = new Uint8Array(Buffer.from(item.chartPng, 'base64'));
    const info = pngInfo(png);
    if (!info) refuse(index, item, 'its chart is not a PNG picture.');
    chart = { png, info, description: item.subtitle ? `${item.heading}. ${item.subtitle}` : item.heading };
  }
  return { args: item, subject, chart };
}

async function check(ws: Workspace, raw: unknown, deps: BoardPackDeps): Promise<{ args: Args; items: CheckedItem[] }> {
  const args = ExportBoardPackArgs.parse(raw);
  const items = args.items.map((item, i) => checkItem(item, i, deps.results));
  const conn = await ws.connect();
  try {
    for (const [i, item] of items.entries()) {
      const { rowCount } = await describeResult(conn, item.subject.resultId).catch((err: unknown) =>
        refuse(i, item.args, err instanceof Error ? err.message : String(err), 'not_found'),
      );
      try {
        assertProtectable(item.subject, item.args.rule, rowCount, deps.maxProtectedRows);
      } catch (err) {
        refuse(i, item.args, err instanceof Error ? err.message : String(err));
      }
    }
  } finally {
    conn.closeSync();
  }
  return { args, items };
}

/** Everything that can refuse a pack, before main's save dialog; names the file to suggest. */
export async function planBoardPack(ws: Workspace, raw: unknown, deps: BoardPackDeps): Promise<{ fileName: string }> {
  await check(ws, raw, deps);
  return { fileName: boardPackFileName((deps.now ?? (() => new Date()))()) };
}

interface ItemTable {
  table: PackItem['table'];
  ruleText: string;
  hidden: HiddenCell[];
}

/** The result's rows as its table export would hold them under the item's rule, cut to `cap` rows. */
async function protectedTable(ws: Workspace, item: CheckedItem, cap: number, maxProtected: number): Promise<ItemTable> {
  const { subject, args } = item;
  const conn = await ws.connect();
  try {
    const protect = needsProtection(subject, args.rule);
    // Secondary suppression looks across the whole table: read it all (bounded by the plan's check).
    const { columns, rows, rowCount } = await readResult(conn, subject.resultId, protect ? maxProtected : cap);
    const names = columns.map((c) => c.name);
    const counts = new Set(subject.disclosure.countColumns);
    const formats = columns.map((c, i) => {
      const format = numberFormat(c, columns, counts);
      // A decimal column of whole numbers (a population held as DOUBLE) reads as a count on paper, not 70,940.00.
      const whole = format === FORMATS.decimal && rows.every((r) => typeof r[names[i]!] !== 'number' || Number.isInteger(r[names[i]!]));
      return whole ? FORMATS.count : format;
    });
    if (!protect) {
      const cells = rows.slice(0, cap).map((r) => names.map((n): Cell => r[n] ?? null));
      return {
        table: { columns, formats, rows: cells, rowCount },
        ruleText: subject.personalData ? PERSONAL_DATA_TEXT : ruleText(args.rule),
        hidden: [],
      };
    }
    const protection = protectResult(subject, names, rows, args.rule);
    const cells = protection.rows;
    // Hidden cells read [c] whatever the protected rows carry there, as in the table export.
    for (const h of protection.hidden) {
      const row = cells[h.row];
      const col = names.indexOf(h.column);
      if (row && col >= 0) row[col] = SUPPRESSED;
    }
    return { table: { columns, formats, rows: cells.slice(0, cap), rowCount }, ruleText: protection.ruleText, hidden: protection.hidden };
  } finally {
    conn.closeSync();
  }
}

const RULE_NAMES: Record<ItemArgs['rule'], string> = {
  threshold5: 'threshold 5',
  threshold10: 'threshold 10',
  round5: 'round to base 5',
};

function provenanceLines(subject: ResultRecord, rule: ItemArgs['rule'], t: ItemTable): [string, string][] {
  const prov = subject.provenance;
  const lines: [string, string][] = [
    ['Query', prov.queryId],
    ['Title', subject.title],
    ['Query version', prov.version],
  ];
  for (const [name, value] of Object.entries(prov.params)) lines.push([`Parameter: ${name}`, paramText(value)]);
  if (prov.sqlSha256) lines.push(['SQL SHA-256', prov.sqlSha256]);
  if (prov.sql) lines.push(['SQL', prov.sql]);
  lines.push(
    ['Rows', fmt(t.table.rowCount)],
    ['Disclosure rule', subject.personalData ? 'none (row-level list, confirmed by the analyst)' : RULE_NAMES[rule]],
    ['Disclosure control', t.ruleText],
    ['Cells hidden', hiddenSummary(t.hidden)],
    ['Run at', prov.ranAt],
    ['Run took (ms)', String(Math.round(prov.durationMs))],
  );
  return lines;
}

async function packItem(ws: Workspace, item: CheckedItem, deps: BoardPackDeps): Promise<PackItem> {
  const cap = deps.maxTableRows ?? PACK_TABLE_ROWS;
  const t = await protectedTable(ws, item, cap, deps.maxProtectedRows ?? MAX_PROTECTED_ROWS);
  const hiddenText = t.hidden.length ? ` Cells hidden: ${hiddenSummary(t.hidden)}.` : ' No cell needed hiding.';
  return {
    heading: item.args.heading,
    subtitle: item.args.subtitle,
    note: item.args.note,
    chart: item.chart,
    table: t.table,
    ruleSentence: `Disclosure control: ${t.ruleText}.${item.subject.personalData ? '' : hiddenText}`,
    fullTableLine:
      `The first ${fmt(t.table.rows.length)} of ${fmt(t.table.rowCount)} rows. The full table, under the same rule, ` +
      `is saved from this result's Export panel as XLSX or CSV.`,
    provenance: provenanceLines(item.subject, item.args.rule, t),
    tablesRead: item.subject.provenance.tables,
  };
}

/** Writes the pack to `path` (chosen in main's dialog, or the bridge's test queue). */
export async function writeBoardPack(ws: Workspace, raw: unknown, path: string, deps: BoardPackDeps): Promise<BoardPackSummary> {
  const { args, items } = await check(ws, raw, deps);
  const exportedAt = (deps.now ?? (() => new Date()))();
  const packItems: PackItem[] = [];
  for (const item of items) packItems.push(await packItem(ws, item, deps));
  const bytes = await boardPackDocx({
    title: args.title,
    dateText: exportedAt.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }),
    exportedAt,
    appVersion: deps.appVersion,
    items: packItems,
  });
  const partial = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await writeFile(partial, bytes);
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
      throw new EngineError('internal', `${basename(path)} could not be written: it may be open in Word, or the folder is read-only. Close it or choose another name.`);
    }
    throw err;
  }
  return { savedTo: path, items: packItems.length };
}
