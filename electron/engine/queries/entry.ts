import { z } from 'zod';
import { ChartSpec, ParamSpec, ParamValue } from '../../contract/index.js';

/**
 * The metadata header of a library file (`queries/<id>.sql`), as the analyst writes it in YAML.
 * Keys are snake_case there; the loader turns them into a LibraryEntry.
 */

const Identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _');
/** `table.column`, both plain identifiers (used for defaults read from the data). */
const ColumnRef = z
  .string()
  .regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'write table.column, e.g. offences.offence_date');

/** `when: {source: [victims, suspects]}` — applies only when every named parameter has one of those values. */
export const When = z.record(Identifier, z.union([z.string(), z.array(z.string()).min(1)]));
export type When = z.infer<typeof When>;

/** Months to step back: a number, or the name of an int parameter (e.g. follow_up_months). */
const Months = z.union([z.number().int().nonnegative(), Identifier]);

export const DefaultRule = z.union([
  /** The column's latest value, optionally `minus_months` before it (dates). */
  z.object({ max: ColumnRef, minus_months: Months.optional(), when: When.optional() }).strict(),
  z.object({ only: ColumnRef, when: When.optional() }).strict(),
  /** Another parameter's resolved date, `minus_months` before it (e.g. closed_from from closed_to). */
  z.object({ param: Identifier, minus_months: Months, when: When.optional() }).strict(),
  /** A literal that depends on other parameters through `when` (e.g. ages 10-17 for youth justice). */
  z.object({ value: z.union([z.string(), z.number(), z.boolean()]), when: When.optional() }).strict(),
  /** Every distinct value of the column, sorted, as a list (e.g. `region` = every area in population). */
  z.object({ all: ColumnRef, when: When.optional() }).strict(),
]);
export type DefaultRule = z.infer<typeof DefaultRule>;

export const HeaderParam = ParamSpec.extend({
  name: Identifier,
  label: z.string().min(1),
  description: z.string().min(1),
  default: ParamValue,
  /** How to work the default out from the data when `default` is null; first rule whose `when` holds. */
  default_from: z.union([DefaultRule, z.array(DefaultRule).min(1)]).optional(),
  /** Every value (each item of a list) must appear in this column, e.g. population.area. */
  values_from: ColumnRef.optional(),
  /** Regular expression each value (each item of a list) must match. */
  pattern: z.string().optional(),
  /** Wording for a value that fails `pattern`, e.g. "a band is like 10-17 or 65+". */
  pattern_hint: z.string().optional(),
}).strict();
export type HeaderParam = z.infer<typeof HeaderParam>;

export const HeaderTable = z
  .object({
    table: Identifier,
    columns: z.array(Identifier).min(1),
    when: When.optional(),
    /** `unless: {weights: none}` — needed except when every named parameter has one of those values. */
    unless: When.optional(),
  })
  .strict();
export type HeaderTable = z.infer<typeof HeaderTable>;

/** An output column's name as the SELECT writes it (e.g. "group"): any non-empty name. */
const OutputColumn = z.string().min(1);

/**
 * How the result breaks down, for disclosure control on export (queries/README.md): the
 * dimension columns (each line of a dimension adds up to a total), the label of each total row,
 * and the columns computed from the counts. count_columns stays where it was.
 */
export const HeaderDisclosure = z
  .object({
    dimensions: z.array(OutputColumn).default([]),
    /** dimension → label of its total row, e.g. { group: All } */
    totals: z.record(OutputColumn, z.string().min(1)).default({}),
    /** dimension → labels left out of its lines (not in the total its shares are taken of) */
    outside: z.record(OutputColumn, z.array(z.string().min(1)).min(1)).default({}),
    /** Computed from the counts of their own row: hidden with them. */
    derived: z.array(OutputColumn).default([]),
    /** Computed from counts of other rows too (a rolling sum, a rank): hidden everywhere once any count is hidden. */
    derived_all: z.array(OutputColumn).default([]),
    /** Computed against one reference row, e.g. { row: { ethnicity: $reference }, columns: [rri] }. */
    reference: z.object({ row: z.record(OutputColumn, z.string().min(1)), columns: z.array(OutputColumn).min(1) }).strict().optional(),
    /** Numeric columns that are not from the counts (published population): shown as they are. */
    public: z.array(OutputColumn).default([]),
  })
  .strict();
export type HeaderDisclosure = z.infer<typeof HeaderDisclosure>;

/** The `disclosure:` block as a LibraryEntry carries it. */
export interface EntryDisclosure {
  dimensions: string[];
  totals: Record<string, string>;
  outside: Record<string, string[]>;
  derived: string[];
  derivedAll: string[];
  reference?: { row: Record<string, string>; columns: string[] };
  public: string[];
}

export const Theme = z.enum(['Victims', 'Offenders', 'Places', 'Youth justice', 'Probation', 'Health']);

export const Header = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and -'),
    title: z.string().min(1),
    description: z.string().min(1),
    theme: Theme,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'use semver, e.g. 1.0.0'),
    parameters: z.array(HeaderParam).default([]),
    tables: z.array(HeaderTable).min(1),
    chart: ChartSpec.strict(),
    count_columns: z.array(z.string()).default([]),
    row_level: z.boolean(),
    /** Optional: an entry without it (an analyst's own) gets a default worked out at export. */
    disclosure: HeaderDisclosure.optional(),
  })
  .strict();
export type Header = z.infer<typeof Header>;

export interface Macro {
  /** File name under queries/macros/. */
  file: string;
  sql: string;
  /**
   * Set for a table macro (`CREATE TEMP MACRO name(...) AS TABLE <select>`, one per file): DuckDB
   * binds its tables when it is created, so it is installed only for a SELECT that calls it,
   * after the tables it reads exist.
   */
  table?: { name: string; select: string };
}

export type EntryParam = HeaderParam;
export type TableNeed = HeaderTable;

/** One saved query, validated, ready to run. */
export interface LibraryEntry {
  id: string;
  /** Path of the .sql file it came from (for error messages). */
  file: string;
  title: string;
  description: string;
  theme: string;
  version: string;
  definition: string;
  params: EntryParam[];
  tables: TableNeed[];
  chart: ChartSpec;
  countColumns: string[];
  rowLevel: boolean;
  /** Disclosure control metadata from the header; absent for entries without a `disclosure:` block. */
  disclosure?: EntryDisclosure;
  /** The SELECT, without the header. */
  sql: string;
  /** Statistics macros installed on the run connection before the SELECT runs. */
  macros: Macro[];
}

/** Whether a table need applies: its `when` holds and its `unless` does not. */
export function applies(need: Pick<HeaderTable, 'when' | 'unless'>, params: Record<string, ParamValue>): boolean {
  return holds(need.when, params) && !(need.unless && holds(need.unless, params));
}

/** Whether a `when` condition holds for these parameter values. */
export function holds(when: When | undefined, params: Record<string, ParamValue>): boolean {
  if (!when) return true;
  return Object.entries(when).every(([name, allowed]) => {
    const value = params[name];
    const list = Array.isArray(allowed) ? allowed : [allowed];
    return typeof value === 'string' && list.includes(value);
  });
}
