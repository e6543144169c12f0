import { describe, expect, it } from 'vitest';
import { DATE_FORMATS, describeFormat } from './dateFormats.js';
import { decideDates, type DateCandidate } from './inferTypes.js';
import { suggestTableName } from './tableName.js';

const col = (n: number, counts: Record<string, number>): DateCandidate => ({ n, parsed: (f) => counts[f] ?? 0 });

describe('decideDates', () => {
  it('chooses day-first on a tie and month-first only when it reads more', () => {
    const ambiguous = col(10, { '%d/%m/%Y': 10, '%m/%d/%Y': 10 });
    expect(decideDates([ambiguous], DATE_FORMATS)).toEqual({ kinds: ['DATE'], dateFormat: '%d/%m/%Y', timestampFormat: null });
    const us = col(10, { '%d/%m/%Y': 9, '%m/%d/%Y': 10 });
    expect(decideDates([us], DATE_FORMATS).dateFormat).toBe('%m/%d/%Y');
  });

  it('tolerates a few bad values (90%) but not more', () => {
    expect(decideDates([col(10, { '%d/%m/%Y': 9 })], DATE_FORMATS).kinds).toEqual(['DATE']);
    expect(decideDates([col(10, { '%d/%m/%Y': 8 })], DATE_FORMATS)).toEqual({ kinds: [null], dateFormat: null, timestampFormat: null });
  });

  it('leaves a column in another format as text instead of rejecting all of it', () => {
    const uk = col(10, { '%d/%m/%Y': 10 });
    const uk2 = col(10, { '%d/%m/%Y': 10 });
    const iso = col(10, { '%Y-%m-%d': 10 });
    expect(decideDates([uk, iso, uk2], DATE_FORMATS)).toEqual({ kinds: ['DATE', null, 'DATE'], dateFormat: '%d/%m/%Y', timestampFormat: null });
  });

  it('applies an override to every date-like column, and finds timestamps with it', () => {
    const uk = col(10, { '%d/%m/%Y': 10 });
    const stamps = col(10, { '%d/%m/%Y %H:%M': 10 });
    expect(decideDates([uk, stamps], DATE_FORMATS, '%m/%d/%Y')).toEqual({
      kinds: ['DATE', 'TIMESTAMP'],
      dateFormat: '%m/%d/%Y',
      timestampFormat: '%m/%d/%Y %H:%M',
    });
  });
});

describe('describeFormat and suggestTableName', () => {
  it('spells formats as analysts do', () => {
    expect(describeFormat('%d/%m/%Y')).toBe('dd/mm/yyyy');
    expect(describeFormat('%d/%m/%Y %H:%M')).toBe('dd/mm/yyyy hh:mm');
    expect(describeFormat('%d-%b-%y')).toBe('dd-Mon-yy');
  });

  it('derives a valid table name from any file name', () => {
    expect(suggestTableName('offences.csv')).toBe('offences');
    expect(suggestTableName('Offences Extract (Q1) 2024.CSV')).toBe('offences_extract_q1_2024');
    expect(suggestTableName('2024 A&E.csv')).toBe('t_2024_a_e');
    expect(suggestTableName('___.csv')).toBe('imported');
    expect(suggestTableName(`${'x'.repeat(80)}.csv`)).toBe('x'.repeat(63));
  });
});
