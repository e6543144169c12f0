import { describe, expect, it } from 'vitest';
import { samplePreview } from '../../testing/fakeTransport.js';
import { readOfPreview, rereadFor } from './readOptions.js';

const xlsx = samplePreview({ format: 'xlsx', encoding: 'utf-8', sheets: ['Crimes', 'Notes'], sheet: 'Crimes', headerRow: 3 });

describe('read settings a profile records', () => {
  it('records sheet and header row of a workbook, delimiter and header row of a CSV, never the encoding', () => {
    expect(readOfPreview(xlsx)).toEqual({ sheet: 'Crimes', headerRow: 3 });
    expect(readOfPreview(samplePreview({ encoding: 'utf-8-bom', delimiter: '|' }))).toEqual({ headerRow: 1, delimiter: '|' });
    expect(readOfPreview(samplePreview({ encoding: 'windows-1252', delimiter: '\t', headerRow: 2 }))).toEqual({
      headerRow: 2,
      delimiter: '\t',
    });
  });

  it('asks for a re-read only where the profile differs from how the extract was read', () => {
    expect(rereadFor({ sheet: 'Crimes', headerRow: 3 }, xlsx, {})).toBeNull();
    expect(rereadFor({ sheet: 'Notes', headerRow: 3 }, xlsx, { dateFormat: '%d/%m/%Y' })).toEqual({ sheet: 'Notes', dateFormat: '%d/%m/%Y' });
    // A sheet this workbook does not have is left for the layout check to report, not forced.
    expect(rereadFor({ sheet: 'Sheet9' }, xlsx, {})).toBeNull();
    expect(rereadFor({ headerRow: 1 }, xlsx, {})).toEqual({ headerRow: 1 });
    const csv = samplePreview({ encoding: 'utf-8', delimiter: ',' });
    expect(rereadFor({ encoding: 'windows-1252', delimiter: '|' }, csv, {})).toEqual({ encoding: 'windows-1252', delimiter: '|' });
    expect(rereadFor({ encoding: 'utf-8' }, samplePreview({ encoding: 'utf-8-bom' }), {})).toBeNull();
  });
});
