import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ImportResult, SourceRecord } from '../../electron/contract/index.js';
import { TableSourcesView } from '../features/browse/TableSources.js';
import { ImportNotice } from './ImportNotice.js';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

describe('import result notice', () => {
  const base: ImportResult = {
    table: 'offences',
    rowsLoaded: 1283,
    rowsRejected: 2,
    rejectsTable: 'offences__rejects',
    rowsReplaced: 1150,
    rowsFlagged: 426,
    rowsLeftOut: 1,
    sourceId: 3,
  };

  it('says what was loaded, replaced, flagged and left out, and where the rows not loaded are', () => {
    const html = renderToStaticMarkup(<ImportNotice result={base} onOpenTable={() => undefined} onDismiss={() => undefined} />);
    expect(text(html)).toBe(
      'Imported 1,283 rows into offences. 1,150 rows already in the table were replaced by this extract’s (same key). ' +
        '426 rows are flagged: the _flags column says why. 1 row left out by your choice and 2 rows rejected as unreadable are kept in offences__rejects.×',
    );
    expect(html).toContain('data-testid="import-notice-rejects"');
    expect(html).toContain('banner-warn');
  });

  it('is a plain success when every row loaded clean', () => {
    const html = renderToStaticMarkup(
      <ImportNotice
        result={{ ...base, rowsRejected: 0, rejectsTable: null, rowsReplaced: 0, rowsFlagged: 0, rowsLeftOut: 0 }}
        onOpenTable={() => undefined}
        onDismiss={() => undefined}
      />,
    );
    expect(text(html)).toBe('Imported 1,283 rows into offences.×');
    expect(html).toContain('banner-ok');
  });
});

describe('table sources in the table header', () => {
  const source = (sourceId: number, fileName: string): SourceRecord => ({
    sourceId,
    table: 'victims',
    fileName,
    sizeBytes: 1000,
    sha256: 'c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc',
    importedAt: '2024-12-03T09:20:00Z',
    mode: 'append',
    rowsLoaded: 9876,
    rowsRejected: 0,
    rowsFlagged: 3,
    rowsLeftOut: 2,
    profileName: 'Police victims',
    decisions: [
      { kind: 'age_out_of_range', count: 3, resolution: 'keep_flagged' },
      { kind: 'orphan_crime', count: 2, resolution: 'leave_out' },
    ],
  });

  it('shows the latest file, short hash and counts, with every import and its decisions below', () => {
    const html = renderToStaticMarkup(<TableSourcesView sources={[source(2, 'victims_feb.csv'), source(1, 'victims_jan.csv')]} />);
    expect(html).toContain('data-testid="table-sources"');
    const summary = text(/<summary>.*<\/summary>/.exec(html)?.[0] ?? '');
    expect(summary).toMatch(/^From victims_feb\.csv · imported 2024-12-03 \d\d:20 · SHA-256 c0ffee00… · 9,876 loaded · 3 flagged · 2 left out · 1 earlier import$/);
    expect(html).toContain('data-testid="source-1"');
    expect(html).toContain('Age outside 0–110 (3): keep rows, flagged');
    expect(html).toContain('Crime not in offences (2): leave rows out');
  });

  it('shows nothing for a table with no recorded import', () => {
    expect(renderToStaticMarkup(<TableSourcesView sources={[]} />)).toBe('');
  });
});
