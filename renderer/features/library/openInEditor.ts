import type { ParamValue, QuerySummary } from '../../../electron/contract/index.js';
import { sqlParamNames, type EditorDraft } from '../sql/sqlDraft.js';
import type { ParamInputs } from './params.js';

/**
 * An entry's SQL as an editor draft: each `$param` typed as the entry declares it (an enum is
 * text there) with the value in its form, else the value it last ran with, else its default.
 * The analyst can then run it as it stands and change it.
 */
export function editorDraftOf(
  query: QuerySummary,
  inputs: ParamInputs,
  lastRun: Record<string, ParamValue> | null,
): EditorDraft {
  return {
    sql: query.sql,
    params: sqlParamNames(query.sql).map((name) => {
      const spec = query.params.find((p) => p.name === name);
      const typed = (inputs[name] ?? '').trim();
      const ran = lastRun?.[name];
      const fallback = ran !== undefined && ran !== null ? String(ran) : spec?.default !== undefined && spec.default !== null ? String(spec.default) : '';
      return { name, type: !spec || spec.type === 'enum' ? 'text' : spec.type, value: typed || fallback };
    }),
  };
}
