import { describe, expect, it } from 'vitest';
import type { TableInfo } from '../../../electron/contract/index.js';
import { describeDelimiter, humanDateFormat } from './dateFormats.js';
import { tableNameProblem } from './tableName.js';

describe('date formats in human form', () => {
  it('writes UK, ISO and US formats the way analysts do', () => {
    expect(humanDateFormat('%d/%m/%Y')).toBe('dd/mm/yyyy');
    expect(humanDateFormat('%Y-%m-%d')).toBe('yyyy-mm-dd');
    expect(humanDateFormat('%m/%d/%Y')).toBe('mm/dd/yyyy');
    expect(humanDateFormat('%d-%b-%y')).toBe('dd-mon-yy');
    expect(humanDateFormat('%d/%m/%Y %H:%M')).toBe('dd/mm/yyyy hh:mm');
  });

  it('leaves codes it does not know as written', () => {
    expect(humanDateFormat('%Q/%Y')).toBe('%Q/yyyy');
  });

  it('names delimiters', () => {
    expect(describeDelimiter(',')).toBe('comma (,)');
    expect(describeDelimiter('\t')).toBe('tab');
    expect(describeDelimiter('~')).toBe('“~”');
  });
});

describe('target table name', () => {
  const existing: TableInfo[] = [
    { name: 'offences', kind: 'data', rowCount: 10, columns: [] },
    { name: 'offences__rejects', kind: 'rejects', rowCount: 2, columns: [] },
    { name: 'population', kind: 'reference', rowCount: 100, columns: [] },
  ];

  it('accepts a new plain identifier', () => {
    expect(tableNameProblem('victims_2025', 'create', existing)).toBeNull();
  });

  it('rejects names the TableName rule refuses, quoting the rule', () => {
    expect(tableNameProblem('', 'create', existing)).toBe('Enter a table name.');
    expect(tableNameProblem('Offences', 'create', existing)).toMatch(/lower-case letters, digits and _/);
    expect(tableNameProblem('2025_data', 'create', existing)).toMatch(/start with a letter/);
    expect(tableNameProblem('a'.repeat(64), 'create', existing)).toBe('Not a valid table name: use at most 63 characters.');
    expect(tableNameProblem('a'.repeat(63), 'create', existing)).toBeNull();
  });

  it('refuses to create over an existing table but allows replacing one (reference tables too)', () => {
    expect(tableNameProblem('offences', 'create', existing)).toMatch(/already exists/);
    expect(tableNameProblem('offences', 'replace', existing)).toBeNull();
    expect(tableNameProblem('population', 'replace', existing)).toBeNull();
    expect(tableNameProblem('victims__rejects', 'create', existing)).toMatch(/kept for rejected rows/);
  });
});
