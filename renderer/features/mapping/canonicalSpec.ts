/**
 * What the mapping screen tells the analyst about the canonical tables
 * (shared/spec/canonical-data.md, v1): a line per column and the canonical spellings of coded
 * columns. The engine owns the model itself (types, required, conversion); this is its
 * wording for people, kept beside the screen that shows it. Keep it in step with the spec.
 */

export interface CanonicalTableSpec {
  name: string;
  title: string;
  kind: 'data' | 'reference';
  /** Column name → what it means. */
  columns: Record<string, string>;
}

const PERSON = {
  age: 'Age in years at the offence or attendance',
  sex: 'M, F or X (other)',
  ethnicity: 'ONS 5+1 group: White, Asian, Black, Mixed, Other',
  home_lsoa: 'Home LSOA code (E01…)',
  home_lad: 'Home local authority code (e.g. E08000003)',
};

const POLICE_PERSON = {
  crime_id: 'The crime this person is linked to (joins offences)',
  person_id: 'Stable pseudonymous person key: same person, same key, across crimes',
  ...PERSON,
};

export const canonicalTables: readonly CanonicalTableSpec[] = [
  {
    name: 'offences',
    title: 'Police: recorded crimes',
    kind: 'data',
    columns: {
      crime_id: 'Unique crime reference',
      offence_date: 'Date committed (start of the window)',
      offence_hour: 'Hour committed, 0–23',
      offence_group: 'Home Office offence group, e.g. Violence against the person, Robbery',
      offence_type: 'Finer type, e.g. Homicide, GBH with intent, Assault with injury',
      offence_code: 'Home Office offence code',
      serious_violence: "In the partnership's local definition of serious violence",
      domestic: 'Domestic-abuse flag',
      hate: 'Hate-crime flag',
      alcohol: 'Alcohol-related flag',
      drugs: 'Drug-related flag',
      weapon: 'knife, firearm, bottle_glass, blunt, other or none',
      location_type: 'street, park_open_space, dwelling, licensed_premises, retail, prison, hospital, other',
      location_name: 'Named place, e.g. a square or a prison',
      beat: 'Police beat',
      ward: 'Ward',
      lsoa_code: 'LSOA where it happened (E01…)',
      area: 'Partnership sub-area, e.g. City Centre',
    },
  },
  { name: 'victims', title: 'Police: victims (one row per victim per crime)', kind: 'data', columns: POLICE_PERSON },
  { name: 'suspects', title: 'Police: suspects (one row per suspect per crime)', kind: 'data', columns: POLICE_PERSON },
  {
    name: 'ae_attendances',
    title: 'Health: A&E assault attendances (TIIG)',
    kind: 'data',
    columns: {
      attendance_id: 'Unique attendance reference',
      attendance_date: 'Date of the attendance',
      patient_id: 'Pseudonymous patient key',
      ...PERSON,
      hospital: 'Hospital or emergency department',
      assault: 'The attendance was for an assault',
      weapon: 'knife, firearm, bottle_glass, blunt, other or none',
    },
  },
  {
    name: 'yj_disposals',
    title: 'Youth justice: disposals',
    kind: 'data',
    columns: {
      disposal_id: 'Unique disposal reference',
      child_id: 'Pseudonymous child key',
      disposal_type: 'e.g. Community Resolution, Youth Caution, Referral Order, Custody',
      tier: 'out_of_court or court',
      start_date: 'Date the disposal started',
      end_date: 'Date it closed',
      completed: 'Successfully completed',
      age: PERSON.age,
      sex: PERSON.sex,
      ethnicity: PERSON.ethnicity,
      home_lsoa: PERSON.home_lsoa,
    },
  },
  {
    name: 'yj_offences',
    title: 'Youth justice: proven offences',
    kind: 'data',
    columns: {
      child_id: 'Pseudonymous child key (joins yj_disposals)',
      offence_date: 'Date committed',
      offence_group: 'Home Office offence group',
      serious_violence: "In the partnership's local definition of serious violence",
    },
  },
  {
    name: 'probation_caseload',
    title: 'Probation: caseload snapshot',
    kind: 'data',
    columns: {
      person_id: 'Pseudonymous person key',
      snapshot_date: 'Date of the caseload snapshot',
      age: PERSON.age,
      sex: PERSON.sex,
      ethnicity: PERSON.ethnicity,
      offence_type: 'Index offence type',
      serious_violence: 'Index offence is serious violence',
      first_time: 'First time on probation',
      order_type: 'order or licence',
    },
  },
  {
    name: 'population',
    title: 'Reference: population',
    kind: 'reference',
    columns: {
      area: 'Local authority code',
      year: 'Year of the estimate',
      sex: 'M or F',
      age: 'Single year of age (90 = 90 and over)',
      ethnicity: 'ONS 5+1 group; blank = all ethnicities',
      population: 'Number of people',
    },
  },
  {
    name: 'imd',
    title: 'Reference: deprivation (IMD) by LSOA',
    kind: 'reference',
    columns: {
      lsoa_code: 'LSOA code',
      lad_code: 'Local authority code',
      imd_rank: 'Rank (1 = most deprived)',
      imd_decile: 'Decile (1 = most deprived 10% nationally)',
      population: 'LSOA population (optional)',
    },
  },
  {
    name: 'harm_weights',
    title: 'Reference: harm weights',
    kind: 'reference',
    columns: {
      offence_type: 'Offence type the weight applies to',
      offence_code: 'Or the Home Office offence code',
      weight: 'Weight, e.g. Crime Severity Score or Cambridge Crime Harm Index days',
      scheme: 'Which weighting scheme',
    },
  },
];

export function canonicalTableSpec(name: string): CanonicalTableSpec | undefined {
  return canonicalTables.find((t) => t.name === name);
}

export function isCanonicalTable(name: string): boolean {
  return canonicalTableSpec(name) !== undefined;
}

export function columnDescription(table: string, column: string): string {
  return canonicalTableSpec(table)?.columns[column] ?? '';
}

export interface CodeChoice {
  value: string;
  label: string;
}

const choices = (...pairs: [string, string][]): CodeChoice[] => pairs.map(([value, label]) => ({ value, label }));

const SEX = choices(['M', 'M (male)'], ['F', 'F (female)'], ['X', 'X (other)']);
const ETHNICITY = choices(['White', 'White'], ['Asian', 'Asian'], ['Black', 'Black'], ['Mixed', 'Mixed'], ['Other', 'Other']);
const WEAPON = choices(
  ['knife', 'knife (or sharp/bladed)'],
  ['firearm', 'firearm'],
  ['bottle_glass', 'bottle_glass'],
  ['blunt', 'blunt'],
  ['other', 'other'],
  ['none', 'none'],
);
const LOCATION = choices(
  ['street', 'street'],
  ['park_open_space', 'park_open_space'],
  ['dwelling', 'dwelling'],
  ['licensed_premises', 'licensed_premises'],
  ['retail', 'retail'],
  ['prison', 'prison'],
  ['hospital', 'hospital'],
  ['other', 'other'],
);
const BOOL = choices(['true', 'true (yes)'], ['false', 'false (no)']);

/** Canonical spellings by column name, for the columns whose values are a fixed list. */
const CODED: Record<string, CodeChoice[]> = {
  sex: SEX,
  ethnicity: ETHNICITY,
  weapon: WEAPON,
  location_type: LOCATION,
  tier: choices(['out_of_court', 'out_of_court'], ['court', 'court']),
  order_type: choices(['order', 'order'], ['licence', 'licence']),
};

export type ValueKind = 'text' | 'int' | 'number' | 'date' | 'bool';

/** The engine reports DuckDB type names; the spec's words are what analysts read. */
export function valueKind(type: string): ValueKind {
  const t = type.trim().toUpperCase();
  if (t === 'BOOLEAN' || t === 'BOOL') return 'bool';
  if (t === 'DATE' || t.startsWith('TIMESTAMP')) return 'date';
  if (/^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT)$/.test(t)) return 'int';
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL.*|NUMERIC.*)$/.test(t)) return 'number';
  if (['TEXT', 'INT', 'NUMBER', 'DATE', 'BOOL'].includes(t)) return t.toLowerCase() as ValueKind;
  return 'text';
}

/** The canonical values a column's local codes can map to, or null when its values are free. */
export function codeChoices(column: string, type: string): CodeChoice[] | null {
  if (valueKind(type) === 'bool') return BOOL;
  return CODED[column] ?? null;
}

/** Formats offered for dates held as text; UK forms first. */
export const TEXT_DATE_FORMATS: readonly string[] = [
  '%d/%m/%Y',
  '%d/%m/%Y %H:%M',
  '%d/%m/%Y %H:%M:%S',
  '%d/%m/%y',
  '%d-%m-%Y',
  '%d.%m.%Y',
  '%d-%b-%Y',
  '%d %b %Y',
  '%Y-%m-%d',
  '%Y-%m-%d %H:%M:%S',
  '%m/%d/%Y',
];
