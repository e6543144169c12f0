import { describe, expect, it } from 'vitest';
import type { Column, QueryResult } from '../../contract/index.js';
import { columnKind } from '../db/cells.js';
import { createResultStore, defaultDisclosure, disclosureFor, rememberResult, resultMeta } from './results.js';

const column = (name: string, type: string): Column => ({ name, type, kind: columnKind(type) });

describe('the default metadata (entries without a disclosure block, the SQL editor)', () => {
  const columns = [
    column('offence_group', 'VARCHAR'),
    column('month', 'DATE'),
    column('hour', 'BIGINT'),
    column('age', 'INTEGER'),
    column('offences', 'BIGINT'),
    column('weighted', 'HUGEINT'),
    column('share', 'DOUBLE'),
    column('mean', 'DECIMAL(18,3)'),
  ];

  it('takes BIGINT/HUGEINT columns as counts unless named like a label, integers as dimensions, the rest as derived', () => {
    expect(defaultDisclosure(columns, [])).toEqual({
      countColumns: ['offences', 'weighted'],
      dimensions: ['offence_group', 'month', 'hour', 'age'],
      derivedColumns: ['share', 'mean'],
      totals: {},
    });
  });

  it('uses the count columns an own entry declares', () => {
    expect(defaultDisclosure(columns, ['offences', 'gone'])).toEqual({
      countColumns: ['offences'],
      dimensions: ['offence_group', 'month', 'hour', 'age', 'weighted'],
      derivedColumns: ['share', 'mean'],
      totals: {},
    });
  });
});

describe('an entry block with the run’s parameters', () => {
  const block = {
    dimensions: ['ethnicity'],
    totals: {},
    outside: { ethnicity: ['Unknown'] },
    derived: ['rri', 'pct'],
    derivedAll: [],
    reference: { row: { ethnicity: '$reference' }, columns: ['rri'] },
    public: ['population'],
  };
  const entry = { title: 'Ethnic disproportionality', countColumns: ['cohort_n'], rowLevel: false, disclosure: block };

  it('finds the reference row by the value the run used', () => {
    const { disclosure, disclosureFrom } = disclosureFor(entry, { columns: [], params: { reference: 'Black' } });
    expect(disclosureFrom).toBe('entry');
    expect(disclosure).toEqual({
      countColumns: ['cohort_n'],
      derivedColumns: ['rri', 'pct'],
      dimensions: ['ethnicity'],
      totals: {},
      outside: { ethnicity: ['Unknown'] },
      derivedAll: [],
      reference: { row: { ethnicity: 'Black' }, columns: ['rri'] },
    });
  });

  it('hides the reference columns whenever a count is hidden if the run has no reference value', () => {
    const { disclosure } = disclosureFor(entry, { columns: [], params: { reference: null } });
    expect(disclosure.reference).toBeUndefined();
    expect(disclosure.derivedAll).toEqual(['rri']);
  });
});

describe('the result store', () => {
  const result: QueryResult = {
    runId: 'x',
    resultId: 'r_4',
    queryId: 'ad-hoc',
    version: 'draft',
    params: {},
    columns: [column('n', 'BIGINT')],
    rowCount: 1,
    rows: [{ n: 3 }],
    truncated: false,
    chart: { type: 'none', x: '', y: '' },
    provenance: { queryId: 'ad-hoc', version: 'draft', params: {}, tables: [], ranAt: '2025-01-01T00:00:00.000Z', durationMs: 1 },
  };

  it('keeps what exports need per result id, and refuses an id it does not hold', () => {
    const store = createResultStore();
    rememberResult(store, result, undefined);
    expect(resultMeta(store, 'r_4')).toMatchObject({
      resultId: 'r_4',
      queryId: 'ad-hoc',
      title: 'Ad-hoc SQL',
      personalData: false,
      disclosureFrom: 'default',
      disclosure: { countColumns: ['n'] },
      provenance: result.provenance,
    });
    expect(() => resultMeta(store, 'r_5')).toThrow(/no longer held/);
  });
});
