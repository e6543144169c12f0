/**
 * The canonical data model (shared/spec/canonical-data.md, v1) as data: every saved query
 * reads these tables, every import maps onto one of them.
 */
export type CanonicalType = 'VARCHAR' | 'INTEGER' | 'DATE' | 'BOOLEAN' | 'DOUBLE';

export interface CanonicalColumn {
  name: string;
  type: CanonicalType;
  required: boolean;
}

export interface CanonicalTable {
  name: string;
  kind: 'data' | 'reference';
  description: string;
  columns: CanonicalColumn[];
}

const col = (name: string, type: CanonicalType, required = false): CanonicalColumn => ({
  name,
  type,
  required,
});

const person = [
  col('age', 'INTEGER'),
  col('sex', 'VARCHAR'),
  col('ethnicity', 'VARCHAR'),
  col('home_lsoa', 'VARCHAR'),
  col('home_lad', 'VARCHAR'),
];

const policePerson = (name: string, description: string): CanonicalTable => ({
  name,
  kind: 'data',
  description,
  columns: [col('crime_id', 'VARCHAR', true), col('person_id', 'VARCHAR', true), ...person],
});

/** IoD2019 (LSOA 2011) and IoD2025 (LSOA 2021) share one shape, so a query can read either. */
const imdTable = (name: string, description: string): CanonicalTable => ({
  name,
  kind: 'reference',
  description,
  columns: [
    col('lsoa_code', 'VARCHAR', true),
    col('lad_code', 'VARCHAR', true),
    col('imd_rank', 'INTEGER', true),
    col('imd_decile', 'INTEGER', true),
    col('population', 'DOUBLE'),
  ],
});

export const canonicalTables: readonly CanonicalTable[] = [
  {
    name: 'offences',
    kind: 'data',
    description: 'Police: one row per recorded crime',
    columns: [
      col('crime_id', 'VARCHAR', true),
      col('offence_date', 'DATE', true),
      col('offence_hour', 'INTEGER'),
      col('offence_group', 'VARCHAR', true),
      col('offence_type', 'VARCHAR', true),
      col('offence_code', 'VARCHAR'),
      col('serious_violence', 'BOOLEAN', true),
      col('domestic', 'BOOLEAN'),
      col('hate', 'BOOLEAN'),
      col('alcohol', 'BOOLEAN'),
      col('drugs', 'BOOLEAN'),
      col('weapon', 'VARCHAR'),
      col('location_type', 'VARCHAR'),
      col('location_name', 'VARCHAR'),
      col('beat', 'VARCHAR'),
      col('ward', 'VARCHAR'),
      col('lsoa_code', 'VARCHAR'),
      col('area', 'VARCHAR'),
    ],
  },
  policePerson('victims', 'Police: one row per victim per crime'),
  policePerson('suspects', 'Police: one row per suspect per crime'),
  {
    name: 'ae_attendances',
    kind: 'data',
    description: 'Health: one row per A&E attendance (TIIG-style)',
    columns: [
      col('attendance_id', 'VARCHAR', true),
      col('attendance_date', 'DATE', true),
      col('patient_id', 'VARCHAR', true),
      ...person,
      col('hospital', 'VARCHAR'),
      col('assault', 'BOOLEAN', true),
      col('weapon', 'VARCHAR'),
    ],
  },
  {
    name: 'yj_disposals',
    kind: 'data',
    description: 'Youth justice: one row per disposal',
    columns: [
      col('disposal_id', 'VARCHAR', true),
      col('child_id', 'VARCHAR', true),
      col('disposal_type', 'VARCHAR'),
      col('tier', 'VARCHAR', true),
      col('start_date', 'DATE', true),
      col('end_date', 'DATE'),
      col('completed', 'BOOLEAN'),
      col('age', 'INTEGER'),
      col('sex', 'VARCHAR'),
      col('ethnicity', 'VARCHAR'),
      col('home_lsoa', 'VARCHAR'),
    ],
  },
  {
    name: 'yj_offences',
    kind: 'data',
    description: 'Youth justice: one row per proven offence by a child',
    columns: [
      col('child_id', 'VARCHAR', true),
      col('offence_date', 'DATE', true),
      col('offence_group', 'VARCHAR'),
      col('serious_violence', 'BOOLEAN'),
    ],
  },
  {
    name: 'probation_caseload',
    kind: 'data',
    description: 'Probation: one row per person on an order or licence at a snapshot',
    columns: [
      col('person_id', 'VARCHAR', true),
      col('snapshot_date', 'DATE', true),
      col('age', 'INTEGER'),
      col('sex', 'VARCHAR'),
      col('ethnicity', 'VARCHAR'),
      col('offence_type', 'VARCHAR'),
      col('serious_violence', 'BOOLEAN'),
      col('first_time', 'BOOLEAN'),
      col('order_type', 'VARCHAR'),
    ],
  },
  {
    name: 'population',
    kind: 'reference',
    description: 'Population by area (LA code) × year × sex × single year of age (90 = 90+) [× ethnicity]',
    columns: [
      col('area', 'VARCHAR', true),
      col('year', 'INTEGER', true),
      col('sex', 'VARCHAR', true),
      col('age', 'INTEGER', true),
      col('ethnicity', 'VARCHAR'),
      col('population', 'DOUBLE', true),
    ],
  },
  imdTable('imd', 'Index of Multiple Deprivation 2019 by LSOA 2011 (decile 1 = most deprived 10%)'),
  imdTable('imd2025', 'Index of Multiple Deprivation 2025 by LSOA 2021 (decile 1 = most deprived 10%)'),
  {
    name: 'population_ethnicity',
    kind: 'reference',
    description: 'Population of all ages by area (LA code) × year × ONS 5+1 ethnic group',
    columns: [
      col('area', 'VARCHAR', true),
      col('year', 'INTEGER', true),
      col('ethnicity', 'VARCHAR', true),
      col('population', 'DOUBLE', true),
    ],
  },
  {
    name: 'lsoa_lookup',
    kind: 'reference',
    description: 'LSOA 2011 → LSOA 2021 (many-to-many; change U/S/M/X) → local authority',
    columns: [
      col('lsoa11_code', 'VARCHAR', true),
      col('lsoa21_code', 'VARCHAR', true),
      col('change_code', 'VARCHAR', true),
      col('lad22_code', 'VARCHAR', true),
    ],
  },
  {
    name: 'area_lookup',
    kind: 'reference',
    description: 'Local authority → Community Safety Partnership → police force area, one row per LA',
    columns: [
      col('lad_code', 'VARCHAR', true),
      col('lad_name', 'VARCHAR', true),
      col('csp_code', 'VARCHAR'),
      col('csp_name', 'VARCHAR'),
      col('pfa_code', 'VARCHAR', true),
      col('pfa_name', 'VARCHAR', true),
    ],
  },
  {
    name: 'harm_weights',
    kind: 'reference',
    description: 'Harm weight per offence type or code (e.g. Crime Severity Score)',
    columns: [
      col('offence_type', 'VARCHAR'),
      col('offence_code', 'VARCHAR'),
      col('weight', 'DOUBLE', true),
      col('scheme', 'VARCHAR', true),
    ],
  },
];

export function canonicalTable(name: string): CanonicalTable | undefined {
  return canonicalTables.find((t) => t.name === name);
}
