/**
 * Column names agencies use for each canonical column (besides the canonical name itself),
 * gathered from police crime and nominal extracts, ECDS/TIIG A&E extracts, YJ case-management
 * and probation caseload reports. Compared after normaliseName(), so "Crime Ref.", "CrimeRef"
 * and "CRIME_REF" are all "crime ref". Keyed by canonical column name: the same name means the
 * same thing in every table. Add a synonym by adding a string.
 */
export const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  crime_id: [
    'Crime Reference',
    'Crime Ref',
    'Crime Ref No',
    'Crime Reference Number',
    'Crime Number',
    'Crime No',
    'Crime URN',
    'URN',
    'Occurrence Reference',
    'Occurrence Number',
    'Occurrence ID',
    'Crime',
  ],
  offence_date: [
    'Date Committed',
    'Committed On',
    'Committed Date',
    'Committed From',
    'Offence Date',
    'Date of Offence',
    'Offence Start Date',
    'Crime Date',
    'Incident Date',
    'Occurred On',
    'Occurrence Date',
    'Date From',
  ],
  offence_hour: ['Hour', 'Hour Committed', 'Time Committed', 'Committed Time', 'Offence Time', 'Time of Offence', 'Time From', 'Offence Hour'],
  offence_group: ['Offence Group', 'HO Offence Group', 'Home Office Group', 'HO Group', 'Crime Group', 'Offence Category', 'Crime Category'],
  offence_type: [
    'Offence Type',
    'Offence Subgroup',
    'Offence Sub Group',
    'HO Offence Type',
    'Crime Type',
    'Crime Subtype',
    'Offence Subcategory',
    'Offence Description',
    'Offence',
    'Main Offence',
    'Index Offence',
  ],
  offence_code: ['HO Code', 'Home Office Code', 'HO Offence Code', 'HOC', 'Offence Code', 'HO Class'],
  serious_violence: ['Serious Violence', 'Serious Violence Flag', 'SV Flag', 'SV', 'Is Serious Violence', 'SV Definition'],
  domestic: ['DA Flag', 'Domestic Abuse', 'Domestic Abuse Flag', 'Domestic', 'Domestic Flag', 'DA', 'Domestic Related', 'Domestic Violence', 'DV Flag'],
  hate: ['Hate', 'Hate Crime', 'Hate Flag', 'Hate Crime Flag'],
  alcohol: ['Alcohol', 'Alcohol Flag', 'Alcohol Related'],
  drugs: ['Drugs', 'Drug Flag', 'Drugs Flag', 'Drug Related', 'Drugs Related'],
  weapon: ['Weapon', 'Weapon Type', 'Weapon Used', 'Weapon Description', 'Weapon Involved'],
  location_type: ['Location Type', 'Location Category', 'Place Type', 'Premises Type', 'Location Class'],
  location_name: ['Location Name', 'Location', 'Place Name', 'Premises Name', 'Location Description'],
  beat: ['Beat', 'Beat Code', 'Policing Beat', 'Neighbourhood Beat'],
  ward: ['Ward', 'Ward Name', 'Ward Code'],
  lsoa_code: ['LSOA', 'LSOA Code', 'LSOA11', 'LSOA 2011', 'LSOA21', 'Offence LSOA', 'Crime LSOA', 'Location LSOA', 'LSOA of Offence'],
  area: ['Area', 'Sub Area', 'Partnership Area', 'CSP Area', 'Locality', 'Neighbourhood'],
  person_id: [
    'Person ID',
    'Person URN',
    'Person Ref',
    'Person Reference',
    'Nominal ID',
    'Nominal Ref',
    'Nominal',
    'Victim ID',
    'Victim URN',
    'Suspect ID',
    'Suspect URN',
    'Offender ID',
    'CRN',
    'Case Reference Number',
  ],
  age: [
    'Age',
    'Victim Age',
    'Suspect Age',
    'Offender Age',
    'Patient Age',
    'Age at Offence',
    'Age at Time of Offence',
    'Age at Attendance',
    'Age at Start',
    'Age at Snapshot',
    'Age Years',
  ],
  sex: ['Sex', 'Gender', 'Victim Sex', 'Suspect Sex', 'Victim Gender', 'Suspect Gender', 'Patient Sex', 'Patient Gender', 'Gender Code', 'Sex Code'],
  ethnicity: [
    'Ethnicity',
    'Ethnic Group',
    'Ethnic Origin',
    'Ethnic Code',
    'Ethnicity Code',
    'Ethnicity (16+1)',
    'Ethnicity (18+1)',
    'Self Defined Ethnicity',
    'SDE',
    'Officer Defined Ethnicity',
    'ODE',
    'Ethnic Appearance',
    'Ethnic Category',
  ],
  home_lsoa: ['Home LSOA', 'LSOA of Residence', 'Residence LSOA', 'Home LSOA Code', 'Patient LSOA', 'Home Address LSOA', 'Resident LSOA'],
  home_lad: [
    'Home LAD',
    'Home LA',
    'Home LA Code',
    'Home Local Authority',
    'LA of Residence',
    'LAD of Residence',
    'Local Authority of Residence',
    'Residence LA',
    'Home District',
  ],
  attendance_id: ['Attendance ID', 'Attendance Number', 'Attendance Ref', 'Attendance Reference', 'AE Attendance ID', 'ED Attendance ID', 'Episode ID'],
  attendance_date: [
    'Attendance Date',
    'Arrival Date',
    'Date of Attendance',
    'Arrival Date Time',
    'Arrival Datetime',
    'Attendance Date Time',
    'Attendance Datetime',
    'AE Arrival Date',
  ],
  patient_id: ['Patient ID', 'Patient Number', 'Patient Ref', 'Patient Pseudonym', 'Pseudonymised NHS Number', 'Pseudo NHS Number', 'Pseudo ID'],
  hospital: ['Hospital', 'Hospital Site', 'Hospital Name', 'Site', 'ED Site', 'Trust Site', 'Provider Site'],
  assault: ['Assault', 'Assault Flag', 'Is Assault', 'Assault Related', 'Assault Injury', 'Injury Intent Assault'],
  disposal_id: ['Disposal ID', 'Disposal Ref', 'Disposal Reference', 'Outcome ID', 'Outcome Ref'],
  child_id: ['Child ID', 'Child Ref', 'Young Person ID', 'YP ID', 'YOT ID', 'ChildView ID', 'Client ID'],
  disposal_type: ['Disposal Type', 'Disposal', 'Disposal Name', 'Outcome', 'Outcome Type', 'Outcome Name', 'Intervention Type'],
  tier: ['Tier', 'Disposal Tier', 'Outcome Tier', 'Court or Out of Court', 'Out of Court or Court'],
  start_date: ['Start Date', 'Disposal Start', 'Disposal Start Date', 'Outcome Date', 'Order Start Date', 'Intervention Start'],
  end_date: ['End Date', 'Closure Date', 'Closed Date', 'Disposal End Date', 'Order End Date', 'Intervention End'],
  completed: ['Completed', 'Successfully Completed', 'Completed Successfully', 'Completion', 'Outcome Completed'],
  snapshot_date: ['Snapshot Date', 'Snapshot', 'Caseload Date', 'As At Date', 'As At', 'Extract Date', 'Month End'],
  first_time: ['First Time', 'First Time on Probation', 'First Time Probation', 'New to Probation', 'First Order'],
  order_type: ['Order Type', 'Sentence Type', 'Supervision Type', 'Order or Licence', 'Case Type'],
};

/**
 * Words that make a name mean another table's column, e.g. "Suspect Age" is not the
 * victim's age. A name with one of these scores nothing for that table.
 */
export const FOREIGN_WORDS: Readonly<Record<string, readonly string[]>> = {
  victims: ['suspect', 'offender', 'perpetrator'],
  suspects: ['victim', 'injured'],
};

/**
 * "Crime Ref.", "CrimeRef", "CRIME_REF" → "crime ref"; "Ethnicity (16+1)" → "ethnicity 16 1".
 * The suffix the import gives a repeated header ("Location", "Location_1") is dropped.
 */
export function normaliseName(name: string): string {
  return name
    .replace(/_\d+$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replaceAll('&', ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
