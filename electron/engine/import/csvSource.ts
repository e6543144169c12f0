import { quoteLiteral } from '../db/sql.js';
import type { Dialect } from './dialect.js';

export interface TypedColumn {
  /** Name in the file (header or column0…). */
  name: string;
  /** DuckDB type read_csv casts to; failures become rejects. */
  type: string;
}

export interface ReadCsvExtras {
  dateFormat?: string | null;
  timestampFormat?: string | null;
  /** Keep failing rows in these temp tables instead of failing the read. */
  rejects?: { table: string; scan: string };
  /** Skip bad rows silently: only for the type-inference sample, never for data. */
  ignoreErrors?: boolean;
}

/** A read_csv(...) call with the dialect fixed (no second sniff) and the column types forced. */
export function readCsvSql(path: string, dialect: Dialect, columns: TypedColumn[], extras: ReadCsvExtras = {}): string {
  const struct = columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ');
  const args = [
    quoteLiteral(path),
    'auto_detect = false',
    `delim = ${quoteLiteral(dialect.delimiter)}`,
    `quote = ${quoteLiteral(dialect.quote)}`,
    `escape = ${quoteLiteral(dialect.escape)}`,
    `new_line = ${quoteLiteral(dialect.newline)}`,
    `comment = ${quoteLiteral(dialect.comment)}`,
    `skip = ${dialect.skip}`,
    `header = ${dialect.header}`,
    // Always UTF-8 by now: Windows-1252 text and workbooks are converted first.
    `encoding = 'utf-8'`,
    `columns = {${struct}}`,
  ];
  if (extras.dateFormat) args.push(`dateformat = ${quoteLiteral(extras.dateFormat)}`);
  if (extras.timestampFormat) args.push(`timestampformat = ${quoteLiteral(extras.timestampFormat)}`);
  if (extras.rejects) {
    args.push(
      'store_rejects = true',
      `rejects_table = ${quoteLiteral(extras.rejects.table)}`,
      `rejects_scan = ${quoteLiteral(extras.rejects.scan)}`,
    );
  }
  if (extras.ignoreErrors) args.push('ignore_errors = true');
  return `read_csv(${args.join(', ')})`;
}
