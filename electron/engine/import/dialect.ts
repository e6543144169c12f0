import { open } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { EngineError, type ImportOptions } from '../../contract/index.js';
import { quoteLiteral } from '../db/sql.js';
import { readCsvSql } from './csvSource.js';
import { detectHeaderRow, uniqueNames } from './headerRow.js';
import type { FileProbe } from './probe.js';
import { splitRecords, type TextRecord } from './records.js';

/** How the file is laid out, as read_csv needs it spelled out. */
export interface Dialect {
  delimiter: string;
  quote: string;
  escape: string;
  /** As DuckDB writes it: '\n', '\r\n' or '\r' (backslash escapes, not control characters). */
  newline: string;
  comment: string;
  /** Records before the header (titles, blank lines) that DuckDB skips. */
  skip: number;
  header: boolean;
  /** Column names: the header's, made unique (uniqueNames), or column0… without a header. */
  names: string[];
}

/** The text's layout, and the 1-based line its header is on (the first line read, without one). */
export interface CsvLayout {
  dialect: Dialect;
  headerRow: number;
}

export type LayoutOptions = Pick<ImportOptions, 'delimiter' | 'header' | 'headerRow'>;

const HEAD_BYTES = 256 * 1024;
const HEAD_RECORDS = 60;

/**
 * How to read a UTF-8 CSV text: DuckDB's sniff, then the header row. DuckDB finds title lines
 * only when they are shorter than the data; a title saved by Excel ("Crime extract,,,,") has
 * every comma of the data and becomes the header. So the opening records are also searched
 * for the header (detectHeaderRow) and, when that finds another row, sniffed again from it.
 * The analyst's headerRow overrides both.
 */
export async function csvLayout(
  conn: DuckDBConnection,
  csv: { path: string; name: string },
  probe: FileProbe,
  options: LayoutOptions,
): Promise<CsvLayout> {
  const sniffed = await sniffDialect(conn, csv.path, probe, options);
  const head = await readHead(csv.path);
  const records = splitRecords(head.text, sniffed.delimiter, sniffed.quote, HEAD_RECORDS, head.complete);
  let dialect = sniffed;
  let skip: number | null = null;
  if (options.headerRow !== undefined) {
    const last = records.at(-1);
    if (head.complete && (!last || options.headerRow > last.line)) {
      throw new EngineError('invalid_args', `${csv.name}: row ${options.headerRow} is past the end of the file`);
    }
    skip = recordIndexAt(records, options.headerRow);
  } else {
    skip = detectHeaderRow(records);
  }
  const header = options.header ?? (skip !== null ? true : undefined);
  if (skip !== null && (skip !== sniffed.skip || (options.headerRow !== undefined && sniffed.header !== header))) {
    dialect = await sniffDialect(conn, csv.path, probe, { delimiter: sniffed.delimiter, header, skip });
  }
  const first = records[dialect.skip];
  if (dialect.header && first && first.cells.length === dialect.names.length) {
    dialect = { ...dialect, names: uniqueNames(first.cells) };
  }
  return { dialect, headerRow: first?.line ?? options.headerRow ?? dialect.skip + 1 };
}

/** The record a 1-based line starts (or falls inside); past the opening, one line per record. */
function recordIndexAt(records: readonly TextRecord[], line: number): number {
  const last = records.at(-1);
  if (!last || line > last.line) return records.length + (line - (last ? last.line + 1 : 1));
  let at = 0;
  records.forEach((r, i) => r.line <= line && (at = i));
  return at;
}

async function readHead(path: string): Promise<{ text: string; complete: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    const size = (await handle.stat()).size;
    const text = new TextDecoder('utf-8').decode(buf.subarray(0, bytesRead));
    return { text, complete: bytesRead >= size };
  } finally {
    await handle.close();
  }
}

interface SniffRow {
  Delimiter: string;
  Quote: string;
  Escape: string;
  NewLineDelimiter: string;
  Comment: string;
  SkipRows: number;
  HasHeader: boolean;
  names: string[];
}

const EMPTY = '(empty)';
const orEmpty = (v: string) => (v === EMPTY ? '' : v);

/**
 * Asks DuckDB's sniffer for delimiter, quoting, header and names (types are inferred
 * separately: UK dates, tolerance of a few bad values). No single sniff suits every file:
 * - a plain sniff finds title lines above the header, but one ragged row or quoted line
 *   break in the sample can make it settle for a wrong delimiter (a whole line as one column);
 * - with ignore_errors it copes with those, but takes a title line for the header;
 * - one unclosed quote can tip either into "no quoting", splitting every quoted "Smith, J".
 * So the distinct answers compete on how many cells of the opening rows they read cleanly
 * (only those with quoting, when the file visibly quotes fields).
 */
export async function sniffDialect(
  conn: DuckDBConnection,
  path: string,
  probe: FileProbe,
  options: Pick<ImportOptions, 'delimiter' | 'header'> & { skip?: number },
): Promise<Dialect> {
  const args = [quoteLiteral(path), `encoding = 'utf-8'`];
  if (options.delimiter !== undefined) args.push(`delim = ${quoteLiteral(options.delimiter)}`);
  if (options.header !== undefined) args.push(`header = ${options.header}`);
  if (options.skip !== undefined) args.push(`skip = ${options.skip}`);
  const sniff = async (extra: string[]) => {
    const reader = await conn.runAndReadAll(
      `SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, SkipRows, HasHeader,
              list_transform(Columns, c -> c.name) AS names
       FROM sniff_csv(${[...args, ...extra].join(', ')})`,
    );
    const row = reader.getRowObjectsJson()[0] as unknown as SniffRow | undefined;
    if (!row) throw new Error('the sniffer returned nothing');
    return toDialect(row, probe);
  };
  // Some files (mixed line endings, odd quoting) only sniff leniently; the data is still
  // read strictly afterwards, so what does not fit becomes rejects or a clear error.
  const sniffLeniently = (extra: string[]) => sniff(extra).catch(() => sniff([...extra, 'strict_mode = false']));

  const candidates: Dialect[] = [];
  let firstError: unknown;
  const consider = async (extra: string[], before?: Dialect) => {
    const found = await sniffLeniently(extra).catch((err: unknown) => {
      firstError ??= err;
      return null;
    });
    if (!found || candidates.some((c) => sameDialect(c, found))) return;
    // Earlier in the list wins a tie.
    const at = before ? candidates.indexOf(before) : -1;
    if (at >= 0) candidates.splice(at, 0, found);
    else candidates.push(found);
  };
  await consider([]);
  await consider(['ignore_errors = true']);
  if (probe.hasDoubleQuote) {
    for (const unquoted of candidates.filter((c) => c.quote === '')) {
      const forced = ['ignore_errors = true', `quote = '"'`, `escape = '"'`];
      if (options.delimiter === undefined) forced.push(`delim = ${quoteLiteral(unquoted.delimiter)}`);
      await consider(forced, unquoted);
    }
  }
  if (candidates.length === 0) throw firstError;
  // Fields wrapped in quotes settle it: a reading without quoting is wrong however well it scores.
  const quoted = candidates.filter((c) => c.quote === '"');
  const contenders = probe.hasQuotedField && quoted.length > 0 ? quoted : candidates;
  if (contenders.length === 1) return contenders[0]!;

  let best = contenders[0]!;
  let bestCells = -1;
  for (const c of contenders) {
    const cells = (await acceptedRows(conn, path, c)) * c.names.length;
    if (cells > bestCells) [best, bestCells] = [c, cells];
  }
  return best;
}

const sameDialect = (a: Dialect, b: Dialect) => JSON.stringify(a) === JSON.stringify(b);

function toDialect(row: SniffRow, probe: FileProbe): Dialect {
  let quote = orEmpty(row.Quote);
  let escape = orEmpty(row.Escape);
  // A sample without any quote leaves the sniffer with "no quoting"; later quoted fields
  // (a comma inside an address) would then split. RFC 4180 quoting is the safer default.
  if (quote === '' && !probe.hasDoubleQuote) quote = '"';
  if (quote === '"' && escape === '') escape = '"';
  return {
    delimiter: row.Delimiter,
    quote,
    escape,
    newline: row.NewLineDelimiter,
    comment: orEmpty(row.Comment),
    skip: Number(row.SkipRows),
    header: Boolean(row.HasHeader),
    names: row.names,
  };
}

const COMPARE_ROWS = 20_000;

/** Rows of the opening COMPARE_ROWS that read cleanly (as text) under a dialect. */
async function acceptedRows(conn: DuckDBConnection, path: string, dialect: Dialect): Promise<number> {
  const asText = dialect.names.map((name) => ({ name, type: 'VARCHAR' }));
  const source = readCsvSql(path, dialect, asText, { ignoreErrors: true });
  const reader = await conn
    .runAndReadAll(`SELECT count(*)::INTEGER AS n FROM (SELECT 1 FROM ${source} LIMIT ${COMPARE_ROWS})`)
    .catch(() => null);
  return Number(reader?.getRowObjects()[0]?.n ?? -1);
}
