import { Document, type YAMLMap, type YAMLSeq } from 'yaml';
import type { z } from 'zod';
import { EngineError, type EntryDraft, type ParamValue } from '../../contract/index.js';
import type { TableNeed } from '../queries/entry.js';

/**
 * An analyst's entry written as a library file, in exactly the format of `queries/*.sql`
 * (queries/README.md): a block comment holding the YAML header, a line DEFINITION and the
 * definition, then the SELECT. The loader reads it back, so what is written here is checked by
 * the same rules as the app's own entries.
 */

/** A save-form draft with the contract's defaults filled in. */
export type Draft = z.output<typeof EntryDraft>;

/** A draft's parameter with its default already checked and typed (see save.ts). */
export interface TypedParam {
  name: string;
  type: Draft['params'][number]['type'];
  label: string;
  description: string;
  default: ParamValue;
}

/** Text that would end the header comment early, or move its DEFINITION line. */
function checkHeaderText(field: string, text: string): void {
  if (text.includes('*/')) {
    throw new EngineError('invalid_args', `${field} may not contain */ (it would end the file's header comment)`);
  }
}

/** One line: the header's YAML fields are short, and a line break could forge a DEFINITION line. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

export function renderEntryFile(draft: Draft, params: TypedParam[], tables: TableNeed[]): string {
  const definition = (draft.definition.trim() || draft.description).replace(/\r\n?/g, '\n').trim();
  const fields: [string, string][] = [
    ['title', draft.title],
    ['description', draft.description],
    ['definition', definition],
    ...params.flatMap((p): [string, string][] => [
      [`parameter ${p.name}: label`, p.label],
      [`parameter ${p.name}: description`, p.description],
    ]),
  ];
  for (const [field, text] of fields) checkHeaderText(field, text);

  const header = {
    id: draft.id,
    title: oneLine(draft.title),
    description: oneLine(draft.description),
    theme: draft.theme,
    version: draft.version,
    parameters: params.map((p) => ({
      name: p.name,
      type: p.type,
      label: oneLine(p.label),
      description: oneLine(p.description || p.label),
      default: p.default,
      // No default means the analyst gives a value on every run (the loader's rule).
      required: p.default === null,
    })),
    tables: tables.map((t) => ({ table: t.table, columns: t.columns })),
    chart: draft.chart,
    count_columns: draft.countColumns,
    row_level: draft.rowLevel,
  };
  const doc = new Document(header);
  // Short lists and the chart on one line, as the app's entries write them.
  const flow = (path: (string | number)[]) => {
    const node = doc.getIn(path, true) as YAMLMap | YAMLSeq | undefined;
    if (node) node.flow = true;
  };
  flow(['chart']);
  flow(['count_columns']);
  tables.forEach((_, i) => flow(['tables', i, 'columns']));
  const yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  const sql = normaliseSql(draft.sql);
  return `/*\n${yaml}\nDEFINITION\n${definition}\n*/\n${sql}\n`;
}

/** The SELECT as stored and run: line ends unified, outer blank lines and a final `;` dropped. */
export function normaliseSql(sql: string): string {
  return sql.replace(/\r\n?/g, '\n').trim().replace(/;\s*$/, '').trimEnd();
}
