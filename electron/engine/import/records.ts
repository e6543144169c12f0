/** One CSV record of a file's opening: where it starts and its cells. */
export interface TextRecord {
  /** 1-based physical line the record starts on. */
  line: number;
  cells: string[];
}

/**
 * Splits the opening of a CSV text into records the way DuckDB counts them for `skip`: every
 * line break outside quotes ends one, and a blank line is a record of one empty cell. Only
 * for finding the header row; the data itself is always parsed by DuckDB.
 * `complete` = the text is the whole file; otherwise the last, possibly cut, record is dropped.
 */
export function splitRecords(text: string, delimiter: string, quote: string, maxRecords: number, complete: boolean): TextRecord[] {
  const records: TextRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let line = 1;
  let start = 1;
  const end = () => {
    cells.push(cell);
    records.push({ line: start, cells });
    cells = [];
    cell = '';
    start = line;
  };
  let i = 0;
  while (i < text.length && records.length < maxRecords) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === quote) {
        if (text[i + 1] === quote) {
          cell += quote;
          i += 2;
          continue;
        }
        inQuotes = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
      i++;
      continue;
    }
    if (quote !== '' && ch === quote && cell === '') {
      inQuotes = true;
      i++;
    } else if (text.startsWith(delimiter, i)) {
      cells.push(cell);
      cell = '';
      i += delimiter.length;
    } else if (ch === '\r' || ch === '\n') {
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      end();
    } else {
      cell += ch;
      i++;
    }
  }
  // A record the text stops inside is kept only when the text is the whole file.
  if (records.length < maxRecords && complete && (cell !== '' || cells.length > 0 || inQuotes)) end();
  return records;
}
