import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../../../electron/contract/index.js';
import { groupByTheme } from './librarySearch.js';
import { initialInputs, paramProblem, paramProblems, placeholderFor, runParams } from './params.js';

const spec = (over: Partial<ParamSpec> & Pick<ParamSpec, 'name' | 'type'>): ParamSpec => ({
  label: over.name,
  description: '',
  default: null,
  required: false,
  ...over,
});

const specs: ParamSpec[] = [
  spec({ name: 'period_end', type: 'date' }),
  spec({ name: 'period_months', type: 'int', default: 12, required: true, min: 1, max: 120 }),
  spec({ name: 'source', type: 'enum', default: 'victims', options: ['victims', 'suspects', 'ae'] }),
  spec({ name: 'region', type: 'list' }),
  spec({ name: 'area', type: 'text', required: true }),
  spec({ name: 'z', type: 'number', default: 1.959964, min: 0 }),
];

describe('parameter form values', () => {
  it('prefills literal defaults and leaves engine-worked-out ones blank', () => {
    expect(initialInputs(specs)).toEqual({
      period_end: '',
      period_months: '12',
      source: 'victims',
      region: '',
      area: '',
      z: '1.959964',
    });
    expect(placeholderFor(specs[0]!)).toBe('latest in data');
    expect(placeholderFor(specs[3]!)).toBe('worked out from the data');
    expect(placeholderFor(specs[4]!)).toBe('required');
  });

  it('validates each type with messages an analyst can act on', () => {
    const [date, int, enumSpec, list, text, number] = specs as [ParamSpec, ParamSpec, ParamSpec, ParamSpec, ParamSpec, ParamSpec];
    expect(paramProblem(date, '2025-03-31')).toBeNull();
    expect(paramProblem(date, '2025-02-30')).toBe('Enter a date.');
    expect(paramProblem(date, '')).toBeNull();
    expect(paramProblem(int, '0')).toBe('Must be between 1 and 120.');
    expect(paramProblem(int, '12.5')).toBe('Enter a whole number.');
    expect(paramProblem(int, '36')).toBeNull();
    expect(paramProblem(int, '')).toBeNull(); // the engine applies its default of 12
    expect(paramProblem(enumSpec, 'probation')).toBe('Choose one of: victims, suspects, ae.');
    expect(paramProblem(list, ' , ')).toBe('Enter at least one value.');
    expect(paramProblem(spec({ name: 'l', type: 'list', options: ['a', 'b'] }), 'a, c')).toBe('Not allowed: c.');
    expect(paramProblem(text, '')).toBe('Required.');
    expect(paramProblem(number, '-0.5')).toBe('Must be at least 0.');
    expect(paramProblem(number, '1e3')).toBe('Enter a number.');
    expect(paramProblem(number, '2.5')).toBeNull();
  });

  it('collects every problem so Run can be disabled', () => {
    expect(paramProblems(specs, initialInputs(specs))).toEqual({ area: 'Required.' });
    expect(paramProblems(specs, { ...initialInputs(specs), area: 'E08000003' })).toEqual({});
  });

  it('sends typed values and leaves blanks to the engine', () => {
    const inputs = { ...initialInputs(specs), area: ' E08000003 ', region: 'E08000001 ,E08000002,', period_end: '2025-03-31' };
    expect(runParams(specs, inputs)).toEqual({
      period_end: '2025-03-31',
      period_months: 12,
      source: 'victims',
      region: 'E08000001,E08000002',
      area: 'E08000003',
      z: 1.959964,
    });
    expect(runParams(specs, initialInputs(specs))).not.toHaveProperty('period_end');
  });
});

describe('library list', () => {
  const q = (id: string, theme: string, title: string, description = '') => ({
    id,
    theme,
    title,
    description,
    version: '1',
    definition: '',
    params: [],
    chart: { type: 'none' as const, x: '', y: '' },
    countColumns: [],
    rowLevel: false,
    origin: 'app' as const,
    sql: '',
  });
  const lib = [
    q('repeat-victimisation', 'Victims', 'Repeat victimisation', 'victims of serious violence'),
    q('trend', 'Trends', 'Trend against previous period'),
    q('age-rates', 'Victims', 'Rates by age', 'per 1,000 population'),
  ];

  it('groups by theme in library order', () => {
    expect(groupByTheme(lib).map((g) => [g.theme, g.entries.map((e) => e.id)])).toEqual([
      ['Victims', ['repeat-victimisation', 'age-rates']],
      ['Trends', ['trend']],
    ]);
  });

  it('searches every word across id, title, theme and description', () => {
    expect(groupByTheme(lib, 'victims POPULATION').flatMap((g) => g.entries.map((e) => e.id))).toEqual(['age-rates']);
    expect(groupByTheme(lib, 'trends')).toHaveLength(1);
    expect(groupByTheme(lib, 'knife')).toEqual([]);
  });
});
