import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { loadReferenceTables, referenceDataDir, shippedTables } from './load.js';

const tmp = mkdtempSync(join(tmpdir(), 'sv-ref-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function rows(ws: Workspace, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await ws.conn.runAndReadAll(sql);
  return reader.getRowObjects().map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
  );
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('loadReferenceTables', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await openWorkspace(join(tmp, 'ws'), { inMemory: true });
    await loadReferenceTables(ws);
  });
  afterAll(() => ws.close());

  it('finds the shipped CSVs beside the module', () => {
    expect(readdirSync(referenceDataDir()).sort()).toEqual(['SOURCES.md', 'imd.csv', 'population.csv', 'sources.json']);
    expect(shippedTables().map((t) => t.table.name)).toEqual(['imd', 'population']);
  });

  it('creates population typed as the canonical model, with every source row', async () => {
    const types = await rows(ws, "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'population' ORDER BY ordinal_position");
    expect(types).toEqual([
      { column_name: 'area', data_type: 'VARCHAR', is_nullable: 'NO' },
      { column_name: 'year', data_type: 'INTEGER', is_nullable: 'NO' },
      { column_name: 'sex', data_type: 'VARCHAR', is_nullable: 'NO' },
      { column_name: 'age', data_type: 'INTEGER', is_nullable: 'NO' },
      { column_name: 'ethnicity', data_type: 'VARCHAR', is_nullable: 'YES' },
      { column_name: 'population', data_type: 'DOUBLE', is_nullable: 'NO' },
    ]);
    // 374 LADs × 2 × 91 (mid-2020) + 10 GM × 2 × 91 (Census 2021) + Trafford 3 years × 2 × 91.
    expect(await rows(ws, 'SELECT year, count(*) AS n FROM population GROUP BY year ORDER BY year')).toEqual([
      { year: 2020, n: 68068 },
      { year: 2021, n: 1820 },
      { year: 2022, n: 182 },
      { year: 2023, n: 182 },
      { year: 2024, n: 182 },
    ]);
    expect(
      await rows(ws, `SELECT sum(population) AS total, count(ethnicity) AS with_ethnicity, min(age) AS lo, max(age) AS hi,
                       string_agg(DISTINCT sex, ',' ORDER BY sex) AS sexes
                     FROM population WHERE area = 'E08000003' AND year = 2021`),
    ).toEqual([{ total: 551944, with_ethnicity: 0, lo: 0, hi: 90, sexes: 'F,M' }]);
    // The mid-2020 file sums to the UK total (README cross-check).
    expect(await rows(ws, 'SELECT sum(population) AS uk FROM population WHERE year = 2020')).toEqual([{ uk: 67081234 }]);
  });

  it('creates imd with every English LSOA 2011 and Manchester as the IoD2019 has it', async () => {
    expect(await rows(ws, 'SELECT count(*) AS n, count(DISTINCT lsoa_code) AS lsoas, min(imd_rank) AS lo, max(imd_rank) AS hi FROM imd')).toEqual([
      { n: 32844, lsoas: 32844, lo: 1, hi: 32844 },
    ]);
    // 122 of Manchester's 282 LSOAs (43%) are in the most deprived decile nationally.
    expect(
      await rows(ws, "SELECT count(*) AS n, count(*) FILTER (WHERE imd_decile = 1) AS d1 FROM imd WHERE lad_code = 'E08000003'"),
    ).toEqual([{ n: 282, d1: 122 }]);
    expect(await rows(ws, "SELECT imd_rank, imd_decile, population FROM imd WHERE lsoa_code = 'E01000001'")).toEqual([
      { imd_rank: 29199, imd_decile: 9, population: 1296 },
    ]);
  });

  it('registers both as reference tables with the shipped file and its hash', async () => {
    const dir = referenceDataDir();
    expect(
      await rows(ws, 'SELECT name, kind, source_name, source_sha256, source_bytes, rows_loaded, rows_rejected, imported_at IS NOT NULL AS dated FROM _sv_tables ORDER BY name'),
    ).toEqual([
      {
        name: 'imd', kind: 'reference', source_name: 'imd.csv', source_sha256: sha256(join(dir, 'imd.csv')),
        source_bytes: readFileSync(join(dir, 'imd.csv')).length, rows_loaded: 32844, rows_rejected: 0, dated: true,
      },
      {
        name: 'population', kind: 'reference', source_name: 'population.csv', source_sha256: sha256(join(dir, 'population.csv')),
        source_bytes: readFileSync(join(dir, 'population.csv')).length, rows_loaded: 70434, rows_rejected: 0, dated: true,
      },
    ]);
  });

  it('leaves nothing behind in staging and can be run again (tables replaced, not doubled)', async () => {
    expect(readdirSync(ws.stagingDir)).toEqual([]);
    await loadReferenceTables(ws);
    expect(await rows(ws, 'SELECT (SELECT count(*) FROM population) AS p, (SELECT count(*) FROM imd) AS i, (SELECT count(*) FROM _sv_tables) AS t')).toEqual([
      { p: 70434, i: 32844, t: 2 },
    ]);
  });

  it('matches the hashes recorded in sources.json', () => {
    const sources = JSON.parse(readFileSync(join(referenceDataDir(), 'sources.json'), 'utf8')) as {
      attribution: string;
      files: { file: string; sha256: string; rows: number }[];
    };
    expect(sources.attribution).toBe('Contains public sector information licensed under the Open Government Licence v3.0.');
    for (const f of sources.files) expect(f.sha256).toBe(sha256(join(referenceDataDir(), f.file)));
    expect(sources.files.map((f) => [f.file, f.rows])).toEqual([
      ['population.csv', 70434],
      ['imd.csv', 32844],
    ]);
  });
});

describe('loadReferenceTables on a broken folder', () => {
  it('loads all or nothing: a bad population.csv leaves no imd table and no metadata', async () => {
    const dir = join(tmp, 'broken');
    const ws = await openWorkspace(join(tmp, 'ws-broken'), { inMemory: true });
    try {
      // The good imd.csv (loaded first), then a population.csv with a non-numeric age.
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(referenceDataDir(), 'imd.csv'), join(dir, 'imd.csv'));
      writeFileSync(join(dir, 'population.csv'), 'area,year,sex,age,ethnicity,population\nE08000003,2021,M,ninety,,5\n');
      await expect(loadReferenceTables(ws, dir)).rejects.toThrow(/ninety|convert|cast/i);
      expect(await rows(ws, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name IN ('imd', 'population')")).toEqual([{ n: 0 }]);
      expect(await rows(ws, 'SELECT count(*) AS n FROM _sv_tables')).toEqual([{ n: 0 }]);
      expect(readdirSync(ws.stagingDir)).toEqual([]);
    } finally {
      ws.close();
    }
  });

  it('refuses a CSV whose header is not the canonical columns', () => {
    const dir = join(tmp, 'bad-header');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'imd.csv'), 'lsoa11_code,lad_code,imd_rank,imd_decile,population\n');
    expect(() => shippedTables(dir)).toThrow(/imd\.csv: header lsoa11_code/);
  });
});
