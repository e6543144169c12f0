import { describe, expect, it } from 'vitest';
import type { QuerySummary } from '../../../electron/contract/index.js';
import { editorDraftOf } from './openInEditor.js';

const query: QuerySummary = {
  id: 'hotspots',
  title: 'Hotspots',
  description: '',
  theme: 'Places',
  version: '1.0.0',
  definition: '',
  params: [
    { name: 'period_end', type: 'date', label: 'Period end', description: '', default: null, required: false },
    { name: 'top', type: 'int', label: 'Top', description: '', default: 20, required: false },
    { name: 'level', type: 'enum', label: 'Level', description: '', default: 'location_name', required: false, options: ['location_name', 'ward'] },
  ],
  chart: { type: 'none', x: '', y: '' },
  countColumns: [],
  rowLevel: false,
  sql: 'SELECT * FROM offences WHERE offence_date <= $period_end AND $level IS NOT NULL LIMIT $top',
  origin: 'app',
};

describe('"Open in SQL editor"', () => {
  it('takes the SQL with each $param typed as declared (enum as text) and the value in the form', () => {
    expect(editorDraftOf(query, { top: '5', level: 'ward', period_end: '' }, null)).toEqual({
      sql: query.sql,
      params: [
        { name: 'period_end', type: 'date', value: '' },
        { name: 'level', type: 'text', value: 'ward' },
        { name: 'top', type: 'int', value: '5' },
      ],
    });
  });

  it('fills a blank field from the last run (a default worked out from the data), else the default', () => {
    const draft = editorDraftOf(query, { top: '', level: '', period_end: '' }, { period_end: '2024-12-31', top: 20, level: 'location_name' });
    expect(draft.params.map((p) => [p.name, p.value])).toEqual([
      ['period_end', '2024-12-31'],
      ['level', 'location_name'],
      ['top', '20'],
    ]);
    expect(editorDraftOf(query, {}, null).params.map((p) => p.value)).toEqual(['', 'location_name', '20']);
  });
});
