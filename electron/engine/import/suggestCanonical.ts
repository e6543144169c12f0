import { canonicalTables, type CanonicalTable } from '../canonical/tables.js';

/**
 * Names agencies use for canonical columns, normalised (lower case, words joined by _).
 * Only a first guess at which table a file holds: the mapping step matches columns properly.
 */
const SYNONYMS: Record<string, readonly string[]> = {
  crime_id: ['crime_reference', 'crime_ref', 'crime_number', 'crime_no', 'crime_reference_number', 'occurrence_number', 'occurrence_ref'],
  offence_date: ['date_committed', 'committed_date', 'offence_start_date', 'date_of_offence', 'incident_date', 'occurred_date', 'committed_from'],
  offence_hour: ['hour', 'hour_committed'],
  offence_group: ['ho_group', 'ho_offence_group', 'home_office_group', 'crime_group', 'offence_category', 'crime_category'],
  offence_type: ['crime_type', 'offence_description', 'offence', 'main_offence', 'ho_offence_description', 'offence_subgroup'],
  offence_code: ['ho_code', 'home_office_code', 'ho_offence_code'],
  serious_violence: ['sv', 'sv_flag', 'serious_violence_flag'],
  domestic: ['domestic_abuse', 'da_flag', 'domestic_flag', 'domestic_abuse_flag'],
  hate: ['hate_flag', 'hate_crime'],
  alcohol: ['alcohol_flag', 'alcohol_related'],
  drugs: ['drugs_flag', 'drug_related', 'drugs_related'],
  weapon: ['weapon_used', 'weapon_type'],
  location_type: ['location_category', 'premises_type'],
  lsoa_code: ['lsoa', 'offence_lsoa', 'lsoa11', 'lsoa21', 'lsoa_2011', 'lsoa_2021'],
  person_id: ['nominal_id', 'nominal_ref', 'person_ref', 'person_reference', 'pnc_id', 'offender_id', 'case_reference'],
  age: ['age_at_offence', 'age_at_incident', 'age_years', 'age_yrs', 'age_at_attendance'],
  sex: ['gender'],
  ethnicity: ['ethnic_group', 'ethnic_origin', 'self_defined_ethnicity', 'ethnicity_code'],
  home_lsoa: ['home_lsoa_code', 'residence_lsoa', 'lsoa_of_residence', 'patient_lsoa'],
  home_lad: ['home_la', 'home_local_authority', 'la_of_residence', 'residence_la'],
  attendance_id: ['attendance_ref', 'attendance_number', 'ae_attendance_id', 'episode_id'],
  attendance_date: ['arrival_date', 'date_of_attendance', 'attendance_datetime', 'arrival_datetime', 'arrival_date_time'],
  patient_id: ['patient_pseudonym', 'pseudo_nhs_number', 'pseudonymised_nhs_number', 'patient_ref', 'nhs_pseudo_id'],
  hospital: ['site', 'hospital_site', 'ed_site', 'trust'],
  assault: ['assault_flag', 'injury_intent_assault', 'assault_related'],
  disposal_id: ['disposal_ref', 'outcome_id', 'outcome_ref'],
  child_id: ['young_person_id', 'yp_id', 'ypid', 'child_ref', 'child_reference'],
  disposal_type: ['outcome', 'outcome_type', 'disposal'],
  tier: ['disposal_tier', 'outcome_tier'],
  start_date: ['disposal_start', 'disposal_start_date', 'order_start_date'],
  end_date: ['closure_date', 'disposal_end', 'disposal_end_date', 'order_end_date'],
  completed: ['successful_completion', 'completed_successfully', 'successfully_completed'],
  snapshot_date: ['snapshot', 'as_at_date', 'as_at', 'extract_date'],
  order_type: ['order_or_licence', 'order_licence', 'sentence_type', 'case_type'],
  first_time: ['first_time_on_probation', 'first_probation'],
};

/** Words in column names that say whose row it is; they also tell victims from suspects. */
const PREFIXES: Record<string, readonly string[]> = {
  victims: ['victim', 'vic'],
  suspects: ['suspect', 'offender', 'susp'],
  ae_attendances: ['patient'],
  yj_disposals: ['child', 'yp'],
  probation_caseload: ['probation'],
};

/** After a prefix, a bare id/ref is the key of the person the prefix names ("Victim ID"). */
const PREFIXED_ID: Record<string, string> = {
  victims: 'person_id',
  suspects: 'person_id',
  ae_attendances: 'patient_id',
  yj_disposals: 'child_id',
  probation_caseload: 'person_id',
};
const BARE_IDS = new Set(['id', 'ref', 'reference', 'number', 'no', 'urn']);

export const normaliseName = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/** Normalised name → the canonical columns it may stand for. */
const lookup = new Map<string, Set<string>>();
const know = (name: string, column: string) => lookup.set(name, (lookup.get(name) ?? new Set()).add(column));
for (const t of canonicalTables) for (const c of t.columns) know(c.name, c.name);
for (const [column, names] of Object.entries(SYNONYMS)) for (const n of names) know(n, column);

/**
 * The canonical table whose columns the extract's column names best cover (by name, synonym,
 * or with a victim_/suspect_… prefix dropped), or null when no table has at least half its
 * required columns and two columns matched. Ties go to the table the prefixes or the file
 * name point at (victims and suspects have the same columns).
 */
export function suggestCanonical(columns: readonly string[], fileName = ''): string | null {
  const names = columns.map(normaliseName);
  let best: { table: string; score: number } | null = null;
  for (const table of canonicalTables) {
    const score = scoreTable(table, names, normaliseName(fileName));
    if (score !== null && (!best || score > best.score)) best = { table: table.name, score };
  }
  return best?.table ?? null;
}

function scoreTable(table: CanonicalTable, names: readonly string[], fileName: string): number | null {
  const prefixes = PREFIXES[table.name] ?? [];
  const matched = new Set<string>();
  let hints = 0;
  for (const name of names) {
    const prefix = prefixes.find((p) => name.startsWith(`${p}_`));
    if (prefix) hints++;
    const rest = prefix ? name.slice(prefix.length + 1) : null;
    const ownId = PREFIXED_ID[table.name];
    if (rest !== null && ownId && BARE_IDS.has(rest)) matched.add(ownId);
    for (const c of rest === null ? [name] : [name, rest]) {
      for (const column of lookup.get(c) ?? []) {
        if (table.columns.some((tc) => tc.name === column)) matched.add(column);
      }
    }
  }
  const required = table.columns.filter((c) => c.required);
  const requiredHit = required.filter((c) => matched.has(c.name)).length;
  if (matched.size < 2 || requiredHit < Math.ceil(required.length / 2)) return null;
  // Only words long enough not to turn up inside others ("vic" is in "services").
  const words = [table.name.replace(/s$/, ''), ...prefixes.filter((p) => p.length >= 5)];
  const fileHint = words.some((w) => fileName.includes(w)) ? 1 : 0;
  // Required columns first (a small table is not better for matching a few of a big one's);
  // then how many columns matched; name hints break ties.
  return (100 * requiredHit) / required.length + matched.size + Math.min(hints, 1) + fileHint;
}
