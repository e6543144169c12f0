import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../contract/index.js';
import { SAMPLE_ROWS } from './inferTypes.js';
import { discardImport, previewImport } from './preview.js';
import { makeSandbox, type Sandbox } from './testSupport.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(() => sb.cleanup());

const UK_DATES = [
  'id,name,seen,count',
  '1,alice,03/04/2024,5',
  '2,bob,25/12/2023,6',
  '3,carol,01/02/2024,7',
  '4,dave,12/11/2023,8',
  '5,erin,05/06/2024,9',
  '',
].join('\n');

describe('previewImport: dates', () => {
  it('reads dd/mm/yyyy day-first: 03/04/2024 is 3 April, 25/12/2023 is Christmas', async () => {
    const p = await previewImport(sb.ws, sb.file('seen.csv', UK_DATES), {});
    expect(p.dateFormat).toBe('%d/%m/%Y');
    expect(p.dateFormatChoices[0]).toBe('%d/%m/%Y');
    expect(p.dateFormatChoices).toContain('%m/%d/%Y');
    expect(p.columns.map((c) => [c.name, c.type, c.kind])).toEqual([
      ['id', 'BIGINT', 'number'],
      ['name', 'VARCHAR', 'text'],
      ['seen', 'DATE', 'date'],
      ['count', 'BIGINT', 'number'],
    ]);
    expect(p.sampleRows.map((r) => r.seen)).toEqual(['2024-04-03', '2023-12-25', '2024-02-01', '2023-11-12', '2024-06-05']);
    expect(p.rowsAccepted).toBe(5);
    expect(p.rowsRejected).toBe(0);
    expect(p.rejects).toEqual([]);
    expect(p.delimiter).toBe(',');
    expect(p.header).toBe(true);
    expect([p.format, p.encoding, p.sheets, p.sheet, p.headerRow, p.suggestedCanonical]).toEqual(['csv', 'utf-8', [], null, 1, null]);
  });

  it('prefers day-first when every date is ambiguous, and the analyst can override it', async () => {
    const csv = 'ref;when\nA;03/04/2024\nB;01/02/2024\nC;11/12/2023\n';
    const uk = await previewImport(sb.ws, sb.file('ambiguous.csv', csv), {});
    expect(uk.delimiter).toBe(';');
    expect(uk.dateFormat).toBe('%d/%m/%Y');
    expect(uk.sampleRows.map((r) => r.when)).toEqual(['2024-04-03', '2024-02-01', '2023-12-11']);

    const us = await previewImport(sb.ws, sb.file('ambiguous.csv', csv), { dateFormat: '%m/%d/%Y' });
    expect(us.dateFormat).toBe('%m/%d/%Y');
    expect(us.dateFormatChoices[0]).toBe('%m/%d/%Y');
    expect(us.sampleRows.map((r) => r.when)).toEqual(['2024-03-04', '2024-01-02', '2023-11-12']);
  });

  it('overriding with a format the dates do not fit rejects them, saying which format was expected', async () => {
    const p = await previewImport(sb.ws, sb.file('seen.csv', UK_DATES), { dateFormat: '%m/%d/%Y' });
    // 25/12/2023 cannot be month-first; the other four can (and are read that way).
    expect(p.rowsAccepted).toBe(4);
    expect(p.sampleRows.map((r) => r.seen)).toEqual(['2024-03-04', '2024-01-02', '2023-12-11', '2024-05-06']);
    expect(p.rejects).toEqual([
      { line: 3, column: 'seen', reason: "'25/12/2023' is not a date (mm/dd/yyyy)", raw: '2,bob,25/12/2023,6' },
    ]);
  });

  it('refuses a date format override that is not one', async () => {
    for (const dateFormat of ['%Q/%m/%Y', 'dd/mm/yyyy']) {
      const err = await previewImport(sb.ws, sb.file('seen.csv', UK_DATES), { dateFormat }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('invalid_args');
      expect((err as EngineError).message).toBe(`seen.csv: "${dateFormat}" is not a date format; use one like %d/%m/%Y`);
    }
    expect(sb.stagingEntries()).toEqual([]);
  });

  it('goes month-first only when the data proves it (12/25/2023 exists)', async () => {
    const p = await previewImport(sb.ws, sb.file('us.csv', 'id,d\n1,12/25/2023\n2,03/04/2024\n3,01/31/2024\n'), {});
    expect(p.dateFormat).toBe('%m/%d/%Y');
    expect(p.sampleRows.map((r) => r.d)).toEqual(['2023-12-25', '2024-03-04', '2024-01-31']);
  });

  it('reads ISO dates as they are, and dd/mm/yyyy hh:mm as timestamps', async () => {
    const iso = await previewImport(sb.ws, sb.file('iso.csv', 'id,d\n1,2024-04-03\n2,2023-12-25\n'), {});
    expect(iso.dateFormat).toBe('%Y-%m-%d');
    expect(iso.sampleRows.map((r) => r.d)).toEqual(['2024-04-03', '2023-12-25']);

    const ts = await previewImport(
      sb.ws,
      sb.file('ts.csv', 'id,at,on\n1,03/04/2024 14:05,03/04/2024\n2,25/12/2023 09:30,26/12/2023\n'),
      {},
    );
    expect(ts.dateFormat).toBe('%d/%m/%Y');
    expect(ts.columns.map((c) => c.type)).toEqual(['BIGINT', 'TIMESTAMP', 'DATE']);
    expect(ts.sampleRows[0]).toEqual({ id: 1, at: '2024-04-03 14:05:00', on: '2024-04-03' });
  });

  it('keeps a column of non-dates as text and reports no date format', async () => {
    const p = await previewImport(sb.ws, sb.file('plain.csv', 'code,label\n007,a\n012,b\n'), {});
    expect(p.dateFormat).toBeNull();
    expect(p.columns.map((c) => c.type)).toEqual(['VARCHAR', 'VARCHAR']);
    expect(p.sampleRows[0]).toEqual({ code: '007', label: 'a' });
  });
});

describe('previewImport: messy rows', () => {
  // Physical lines: 1 header, 2 alice, 3-4 bob (quoted line break), 5 carol (bad date),
  // 6 dave (two columns short), 7 blank, 8 erin (too many), 9 fay (bad number), 10-12 gus (two breaks), 13 hal.
  const lines = [
    'id,name,when,n',
    '1,alice,03/04/2024,5',
    '2,"bob',
    'smith",25/12/2023,6',
    '3,carol,31/02/2024,7',
    '4,dave',
    '',
    '5,erin,02/01/2024,8,extra',
    '6,fay,05/05/2024,x',
    '7,"gus ""g""',
    'multi',
    'line",06/06/2024,9',
    '8,hal,07/06/2024,10',
    '9,ivy,08/06/2024,11',
    '10,jo,09/06/2024,12',
    '11,kim,10/06/2024,13',
    '12,lee,11/06/2024,14',
    '13,max,12/06/2024,15',
    '14,ned,13/06/2024,16',
    '15,oli,14/06/2024,17',
    '16,pat,15/06/2024,18',
    '',
  ];

  it('keeps quoted line breaks in one field and reports rejects on their real physical lines', async () => {
    const p = await previewImport(sb.ws, sb.file('messy.csv', lines.join('\n')), {});
    expect(p.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'BIGINT'],
      ['name', 'VARCHAR'],
      ['when', 'DATE'],
      // 'x' sits in the sample, so n is text: numbers are never guessed past a non-number.
      ['n', 'VARCHAR'],
    ]);
    expect(p.rowsAccepted).toBe(13);
    expect(p.rowsRejected).toBe(3);
    expect(p.sampleRows.slice(0, 3).map((r) => r.name)).toEqual(['alice', 'bob\nsmith', 'fay']);
    expect(p.sampleRows.find((r) => r.id === 7)?.name).toBe('gus "g"\nmulti\nline');
    expect(p.rejects).toEqual([
      { line: 5, column: 'when', reason: "'31/02/2024' is not a date (dd/mm/yyyy)", raw: '3,carol,31/02/2024,7' },
      { line: 6, column: 'when', reason: 'expected 4 columns, found 2', raw: '4,dave' },
      { line: 8, column: null, reason: 'expected 4 columns, found 5', raw: '5,erin,02/01/2024,8,extra' },
    ]);
  });

  it('gives the same physical lines for a Windows (CRLF) file', async () => {
    const p = await previewImport(sb.ws, sb.file('messy-crlf.csv', lines.join('\r\n')), {});
    expect(p.rejects.map((r) => [r.line, r.column, r.raw])).toEqual([
      [5, 'when', '3,carol,31/02/2024,7'],
      [6, 'when', '4,dave'],
      [8, null, '5,erin,02/01/2024,8,extra'],
    ]);
    expect(p.sampleRows[1]?.name).toBe('bob\r\nsmith');
  });

  it('rejects a number that breaks the pattern after the sample, on its exact line', async () => {
    const body = Array.from({ length: SAMPLE_ROWS + 10 }, (_, i) => `${i + 1},${i % 7}`);
    body[SAMPLE_ROWS + 4] = `${SAMPLE_ROWS + 5},seven`;
    const p = await previewImport(sb.ws, sb.file('long.csv', `id,k\n${body.join('\n')}\n`), {});
    expect(p.columns.map((c) => c.type)).toEqual(['BIGINT', 'BIGINT']);
    expect(p.rowsAccepted).toBe(SAMPLE_ROWS + 9);
    expect(p.rejects).toEqual([
      { line: SAMPLE_ROWS + 6, column: 'k', reason: "'seven' is not a whole number", raw: `${SAMPLE_ROWS + 5},seven` },
    ]);
    expect(p.sampleRows).toHaveLength(50);
  });

  it('reads Latin-1 (Windows-1252) text and still finds the right line after accented characters', async () => {
    const latin1 = Buffer.from('id,town,d\n1,Carré,03/04/2024\n2,Göteborg £,04/04/2024\n3,Zoë,99/99/2024\n' +
      Array.from({ length: 9 }, (_, i) => `${i + 4},x,0${i + 1}/05/2024`).join('\n') + '\n', 'latin1');
    const p = await previewImport(sb.ws, sb.file('latin.csv', latin1), {});
    expect(p.encoding).toBe('windows-1252');
    expect(p.sampleRows.slice(0, 2).map((r) => r.town)).toEqual(['Carré', 'Göteborg £']);
    expect(p.rejects).toEqual([
      { line: 4, column: 'd', reason: "'99/99/2024' is not a date (dd/mm/yyyy)", raw: '3,Zoë,99/99/2024' },
    ]);
  });

  it('keeps quoting when one value leaves its quote open, and rejects just that record', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => (i === 8 ? '9,"Smith, J,Leeds' : `${i + 1},"Name ${i + 1}, X",Leeds`));
    const p = await previewImport(sb.ws, sb.file('unclosed.csv', `id,name,town\n${rows.join('\n')}\n`), {});
    expect(p.columns.map((c) => c.name)).toEqual(['id', 'name', 'town']);
    expect(p.rowsAccepted).toBe(10);
    expect(p.sampleRows[0]).toEqual({ id: 1, name: 'Name 1, X', town: 'Leeds' });
    expect(p.rejects).toEqual([
      {
        line: 10,
        column: 'name',
        reason: 'a quote mark is not closed, so the line(s) after it were read into this record; expected 3 columns, found 4',
        raw: '9,"Smith, J,Leeds\n10,"Name 10, X",Leeds',
      },
    ]);
  });

  it('counts lines from the top of the file when title lines come before the header', async () => {
    const body = Array.from({ length: 11 }, (_, i) => `${i + 1},0${(i % 9) + 1}/01/2024`);
    body[6] = '7,32/01/2024';
    const p = await previewImport(sb.ws, sb.file('titled.csv', `Crime extract 2024\n\nref,date\n${body.join('\n')}\n`), {});
    expect(p.columns.map((c) => [c.name, c.type])).toEqual([
      ['ref', 'BIGINT'],
      ['date', 'DATE'],
    ]);
    expect(p.rowsAccepted).toBe(10);
    expect(p.headerRow).toBe(3);
    expect(p.rejects).toEqual([{ line: 10, column: 'date', reason: "'32/01/2024' is not a date (dd/mm/yyyy)", raw: '7,32/01/2024' }]);
  });

  it('honours header and delimiter overrides', async () => {
    const p = await previewImport(sb.ws, sb.file('noheader.txt', '1|a\n2|b\n'), { header: false, delimiter: '|' });
    expect(p.header).toBe(false);
    expect(p.delimiter).toBe('|');
    expect(p.rowsAccepted).toBe(2);
    expect(p.sampleRows).toEqual([
      { column0: 1, column1: 'a' },
      { column0: 2, column1: 'b' },
    ]);
  });
});

describe('previewImport: files it cannot read', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['empty.csv', '', /^empty\.csv: the file is empty$/],
    ['blank.csv', '\n\n  \n', /^blank\.csv: the file is empty$/],
    ['picture.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /^picture\.csv: .*binary data/],
    ['book.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), /^book\.csv: .*Excel workbook/],
    ['wide.csv', Buffer.from('\ufeffa,b\n', 'utf16le'), /^wide\.csv: .*UTF-16/],
    ['mixed.csv', 'a,b\n1,2\r\n3,4\n5,6\n', /^mixed\.csv: it has line breaks that do not match/],
    ['report.xls', '<html><body><table><tr><td>a</td></tr></table></body></html>', /^report\.xls: this is a web page \(HTML\)/],
  ];
  it.each(cases)('%s → import_failed naming the file, nothing left in staging', async (name, content, message) => {
    const err = await previewImport(sb.ws, sb.file(name, content), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('import_failed');
    expect((err as EngineError).message).toMatch(message);
    expect(sb.stagingEntries()).toEqual([]);
  });
});

describe('previewImport: staging', () => {
  it('stages one folder per preview and discardImport removes it', async () => {
    const a = await previewImport(sb.ws, sb.file('seen.csv', UK_DATES), {});
    const b = await previewImport(sb.ws, sb.file('seen.csv', UK_DATES), {});
    expect(sb.stagingEntries().sort()).toEqual([a.previewId, b.previewId].sort());
    await discardImport(sb.ws, a.previewId);
    expect(sb.stagingEntries()).toEqual([b.previewId]);
    await discardImport(sb.ws, a.previewId); // already gone: no error
    await discardImport(sb.ws, '../../etc'); // never a path
    expect(sb.stagingEntries()).toEqual([b.previewId]);
    expect(await sb.snapshot()).toEqual({ _sv_tables: [] });
  });

  it('suggests a table name from the file name', async () => {
    const p = await previewImport(sb.ws, sb.file('Offences Extract 2024.csv', UK_DATES), {});
    expect(p.suggestedTable).toBe('offences_extract_2024');
    expect(p.fileName).toBe('Offences Extract 2024.csv');
    expect(p.sizeBytes).toBe(Buffer.byteLength(UK_DATES));
  });
});
