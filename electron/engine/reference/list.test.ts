import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalTable, type CanonicalTable } from '../canonical/tables.js';
import { readerRows } from '../db/cells.js';
import { importCanonicalCsv } from '../import/index.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { readCatalogue } from './catalogue.js';
import { listReferenceSources } from './list.js';
import { loadReferenceTables, referenceDataDir } from './load.js';

const tmp = mkdtempSync(join(tmpdir(), 'sv-ref-list-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const table = (name: string): CanonicalTable => {
  const t = canonicalTable(name);
  if (!t) throw new Error(name);
  return t;
};
const OGL = 'Contains public sector information licensed under the Open Government Licence v3.0.';

// An analyst's own IMD extract, imported through the same commit path as any replacement.
const MY_IMD = 'lsoa_code,lad_code,imd_rank,imd_decile,population\nE01005000,E08000003,1,1,1500\nE01005001,E08000003,2,1,1600\n';

describe('listReferenceSources and loadReferenceTables on one workspace, step by step', () => {
  let ws: Workspace;
  const rows = async (sql: string) => readerRows(await ws.conn.runAndReadAll(sql));
  beforeAll(async () => {
    ws = await openWorkspace(join(tmp, 'ws'), { inMemory: true });
  });
  afterAll(() => ws.close());

  it('lists nothing in a workspace without reference tables', async () => {
    expect(await listReferenceSources(ws)).toEqual([]);
  });

  it('loads only the tables a partial workspace lacks, leaving the one it has', async () => {
    await importCanonicalCsv(ws, join(referenceDataDir(), 'imd.csv'), table('imd'));
    const imdBefore = await rows("SELECT imported_at FROM _sv_tables WHERE name = 'imd'");
    expect(await loadReferenceTables(ws)).toEqual(['area_lookup', 'imd2025', 'lsoa_lookup', 'population', 'population_ethnicity']);
    expect(await rows("SELECT imported_at FROM _sv_tables WHERE name = 'imd'")).toEqual(imdBefore);
  });

  it('lists every shipped table with its sources, licence, attribution, rows and hash', async () => {
    const dir = referenceDataDir();
    const catalogue = readCatalogue();
    const list = await listReferenceSources(ws);
    expect(list.map((s) => [s.table, s.origin, s.rowCount])).toEqual([
      ['population', 'shipped', 70434],
      ['imd', 'shipped', 32844], // the shipped file imported by hand is still the shipped table
      ['imd2025', 'shipped', 33755],
      ['population_ethnicity', 'shipped', 1655],
      ['lsoa_lookup', 'shipped', 35795],
      ['area_lookup', 'shipped', 318],
    ]);
    for (const s of list) {
      const entry = catalogue.files.find((f) => f.table === s.table);
      expect(s).toEqual({
        table: s.table,
        title: entry?.title,
        publisher: entry?.publisher,
        year: entry?.year,
        licence: 'Open Government Licence v3.0',
        attribution: entry?.attribution,
        caveats: entry?.caveats,
        rowCount: entry?.rows,
        origin: 'shipped',
        fileName: `${s.table}.csv`,
        sha256: sha256(join(dir, `${s.table}.csv`)),
      });
      expect(s.attribution.startsWith(OGL)).toBe(true);
      expect(s.caveats.length).toBeGreaterThan(0);
    }
    const lookup = list.find((s) => s.table === 'area_lookup');
    expect(lookup?.publisher).toBe('Office for National Statistics (Open Geography Portal)');
    expect(lookup?.attribution).toBe(`${OGL} Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right 2024.`);
    expect(list.find((s) => s.table === 'population_ethnicity')?.caveats[0]).toMatch(/^All ages and both sexes only/);
  });

  it("shows the analyst's replacement as replaced, named by its file, even when it has the shipped name", async () => {
    const mine = join(tmp, 'imd.csv');
    writeFileSync(mine, MY_IMD);
    await importCanonicalCsv(ws, mine, table('imd'));
    const imd = (await listReferenceSources(ws)).find((s) => s.table === 'imd');
    expect(imd).toEqual({
      table: 'imd',
      title: table('imd').description,
      publisher: 'Supplied by the analyst',
      year: '',
      licence: 'Not recorded: check the terms of the file it came from',
      attribution: '',
      caveats: [
        `Imported from imd.csv on ${new Date().toISOString().slice(0, 10)}; the sources, licence and caveats of the table shipped with the app do not apply to it.`,
      ],
      rowCount: 2,
      origin: 'replaced',
      fileName: 'imd.csv',
      sha256: sha256(mine),
    });
  });

  it('never overwrites the replacement when called again', async () => {
    expect(await loadReferenceTables(ws)).toEqual([]);
    expect(await rows('SELECT lsoa_code, imd_rank FROM imd ORDER BY 1')).toEqual([
      { lsoa_code: 'E01005000', imd_rank: 1 },
      { lsoa_code: 'E01005001', imd_rank: 2 },
    ]);
    expect((await listReferenceSources(ws)).filter((s) => s.origin === 'replaced').map((s) => s.table)).toEqual(['imd']);
  });

  it('lists a reference table the app does not ship (harm_weights) as the analyst’s', async () => {
    const weights = join(tmp, 'css-weights.csv');
    writeFileSync(weights, 'offence_type,offence_code,weight,scheme\nHomicide,1,7000,CSS\n');
    await importCanonicalCsv(ws, weights, table('harm_weights'));
    const harm = (await listReferenceSources(ws)).at(-1);
    expect(harm).toMatchObject({ table: 'harm_weights', origin: 'replaced', rowCount: 1, fileName: 'css-weights.csv', sha256: sha256(weights) });
  });

  it('restores the shipped tables with overwrite, dropping the replacement and its rejects', async () => {
    const bad = join(tmp, 'imd-bad.csv');
    writeFileSync(bad, `${MY_IMD}E01005002,E08000003,third,1,1700\n`);
    const result = await importCanonicalCsv(ws, bad, table('imd'));
    expect(result.rejectsTable).toBe('imd__rejects');
    expect(await loadReferenceTables(ws, referenceDataDir(), { overwrite: true })).toEqual([
      'area_lookup', 'imd', 'imd2025', 'lsoa_lookup', 'population', 'population_ethnicity',
    ]);
    expect(await rows('SELECT name FROM _sv_tables ORDER BY name')).toEqual(
      ['area_lookup', 'harm_weights', 'imd', 'imd2025', 'lsoa_lookup', 'population', 'population_ethnicity'].map((name) => ({ name })),
    );
    expect(await rows("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'imd__rejects'")).toEqual([{ n: 0 }]);
    const list = await listReferenceSources(ws);
    expect(list.map((s) => [s.table, s.origin])).toEqual([
      ['population', 'shipped'],
      ['imd', 'shipped'],
      ['imd2025', 'shipped'],
      ['population_ethnicity', 'shipped'],
      ['lsoa_lookup', 'shipped'],
      ['area_lookup', 'shipped'],
      ['harm_weights', 'replaced'],
    ]);
    expect(list.find((s) => s.table === 'imd')?.rowCount).toBe(32844);
  });
});

describe('listReferenceSources with another data folder', () => {
  it('calls a table replaced when its recorded hash is not the shipped file’s, and needs sources.json', async () => {
    const dir = mkdtempSync(join(tmp, 'data-'));
    const ws = await openWorkspace(join(tmp, 'ws-other'), { inMemory: true });
    try {
      copyFileSync(join(referenceDataDir(), 'area_lookup.csv'), join(dir, 'area_lookup.csv'));
      expect(await loadReferenceTables(ws, dir)).toEqual(['area_lookup']);
      await expect(listReferenceSources(ws, dir)).rejects.toThrow(/sources\.json: cannot read the reference catalogue/);
      copyFileSync(join(referenceDataDir(), 'sources.json'), join(dir, 'sources.json'));
      expect((await listReferenceSources(ws, dir)).map((s) => [s.table, s.origin])).toEqual([['area_lookup', 'shipped']]);
      // The same table, recorded with another hash (e.g. an older release of the app's file).
      await ws.conn.run("UPDATE _sv_tables SET source_sha256 = 'feed' WHERE name = 'area_lookup'");
      expect((await listReferenceSources(ws, dir)).map((s) => [s.table, s.origin, s.sha256])).toEqual([['area_lookup', 'replaced', 'feed']]);
    } finally {
      ws.close();
    }
  });
});
