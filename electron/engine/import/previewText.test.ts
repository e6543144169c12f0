import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../contract/index.js';
import { discardImport, previewImport } from './preview.js';
import { previewsOf } from './previews.js';
import { makeSandbox, type Sandbox } from './testSupport.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(() => sb.cleanup());

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
/** Text in Windows-1252: ASCII as is, and the bytes given for the rest. */
const cp1252 = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'ascii') : Buffer.from(p))));

describe('previewImport: encodings', () => {
  it('reads UTF-8 without a BOM as utf-8', async () => {
    const text = 'id,town\n1,Zoë £5 – “ok”\n';
    const p = await previewImport(sb.ws, sb.file('utf8.csv', text), {});
    expect(p.encoding).toBe('utf-8');
    expect(p.format).toBe('csv');
    expect(p.sheets).toEqual([]);
    expect(p.sheet).toBeNull();
    expect(p.sampleRows).toEqual([{ id: 1, town: 'Zoë £5 – “ok”' }]);
    expect(p.sizeBytes).toBe(Buffer.byteLength(text));
  });

  it('strips a UTF-8 BOM from the first column name and keeps rejects on their lines', async () => {
    const body = Array.from({ length: 11 }, (_, i) => `C${i + 1},2024-04-${String(i + 1).padStart(2, '0')}`);
    body[4] = 'C5,2024-13-45';
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`crime_id,offence_date\n${body.join('\n')}\n`)]);
    const p = await previewImport(sb.ws, sb.file('bom.csv', file), {});
    expect(p.encoding).toBe('utf-8-bom');
    expect(p.columns.map((c) => c.name)).toEqual(['crime_id', 'offence_date']);
    expect(p.sampleRows[0]).toEqual({ crime_id: 'C1', offence_date: '2024-04-01' });
    expect(p.rejects).toEqual([{ line: 6, column: 'offence_date', reason: "'2024-13-45' is not a date (yyyy-mm-dd)", raw: 'C5,2024-13-45' }]);
  });

  it('converts Windows-1252 (£, €, smart quotes, en dash) to the right characters, lines and hash of the original', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${i + 3},plain,0${(i % 9) + 1}/05/2024\n`);
    const file = cp1252(
      'id,note,when\n',
      '1,',
      [0x93],
      'Hi',
      [0x94],
      ' ',
      [0xa3],
      '5 ',
      [0x80],
      '3 ',
      [0x91],
      'a',
      [0x92],
      ' 1',
      [0x96],
      '2,03/04/2024\n',
      '2,Caf',
      [0xe9],
      ',99/99/2024\n',
      ...rows,
    );
    const f = sb.file('cp1252.csv', file);
    const p = await previewImport(sb.ws, f, {});
    expect(p.encoding).toBe('windows-1252');
    expect(p.sampleRows[0]).toEqual({ id: 1, note: '“Hi” £5 €3 ‘a’ 1–2', when: '2024-04-03' });
    expect(p.rejects).toEqual([{ line: 3, column: 'when', reason: "'99/99/2024' is not a date (dd/mm/yyyy)", raw: '2,Café,99/99/2024' }]);
    expect(p.sizeBytes).toBe(file.length);
    // The converted copy lives in the preview's staging folder and goes with it.
    expect(existsSync(join(sb.ws.stagingDir, p.previewId, 'source.csv'))).toBe(true);
    await discardImport(sb.ws, p.previewId);
    expect(sb.stagingEntries()).toEqual([]);
  });

  it('checks the WHOLE file: a £ a megabyte and a half down still makes it Windows-1252', async () => {
    const filler = Array.from({ length: 80_000 }, (_, i) => `${i},abcdefghijklmnopq`).join('\n');
    const file = cp1252(`id,v\n${filler}\n80000,`, [0xa3], '9\n');
    expect(file.length).toBeGreaterThan(1.5 * 2 ** 20);
    const p = await previewImport(sb.ws, sb.file('late.csv', file), {});
    expect(p.encoding).toBe('windows-1252');
    expect(p.rowsAccepted).toBe(80_001);
    expect(await sb.rows(`SELECT v FROM read_parquet('${join(sb.ws.stagingDir, p.previewId, 'data.parquet')}') WHERE id = 80000`)).toEqual([
      { v: '£9' },
    ]);
  });

  it('honours a forced encoding: Windows-1252 on UTF-8 text, UTF-8 on Windows-1252 text (bad bytes rejected)', async () => {
    const forced = await previewImport(sb.ws, sb.file('u.csv', 'id,t\n1,é\n'), { encoding: 'windows-1252' });
    expect(forced.encoding).toBe('windows-1252');
    expect(forced.sampleRows).toEqual([{ id: 1, t: 'Ã©' }]);

    const strict = await previewImport(sb.ws, sb.file('w.csv', cp1252('id,note\n1,ok\n2,', [0xa3], '5\n3,fine\n')), { encoding: 'utf-8' });
    expect(strict.encoding).toBe('utf-8');
    expect(strict.sampleRows).toEqual([
      { id: 1, note: 'ok' },
      { id: 3, note: 'fine' },
    ]);
    expect(strict.rejects.map((r) => [r.line, r.column, r.reason])).toEqual([
      [3, 'note', "the line contains bytes that are not valid text in the file's encoding"],
    ]);
  });
});

describe('previewImport: delimiters', () => {
  it('sniffs tab and pipe, and keeps commas inside their values', async () => {
    const tab = await previewImport(sb.ws, sb.file('tab.tsv', 'id\tname\tn\n1\tSmith, J\t3\n2\tJones\t4\n'), {});
    expect(tab.delimiter).toBe('\t');
    expect(tab.sampleRows).toEqual([
      { id: 1, name: 'Smith, J', n: 3 },
      { id: 2, name: 'Jones', n: 4 },
    ]);
    const pipe = await previewImport(sb.ws, sb.file('pipe.txt', 'id|name|n\n1|Smith, J|3\n2|Jones|4\n'), {});
    expect(pipe.delimiter).toBe('|');
    expect(pipe.sampleRows[0]).toEqual({ id: 1, name: 'Smith, J', n: 3 });
  });

  it('reads tab-separated text a case system saved under an .xls name', async () => {
    const p = await previewImport(sb.ws, sb.file('export.xls', 'Ref\tAge\nC1\t23\n'), {});
    expect([p.format, p.delimiter, p.sampleRows]).toEqual(['csv', '\t', [{ Ref: 'C1', Age: 23 }]]);
  });

  it('lets the analyst override the delimiter', async () => {
    const p = await previewImport(sb.ws, sb.file('semi.csv', 'a;b,c\n1;2,3\n'), { delimiter: ',' });
    expect(p.delimiter).toBe(',');
    expect(p.columns.map((c) => c.name)).toEqual(['a;b', 'c']);
  });
});

describe('previewImport: title rows above the header', () => {
  // As Excel saves a report: title lines carry every comma of the data, so DuckDB alone
  // would take the first title for the header.
  const rows = Array.from({ length: 12 }, (_, i) => `C${i + 1},0${(i % 9) + 1}/04/2024,${20 + i},M`);
  rows[5] = 'C6,31/02/2024,25,F';
  const report = `Crime extract April 2024,,,\nProduced 02/05/2024,,,\n,,,\nCrime Ref,Date,Age,Sex\n${rows.join('\n')}\n`;

  it('finds the header below titles and counts reject lines from the top of the file', async () => {
    const p = await previewImport(sb.ws, sb.file('report.csv', report), {});
    expect(p.headerRow).toBe(4);
    expect(p.header).toBe(true);
    expect(p.columns.map((c) => [c.name, c.type])).toEqual([
      ['Crime Ref', 'VARCHAR'],
      ['Date', 'DATE'],
      ['Age', 'BIGINT'],
      ['Sex', 'VARCHAR'],
    ]);
    expect(p.rowsAccepted).toBe(11);
    expect(p.rejects).toEqual([{ line: 10, column: 'Date', reason: "'31/02/2024' is not a date (dd/mm/yyyy)", raw: 'C6,31/02/2024,25,F' }]);
  });

  it('takes the header row the analyst gives, reading the rows above as skipped', async () => {
    const p = await previewImport(sb.ws, sb.file('report.csv', report), { headerRow: 2 });
    expect(p.headerRow).toBe(2);
    expect(p.columns.map((c) => c.name)).toEqual(['Produced 02/05/2024', 'column1', 'column2', 'column3']);
    // Rows 3 (",,,": four empty values) and 4 (the real header) are now data.
    expect(p.sampleRows.slice(0, 2)).toEqual([
      { 'Produced 02/05/2024': null, column1: null, column2: null, column3: null },
      { 'Produced 02/05/2024': 'Crime Ref', column1: 'Date', column2: 'Age', column3: 'Sex' },
    ]);

    const err = await previewImport(sb.ws, sb.file('report.csv', report), { headerRow: 99 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).message).toBe('report.csv: row 99 is past the end of the file');
  });

  it('names repeated and blank header cells uniquely', async () => {
    const p = await previewImport(sb.ws, sb.file('dup.csv', 'Ref,Location,Location,,Age\nC1,Street,High St,x,5\n'), {});
    expect(p.columns.map((c) => c.name)).toEqual(['Ref', 'Location', 'Location_1', 'column3', 'Age']);
  });
});

describe('previewImport: the suggested canonical table', () => {
  it('names the table a police victims extract holds, and none for anything else', async () => {
    const victims = await previewImport(sb.ws, sb.file('v.csv', 'Crime Reference,Victim ID,Victim Age,Gender\nC1,P1,23,F\n'), {});
    expect(victims.suggestedCanonical).toBe('victims');
    const other = await previewImport(sb.ws, sb.file('o.csv', 'id,name\n1,x\n'), {});
    expect(other.suggestedCanonical).toBeNull();
  });
});

describe('previewImport: provenance', () => {
  it('hashes the original bytes (the staged import carries it for the commit)', async () => {
    const file = cp1252('id,t\n1,', [0xa3], '\n');
    const p = await previewImport(sb.ws, sb.file('h.csv', file), {});
    const staged = previewsOf(sb.ws).get(p.previewId)!;
    expect(staged.sha256).toBe(sha256(file));
    expect(staged.sizeBytes).toBe(file.length);
    expect(staged.encoding).toBe('windows-1252');
  });
});
