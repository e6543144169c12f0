/**
 * The key of each canonical data table: what makes a row unique. Validation counts repeats;
 * appending a newer extract replaces the older rows with the same key. yj_offences has no
 * key in the canonical model (a child can have two proven offences on one day), so appending
 * to it adds every row.
 */
export const TABLE_KEYS: Readonly<Record<string, readonly string[]>> = {
  offences: ['crime_id'],
  victims: ['crime_id', 'person_id'],
  suspects: ['crime_id', 'person_id'],
  ae_attendances: ['attendance_id'],
  yj_disposals: ['disposal_id'],
  probation_caseload: ['person_id', 'snapshot_date'],
};

export function tableKey(table: string): readonly string[] | null {
  return TABLE_KEYS[table] ?? null;
}
