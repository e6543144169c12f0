import type { DisclosureRule, HiddenCell, ParamValue, Provenance } from '../../contract/index.js';

/**
 * What an exported table says about itself (the XLSX "Provenance" sheet; the CLI's summary):
 * the query and version, parameters as run, tables read with their source files' SHA-256, the
 * disclosure rule and what it hid, the app version, and when it ran and was exported.
 */

export interface ExportProvenance {
  title: string;
  provenance: Provenance;
  rule: DisclosureRule;
  /** The rule in words, as the disclosure core states it. */
  ruleText: string;
  /** Cells hidden, with the row index in the exported table (0 = first data row). */
  hidden: readonly HiddenCell[];
  /** Hidden counts the line totals could still give away (no cell was left to protect them). */
  atRisk: number;
  /** Hidden counts in groups too large for the exact check: protected by the rule of thumb only. */
  unchecked: number;
  /** The result was a row-level list: exported as it is, on the analyst's explicit confirmation. */
  personalData: boolean;
  columns: readonly string[];
  rowCount: number;
  appVersion: string;
  exportedAt: Date;
}

/** One row of the sheet; strings are neutralised by the writer like every other text cell. */
export type ProvenanceRow = (string | number)[];

const WHY: Record<HiddenCell['why'], string> = {
  primary: 'small count',
  secondary: 'secondary (so a small count cannot be worked out from a total)',
  derived: 'derived from a hidden count',
};

export function paramText(value: ParamValue): string {
  return value === null ? '(none)' : String(value);
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function hiddenSummary(hidden: readonly HiddenCell[]): string {
  if (!hidden.length) return 'none';
  const counts = (['primary', 'secondary', 'derived'] as const)
    .map((why) => [why, hidden.filter((h) => h.why === why).length] as const)
    .filter(([, n]) => n > 0)
    .map(([why, n]) => `${n} ${WHY[why].split(' (')[0]}`);
  return `${hidden.length} (${counts.join(', ')})`;
}

/** The sheet, top to bottom: field/value pairs, then the tables read, then each hidden cell. */
export function provenanceRows(p: ExportProvenance): ProvenanceRow[] {
  const prov = p.provenance;
  const rows: ProvenanceRow[] = [
    ['Query', prov.queryId],
    ['Title', p.title],
    ['Query version', prov.version],
  ];
  for (const [name, value] of Object.entries(prov.params)) rows.push([`Parameter: ${name}`, paramText(value)]);
  if (prov.sqlSha256) rows.push(['SQL SHA-256', prov.sqlSha256]);
  if (prov.sql) rows.push(['SQL', prov.sql]);
  rows.push(
    ['Rows', p.rowCount],
    ['Disclosure rule', p.rule],
    ['Disclosure control', p.ruleText],
    ['Cells hidden', hiddenSummary(p.hidden)],
    ...(p.atRisk ? [['Residual risk', `${p.atRisk} hidden count(s) could be worked out from totals published elsewhere: no other cell was left to hide with them`]] : []),
    ...(p.unchecked ? [['Not checked exactly', `${p.unchecked} hidden count(s) in groups too large for the exact check, protected by the rule that no line has one hidden cell`]] : []),
    [
      'Personal data',
      p.personalData ? 'Yes: a row-level list (one row per person), exported on the analyst’s explicit confirmation' : 'No',
    ],
    ['Run at', prov.ranAt],
    ['Run took (ms)', Math.round(prov.durationMs)],
    ['Exported at', p.exportedAt.toISOString()],
    ['App', `SV Workbench ${p.appVersion}`],
    [],
    ['Table read', 'Rows', 'Source file', 'Source SHA-256'],
  );
  for (const t of prov.tables) {
    rows.push(t.sourceFile ? [t.name, t.rowCount, t.sourceFile.name, t.sourceFile.sha256] : [t.name, t.rowCount, '(no source file recorded)']);
  }
  if (p.hidden.length) {
    rows.push([], ['Hidden cell', 'Column', 'Why']);
    const index = new Map(p.columns.map((c, i) => [c, i]));
    for (const h of p.hidden) {
      // Row 1 of the Table sheet is the header, so data row 0 is sheet row 2.
      const col = index.get(h.column);
      rows.push([col === undefined ? `row ${h.row + 2}` : `${columnLetter(col)}${h.row + 2}`, h.column, WHY[h.why]]);
    }
  }
  return rows;
}
