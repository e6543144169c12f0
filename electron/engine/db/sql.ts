/** Quotes an identifier for DuckDB. Callers still allow-list names; this is the second fence. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal, for the few places DuckDB takes no bound parameter (file paths in read_csv). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
