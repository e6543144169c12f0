import type { ColumnMapping, MappedColumn, Row } from '../../../electron/contract/index.js';

export interface CodeValue {
  /** The value as it appears in the extract. */
  value: string;
  /** Rows with this value that failed to convert, when the engine counted them. */
  failed: number | null;
  /** The canonical value it is mapped to: a string, null for blank, undefined when not mapped (passes as read). */
  mapped: string | null | undefined;
}

const norm = (v: string) => v.trim().toLowerCase();

/** Codes are matched after trimming and ignoring case, as the engine applies them. */
export function codeFor(mapping: ColumnMapping | undefined, value: string): string | null | undefined {
  const codes = mapping?.codes;
  if (!codes) return undefined;
  if (Object.hasOwn(codes, value)) return codes[value];
  const key = Object.keys(codes).find((k) => norm(k) === norm(value));
  return key === undefined ? undefined : codes[key];
}

/**
 * The extract's distinct values for one column, to map onto canonical values: the ones that
 * failed (most frequent first), then the ones already mapped, then others seen in the sample.
 */
export function codeValues(args: {
  mapping: ColumnMapping | undefined;
  mapped: MappedColumn | undefined;
  sampleRows: readonly Row[];
  limit?: number;
}): CodeValue[] {
  const limit = args.limit ?? 60;
  const seen = new Set<string>();
  const out: CodeValue[] = [];
  const add = (value: string, failed: number | null) => {
    const key = norm(value);
    if (key === '' || seen.has(key) || out.length >= limit) return;
    seen.add(key);
    out.push({ value, failed, mapped: codeFor(args.mapping, value) });
  };
  for (const f of args.mapped?.failedValues ?? []) add(f.value, f.count);
  for (const value of Object.keys(args.mapping?.codes ?? {})) add(value, null);
  const source = args.mapping?.source;
  if (source) {
    for (const row of args.sampleRows) {
      const v = row[source];
      if (v !== null && v !== undefined) add(String(v), null);
    }
  }
  return out;
}
