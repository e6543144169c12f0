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
  {
    name: 'imd',
    kind: 'reference',
    description: 'Index of Multiple Deprivation by LSOA (decile 1 = most deprived 10%)',
    columns: [
      col('lsoa_code', 'VARCHAR', true),
      col('lad_code', 'VARCHAR', true),
      col('imd_rank', 'INTEGER', true),
      col('imd_decile', 'INTEGER', true),
      col('population', 'DOUBLE'),
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
