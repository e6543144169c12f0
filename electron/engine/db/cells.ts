import {
  DuckDBDecimalValue,
  type DuckDBResultReader,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Cell, Column, ColumnKind, Row } from '../../contract/index.js';

/** Converts one DuckDB value to what crosses the contract: ISO dates, numbers, strings. */
export function toCell(value: DuckDBValue): Cell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return Number(value);
    default:
      if (value instanceof DuckDBDecimalValue) return value.toDouble();
      return String(value);
  }
}

export function columnKind(typeName: string): ColumnKind {
  const t = typeName.toUpperCase();
  if (t === 'BOOLEAN') return 'bool';
  if (t === 'DATE' || t.startsWith('TIMESTAMP')) return 'date';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(t)) {
    return 'number';
  }
  if (t === 'VARCHAR') return 'text';
  return 'other';
}

export function describeColumn(name: string, type: DuckDBType): Column {
  const typeName = type.toString();
  return { name, type: typeName, kind: columnKind(typeName) };
}

export function readerColumns(reader: DuckDBResultReader): Column[] {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  return names.map((n, i) => describeColumn(n, types[i]!));
}

export function readerRows(reader: DuckDBResultReader): Row[] {
  return reader.getRowObjects().map((r) => {
    const row: Row = {};
    for (const [k, v] of Object.entries(r)) row[k] = toCell(v);
    return row;
  });
}
