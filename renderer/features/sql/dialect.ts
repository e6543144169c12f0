import { HighlightStyle } from '@codemirror/language';
import { PostgreSQL, SQLDialect, type SQLNamespace } from '@codemirror/lang-sql';
import { tags } from '@lezer/highlight';
import type { TableInfo } from '../../../electron/contract/index.js';

/**
 * DuckDB as CodeMirror should read it: PostgreSQL's grammar, `$name` as a parameter (DuckDB's
 * named parameters) rather than a dollar-quoted string, and DuckDB's own keywords.
 */
export const DuckDBSQL = SQLDialect.define({
  ...PostgreSQL.spec,
  specialVar: '$',
  doubleDollarQuotedStrings: false,
  keywords: `${PostgreSQL.spec.keywords ?? ''} qualify pivot unpivot exclude struct list map columns describe summarize`,
});

/**
 * Fixed class names (styled in styles.css, so the colours live with the app's others, and
 * tests can find the tokens) instead of CodeMirror's generated ones.
 */
export const sqlHighlight = HighlightStyle.define([
  { tag: tags.keyword, class: 'cm-sv-keyword' },
  { tag: tags.typeName, class: 'cm-sv-type' },
  { tag: tags.standard(tags.name), class: 'cm-sv-builtin' },
  { tag: [tags.string, tags.special(tags.string)], class: 'cm-sv-string' },
  { tag: [tags.number, tags.bool, tags.null], class: 'cm-sv-number' },
  { tag: tags.special(tags.name), class: 'cm-sv-param' },
  { tag: [tags.lineComment, tags.blockComment], class: 'cm-sv-comment' },
  { tag: tags.operator, class: 'cm-sv-operator' },
]);

/** Tables and their columns, for completion (`off` → offences, `o.` → its columns after an alias). */
export function completionSchema(tables: readonly TableInfo[]): SQLNamespace {
  const schema: Record<string, string[]> = {};
  for (const t of tables) if (t.kind !== 'rejects') schema[t.name] = t.columns.map((c) => c.name);
  return schema;
}
