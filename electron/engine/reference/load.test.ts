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

/** Rows per shipped table: the source files' own counts (shared/reference/README.md). */
const ROWS: Record<string, number> = {
  area_lookup: 318, // 332 source rows for 318 LADs: one row per LAD
  imd: 32844,
  imd2025: 33755,
  lsoa_lookup: 35795,
  population: 70434, // 68,068 + 1,820 + 546
  population_ethnicity: 1655, // 331 LADs × 5 broad groups, from 331 × 19 categories
};

const SHIPPED = ['area_lookup', 'imd', 'imd2025', 'lsoa_lookup', 'population', 'population_ethnicity'];

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('loadReferenceTables', () => {
  let ws: Workspace;
  let loaded: string[];
  beforeAll(async () => {
    ws = await openWorkspace(join(tmp, 'ws'), { inMemory: true });
    loaded = await loadReferenceTables(ws);
  });
  afterAll(() => ws.close());

  it('finds the shipped CSVs beside the module', () => {
    expect(readdirSync(referenceDataDir()).sort()).toEqual([
      'SOURCES.md', 'area_lookup.csv', 'imd.csv', 'imd2025.csv', 'lsoa_lookup.csv', 'population.csv', 'population_ethnicity.csv', 'sources.json',
    ]);
    expect(shippedTables().map((t) => t.table.name)).toEqual(SHIPPED);
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

  it('creates imd2025 in the imd shape on LSOA 2021, with no population', async () => {
    expect(
      await rows(ws, 'SELECT count(*) AS n, count(DISTINCT lsoa_code) AS lsoas, min(imd_rank) AS lo, max(imd_rank) AS hi, count(population) AS with_pop FROM imd2025'),
    ).toEqual([{ n: 33755, lsoas: 33755, lo: 1, hi: 33755, with_pop: 0 }]);
    expect(await rows(ws, "SELECT lad_code, imd_rank, imd_decile FROM imd2025 WHERE lsoa_code = 'E01000001'")).toEqual([
      { lad_code: 'E09000001', imd_rank: 26525, imd_decile: 8 },
    ]);
    expect(
      await rows(ws, "SELECT count(*) AS n, count(*) FILTER (WHERE imd_decile = 1) AS d1 FROM imd2025 WHERE lad_code = 'E08000003'"),
    ).toEqual([{ n: 295, d1: 120 }]);
  });

  it('creates population_ethnicity: the 19 census groups summed into the 5 broad ones, nothing lost', async () => {
    expect(
      await rows(ws, `SELECT count(*) AS n, count(DISTINCT area) AS areas, sum(population) AS total,
                        string_agg(DISTINCT ethnicity, ',' ORDER BY ethnicity) AS groups, min(year) AS y0, max(year) AS y1
                      FROM population_ethnicity`),
    ).toEqual([{ n: 1655, areas: 331, total: 59597578, groups: 'Asian,Black,Mixed,Other,White', y0: 2021, y1: 2021 }]);
    // Manchester in TS021: 551,938 usual residents.
    expect(await rows(ws, "SELECT ethnicity, population FROM population_ethnicity WHERE area = 'E08000003' ORDER BY ethnicity")).toEqual([
      { ethnicity: 'Asian', population: 115109 },
      { ethnicity: 'Black', population: 65893 },
      { ethnicity: 'Mixed', population: 29026 },
      { ethnicity: 'Other', population: 28278 },
      { ethnicity: 'White', population: 313632 },
    ]);
  });

  it('creates lsoa_lookup with every LSOA pair and its change code', async () => {
    expect(
      await rows(ws, 'SELECT count(*) AS n, count(DISTINCT lsoa11_code) AS l11, count(DISTINCT lsoa21_code) AS l21, count(DISTINCT (lsoa11_code, lsoa21_code)) AS pairs FROM lsoa_lookup'),
    ).toEqual([{ n: 35795, l11: 34753, l21: 35672, pairs: 35795 }]);
    expect(await rows(ws, 'SELECT change_code, count(*) AS n FROM lsoa_lookup GROUP BY 1 ORDER BY 1')).toEqual([
      { change_code: 'M', n: 239 },
      { change_code: 'S', n: 1900 },
      { change_code: 'U', n: 33647 },
      { change_code: 'X', n: 9 },
    ]);
  });

  it('creates area_lookup with one row per LAD: a LAD split between CSPs has no csp_code and lists them', async () => {
    expect(
      await rows(ws, `SELECT count(*) AS n, count(DISTINCT lad_code) AS lads, count(csp_code) AS with_csp,
                        count(DISTINCT csp_code) AS csps, count(DISTINCT pfa_code) AS forces FROM area_lookup`),
    ).toEqual([{ n: 318, lads: 318, with_csp: 311, csps: 294, forces: 43 }]);
    expect(await rows(ws, 'SELECT lad_code, lad_name, csp_name, pfa_name FROM area_lookup WHERE csp_code IS NULL ORDER BY lad_code')).toEqual([
      { lad_code: 'E06000058', lad_name: 'Bournemouth, Christchurch and Poole', csp_name: 'Bournemouth; Poole; Dorset', pfa_name: 'Dorset' },
      { lad_code: 'E06000060', lad_name: 'Buckinghamshire', csp_name: 'Aylesbury Vale; Chiltern; South Bucks; Wycombe', pfa_name: 'Thames Valley' },
      { lad_code: 'E06000061', lad_name: 'North Northamptonshire', csp_name: 'Corby; East Northamptonshire; Kettering; Wellingborough', pfa_name: 'Northamptonshire' },
      { lad_code: 'E06000062', lad_name: 'West Northamptonshire', csp_name: 'Northampton; Daventry and South Northamptonshire', pfa_name: 'Northamptonshire' },
      { lad_code: 'E06000063', lad_name: 'Cumberland', csp_name: 'Allerdale; Carlisle; Copeland', pfa_name: 'Cumbria' },
      { lad_code: 'E06000064', lad_name: 'Westmorland and Furness', csp_name: 'Barrow-in-Furness; Eden; South Lakeland', pfa_name: 'Cumbria' },
      { lad_code: 'E07000244', lad_name: 'East Suffolk', csp_name: 'Suffolk Coastal; Waveney', pfa_name: 'Suffolk' },
    ]);
    // Each Greater Manchester district is its own CSP in the GMP force area.
    expect(
      await rows(ws, "SELECT lad_code, csp_code, csp_name FROM area_lookup WHERE pfa_code = 'E23000005' AND pfa_name = 'Greater Manchester' ORDER BY lad_code"),
    ).toEqual(
      ['Bolton', 'Bury', 'Manchester', 'Oldham', 'Rochdale', 'Salford', 'Stockport', 'Tameside', 'Trafford', 'Wigan'].map((name, i) => ({
        lad_code: `E08${String(i + 1).padStart(6, '0')}`,
        csp_code: `E22${String(99 + i).padStart(6, '0')}`,
        csp_name: name,
      })),
    );
  });

  it('registers every table as reference with the shipped file, its hash and its rows', async () => {
    const dir = referenceDataDir();
    const expected = Object.entries(ROWS).map(([name, rowsLoaded]) => {
      const file = join(dir, `${name}.csv`);
      return {
        name, kind: 'reference', source_name: `${name}.csv`, source_sha256: sha256(file),
        source_bytes: readFileSync(file).length, rows_loaded: rowsLoaded, rows_rejected: 0, dated: true,
      };
    });
    expect(
      await rows(ws, 'SELECT name, kind, source_name, source_sha256, source_bytes, rows_loaded, rows_rejected, imported_at IS NOT NULL AS dated FROM _sv_tables ORDER BY name'),
    ).toEqual(expected);
    expect(loaded).toEqual(SHIPPED);
  });

  it('leaves nothing behind in staging, and a second call loads nothing and changes nothing', async () => {
    expect(readdirSync(ws.stagingDir)).toEqual([]);
    const before = await rows(ws, 'SELECT name, imported_at FROM _sv_tables ORDER BY name');
    expect(await loadReferenceTables(ws)).toEqual([]);
    expect(await rows(ws, 'SELECT name, imported_at FROM _sv_tables ORDER BY name')).toEqual(before);
    expect(await rows(ws, 'SELECT (SELECT count(*) FROM population) AS p, (SELECT count(*) FROM imd) AS i, (SELECT count(*) FROM _sv_tables) AS t')).toEqual([
      { p: 70434, i: 32844, t: 6 },
    ]);
    expect(readdirSync(ws.stagingDir)).toEqual([]);
  });

  it('matches the hashes recorded in sources.json', () => {
    const sources = JSON.parse(readFileSync(join(referenceDataDir(), 'sources.json'), 'utf8')) as {
      attribution: string;
      files: { file: string; sha256: string; rows: number }[];
    };
    expect(sources.attribution).toBe('Contains public sector information licensed under the Open Government Licence v3.0.');
    for (const f of sources.files) expect(f.sha256).toBe(sha256(join(referenceDataDir(), f.file)));
    expect(Object.fromEntries(sources.files.map((f) => [f.file.replace(/\.csv$/, ''), f.rows]))).toEqual(ROWS);
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
