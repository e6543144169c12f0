import { EngineError, PROFILE_KIND, type ColumnMapping, type MappingProfile } from '../../contract/index.js';
import { canonicalTable, type CanonicalColumn, type CanonicalTable } from '../canonical/tables.js';
import { quoteLiteral } from '../db/sql.js';
import type { StagedImport } from '../import/stage.js';
import type { Workspace } from '../workspace/workspace.js';
import { codeKey, domainFor, domainIndex, type CodeDomain } from './codes/index.js';
import { bestDateFormat, sourceStats, type SourceStats } from './sourceStats.js';
import { stagedPreview } from './staged.js';
import { FOREIGN_WORDS, normaliseName, SYNONYMS } from './synonyms.js';

/** A pairing scores at least this much to be proposed. */
export const PROPOSE_AT = 60;

/**
 * A first mapping of a previewed extract onto a canonical table: for each canonical column
 * the best extract column by name (canonical name, synonyms, words contained) and by what
 * its values look like (LSOA and LA codes, dates, hours, codes of the column's domain),
 * each extract column used once; codes, date formats and blank-means-false proposed from the
 * values seen. The analyst corrects it in the mapping screen; nothing is saved.
 */
export async function proposeMapping(ws: Workspace, previewId: string, tableName: string): Promise<MappingProfile> {
  const table = canonicalTable(tableName);
  if (!table) throw new EngineError('invalid_args', `${tableName} is not a canonical table`);
  const staged = stagedPreview(ws, previewId);
  const conn = await ws.connect();
  try {
    const stats = await sourceStats(conn, `SELECT * FROM read_parquet(${quoteLiteral(staged.dataPath)})`, staged.columns);
    const chosen = assignColumns(table, stats);
    const columns: Record<string, ColumnMapping> = {};
    for (const column of table.columns) {
      const s = chosen.get(column.name);
      columns[column.name] = s ? await proposeColumn(column, s, (v) => bestDateFormat(conn, v)) : { source: null };
    }
    return {
      kind: PROFILE_KIND,
      version: 1,
      name: `${table.name} from ${staged.fileName}`.slice(0, 120),
      table: table.name,
      sourceColumns: staged.columns.map((c) => c.name),
      read: readOptions(staged),
      columns,
      createdAt: new Date().toISOString(),
    };
  } finally {
    conn.closeSync();
  }
}

/** How the file was read, so next month's extract is read the same way (encoding is re-detected). */
function readOptions(staged: StagedImport): MappingProfile['read'] {
  const read: MappingProfile['read'] = {};
  if (staged.sheet) read.sheet = staged.sheet;
  if (staged.headerRow > 0) read.headerRow = staged.headerRow;
  if (staged.format === 'csv' && staged.dialect.delimiter) read.delimiter = staged.dialect.delimiter;
  return read;
}

// ------------------------------------------------------------------ scoring

/** How well an extract column's name says it holds this canonical column (0–100). */
export function nameScore(column: string, source: string, table: string): number {
  const name = normaliseName(source);
  if (name === '') return 0;
  const words = name.split(' ');
  if ((FOREIGN_WORDS[table] ?? []).some((w) => words.includes(w))) return 0;
  const canonical = normaliseName(column);
  if (name === canonical) return 100;
  const synonyms = (SYNONYMS[column] ?? []).map(normaliseName);
  if (synonyms.includes(name)) return 95;
  let best = 0;
  // A shortened name ("Location" for location type) is a hint that needs the values to agree.
  if (canonical.split(' ').length > 1 && words.every((w) => canonical.split(' ').includes(w))) best = 45;
  for (const s of [canonical, ...synonyms]) {
    const wanted = s.split(' ');
    if (!wanted.every((w) => words.includes(w))) continue;
    // Every word of a two-word synonym present is strong; one common word alone is a hint
    // that needs the values to agree. Extra words weaken it.
    const score = (wanted.length >= 2 ? 75 : 50) - 3 * (words.length - wanted.length);
    best = Math.max(best, score);
  }
  return best;
}

const share = (k: number, s: SourceStats) => (s.n > 0 ? k / s.n : 0);
const isTypedDate = (s: SourceStats) => s.type === 'DATE' || s.type.startsWith('TIMESTAMP');

/** Share of a column's values that a code domain recognises (weighted by how often each occurs). */
export function recognised(domain: CodeDomain, s: SourceStats): number {
  const index = domainIndex(domain);
  const known = s.top.reduce((sum, t) => sum + (index.has(codeKey(t.value)) ? t.count : 0), 0);
  return share(known, s);
}

type Shape = 'lsoa' | 'lad' | 'date';

function shapeOf(column: CanonicalColumn): Shape | null {
  if (column.name === 'lsoa_code' || column.name === 'home_lsoa') return 'lsoa';
  if (column.name === 'home_lad' || column.name === 'lad_code') return 'lad';
  return column.type === 'DATE' ? 'date' : null;
}

function hasShape(shape: Shape, s: SourceStats): boolean {
  if (shape === 'lsoa') return share(s.lsoa, s) >= 0.8;
  if (shape === 'lad') return share(s.lad, s) >= 0.8;
  return isTypedDate(s) || share(s.dateLike, s) >= 0.8;
}

/** How well the values fit (positive) or contradict (negative) the canonical column. */
export function valueScore(column: CanonicalColumn, s: SourceStats, table: CanonicalTable): number {
  if (s.n === 0) return -10;
  const shape = shapeOf(column);
  if (shape) return hasShape(shape, s) ? 30 : shape === 'date' ? -50 : -30;
  const domain = domainFor(column);
  if (domain) {
    const r = recognised(domain, s);
    return r >= 0.9 ? 30 : r >= 0.6 ? 10 : r < 0.3 ? -40 : 0;
  }
  if (column.name === 'offence_hour') {
    const hours = share(s.hour, s) >= 0.95 || share(s.time, s) >= 0.8 || s.type.startsWith('TIMESTAMP');
    return hours ? 25 : -50;
  }
  if (column.type === 'INTEGER') {
    if (column.name === 'age' || column.name === 'year') return share(s.ageLike, s) >= 0.9 || column.name === 'year' ? 20 : -50;
    return share(s.int, s) >= 0.9 ? 10 : -50;
  }
  if (column.name.endsWith('_id')) return s.distinct >= 0.5 * s.n ? 10 : 0;
  // Free text whose values are another column's codes (a "Location" of street/dwelling/…)
  // belongs in that column, not here.
  const coded = table.columns.flatMap((c) => {
    const d = c.type === 'VARCHAR' && c.name !== column.name ? domainFor(c) : null;
    return d ? [d] : [];
  });
  return coded.some((d) => recognised(d, s) >= 0.9) ? -30 : 0;
}

/**
 * Pairs canonical columns with extract columns, best score first, each used once. A shape
 * only one canonical column of the table takes (an LSOA code, a date) found in only one
 * extract column pairs them even without a telling name.
 */
export function assignColumns(table: CanonicalTable, stats: SourceStats[]): Map<string, SourceStats> {
  const pairs: { column: CanonicalColumn; s: SourceStats; score: number; order: number }[] = [];
  table.columns.forEach((column, ci) => {
    const shape = shapeOf(column);
    const unique =
      shape !== null &&
      table.columns.filter((c) => shapeOf(c) === shape).length === 1 &&
      stats.filter((s) => hasShape(shape, s)).length === 1;
    stats.forEach((s, si) => {
      let score = nameScore(column.name, s.name, table.name) + valueScore(column, s, table);
      if (unique && hasShape(shape, s)) score += 35;
      if (score >= PROPOSE_AT) pairs.push({ column, s, score, order: ci * 1000 + si });
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.order - b.order);
  const chosen = new Map<string, SourceStats>();
  const used = new Set<string>();
  for (const p of pairs) {
    if (chosen.has(p.column.name) || used.has(p.s.name)) continue;
    chosen.set(p.column.name, p.s);
    used.add(p.s.name);
  }
  // One date-and-time column may rightly fill both the date and the hour of an offence.
  const date = chosen.get('offence_date');
  if (table.columns.some((c) => c.name === 'offence_hour') && !chosen.has('offence_hour') && date && hasTime(date)) {
    chosen.set('offence_hour', date);
  }
  return chosen;
}

const hasTime = (s: SourceStats) =>
  s.type.startsWith('TIMESTAMP') || (s.type === 'VARCHAR' && s.top.length > 0 && s.top.every((t) => /\d:\d\d/.test(t.value)));

/** Codes, date format and blank meaning for one paired column, from the values seen. */
export async function proposeColumn(
  column: CanonicalColumn,
  s: SourceStats,
  dateFormatOf: (values: SourceStats['top']) => Promise<string | null>,
): Promise<ColumnMapping> {
  const mapping: ColumnMapping = { source: s.name };
  const domain = domainFor(column);
  if (domain) {
    const codes = proposeCodes(domain, s);
    if (Object.keys(codes).length > 0) mapping.codes = codes;
    if (column.type === 'BOOLEAN' && s.n < s.rows && s.n > 0 && onlyYes(s)) mapping.blankAs = 'false';
  }
  const textDates = s.type === 'VARCHAR' && (column.type === 'DATE' || (column.name === 'offence_hour' && hasTime(s)));
  if (textDates) {
    const format = await dateFormatOf(s.top);
    if (format) mapping.dateFormat = format;
  }
  return mapping;
}

/** Each distinct value the domain knows under another spelling, in the extract's own spelling. */
export function proposeCodes(domain: CodeDomain, s: SourceStats): Record<string, string | null> {
  const index = domainIndex(domain);
  const codes: Record<string, string | null> = {};
  for (const { value } of s.top) {
    const canonical = index.get(codeKey(value));
    if (canonical === undefined) continue;
    if (canonical !== null && canonical.toLowerCase() === value.trim().toLowerCase()) continue;
    codes[value] = canonical;
  }
  return codes;
}

/** A flag column whose every value means yes: its blanks mean no. */
function onlyYes(s: SourceStats): boolean {
  const index = domainIndex(domainFor({ name: 'flag', type: 'BOOLEAN', required: false })!);
  return s.top.length > 0 && s.top.every((t) => index.get(codeKey(t.value)) === 'true');
}
