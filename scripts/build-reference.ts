/**
 * Rebuilds the reference tables shipped with the app (electron/engine/reference/data/) from the
 * offline copies of the official releases in shared/reference/. Reshaping only: rename, recode,
 * filter, one row per LA, census categories summed into broad groups; no number is estimated. The output is committed, so it must be byte-stable:
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

export type ShippedTableName = 'population' | 'population_ethnicity' | 'imd' | 'imd2025' | 'lsoa_lookup' | 'area_lookup';

export interface ShippedFile {
  file: string;
  table: ShippedTableName;
  /** One line for the app's list of reference tables. */
  title: string;
  publisher: string;
  year: string;
  /** What must be shown wherever results built on the table are published. */
  attribution: string;
  description: string;
  columns: string[];
  sources: SourceFile[];
  caveats: string[];
}

const ONS = 'Office for National Statistics';
const MHCLG = 'Ministry of Housing, Communities & Local Government';
const GEOPORTAL = 'Office for National Statistics (Open Geography Portal)';
/** ONS geography products carry an OS copyright line as well as the OGL one. */
const geographyAttribution = (year: string) =>
  `${OGL_ATTRIBUTION} Source: Office for National Statistics licensed under the Open Government Licence v3.0. ` +
  `Contains OS data © Crown copyright and database right ${year}.`;
const GEOGRAPHR = 'humaniverse/geographr @ c026be5cc76cb576358082b53f1f13d69ab577ae';

/** Attribution as data, written to sources.json so the app can show it (SOURCES.md says the same in prose). */
export const shippedFiles: ShippedFile[] = [
  {
    file: 'population.csv',
    table: 'population',
    title: 'Population by local authority, sex and single year of age',
    publisher: ONS,
    year: '2020-2024',
    attribution: OGL_ATTRIBUTION,
    description:
      'Usual-resident population by local authority (LA code) × year × sex × single year of age (90 = 90 and over), all ethnicities.',
    columns: ['area', 'year', 'sex', 'age', 'ethnicity', 'population'],
    sources: [
      {
        file: 'population_lad_age_sex.csv',
        title: 'Population estimates for the UK, England and Wales, Scotland and Northern Ireland: mid-2020 (MYE2, April 2021 boundaries)',
        publisher: ONS,
        year: '2020',
        url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates',
        via: 'opensafely/representativeness @ beed9966e2b6947c6d2b5658c71a95221addd30e, data/ukpopestimatesmid2020on2021geography.xls',
      },
      {
        file: 'population_lad_age_sex_census2021_gm.csv',
        title: 'Census 2021: usual residents by sex and single year of age (TS009), Greater Manchester local authorities',
        publisher: ONS,
        year: '2021',
        url: 'https://www.ons.gov.uk/census',
        via: 'traffordDataLab/open_data @ a33a7d94948399556302a5c2a2d1cbf4ce4878aa, census2021/population/2021_population_by_sex_and_age_la_gm.csv',
      },
      {
        file: 'population_trafford_age_sex_mye.csv',
        title: 'Mid-year population estimates, mid-2022, mid-2023 and mid-2024 (Census-2021-based), Trafford',
        publisher: ONS,
        year: '2022-2024',
        url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates',
        via: 'traffordDataLab/open_data @ a33a7d94948399556302a5c2a2d1cbf4ce4878aa, population/mid_year_2022..2024/',
      },
    ],
    caveats: [
      'Year 2020: original ONS mid-2020 estimates for all 374 UK local authorities (April 2021 boundaries), rolled forward from the 2011 Census; ONS later revised them after Census 2021 and the revised series is not included.',
      'Year 2021: Census 2021 (Census Day 21 March 2021), the 10 Greater Manchester authorities only. Cell-key perturbation means single-age cells sum slightly differently from published totals (Manchester sums to 551,944 against 551,938 in TS021).',
      'Years 2022-2024: Trafford (E08000009) only. No other authority has post-2021 figures here, so rates for other areas use the latest earlier year (2021 for Greater Manchester, 2020 elsewhere).',
      'No ethnicity breakdown: every row has a blank ethnicity (all ethnicities). All-ages population by ethnicity is the separate table population_ethnicity; ethnicity × age (e.g. Census 2021 RM032, needed for disproportionality of 10-17 year olds) was not available offline, so an age-restricted disproportionality needs a population table with ethnicity rows that the analyst supplies.',
      'Sex is M/F only, as published.',
    ],
  },
  {
    file: 'population_ethnicity.csv',
    table: 'population_ethnicity',
    title: 'Population by local authority and ethnic group (all ages), Census 2021',
    publisher: ONS,
    year: '2021',
    attribution: OGL_ATTRIBUTION,
    description:
      'Usual residents of all ages and both sexes by local authority (LA code, 2021) and ONS 5+1 broad ethnic group (White, Asian, Black, Mixed, Other), Census 2021.',
    columns: ['area', 'year', 'ethnicity', 'population'],
    sources: [
      {
        file: 'ethnicity_lad.csv',
        title: 'Ethnic group, England and Wales: Census 2021 (19 categories by local authority)',
        publisher: ONS,
        year: '2021',
        url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/culturalidentity/ethnicity/bulletins/ethnicgroupenglandandwales/census2021',
        via: 'humaniverse/demographr @ d0417101e5cad5fe1eca059ac60859e9157a29d2, data/ethnicity21_ltla21.rda',
      },
    ],
    caveats: [
      'All ages and both sexes only: Census 2021 ethnicity by age (RM032) was not available offline, so this cannot give the 10-17 population the youth-justice disproportionality default needs.',
      'A separate table, not rows of population: the canonical population table requires sex and single year of age, which these counts do not have.',
      'The 19 census categories are summed into the 5 broad groups; Arab is in Other, as in the ONS 5+1 grouping.',
      'England and Wales only, 331 local authorities on 2021 boundaries (before the April 2023 changes in Cumbria, North Yorkshire and Somerset).',
      'Census 2021 cell-key perturbation applies: groups can sum slightly differently from the published all-persons total.',
    ],
  },
  {
    file: 'imd.csv',
    table: 'imd',
    title: 'English Indices of Deprivation 2019: IMD rank and decile by LSOA (2011)',
    publisher: MHCLG,
    year: '2019',
    attribution: OGL_ATTRIBUTION,
    description:
      'English Indices of Deprivation 2019: Index of Multiple Deprivation rank and decile per LSOA (2011 boundaries), with the mid-2015 population denominator.',
    columns: ['lsoa_code', 'lad_code', 'imd_rank', 'imd_decile', 'population'],
    sources: [
      {
        file: 'imd2019_lsoa11.csv',
        title: 'English Indices of Deprivation 2019 (File 1: IMD; File 6: population denominators)',
        publisher: MHCLG,
        year: '2019',
        url: 'https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019',
        via: 'anetobradley/energy_flex @ 709f2f8b79a86e273a86f6c7324f4fc2b1aeeefd, 02-EnergyModel/Energy_Intensity_Analysis/data/imd/',
      },
    ],
    caveats: [
      'England only, LSOA 2011 boundaries (32,844 LSOAs). Police extracts coded to LSOA 2021 need the ONS LSOA11→LSOA21 lookup (lsoa_lookup) first, or the IoD2025 table imd2025.',
      'lad_code is the 2019 local authority; imd_rank 1 = most deprived in England, imd_decile 1 = most deprived 10%.',
      'population is the mid-2015 estimate excluding prisoners that IoD2019 used as its denominator, not a current population.',
      'IMD scores are not included (only ranks and deciles were available offline).',
    ],
  },
  {
    file: 'imd2025.csv',
    table: 'imd2025',
    title: 'English Indices of Deprivation 2025: IMD rank and decile by LSOA (2021)',
    publisher: MHCLG,
    year: '2025',
    attribution: OGL_ATTRIBUTION,
    description:
      'English Indices of Deprivation 2025: Index of Multiple Deprivation rank and decile per LSOA (2021 boundaries); the same columns as imd, with no population.',
    columns: ['lsoa_code', 'lad_code', 'imd_rank', 'imd_decile', 'population'],
    sources: [
      {
        file: 'imd2025_lsoa21.csv',
        title: 'English Indices of Deprivation 2025 (File 7: ranks, scores and deciles)',
        publisher: MHCLG,
        year: '2025',
        url: 'https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025',
        via: 'humaniverse/IMD @ 2f6c9050afee99a40041eb63b02b6b0c58850704, data/imd2025_england_lsoa21.rda; LAD from humaniverse/geographr @ c026be5cc76cb576358082b53f1f13d69ab577ae, data/lookup_lsoa21_ward24_ltla24.rda',
      },
    ],
    caveats: [
      'England only, LSOA 2021 boundaries (33,755 LSOAs); lad_code is the 2024 local authority.',
      'population is blank: the IoD2025 denominators were not available offline, so a deprivation profile with baseline=population must use imd (IoD2019).',
      'Ranks are relative within England and within one release: do not compare IoD2025 ranks or deciles with IoD2019 ones.',
      'The saved queries read imd (IoD2019 on LSOA 2011), because police extracts commonly carry 2011 LSOAs.',
    ],
  },
  {
    file: 'lsoa_lookup.csv',
    table: 'lsoa_lookup',
    title: 'LSOA (2011) to LSOA (2021) to local authority (December 2022) lookup',
    publisher: GEOPORTAL,
    year: '2022',
    attribution: geographyAttribution('2022'),
    description:
      'One row per LSOA 2011 – LSOA 2021 pair in England and Wales, with how the 2011 LSOA changed (U unchanged, S split, M merged, X redesigned) and the December 2022 local authority.',
    columns: ['lsoa11_code', 'lsoa21_code', 'change_code', 'lad22_code'],
    sources: [
      {
        file: 'lsoa11_lsoa21_lad.csv',
        title: 'LSOA (2011) to LSOA (2021) to Local Authority District (December 2022) Lookup for England and Wales',
        publisher: GEOPORTAL,
        year: '2022',
        url: 'https://geoportal.statistics.gov.uk/',
        via: `${GEOGRAPHR}, data/lookup_lsoa11_lsoa21_ltla22.rda`,
      },
    ],
    caveats: [
      'Many-to-many: a split (S) 2011 LSOA has several rows and a merged (M) 2021 LSOA several too. Joining counts through it without apportioning double-counts them; the lookup carries no population weights.',
      'Codes only; LSOA and local authority names are left out to keep the file small.',
    ],
  },
  {
    file: 'area_lookup.csv',
    table: 'area_lookup',
    title: 'Local authority to Community Safety Partnership to police force area (December 2024)',
    publisher: GEOPORTAL,
    year: '2024',
    attribution: geographyAttribution('2024'),
    description:
      'One row per local authority district (2024) in England and Wales, with its Community Safety Partnership and police force area, codes and names.',
    columns: ['lad_code', 'lad_name', 'csp_code', 'csp_name', 'pfa_code', 'pfa_name'],
    sources: [
      {
        file: 'lad_csp_pfa.csv',
        title: 'LAD to Community Safety Partnership to PFA (December 2024) Lookup in EW',
        publisher: GEOPORTAL,
        year: '2024',
        url: 'https://geoportal.statistics.gov.uk/datasets/ons::lad-to-community-safety-partnership-to-pfa-december-2024-lookup-in-ew',
        via: `${GEOGRAPHR}, data/lookup_ltla24_csp24_pfa24.rda`,
      },
    ],
    caveats: [
      'One row per local authority, so joining population by area never double-counts. Seven authorities are covered by several CSPs that still follow the former districts (Bournemouth, Christchurch and Poole; Buckinghamshire; North and West Northamptonshire; Cumberland; Westmorland and Furness; East Suffolk): for them csp_code is blank and csp_name lists the CSPs, separated by "; ".',
      'A CSP may cover several local authorities (e.g. the Dorset CSP): group by csp_code to get a partnership.',
      'Local authority codes are 2024 ones; population years 2020-2021 use 2021 codes, which differ only in Cumbria, North Yorkshire and Somerset (reorganised April 2023).',
    ],
  },
];

const readSource = (src: string, file: string) =>
  `read_csv(${quoteLiteral(join(src, file))}, header = true, all_varchar = true)`;

/** Columns typed and renamed in SQL; DuckDB reads the quoted names ("Bristol, City of") correctly. */
function populationSql(src: string): string {
  const part = (file: string) => `
    SELECT lad_code AS area, CAST(year AS INTEGER) AS year,
           CASE sex WHEN 'male' THEN 'M' WHEN 'female' THEN 'F' END AS sex,
           CASE WHEN age = '90+' THEN 90 ELSE CAST(age AS INTEGER) END AS age,
           CAST(NULL AS VARCHAR) AS ethnicity,
           CAST(population AS BIGINT) AS population
    FROM ${readSource(src, file)}`;
  return `
    SELECT * FROM (
      ${part('population_lad_age_sex.csv')}
      UNION ALL ${part('population_lad_age_sex_census2021_gm.csv')}
      UNION ALL ${part('population_trafford_age_sex_mye.csv')}
    ) ORDER BY area, year, sex, age`;
}

/** IoD2019 and IoD2025 share the canonical imd shape; IoD2025 has no population denominator. */
function imdSql(src: string): string {
  return `
    SELECT lsoa11_code AS lsoa_code, lad_code,
           CAST(imd_rank AS INTEGER) AS imd_rank, CAST(imd_decile AS INTEGER) AS imd_decile,
           CAST(population_mid2015 AS BIGINT) AS population
    FROM ${readSource(src, 'imd2019_lsoa11.csv')}
    ORDER BY lsoa_code`;
}

function imd2025Sql(src: string): string {
  return `
    SELECT lsoa21_code AS lsoa_code, lad_code,
           CAST(imd_rank AS INTEGER) AS imd_rank, CAST(imd_decile AS INTEGER) AS imd_decile,
           CAST(NULL AS BIGINT) AS population
    FROM ${readSource(src, 'imd2025_lsoa21.csv')}
    ORDER BY lsoa_code`;
}

/**
 * The 19 census categories summed into the ONS 5+1 broad groups, by the part before the colon.
 * A label not listed becomes a blank ethnicity, which assertComplete refuses.
 */
function populationEthnicitySql(src: string): string {
  return `
    SELECT lad_code AS area, 2021 AS year,
           CASE ethnic_group_broad
             WHEN 'White' THEN 'White'
             WHEN 'Asian, Asian British or Asian Welsh' THEN 'Asian'
             WHEN 'Black, Black British, Black Welsh, Caribbean or African' THEN 'Black'
             WHEN 'Mixed or Multiple ethnic groups' THEN 'Mixed'
             WHEN 'Other ethnic group' THEN 'Other'
           END AS ethnicity,
           sum(CAST(population AS BIGINT)) AS population
    FROM ${readSource(src, 'ethnicity_lad.csv')}
    GROUP BY ALL
    ORDER BY area, ethnicity`;
}

function lsoaLookupSql(src: string): string {
  return `
    SELECT lsoa11_code, lsoa21_code, change_code, lad22_code
    FROM ${readSource(src, 'lsoa11_lsoa21_lad.csv')}
    ORDER BY lsoa11_code, lsoa21_code`;
}

/**
 * One row per LAD. A LAD whose area several CSPs still cover (they follow the former districts)
 * has no single CSP: its csp_code is blank and csp_name lists them, so a join on lad_code never
 * doubles a population and a group by csp_code never invents a partnership.
 */
function areaLookupSql(src: string): string {
  return `
    SELECT lad24_code AS lad_code, any_value(lad24_name) AS lad_name,
           CASE WHEN count(*) = 1 THEN any_value(csp24_code) END AS csp_code,
           string_agg(csp24_name, '; ' ORDER BY csp24_code) AS csp_name,
           any_value(pfa24_code) AS pfa_code, any_value(pfa24_name) AS pfa_name
    FROM ${readSource(src, 'lad_csp_pfa.csv')}
    GROUP BY lad24_code
    ORDER BY lad_code`;
}

/** any_value above is only safe if every row of a LAD agrees on its name and police force area. */
async function assertOneForcePerLad(conn: DuckDBConnection, src: string): Promise<void> {
  const reader = await conn.runAndReadAll(`
    SELECT string_agg(lad24_code, ', ') AS lads FROM (
      SELECT lad24_code FROM ${readSource(src, 'lad_csp_pfa.csv')}
      GROUP BY lad24_code
      HAVING count(DISTINCT lad24_name) > 1 OR count(DISTINCT pfa24_code) > 1 OR count(DISTINCT pfa24_name) > 1)`);
  const lads = reader.getRowObjects()[0]?.lads;
  if (lads) throw new Error(`lad_csp_pfa.csv: these LADs have more than one name or police force area: ${String(lads)}`);
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

interface Output {
  file: string;
  sql: (src: string) => string;
  /** Columns that must have a value on every row. */
  notNull: string[];
}

const outputs: Output[] = [
  { file: 'population.csv', sql: populationSql, notNull: ['area', 'year', 'sex', 'age', 'population'] },
  { file: 'population_ethnicity.csv', sql: populationEthnicitySql, notNull: ['area', 'year', 'ethnicity', 'population'] },
  { file: 'imd.csv', sql: imdSql, notNull: ['lsoa_code', 'lad_code', 'imd_rank', 'imd_decile', 'population'] },
  { file: 'imd2025.csv', sql: imd2025Sql, notNull: ['lsoa_code', 'lad_code', 'imd_rank', 'imd_decile'] },
  { file: 'lsoa_lookup.csv', sql: lsoaLookupSql, notNull: ['lsoa11_code', 'lsoa21_code', 'change_code', 'lad22_code'] },
  { file: 'area_lookup.csv', sql: areaLookupSql, notNull: ['lad_code', 'lad_name', 'csp_name', 'pfa_code', 'pfa_name'] },
];

export async function buildReference(sourceDir = defaultSourceDir, outDir = defaultOutDir): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await assertOneForcePerLad(conn, sourceDir);
    const rows: Record<string, number> = {};
    for (const o of outputs) {
      const out = join(outDir, o.file);
      await copyCsv(conn, o.sql(sourceDir), out);
      rows[o.file] = await assertComplete(conn, out, o.notNull);
    }
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
