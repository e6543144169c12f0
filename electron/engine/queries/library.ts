import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { EngineError, type QuerySummary } from '../../contract/index.js';
import { canonicalTable } from '../canonical/tables.js';
import {
  Header,
  type DefaultRule,
  type EntryDisclosure,
  type EntryParam,
  type LibraryEntry,
  type Macro,
  type When,
} from './entry.js';
import { coerceParam } from './params.js';

/**
 * The saved-query library: one `queries/<id>.sql` per entry. The file opens with a block
 * comment holding the metadata as YAML, then a line `DEFINITION` and the definition in plain
 * English; the SQL follows the comment. Statistics macros live in `queries/macros/*.sql`.
 * A file that does not meet this is refused with its name and the field at fault, so a broken
 * entry never reaches the analyst as a wrong figure.
 */

const MACRO_DIR = 'macros';

function bad(file: string, why: string): never {
  throw new EngineError('internal', `${file}: ${why}`);
}

function zodWhy(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(header)'}: ${i.message}`)
    .join('; ');
}

/** Splits a library file into its YAML metadata, definition and SQL. */
export function splitEntryFile(file: string, text: string): { yaml: string; definition: string; sql: string } {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  if (!body.trimStart().startsWith('/*')) bad(file, 'must open with a /* … */ header comment');
  const open = body.indexOf('/*');
  const close = body.indexOf('*/', open + 2);
  if (close < 0) bad(file, 'the header comment is never closed with */');
  const header = body.slice(open + 2, close);
  const marker = /^DEFINITION[ \t]*$/m.exec(header);
  if (!marker) bad(file, 'the header needs a line DEFINITION followed by the definition text');
  const definition = header.slice(marker.index + marker[0].length).trim();
  if (!definition) bad(file, 'the DEFINITION section is empty');
  const sql = body.slice(close + 2).trim().replace(/;\s*$/, '');
  if (!sql) bad(file, 'no SQL after the header comment');
  return { yaml: header.slice(0, marker.index), definition, sql };
}

/** `$name` parameters used by the SQL, ignoring comments and string literals. */
export function sqlParameters(sql: string): Set<string> {
  const code = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
  return new Set([...code.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
}

function checkColumnRef(file: string, where: string, ref: string, tables: Set<string>): void {
  const [table, column] = ref.split('.') as [string, string];
  if (!tables.has(table)) bad(file, `${where}: ${table} is not one of the tables the entry declares`);
  const canonical = canonicalTable(table);
  if (canonical && !canonical.columns.some((c) => c.name === column)) {
    bad(file, `${where}: ${table} has no column ${column}`);
  }
}

/**
 * `when` names enum parameters and their options. `unless` may also name a text parameter (a
 * free scheme name such as trend's `weights`), so only enum values are checked there.
 */
function checkWhen(file: string, where: string, when: When | undefined, params: EntryParam[], key: 'when' | 'unless' = 'when'): void {
  for (const [name, allowed] of Object.entries(when ?? {})) {
    const p = params.find((q) => q.name === name);
    const kinds = key === 'when' ? ['enum'] : ['enum', 'text'];
    if (!p || !kinds.includes(p.type)) bad(file, `${where}.${key}: ${name} is not ${key === 'when' ? 'an enum' : 'an enum or text'} parameter of this entry`);
    if (p.type !== 'enum') continue;
    for (const v of Array.isArray(allowed) ? allowed : [allowed]) {
      if (!p.options?.includes(v)) bad(file, `${where}.${key}: ${v} is not an option of ${name}`);
    }
  }
}

export function defaultRules(p: EntryParam): DefaultRule[] {
  if (!p.default_from) return [];
  return Array.isArray(p.default_from) ? p.default_from : [p.default_from];
}

function checkParams(file: string, params: EntryParam[], tables: Set<string>): void {
  const seen = new Set<string>();
  params.forEach((p, i) => {
    const where = `parameters.${i} (${p.name})`;
    if (seen.has(p.name)) bad(file, `${where}: declared twice`);
    seen.add(p.name);
    if (p.type === 'enum' && !p.options?.length) bad(file, `${where}: an enum needs options`);
    if (p.pattern !== undefined) {
      try {
        new RegExp(p.pattern);
      } catch {
        bad(file, `${where}: pattern is not a valid regular expression`);
      }
    }
    try {
      coerceParam(file, p, p.default);
    } catch (err) {
      bad(file, `${where}: default is not valid: ${(err as Error).message}`);
    }
    const rules = defaultRules(p);
    if (p.default !== null && rules.length) bad(file, `${where}: give default or default_from, not both`);
    if (p.default === null && !rules.length && !p.required) {
      bad(file, `${where}: no default and no default_from, so it must be required: true`);
    }
    rules.forEach((r, j) => {
      const at = `${where}.default_from.${j}`;
      if ('value' in r) {
        // checked like a literal default once resolved (coerceParam)
      } else if ('param' in r) {
        if (!params.some((q) => q.name === r.param && q.type === 'date')) bad(file, `${at}: ${r.param} is not a date parameter`);
      } else if ('all' in r) {
        if (p.type !== 'list') bad(file, `${at}: all: gives a list, so ${p.name} must be a list parameter`);
        checkColumnRef(file, at, r.all, tables);
      } else {
        checkColumnRef(file, at, 'max' in r ? r.max : r.only, tables);
      }
      const months = 'minus_months' in r ? r.minus_months : undefined;
      if (typeof months === 'string' && !params.some((q) => q.name === months && q.type === 'int')) {
        bad(file, `${at}: minus_months names ${months}, which is not an int parameter`);
      }
      checkWhen(file, at, r.when, params);
    });
    if (p.values_from) checkColumnRef(file, `${where}.values_from`, p.values_from, tables);
  });
}

function checkTables(file: string, header: Header): void {
  header.tables.forEach((t, i) => {
    const canonical = canonicalTable(t.table);
    if (!canonical) bad(file, `tables.${i}: ${t.table} is not a canonical table`);
    for (const c of t.columns) {
      if (!canonical.columns.some((cc) => cc.name === c)) bad(file, `tables.${i}: ${t.table} has no column ${c}`);
    }
    checkWhen(file, `tables.${i}`, t.when, header.parameters);
    checkWhen(file, `tables.${i}`, t.unless, header.parameters, 'unless');
  });
}

/**
 * The `disclosure:` block. The loader cannot know the output columns before a run, so it checks
 * what it can: each column has one role (count, dimension, derived, public; a count may also be
 * derived_all, e.g. a rolling sum), totals, outside and reference name dimensions, and a
 * `$name` reference is a parameter of the entry. That every name is an output column is tested
 * on the demo workspace (electron/engine/export/preview.test.ts).
 */
function checkDisclosure(file: string, h: Header): EntryDisclosure | undefined {
  const d = h.disclosure;
  if (!d) return undefined;
  const roles: [string, string[]][] = [
    ['count_columns', h.count_columns],
    ['disclosure.dimensions', d.dimensions],
    ['disclosure.derived', d.derived],
    ['disclosure.public', d.public],
    ['disclosure.derived_all', d.derived_all],
  ];
  const seen = new Map<string, string>();
  for (const [role, names] of roles) {
    for (const name of names) {
      const before = seen.get(name);
      if (before === role) bad(file, `${role}: ${name} is listed twice`);
      if (before && !(role === 'disclosure.derived_all' && before === 'count_columns')) {
        bad(file, `${role}: ${name} is already in ${before} (a column has one role: count, dimension, derived or public)`);
      }
      seen.set(name, before ?? role);
    }
  }
  const dims = new Set(d.dimensions);
  for (const [key, map] of [['totals', d.totals], ['outside', d.outside]] as const) {
    for (const dim of Object.keys(map)) if (!dims.has(dim)) bad(file, `disclosure.${key}: ${dim} is not one of the dimensions`);
  }
  for (const [dim, total] of Object.entries(d.totals)) {
    if (d.outside[dim]?.includes(total)) bad(file, `disclosure.outside: ${total} is the total row of ${dim}`);
  }
  if (d.reference) {
    for (const [dim, value] of Object.entries(d.reference.row)) {
      if (!dims.has(dim)) bad(file, `disclosure.reference.row: ${dim} is not one of the dimensions`);
      const param = value.startsWith('$') ? value.slice(1) : null;
      if (param !== null && !h.parameters.some((p) => p.name === param && (p.type === 'enum' || p.type === 'text'))) {
        bad(file, `disclosure.reference.row: $${param} is not an enum or text parameter of this entry`);
      }
    }
    for (const c of d.reference.columns) {
      if (!d.derived.includes(c)) bad(file, `disclosure.reference.columns: ${c} must also be in derived (it follows its own row's counts too)`);
    }
  }
  return {
    dimensions: d.dimensions,
    totals: d.totals,
    outside: d.outside,
    derived: d.derived,
    derivedAll: d.derived_all,
    ...(d.reference ? { reference: d.reference } : {}),
    public: d.public,
  };
}

/** Parameter definitions entries share (queries/parameters.yaml), by key. */
export type SharedParams = Readonly<Record<string, unknown>>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Puts each `- use: <key>` item of the header's parameters in place of its shared definition. */
function expandUses(file: string, raw: unknown, shared: SharedParams): unknown {
  if (!isRecord(raw) || !Array.isArray(raw.parameters)) return raw;
  const parameters = raw.parameters.map((p: unknown, i) => {
    if (!isRecord(p) || !('use' in p)) return p;
    const key = p.use;
    if (Object.keys(p).length !== 1 || typeof key !== 'string') bad(file, `parameters.${i}: write "- use: <key>" alone`);
    if (!Object.hasOwn(shared, key)) {
      bad(file, `parameters.${i}: use: ${key} is not a shared parameter (known: ${Object.keys(shared).join(', ') || 'none'})`);
    }
    return structuredClone(shared[key]);
  });
  return { ...raw, parameters };
}

export function parseEntry(file: string, text: string, macros: Macro[], shared: SharedParams = {}): LibraryEntry {
  const { yaml, definition, sql } = splitEntryFile(file, text);
  let raw: unknown;
  try {
    raw = expandUses(file, parse(yaml), shared);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    bad(file, `the YAML header does not parse: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = Header.safeParse(raw);
  if (!parsed.success) bad(file, zodWhy(parsed.error));
  const h = parsed.data;
  if (`${h.id}.sql` !== basename(file)) bad(file, `id: ${h.id} does not match the file name`);
  checkTables(file, h);
  checkParams(file, h.parameters, new Set(h.tables.map((t) => t.table)));
  const declared = new Set(h.parameters.map((p) => p.name));
  for (const used of sqlParameters(sql)) {
    if (!declared.has(used)) bad(file, `the SQL uses $${used}, which is not a declared parameter`);
  }
  const disclosure = checkDisclosure(file, h);
  return {
    id: h.id,
    file,
    title: h.title,
    description: h.description,
    theme: h.theme,
    version: h.version,
    definition,
    params: h.parameters,
    tables: h.tables,
    chart: h.chart,
    countColumns: h.count_columns,
    rowLevel: h.row_level,
    ...(disclosure ? { disclosure } : {}),
    sql,
    macros,
  };
}

/** A macro file may only define TEMP macros: it runs on every query connection. */
const TABLE_MACRO = /^CREATE\s+(?:OR\s+REPLACE\s+)?TEMP(?:ORARY)?\s+MACRO\s+([a-z_][a-z0-9_]*)\s*\([^)]*\)\s+AS\s+TABLE\s+([\s\S]+)$/i;

/** Checks a macro file: CREATE TEMP MACRO statements only; a table macro alone in its file. */
export function checkMacroFile(file: string, sql: string): Macro['table'] {
  const code = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  const statements = code
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!statements.length) bad(file, 'defines no macro');
  for (const s of statements) {
    if (!/^CREATE\s+(OR\s+REPLACE\s+)?TEMP(ORARY)?\s+MACRO\s/i.test(s)) {
      bad(file, `only CREATE TEMP MACRO statements are allowed (found: ${s.slice(0, 40)}…)`);
    }
  }
  const tables = statements.map((s) => TABLE_MACRO.exec(s)).filter((m) => m !== null);
  if (tables.length === 0) return undefined;
  if (statements.length > 1) bad(file, 'a table macro (AS TABLE) must be the only macro in its file');
  const [, name, select] = tables[0]!;
  return { name: name!.toLowerCase(), select: select! };
}

export async function loadMacros(dir: string): Promise<Macro[]> {
  let names: string[];
  try {
    names = (await readdir(join(dir, MACRO_DIR))).filter((n) => n.endsWith('.sql')).sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name) => {
      const file = join(dir, MACRO_DIR, name);
      const sql = await readFile(file, 'utf8');
      const table = checkMacroFile(file, sql);
      return table ? { file: name, sql, table } : { file: name, sql };
    }),
  );
}

const SHARED_PARAMS_FILE = 'parameters.yaml';

/** queries/parameters.yaml: a mapping of key → parameter definition (none when the file is absent). */
export async function loadSharedParams(dir: string): Promise<SharedParams> {
  const file = join(dir, SHARED_PARAMS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    bad(file, `does not parse: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(raw)) bad(file, 'must map each key to a parameter definition');
  return raw;
}

export async function loadLibrary(dir: string): Promise<LibraryEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  } catch {
    throw new EngineError('internal', `query library folder not found: ${dir}`);
  }
  const macros = await loadMacros(dir);
  const shared = await loadSharedParams(dir);
  const entries: LibraryEntry[] = [];
  for (const name of names) {
    const file = join(dir, name);
    entries.push(parseEntry(file, await readFile(file, 'utf8'), macros, shared));
  }
  return entries;
}

export function toSummary(e: LibraryEntry): QuerySummary {
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    theme: e.theme,
    version: e.version,
    definition: e.definition,
    params: e.params.map((p) => ({
      name: p.name,
      type: p.type,
      label: p.label,
      description: p.description,
      default: p.default,
      required: p.required,
      ...(p.options ? { options: p.options } : {}),
      ...(p.min !== undefined ? { min: p.min } : {}),
      ...(p.max !== undefined ? { max: p.max } : {}),
    })),
    chart: e.chart,
    countColumns: e.countColumns,
    rowLevel: e.rowLevel,
    sql: e.sql,
    origin: 'app',
  };
}
