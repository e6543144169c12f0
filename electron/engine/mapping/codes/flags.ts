import type { CodeDomain } from './domain.js';

/**
 * Yes/no flags (canonical `bool`: true/false). Sources: police and health extracts (Y/N,
 * Yes/No, 1/0, True/False, Flagged). A blank is unknown unless the profile says otherwise
 * (blankAs): the proposer suggests blank = false only for a column holding nothing but "yes"
 * values and blanks, the usual way an extract marks a flag.
 */
export const FLAG: CodeDomain = {
  name: 'flag',
  values: ['true', 'false'],
  codes: {
    Y: 'true',
    Yes: 'true',
    '1': 'true',
    T: 'true',
    Flagged: 'true',
    N: 'false',
    No: 'false',
    '0': 'false',
    F: 'false',
    'Not flagged': 'false',
    Unknown: null,
    'Not known': null,
    U: null,
  },
};

/** Codes meaning "yes" (to recognise a yes-or-blank column). */
export const FLAG_YES = Object.entries(FLAG.codes)
  .filter(([, v]) => v === 'true')
  .map(([k]) => k)
  .concat('true');
