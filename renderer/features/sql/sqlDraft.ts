import type { AdhocParam, ChartSpec, DraftParamType, ParamSpec } from '../../../electron/contract/index.js';
import { paramProblem } from '../library/params.js';

/**
 * The SQL editor's draft as plain data: the SELECT, and a type and value for each `$name` it
 * uses. The engine re-checks everything; this only keeps the form in step with the text.
 */

/** One `$name` of the draft: the type the analyst chose and the value typed for this run. */
export interface EditorParam {
  name: string;
  type: DraftParamType;
  value: string;
}

export interface EditorDraft {
  sql: string;
  params: EditorParam[];
}

export const DRAFT_TYPES: readonly { type: DraftParamType; label: string }[] = [
  { type: 'int', label: 'whole number' },
  { type: 'number', label: 'number' },
  { type: 'date', label: 'date' },
  { type: 'text', label: 'text' },
  { type: 'list', label: 'list (a,b,c)' },
];

/**
 * `$name`s in the order they first appear, skipping comments and string literals (a `$`
 * there is text, not a parameter) — as the engine's loader reads them.
 */
export function sqlParamNames(sql: string): string[] {
  const code = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ')
    .replace(/'(?:[^']|'')*('|$)/g, "''");
  const names: string[] = [];
  for (const m of code.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (!names.includes(m[1]!)) names.push(m[1]!);
  }
  return names;
}

/** A first guess at a new parameter's type, from how such names are used in the library. */
export function guessType(name: string): DraftParamType {
  const n = name.toLowerCase();
  if (/(^|_)(date|end|start|since|until|from|to)$/.test(n) || n.endsWith('_date')) return 'date';
  if (/(^|_)(min|max|top|months|days|years|n|count|limit)(_|$)/.test(n)) return 'int';
  return 'text';
}

/** The parameter list for this SQL: known names keep their type and value, new ones get a guess. */
export function syncParams(sql: string, current: readonly EditorParam[]): EditorParam[] {
  return sqlParamNames(sql).map((name) => current.find((p) => p.name === name) ?? { name, type: guessType(name), value: '' });
}

/** Same names, types and values (so a re-render does not replace the list). */
export function sameParams(a: readonly EditorParam[], b: readonly EditorParam[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]!.name && p.type === b[i]!.type && p.value === b[i]!.value);
}

const asSpec = (p: EditorParam): ParamSpec => ({ name: p.name, type: p.type, label: p.name, description: '', default: null, required: true });

/** What is wrong with each value, by name (the same wording as the library's forms). */
export function draftProblems(params: readonly EditorParam[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params) {
    const problem = paramProblem(asSpec(p), p.value);
    if (problem) out[p.name] = problem;
  }
  return out;
}

/** The values as query.runAdhoc takes them: numbers as numbers, the rest as typed. */
export function adhocParams(params: readonly EditorParam[]): AdhocParam[] {
  return params.map((p) => {
    const text = p.value.trim();
    const value = text === '' ? null : p.type === 'int' || p.type === 'number' ? Number(text) : text;
    return { name: p.name, type: p.type, value };
  });
}

/** The SELECT as the engine stores and runs it, to tell whether a result is of the current text. */
export function normaliseSql(sql: string): string {
  return sql.replace(/\r\n?/g, '\n').trim().replace(/;\s*$/, '').trimEnd();
}

export const TABLE_ONLY: ChartSpec = { type: 'none', x: '', y: '' };
