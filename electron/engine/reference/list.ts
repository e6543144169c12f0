import type { ReferenceSource } from '../../contract/index.js';
import { canonicalTables } from '../canonical/tables.js';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import type { Workspace } from '../workspace/workspace.js';
import { readCatalogue, type Catalogue } from './catalogue.js';
import { isShippedRecord, shippedTables } from './load.js';
import { referenceDataDir } from './paths.js';

interface Present {
  table: string;
  sourceName: string | null;
  sha256: string | null;
  importedAt: string | null;
}

const referenceNames = canonicalTables.filter((t) => t.kind === 'reference').map((t) => t.name);

/**
 * Every reference table the workspace holds, in canonical order, with where it comes from:
 * the shipped table's sources, licence and caveats (sources.json), or, once the analyst has
 * replaced it (or supplied one the app does not ship, such as harm_weights), their file. The
 * shipped sources are not shown for a replacement: they no longer describe its numbers.
 */
export async function listReferenceSources(ws: Workspace, dir: string = referenceDataDir()): Promise<ReferenceSource[]> {
  const catalogue = readCatalogue(dir);
  const shipped = new Map(shippedTables(dir).map((t) => [t.table.name, t]));
  const reader = await ws.conn.runAndReadAll(
    `SELECT t.table_name AS "table", s.source_name AS "sourceName", s.source_sha256 AS sha256,
            strftime(s.imported_at, '%Y-%m-%d') AS "importedAt"
     FROM information_schema.tables t LEFT JOIN _sv_tables s ON s.name = t.table_name
     WHERE t.table_catalog = current_database() AND t.table_schema = 'main'
       AND t.table_name IN (${referenceNames.map(quoteLiteral).join(', ')})`,
  );
  const present = new Map(
    reader.getRowObjectsJson().map((r): [string, Present] => {
      const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
      return [String(r.table), { table: String(r.table), sourceName: text(r.sourceName), sha256: text(r.sha256), importedAt: text(r.importedAt) }];
    }),
  );
  const out: ReferenceSource[] = [];
  for (const name of referenceNames) {
    const p = present.get(name);
    if (!p) continue;
    const counted = await ws.conn.runAndReadAll(`SELECT count(*) AS n FROM ${quoteIdent(name)}`);
    const rowCount = Number(counted.getRowObjects()[0]?.n ?? 0);
    out.push(
      isShippedRecord(p.sha256, shipped.get(name)) ? shippedSource(catalogue, p, rowCount) : replacedSource(p, rowCount),
    );
  }
  return out;
}

function shippedSource(catalogue: Catalogue, p: Present, rowCount: number): ReferenceSource {
  const entry = catalogue.files.find((f) => f.table === p.table);
  if (!entry) throw new Error(`sources.json does not describe the shipped table ${p.table}`);
  return {
    table: p.table,
    title: entry.title,
    publisher: entry.publisher,
    year: entry.year,
    licence: catalogue.licence.name,
    attribution: entry.attribution,
    caveats: entry.caveats,
    rowCount,
    origin: 'shipped',
    fileName: p.sourceName,
    sha256: p.sha256,
  };
}

function replacedSource(p: Present, rowCount: number): ReferenceSource {
  const description = canonicalTables.find((t) => t.name === p.table)?.description ?? p.table;
  const file = p.sourceName ?? 'a file the workspace did not record';
  return {
    table: p.table,
    title: description,
    publisher: 'Supplied by the analyst',
    year: '',
    licence: 'Not recorded: check the terms of the file it came from',
    attribution: '',
    caveats: [
      `Imported from ${file}${p.importedAt ? ` on ${p.importedAt}` : ''}; the sources, licence and caveats of the table shipped with the app do not apply to it.`,
    ],
    rowCount,
    origin: 'replaced',
    fileName: p.sourceName,
    sha256: p.sha256,
  };
}
