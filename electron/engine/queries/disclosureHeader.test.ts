import { describe, expect, it } from 'vitest';
import { parseEntry } from './library.js';

/** The `disclosure:` block of a library header, as the loader reads and checks it. */

const entry = (block: string, counts = '[victims, repeat_victims]') => `/*
id: tiny
title: Tiny
description: Counts victims.
theme: Victims
version: 0.1.0
parameters:
  - name: reference
    type: enum
    label: Reference
    description: The group compared with.
    default: All
    required: false
    options: [All, Domestic]
tables:
  - table: victims
    columns: [person_id]
chart: { type: bar, x: group, y: pct }
count_columns: ${counts}
row_level: false
${block}
DEFINITION
Everything.
*/
SELECT 'All' AS "group", count(*) AS victims, 0 AS repeat_victims, 0.0 AS pct, 1.0 AS rr FROM victims WHERE $reference IS NOT NULL`;

const parse = (block: string, counts?: string) => parseEntry('tiny.sql', entry(block, counts), []);

describe('the disclosure block', () => {
  it('is carried on the entry, with its parts in camelCase and defaults filled in', () => {
    const e = parse(`disclosure:
  dimensions: [group]
  totals: { group: All }
  derived: [pct, rr]
  reference: { row: { group: $reference }, columns: [rr] }
`);
    expect(e.disclosure).toEqual({
      dimensions: ['group'],
      totals: { group: 'All' },
      outside: {},
      derived: ['pct', 'rr'],
      derivedAll: [],
      reference: { row: { group: '$reference' }, columns: ['rr'] },
      public: [],
    });
    expect(e.countColumns).toEqual(['victims', 'repeat_victims']);
  });

  it('is optional (an analyst’s own entries get a default at export)', () => {
    expect(parse('').disclosure).toBeUndefined();
  });

  it('lets a count also be derived_all (a rolling sum), nothing else twice', () => {
    expect(parse('disclosure:\n  dimensions: [group]\n  derived_all: [repeat_victims]\n').disclosure?.derivedAll).toEqual(['repeat_victims']);
  });

  it.each([
    ['disclosure:\n  derived: [victims]\n', 'disclosure.derived: victims is already in count_columns'],
    ['disclosure:\n  dimensions: [group, group]\n', 'disclosure.dimensions: group is listed twice'],
    ['disclosure:\n  dimensions: [victims]\n', 'disclosure.dimensions: victims is already in count_columns'],
    ['disclosure:\n  dimensions: [group]\n  public: [group]\n', 'disclosure.public: group is already in disclosure.dimensions'],
    ['disclosure:\n  dimensions: [group]\n  totals: { sex: All }\n', 'disclosure.totals: sex is not one of the dimensions'],
    ['disclosure:\n  dimensions: [group]\n  outside: { sex: [Unknown] }\n', 'disclosure.outside: sex is not one of the dimensions'],
    ['disclosure:\n  dimensions: [group]\n  totals: { group: All }\n  outside: { group: [All] }\n', 'disclosure.outside: All is the total row of group'],
    [
      'disclosure:\n  dimensions: [group]\n  derived: [rr]\n  reference: { row: { group: $nope }, columns: [rr] }\n',
      'disclosure.reference.row: $nope is not an enum or text parameter of this entry',
    ],
    [
      'disclosure:\n  dimensions: [group]\n  reference: { row: { group: All }, columns: [rr] }\n',
      'disclosure.reference.columns: rr must also be in derived',
    ],
    ['disclosure:\n  dimensions: [group]\n  derivd: [pct]\n', 'disclosure'],
  ])('refuses %j', (block, message) => {
    expect(() => parse(block)).toThrow(message);
    expect(() => parse(block)).toThrow(/^tiny\.sql: /);
  });
});
