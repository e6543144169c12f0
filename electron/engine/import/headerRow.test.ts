import { describe, expect, it } from 'vitest';
import { detectHeaderRow, isTexty, uniqueNames } from './headerRow.js';
import { headerNames, headerRows, isTwoRowHeader, type HeaderGrid } from './mergedHeader.js';
import { splitRecords } from './records.js';

const rows = (...lines: string[][]) => lines.map((cells) => ({ cells }));

describe('splitRecords', () => {
  it('counts records as DuckDB skips them: blank lines are records, quoted line breaks are not', () => {
    const text = 'Title,,\r\n"multi\nline",,\n\nid,"a ""b""",c\n1,2,3\n';
    expect(splitRecords(text, ',', '"', 100, true)).toEqual([
      { line: 1, cells: ['Title', '', ''] },
      { line: 2, cells: ['multi\nline', '', ''] },
      { line: 4, cells: [''] },
      { line: 5, cells: ['id', 'a "b"', 'c'] },
      { line: 6, cells: ['1', '2', '3'] },
    ]);
  });

  it('drops a record the opening cut, keeps a last line without a line break in a whole file', () => {
    expect(splitRecords('a|b\n1|2\n3|', '|', '"', 100, false).map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(splitRecords('a|b\n1|2\n3|', '|', '"', 100, true).map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', ''],
    ]);
    expect(splitRecords('a\tb\n1\t2\n', '\t', '', 1, true)).toEqual([{ line: 1, cells: ['a', 'b'] }]);
  });
});

describe('detectHeaderRow', () => {
  it('passes over titles, a date line and blank rows saved with every comma of the data', () => {
    const opening = rows(
      ['Crime extract April 2024', '', '', ''],
      ['Produced 02/05/2024', '', '', ''],
      ['', '', '', ''],
      ['Crime Ref', 'Date', 'Age', 'Sex'],
      ['C1', '03/04/2024', '23', 'M'],
      ['C2', '04/04/2024', '', 'F'],
    );
    expect(detectHeaderRow(opening)).toBe(3);
  });

  it('finds a header with a few unnamed columns, and the first row when there are no titles', () => {
    expect(detectHeaderRow(rows(['ref', 'date', '', 'age'], ['1', '2024-01-01', 'x', '5']))).toBe(0);
    expect(detectHeaderRow(rows(['a', 'b'], ['1', '2']))).toBe(0);
  });

  it('gives up (null) when the first full row is data, or nothing follows the header', () => {
    expect(detectHeaderRow(rows(['1', '03/04/2024', 'x'], ['2', '04/04/2024', 'y']))).toBeNull();
    expect(detectHeaderRow(rows(['Report', '', ''], ['id', 'name', 'n']))).toBeNull();
    expect(detectHeaderRow(rows(['', ''], ['', '']))).toBeNull();
  });

  it('does not take a title merged across the width (one value) for the header', () => {
    const title = { cells: ['Police extract', 'Police extract', 'Police extract'], units: 1 };
    expect(detectHeaderRow([title, { cells: ['ref', 'date', 'age'] }, { cells: ['1', '2024-01-01', '5'] }])).toBe(1);
  });

  it('tells names from numbers and dates', () => {
    expect(['Age', 'Crime Ref', 'Q1 2024', 'Y'].map(isTexty)).toEqual([true, true, true, true]);
    expect(['23', '-1.5', '£1,200.50', '45%', '03/04/2024', '2024-04-03 14:05', '3-Apr-2024', ' '].map(isTexty)).toEqual(
      Array(8).fill(false),
    );
  });
});

describe('uniqueNames', () => {
  it('trims, names blanks by position and suffixes repeats as DuckDB does, ignoring case', () => {
    expect(uniqueNames([' Location ', 'Location', '', 'age', 'AGE', 'Location_1', 'location'])).toEqual([
      'Location',
      'Location_2',
      'column2',
      'age',
      'AGE_1',
      'Location_1',
      'location_3',
    ]);
  });
});

/** A sheet from rows of text, with merges as 'A1:B2' ranges (columns A–Z). */
function grid(cells: string[][], merges: string[] = []): HeaderGrid {
  const ranges = merges.map((m) => {
    const [a, b] = m.split(':').map((ref) => ({ col: ref.charCodeAt(0) - 64, row: Number(ref.slice(1)) }));
    return { top: a!.row, left: a!.col, bottom: b!.row, right: b!.col };
  });
  const origin = (row: number, col: number) => {
    const m = ranges.find((r) => row >= r.top && row <= r.bottom && col >= r.left && col <= r.right);
    return m ? { row: m.top, col: m.left } : { row, col };
  };
  return {
    origin,
    text: (row, col) => {
      const o = origin(row, col);
      return cells[o.row - 1]?.[o.col - 1] ?? '';
    },
  };
}

describe('merged headers', () => {
  const sheet = grid(
    [
      ['Police extract', '', '', '', ''],
      ['Crime ref', 'Offence', '', 'Victim age', ''],
      ['', 'Date', 'Type', '', ''],
      ['C1', '2024-04-03', 'GBH', '23', '24'],
    ],
    ['A1:E1', 'A2:A3', 'B2:C2', 'D2:E3'],
  );

  it('joins a group merged across columns with the names under it; a merge down both rows names once', () => {
    expect(isTwoRowHeader(sheet, 2, 5)).toBe(true);
    expect(headerRows(sheet, 2, 5, true)).toEqual([2, 3]);
    expect(headerNames(sheet, [2, 3], 1, 5)).toEqual(['Crime ref', 'Offence / Date', 'Offence / Type', 'Victim age', 'Victim age']);
  });

  it('finds the group row above when the second header row was the one detected, never a title', () => {
    expect(headerRows(sheet, 3, 5, true)).toEqual([2, 3]);
    expect(headerRows(sheet, 3, 5, false)).toEqual([3]);
    expect(isTwoRowHeader(sheet, 1, 5)).toBe(false);
  });

  it('keeps a one-row header with a merged cell over data: the other columns have values below', () => {
    const oneRow = grid(
      [
        ['Ref', 'Location', '', 'Ward'],
        ['C1', 'Street', 'High St', 'Ardwick'],
      ],
      ['B1:C1'],
    );
    expect(headerRows(oneRow, 1, 4, true)).toEqual([1]);
    expect(uniqueNames(headerNames(oneRow, [1], 1, 4))).toEqual(['Ref', 'Location', 'Location_1', 'Ward']);
  });

  it('is not fooled by numbers under a merge that spans every column', () => {
    const numbers = grid([['Victim age', ''], ['23', '24']], ['A1:B1']);
    expect(isTwoRowHeader(numbers, 1, 2)).toBe(false);
  });
});
