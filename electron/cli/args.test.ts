import { describe, expect, it } from 'vitest';
import { parseCommand } from './args.js';
import { toCsv } from './csv.js';

describe('parseCommand', () => {
  it('run with every option, in any order', () => {
    expect(
      parseCommand(['run', '--format', 'csv', 'age-rates', '--data', 'dir', '--param', 'area=E1', '--param=bands=0-9,10+', '--no-suppress']),
    ).toEqual({ kind: 'run', queryId: 'age-rates', dataDir: 'dir', params: { area: 'E1', bands: '0-9,10+' }, format: 'csv', suppress: false });
  });

  it('defaults to JSON, suppression on', () => {
    expect(parseCommand(['run', 'q', '--data=d'])).toEqual({ kind: 'run', queryId: 'q', dataDir: 'd', params: {}, format: 'json', suppress: true });
  });

  it('--out writes a file: the format from --format or the file name; a row-level list needs --confirm-personal-data', () => {
    expect(parseCommand(['run', 'q', '--data', 'd', '--format', 'xlsx', '--out', 'x.bin'])).toEqual({
      kind: 'run',
      queryId: 'q',
      dataDir: 'd',
      params: {},
      format: 'xlsx',
      suppress: true,
      out: { path: 'x.bin', confirmPersonalData: false },
    });
    expect(parseCommand(['run', 'q', '--data', 'd', '--out', 'T.XLSX'])).toMatchObject({ format: 'xlsx', out: { path: 'T.XLSX' } });
    expect(parseCommand(['run', 'q', '--data', 'd', '--out=t.csv', '--no-suppress'])).toMatchObject({ format: 'csv', suppress: false });
    expect(parseCommand(['run', 'q', '--data', 'd', '--out', 't.txt'])).toMatchObject({ format: 'json', out: { path: 't.txt' } });
    expect(parseCommand(['run', 'q', '--data', 'd', '--format', 'csv', '--out', 'a.xlsx'])).toMatchObject({ format: 'csv' });
    expect(parseCommand(['run', 'q', '--workspace', 'w', '--out', 'l.csv', '--confirm-personal-data'])).toMatchObject({
      workspaceDir: 'w',
      out: { path: 'l.csv', confirmPersonalData: true },
    });
  });

  it('a value may contain = and be empty', () => {
    expect(parseCommand(['run', 'q', '--data', 'd', '--param', 'x=a=b', '--param', 'y='])).toMatchObject({
      params: { x: 'a=b', y: '' },
    });
  });

  it('list', () => {
    expect(parseCommand(['list', '--format', 'json'])).toEqual({ kind: 'list', format: 'json' });
    expect(parseCommand(['list'])).toEqual({ kind: 'list', format: 'json' });
  });

  it.each([
    [[], /usage/],
    [['explode'], /unknown command explode/],
    [['run', '--data', 'd'], /run needs a query id/],
    [['run', 'q'], /run needs --data/],
    [['run', 'q', '--data'], /--data needs a value/],
    [['run', 'q', '--data', 'd', '--format', 'xml'], /--format must be json, csv or xlsx/],
    [['run', 'q', '--data', 'd', '--format', 'xlsx'], /--format xlsx needs --out <file>/],
    [['run', 'q', '--data', 'd', '--confirm-personal-data'], /--confirm-personal-data goes with --out/],
    [['run', 'q', '--data', 'd', '--out'], /--out needs a value/],
    [['list', '--out', 'x.csv'], /list takes no --out/],
    [['import', 'f.csv', '--table', 'offences', '--workspace', 'w', '--out', 'x.csv'], /import takes no --out/],
    [['run', 'q', '--data', 'd', '--param', 'novalue'], /--param must be name=value/],
    [['run', 'q', '--data', 'd', '--param', 'a=1', '--param', 'a=2'], /--param a is given twice/],
    [['run', 'q', 'r', '--data', 'd'], /unexpected argument r/],
    [['run', 'q', '--data', 'd', '--verbose'], /unknown option --verbose/],
    [['list', '--format', 'csv'], /json only/],
    [['list', '--data', 'd'], /list takes no --data/],
  ])('refuses %j', (argv, why) => {
    expect(() => parseCommand(argv)).toThrow(why);
  });
});

describe('toCsv', () => {
  it('quotes what needs quoting and leaves nulls empty', () => {
    expect(
      toCsv(['a', 'b', 'c'], [
        { a: 'x,y', b: 1.5, c: null },
        { a: 'say "hi"', b: true, c: ' pad' },
        { a: 'line\nbreak', b: 0, c: '2024-01-01' },
      ]),
    ).toBe('a,b,c\n"x,y",1.5,\n"say ""hi""",true," pad"\n"line\nbreak",0,2024-01-01\n');
  });
});
