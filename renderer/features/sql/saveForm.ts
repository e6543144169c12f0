import type { ChartSpec, Column, EntryDraft, QuerySummary, QueryTheme } from '../../../electron/contract/index.js';
import { QueryTheme as Themes } from '../../../electron/contract/index.js';
import { paramProblem } from '../library/params.js';
import type { EditorParam } from './sqlDraft.js';

/**
 * The "save as my library entry" form as plain data: what it starts with (from the entry the
 * SQL was opened from, if any, and the result's columns), what is wrong with it, and the
 * EntryDraft it sends. The engine checks the draft again with the library's own loader.
 */

export const THEMES: readonly QueryTheme[] = Themes.options;

/** What an entry opened in the editor lends the save form. */
export interface SaveBasis {
  id: string;
  origin: 'app' | 'user';
  title: string;
  description: string;
  definition: string;
  theme: string;
  version: string;
  chart: ChartSpec;
  countColumns: string[];
  rowLevel: boolean;
  params: Record<string, { label: string; description: string }>;
}

export function basisOf(q: QuerySummary): SaveBasis {
  return {
    id: q.id,
    origin: q.origin,
    title: q.title,
    description: q.description,
    definition: q.definition,
    theme: q.theme,
    version: q.version,
    chart: q.chart,
    countColumns: q.countColumns,
    rowLevel: q.rowLevel,
    params: Object.fromEntries(q.params.map((p) => [p.name, { label: p.label, description: p.description }])),
  };
}

export type ChartChoice = 'none' | 'bar' | 'line' | 'ranked_bar';
export const CHART_CHOICES: readonly { type: ChartChoice; label: string }[] = [
  { type: 'none', label: 'Table only' },
  { type: 'bar', label: 'Bar chart' },
  { type: 'ranked_bar', label: 'Ranked bar chart' },
  { type: 'line', label: 'Line chart' },
];

export interface FormParam {
  name: string;
  type: EditorParam['type'];
  label: string;
  description: string;
  /** '' = no default: a value is asked for on every run. */
  default: string;
}

export interface SaveForm {
  id: string;
  title: string;
  description: string;
  definition: string;
  theme: QueryTheme | '';
  version: string;
  params: FormParam[];
  chartType: ChartChoice;
  chartX: string;
  chartY: string;
  countColumns: string[];
  rowLevel: boolean;
}

const isTheme = (t: string): t is QueryTheme => (THEMES as readonly string[]).includes(t);
const isChoice = (t: string): t is ChartChoice => CHART_CHOICES.some((c) => c.type === t);
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/i;

/** Labels like "Min offences" from names like min_offences. */
export function labelFor(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : name;
}

export function initialSaveForm(basis: SaveBasis | null, params: readonly EditorParam[], columns: readonly Column[]): SaveForm {
  const names = columns.map((c) => c.name);
  const has = (c: string | undefined) => c !== undefined && names.includes(c);
  // Categories from the first column, values from the first number column after it.
  const firstNumeric = columns.slice(1).find((c) => c.kind === 'number')?.name ?? names[1] ?? names[0] ?? '';
  const chartFits = basis && isChoice(basis.chart.type) && has(basis.chart.x) && has(basis.chart.y);
  // An app entry is copied, never replaced: its copy gets an id of its own.
  const own = basis?.origin === 'user';
  return {
    id: basis ? (own ? basis.id : `my-${basis.id}`) : '',
    title: basis ? (own ? basis.title : `${basis.title} (my version)`) : '',
    description: basis?.description ?? '',
    definition: basis && basis.definition !== basis.description ? basis.definition : '',
    theme: basis && isTheme(basis.theme) ? basis.theme : '',
    version: own ? basis!.version : '1.0.0',
    params: params.map((p) => ({
      name: p.name,
      type: p.type,
      label: basis?.params[p.name]?.label ?? labelFor(p.name),
      description: basis?.params[p.name]?.description ?? '',
      default: p.value,
    })),
    chartType: chartFits ? (basis!.chart.type as ChartChoice) : 'none',
    chartX: chartFits ? basis!.chart.x : (names[0] ?? ''),
    chartY: chartFits ? basis!.chart.y : firstNumeric,
    countColumns: basis ? basis.countColumns.filter(has) : columns.filter((c) => INTEGER.test(c.type)).map((c) => c.name),
    rowLevel: basis ? basis.rowLevel : names.includes('person_id'),
  };
}

/** Messages by field (`id`, `title`, `param:<name>`, …); empty when the form can be sent. */
export function saveFormProblems(form: SaveForm, columns: readonly Column[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!/^[a-z][a-z0-9-]*$/.test(form.id)) out.id = 'Lower-case letters, digits and -, starting with a letter (e.g. knife-crime-by-ward).';
  else if (form.id.length > 80) out.id = 'At most 80 characters.';
  if (!form.title.trim()) out.title = 'Give it a title.';
  if (!form.description.trim()) out.description = 'Say in a sentence what it counts.';
  if (!form.theme) out.theme = 'Choose the theme it is listed under.';
  if (!/^\d+\.\d+\.\d+$/.test(form.version)) out.version = 'Three numbers, e.g. 1.0.0.';
  for (const p of form.params) {
    if (!/^[a-z][a-z0-9_]*$/.test(p.name)) out[`param:${p.name}`] = `Rename $${p.name} in the SQL: lower-case letters, digits and _.`;
    else if (!p.label.trim()) out[`param:${p.name}`] = 'Give it a label.';
    else {
      const problem = paramProblem({ name: p.name, type: p.type, label: p.label, description: '', default: null, required: false }, p.default);
      if (problem) out[`param:${p.name}`] = `Default: ${problem}`;
    }
  }
  const names = columns.map((c) => c.name);
  if (form.chartType !== 'none') {
    if (!names.includes(form.chartX)) out.chartX = 'Choose a column of the result.';
    if (!names.includes(form.chartY)) out.chartY = 'Choose a column of the result.';
  }
  return out;
}

/** The chart as saved: the opened entry's extras (error bars, series, titles) kept while they still fit. */
export function chartOf(form: SaveForm, basis: SaveBasis | null, columns: readonly Column[]): ChartSpec {
  if (form.chartType === 'none') return { type: 'none', x: '', y: '' };
  const chart: ChartSpec = { type: form.chartType, x: form.chartX, y: form.chartY };
  const same = basis && basis.chart.type === form.chartType && basis.chart.x === form.chartX && basis.chart.y === form.chartY;
  if (!same) return chart;
  const names = columns.map((c) => c.name);
  const { series, errorLow, errorHigh, xTitle, yTitle } = basis.chart;
  return {
    ...chart,
    ...(series && names.includes(series) ? { series } : {}),
    ...(errorLow && errorHigh && names.includes(errorLow) && names.includes(errorHigh) ? { errorLow, errorHigh } : {}),
    ...(xTitle ? { xTitle } : {}),
    ...(yTitle ? { yTitle } : {}),
  };
}

export function toEntryDraft(form: SaveForm, sql: string, chart: ChartSpec): EntryDraft {
  return {
    id: form.id,
    title: form.title.trim(),
    description: form.description.trim(),
    definition: form.definition.trim(),
    theme: form.theme as QueryTheme,
    version: form.version,
    params: form.params.map((p) => {
      const text = p.default.trim();
      const value = text === '' ? null : p.type === 'int' || p.type === 'number' ? Number(text) : text;
      return { name: p.name, type: p.type, label: p.label.trim(), description: p.description.trim(), default: value };
    }),
    chart,
    countColumns: form.countColumns,
    rowLevel: form.rowLevel,
    sql,
  };
}
