import { describe, expect, it } from 'vitest';
import { EntryDraft, type Column, type QuerySummary } from '../../../electron/contract/index.js';
import { basisOf, chartOf, initialSaveForm, saveFormProblems, toEntryDraft } from './saveForm.js';

const columns: Column[] = [
  { name: 'person_id', type: 'VARCHAR', kind: 'text' },
  { name: 'offences', type: 'BIGINT', kind: 'number' },
  { name: 'share', type: 'DOUBLE', kind: 'number' },
];
const params = [
  { name: 'min_offences', type: 'int' as const, value: '3' },
  { name: 'until', type: 'date' as const, value: '' },
];

const appEntry: QuerySummary = {
  id: 'prolific-offenders',
  title: 'Prolific violent offenders',
  description: 'A cohort list.',
  theme: 'Offenders',
  version: '1.4.0',
  definition: 'Long definition.',
  params: [{ name: 'min_offences', type: 'int', label: 'Minimum offences', description: 'At least this many.', default: 10, required: false }],
  chart: { type: 'ranked_bar', x: 'person_id', y: 'offences', xTitle: 'Person' },
  countColumns: ['offences', 'domestic_offences'],
  rowLevel: true,
  sql: 'SELECT …',
  origin: 'app',
};

describe('the save form', () => {
  it('starts from nothing with guesses from the result: integer columns as counts, person_id as row-level', () => {
    const form = initialSaveForm(null, params, columns);
    expect(form).toMatchObject({ id: '', title: '', theme: '', version: '1.0.0', chartType: 'none', chartX: 'person_id', chartY: 'offences' });
    expect(form.countColumns).toEqual(['offences']);
    expect(form.rowLevel).toBe(true);
    expect(form.params).toEqual([
      { name: 'min_offences', type: 'int', label: 'Min offences', description: '', default: '3' },
      { name: 'until', type: 'date', label: 'Until', description: '', default: '' },
    ]);
    expect(Object.keys(saveFormProblems(form, columns)).sort()).toEqual(['description', 'id', 'theme', 'title']);
  });

  it('copies an app entry under an id of its own, keeping its labels and chart while they fit the result', () => {
    const form = initialSaveForm(basisOf(appEntry), params, columns);
    expect(form).toMatchObject({
      id: 'my-prolific-offenders',
      title: 'Prolific violent offenders (my version)',
      theme: 'Offenders',
      version: '1.0.0',
      definition: 'Long definition.',
      chartType: 'ranked_bar',
      countColumns: ['offences'],
      rowLevel: true,
    });
    expect(form.params[0]).toMatchObject({ label: 'Minimum offences', description: 'At least this many.' });
    expect(chartOf(form, basisOf(appEntry), columns)).toEqual({ type: 'ranked_bar', x: 'person_id', y: 'offences', xTitle: 'Person' });
    expect(chartOf({ ...form, chartType: 'bar' }, basisOf(appEntry), columns)).toEqual({ type: 'bar', x: 'person_id', y: 'offences' });
    expect(chartOf({ ...form, chartType: 'none' }, basisOf(appEntry), columns)).toEqual({ type: 'none', x: '', y: '' });
  });

  it('keeps an own entry\'s id and version, so saving asks to replace it', () => {
    const form = initialSaveForm(basisOf({ ...appEntry, id: 'mine', origin: 'user', version: '2.1.0' }), params, columns);
    expect([form.id, form.title, form.version]).toEqual(['mine', 'Prolific violent offenders', '2.1.0']);
  });

  it('names each field at fault, and sends a draft the contract accepts', () => {
    const form = { ...initialSaveForm(null, params, columns), id: 'Knife Crime', title: 'Knives', description: 'Knife offences.', theme: 'Places' as const };
    expect(saveFormProblems(form, columns)).toEqual({ id: 'Lower-case letters, digits and -, starting with a letter (e.g. knife-crime-by-ward).' });
    const bad = { ...form, id: 'knife-crime', version: '1.0', chartType: 'bar' as const, chartY: 'gone', params: [{ ...form.params[0]!, default: 'x' }, form.params[1]!] };
    expect(saveFormProblems(bad, columns)).toEqual({ version: 'Three numbers, e.g. 1.0.0.', chartY: 'Choose a column of the result.', 'param:min_offences': 'Default: Enter a whole number.' });
    const good = { ...form, id: 'knife-crime' };
    const draft = toEntryDraft(good, 'SELECT $min_offences, $until', chartOf(good, null, columns));
    expect(EntryDraft.parse(draft)).toMatchObject({
      id: 'knife-crime',
      theme: 'Places',
      params: [
        { name: 'min_offences', type: 'int', label: 'Min offences', default: 3 },
        { name: 'until', type: 'date', label: 'Until', default: null },
      ],
      chart: { type: 'none', x: '', y: '' },
      countColumns: ['offences'],
      rowLevel: true,
    });
  });
});
