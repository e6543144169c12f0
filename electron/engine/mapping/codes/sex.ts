import type { CodeDomain } from './domain.js';

/**
 * Sex / gender → M, F, X (other); unknown → blank.
 * Sources: police extracts (Male/Female/Unknown, M/F/U); NHS Data Dictionary "Person Stated
 * Gender Code" and the older "Person Gender Code" used in ECDS/TIIG extracts (1 Male,
 * 2 Female, 9 Indeterminate / Not specified, 0 or X Not known).
 * Decision: NHS code 9 is "indeterminate or not specified" in different versions of the
 * dictionary, so it becomes blank (unknown), not X; "Indeterminate" written out becomes X.
 */
export const SEX: CodeDomain = {
  name: 'sex',
  values: ['M', 'F', 'X'],
  codes: {
    Male: 'M',
    Man: 'M',
    Boy: 'M',
    '1': 'M',
    Female: 'F',
    Woman: 'F',
    Girl: 'F',
    '2': 'F',
    Other: 'X',
    'Non-binary': 'X',
    Indeterminate: 'X',
    'In another way': 'X',
    Unknown: null,
    U: null,
    'Not known': null,
    NK: null,
    'Not stated': null,
    'Not specified': null,
    'Not recorded': null,
    'Prefer not to say': null,
    '0': null,
    '9': null,
  },
};
