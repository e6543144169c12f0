/**
 * Rebuilds the reference tables shipped with the app (electron/engine/reference/data/) from the
 * offline copies of the official releases in shared/reference/. Reshaping only: rename, wide→long
 * codes, filter; no number is estimated. The output is committed, so it must be byte-stable:
 * every file is written in a fixed order.
 *
 *   npx tsx scripts/build-reference.ts [sourceDir] [outDir]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../electron/engine/db/sql.js';

const here = dirname(fileURLToPath(import.meta.url));
export const defaultSourceDir = resolve(here, '../../shared/reference');
export const defaultOutDir = resolve(here, '../electron/engine/reference/data');

export const OGL_ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0.';
const OGL = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
};

interface SourceFile {
  file: string;
  title: string;
  publisher: string;
  year: string;
  url: string | null;
  /** How the repository that re-published it was reached (repository @ commit, path). */
  via: string;
}

export interface ShippedFile {
  file: string;
  table: 'population' | 'imd';
  description: string;
  columns: string[];
  sources: SourceFile[];
  caveats: string[];
}

/** Attribution as data, written to sources.json so the app can show it (SOURCES.md says the same in prose). */
export const shippedFiles: ShippedFile[] = [
  {
    file: 'population.csv',
    table: 'population',
    description:
      'Usual-resident population by local authority (LA code) × year × sex × single year of age (90 = 90 and over), all ethnicities.',
    columns: ['area', 'year', 'sex', 'age', 'ethnicity', 'population'],
    sources: [
      {
        file: 'population_lad_age_sex.csv',
        title: 'Population estimates for the UK, England and Wales, Scotland and Northern Ireland: mid-2020 (MYE2, April 2021 boundaries)',
        publisher: 'Office for National Statistics',
        year: '2020',
        url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates',
        via: 'opensafely/representativeness @ beed9966e2b6947c6d2b5658c71a95221addd30e, data/ukpopestimatesmid2020on2021geography.xls',
      },
      {
        file: 'population_lad_age_sex_census2021_gm.csv',
        title: 'Census 2021: usual residents by sex and single year of age (TS009), Greater Manchester local authorities',
        publisher: 'Office for National Statistics',
        year: '2021',
        url: 'https://www.ons.gov.uk/census',
        via: 'traffordDataLab/open_data @ a33a7d94948399556302a5c2a2d1cbf4ce4878aa, census2021/population/2021_population_by_sex_and_age_la_gm.csv',
      },
      {
        file: 'population_trafford_age_sex_mye.csv',
        title: 'Mid-year population estimates, mid-2022, mid-2023 and mid-2024 (Census-2021-based), Trafford',
        publisher: 'Office for National Statistics',
        year: '2022-2024',
        url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates',
        via: 'traffordDataLab/open_data @ a33a7d94948399556302a5c2a2d1cbf4ce4878aa, population/mid_year_2022..2024/',
      },
    ],
    caveats: [
      'Year 2020: original ONS mid-2020 estimates for all 374 UK local authorities (April 2021 boundaries), rolled forward from the 2011 Census; ONS later revised them after Census 2021 and the revised series is not included.',
      'Year 2021: Census 2021 (Census Day 21 March 2021), the 10 Greater Manchester authorities only. Cell-key perturbation means single-age cells sum slightly differently from published totals (Manchester sums to 551,944 against 551,938 in TS021).',
      'Years 2022-2024: Trafford (E08000009) only. No other authority has post-2021 figures here, so rates for other areas use the latest earlier year (2021 for Greater Manchester, 2020 elsewhere).',
      'No ethnicity breakdown: every row has a blank ethnicity (all ethnicities). Ethnicity × age population (e.g. Census 2021 RM032) was not available offline, so disproportionality by age range needs a population table the analyst supplies.',
      'Sex is M/F only, as published.',
    ],
  },
  {
    file: 'imd.csv',
    table: 'imd',
    description:
      'English Indices of Deprivation 2019: Index of Multiple Deprivation rank and decile per LSOA (2011 boundaries), with the mid-2015 population denominator.',
    columns: ['lsoa_code', 'lad_code', 'imd_rank', 'imd_decile', 'population'],
    sources: [
      {
        file: 'imd2019_lsoa11.csv',
        title: 'English Indices of Deprivation 2019 (File 1: IMD; File 6: population denominators)',
        publisher: 'Ministry of Housing, Communities & Local Government',
        year: '2019',
        url: 'https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019',
        via: 'anetobradley/energy_flex @ 709f2f8b79a86e273a86f6c7324f4fc2b1aeeefd, 02-EnergyModel/Energy_Intensity_Analysis/data/imd/',
      },
    ],
    caveats: [
      'England only, LSOA 2011 boundaries (32,844 LSOAs). Police extracts coded to LSOA 2021 need the ONS LSOA11→LSOA21 lookup first.',
      'lad_code is the 2019 local authority; imd_rank 1 = most deprived in England, imd_decile 1 = most deprived 10%.',
      'population is the mid-2015 estimate excluding prisoners that IoD2019 used as its denominator, not a current population.',
      'IMD scores are not included (only ranks and deciles were available offline).',
    ],
  },
];

/** Columns typed and renamed in SQL; DuckDB reads the quoted names ("Bristol, City of") correctly. */
function populationSql(src: string): string {
  const part = (file: string) => `
    SELECT lad_code AS area, CAST(year AS INTEGER) AS year,
           CASE sex WHEN 'male' THEN 'M' WHEN 'female' THEN 'F' END AS sex,
           CASE WHEN age = '90+' THEN 90 ELSE CAST(age AS INTEGER) END AS age,
           CAST(NULL AS VARCHAR) AS ethnicity,
           CAST(population AS BIGINT) AS population
    FROM read_csv(${quoteLiteral(join(src, file))}, header = true, all_varchar = true)`;
  return `
    SELECT * FROM (
      ${part('population_lad_age_sex.csv')}
      UNION ALL ${part('population_lad_age_sex_census2021_gm.csv')}
      UNION ALL ${part('population_trafford_age_sex_mye.csv')}
    ) ORDER BY area, year, sex, age`;
}

function imdSql(src: string): string {
  return `
    SELECT lsoa11_code AS lsoa_code, lad_code,
           CAST(imd_rank AS INTEGER) AS imd_rank, CAST(imd_decile AS INTEGER) AS imd_decile,
           CAST(population_mid2015 AS BIGINT) AS population
    FROM read_csv(${quoteLiteral(join(src, 'imd2019_lsoa11.csv'))}, header = true, all_varchar = true)
    ORDER BY lsoa_code`;
}

async function copyCsv(conn: DuckDBConnection, select: string, out: string): Promise<void> {
  await conn.run(`COPY (${select}) TO ${quoteLiteral(out)} (FORMAT csv, HEADER true)`);
}

/** Every source row must have become an output row with a value: a failed cast would be a silent NULL. */
async function assertComplete(conn: DuckDBConnection, out: string, notNull: string[]): Promise<number> {
  const checks = notNull.map((c) => `count(*) FILTER (WHERE ${c} IS NULL)`).join(' + ');
  const reader = await conn.runAndReadAll(
    `SELECT count(*) AS n, ${checks} AS nulls FROM read_csv(${quoteLiteral(out)}, header = true)`,
  );
  const row = reader.getRowObjects()[0];
  if (!row || Number(row.nulls) !== 0) throw new Error(`${out}: ${String(row?.nulls)} required values are blank`);
  return Number(row.n);
}

export const sha256File = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

export async function buildReference(sourceDir = defaultSourceDir, outDir = defaultOutDir): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const popOut = join(outDir, 'population.csv');
    const imdOut = join(outDir, 'imd.csv');
    await copyCsv(conn, populationSql(sourceDir), popOut);
    await copyCsv(conn, imdSql(sourceDir), imdOut);
    const rows: Record<string, number> = {
      'population.csv': await assertComplete(conn, popOut, ['area', 'year', 'sex', 'age', 'population']),
      'imd.csv': await assertComplete(conn, imdOut, ['lsoa_code', 'lad_code', 'imd_rank', 'imd_decile', 'population']),
    };
    const sources = {
      licence: OGL,
      attribution: OGL_ATTRIBUTION,
      files: shippedFiles.map((f) => ({
        ...f,
        rows: rows[f.file],
        sha256: sha256File(join(outDir, f.file)),
      })),
    };
    writeFileSync(join(outDir, 'sources.json'), `${JSON.stringify(sources, null, 2)}\n`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [src, out] = process.argv.slice(2);
  buildReference(src ? resolve(src) : undefined, out ? resolve(out) : undefined).then(
    () => console.log(`reference tables written to ${out ?? defaultOutDir}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
