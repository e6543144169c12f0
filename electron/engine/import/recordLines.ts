import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Dialect } from './dialect.js';
import { lineNumbers } from './fileScan.js';

/** What the scan needs of a dialect, and how many columns are read (one column makes a blank line a row). */
export type RecordShape = Pick<Dialect, 'delimiter' | 'quote' | 'escape' | 'newline' | 'comment' | 'skip' | 'header'> & {
  columns: number;
};

export interface ScanOptions {
  /** Asked between the chunks of a scan; true ends it early (its result is then incomplete). */
  stopped?: () => boolean;
  /** Read size; small values are for tests of records split across reads. */
  chunkBytes?: number;
}

// Scanner states.
const START = 0; // nothing of the current record read yet
const START_CR = 1; // \r\n text: a \r at the start of a record (a blank line if \n follows)
const FIELD = 2; // outside quotes inside a record
const QUOTED = 3;
const QUOTED_ESCAPE = 4; // the byte after an escape character inside quotes (escape ≠ quote)
const CLOSED = 5; // just after a closing quote
const COMMENT = 6; // from a comment character to the end of the line

const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;
/** How far FIELD looks for a quote byte by byte before it calls indexOf (which costs more per call). */
const NEAR = 16;

/**
 * The 1-based physical line on which each data record of a UTF-8 CSV text starts, in the order
 * DuckDB's read_csv reads them under `shape` (the dialect it was given): after the `skip`
 * records and the header. Records DuckDB rejects are included (they are told apart by their
 * line later, see lineRuns). One streaming pass in Node: indexOf over unquoted text, a byte
 * loop inside quotes.
 *
 * It follows DuckDB 1.5's reading, checked against it (recordLines.test.ts): a line break
 * inside quotes does not end a record; a quote opens a quoted value only at the start of a
 * record or after a delimiter (spaces between allowed), elsewhere it is text; a doubled quote,
 * or the escape character, keeps a quoted value open; a blank line is no record (a NULL row
 * when only one column is read) but counts toward `skip` and can be the header; a comment
 * line is nothing at all and a comment character ends the line's data; a byte order mark is
 * text to it (a quote right after one opens nothing).
 */
export async function recordLines(path: string, shape: RecordShape, opts: ScanOptions = {}): Promise<Int32Array> {
  const scanner = new RecordScanner(shape);
  for await (const chunk of createReadStream(path, { highWaterMark: opts.chunkBytes ?? 1 << 20 }) as AsyncIterable<Buffer>) {
    if (opts.stopped?.()) break;
    scanner.scan(chunk);
  }
  return scanner.result();
}

export interface RecordLinesSearch {
  /**
   * The runs of the accepted rows' lines (see lineRuns), once DuckDB has said how many records
   * it read (accepted and rejected) and on which physical lines the rejected ones start.
   */
  settle(read: { dataRecords: number; rejected: readonly number[]; lineOf?: (line: number) => number }): Promise<LineRuns>;
  /** Resolves when nothing reads the file any more (it may then be deleted). */
  idle(): Promise<void>;
}

/**
 * What recordLines finds, at less cost, started while DuckDB parses the text. Counting settles
 * the usual case: if the text has exactly as many lines as DuckDB read records (skipped,
 * header, accepted, rejected), every line starts one, so the k-th data record is on line
 * skip + header + 1 + k; and counting line breaks costs far less than following quotes. So
 * the opening megabyte is scanned: if every line there starts a record, the lines are counted
 * now and the text scanned later only if the counts differ; otherwise (values over several
 * lines, blank lines) it is scanned now. `stopped` ends a scan early (its result is then
 * incomplete).
 */
export function findRecordLines(path: string, shape: RecordShape, opts: ScanOptions = {}): RecordLinesSearch {
  const before = shape.skip + (shape.header ? 1 : 0);
  const newline = shape.newline === '\\r' ? CR : LF;
  const early = (async (): Promise<{ scanned: Int32Array } | { textLines: number }> => {
    const head = new RecordScanner(shape);
    const stream = createReadStream(path, { highWaterMark: opts.chunkBytes ?? 1 << 20 });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      head.scan(chunk);
      break;
    }
    if (!head.everyLineStartsRecord) return { scanned: await recordLines(path, shape, opts) };
    const size = (await stat(path)).size;
    return { textLines: size === 0 ? 0 : ((await lineNumbers(path, [size - 1], newline))[0] ?? 0) };
  })();
  early.catch(() => undefined);
  return {
    async settle({ dataRecords, rejected, lineOf }) {
      const found = await early;
      let records: Int32Array;
      if ('scanned' in found) records = found.scanned;
      else if (found.textLines !== before + dataRecords) records = await recordLines(path, shape, opts);
      else if (!lineOf) return consecutiveRuns(before + 1, dataRecords, rejected);
      else records = Int32Array.from({ length: dataRecords }, (_, k) => before + 1 + k);
      return lineRuns(records, rejected, lineOf);
    },
    idle: () => early.then(
      () => undefined,
      () => undefined,
    ),
  };
}

class RecordScanner {
  private readonly term: number;
  private readonly crlf: boolean;
  private readonly quote: number;
  /** Whether a quote inside a quoted value followed by another is one quote (RFC 4180). */
  private readonly doubled: boolean;
  private readonly escape: number;
  private readonly comment: number;
  private readonly delim: Buffer;
  /** The delimiter when it is one byte, else -1. */
  private readonly delim1: number;
  /** Spaces between a delimiter and an opening quote are allowed, unless space is the delimiter. */
  private readonly skipSpaces: boolean;
  private readonly blankIsRow: boolean;

  private state = START;
  private line = 1;
  /** Records still to pass over (skip, then the header) before data records. */
  private toSkip: number;
  private lines = new Int32Array(1024);
  private count = 0;
  /** False once a line has passed that starts no record (a value over lines, a blank or comment line). */
  everyLineStartsRecord = true;
  /** Where the current stretch in FIELD began, and whether a quote there would open a value. */
  private fieldFrom = 0;
  private fieldStartAtFrom = false;
  /** The last bytes of the previous chunk: a delimiter may be split across reads. */
  private tail: Buffer = Buffer.alloc(0);

  constructor(shape: RecordShape) {
    this.term = shape.newline === '\\r' ? CR : LF;
    this.crlf = shape.newline === '\\r\\n';
    this.quote = shape.quote === '' ? -1 : shape.quote.charCodeAt(0);
    this.doubled = shape.escape === '' || shape.escape === shape.quote;
    this.escape = this.doubled ? -1 : shape.escape.charCodeAt(0);
    this.comment = shape.comment === '' ? -1 : shape.comment.charCodeAt(0);
    this.delim = Buffer.from(shape.delimiter === '\\t' ? '\t' : shape.delimiter, 'utf8');
    this.delim1 = this.delim.length === 1 ? this.delim[0]! : -1;
    this.skipSpaces = !this.delim.includes(SPACE);
    this.blankIsRow = shape.columns === 1;
    this.toSkip = shape.skip + (shape.header ? 1 : 0);
  }

  result(): Int32Array {
    return this.lines.slice(0, this.count);
  }

  scan(buf: Buffer): void {
    const end = buf.length;
    // Next positions of the bytes FIELD looks for; -1 = not looked up yet, end = none left.
    let nextTerm = -1;
    let nextQuote = this.quote < 0 ? end : -1;
    let nextComment = this.comment < 0 ? end : -1;
    const find = (byte: number, from: number) => {
      const at = buf.indexOf(byte, from);
      return at === -1 ? end : at;
    };
    const findNear = (byte: number, from: number) => {
      const near = Math.min(end, from + NEAR);
      for (let j = from; j < near; j++) if (buf[j] === byte) return j;
      return near < end ? find(byte, near) : end;
    };
    this.fieldFrom = 0;
    let i = 0;
    while (i < end) {
      switch (this.state) {
        case START: {
          const b = buf[i]!;
          if (b === this.term) {
            this.blankLine();
            this.line++;
            i++;
          } else if (this.crlf && b === CR) {
            this.state = START_CR;
            i++;
          } else if (b === this.comment) {
            this.everyLineStartsRecord = false;
            this.state = COMMENT;
            i++;
          } else {
            this.begin();
            if (b === this.quote) {
              this.state = QUOTED;
              i++;
            } else {
              this.enterField(i);
            }
          }
          break;
        }
        case START_CR: {
          if (buf[i] === LF) {
            this.blankLine();
            this.line++;
            this.state = START;
            i++;
          } else {
            // A lone \r is data.
            this.begin();
            this.enterField(i);
          }
          break;
        }
        case FIELD: {
          // Stop at the next line break, quote or comment character. Where a quote is, it is
          // usually close (a file that quotes values), so it is looked for byte by byte first.
          if (nextTerm < i) nextTerm = find(this.term, i);
          if (nextQuote < i) nextQuote = findNear(this.quote, i);
          if (nextComment < i) nextComment = find(this.comment, i);
          const stop = Math.min(nextTerm, nextQuote, nextComment);
          if (stop === end) {
            // The record goes on in the next chunk: whether a quote right at its start opens a value.
            this.fieldStartAtFrom = this.opensAt(buf, end);
            i = end;
          } else if (stop === nextTerm) {
            this.line++;
            this.state = START;
            i = stop + 1;
          } else if (stop === nextComment) {
            this.state = COMMENT;
            i = stop + 1;
          } else {
            if (this.opensAt(buf, stop)) this.state = QUOTED;
            i = stop + 1;
          }
          break;
        }
        case QUOTED: {
          // Byte by byte: quoted values are mostly short, where indexOf costs more than it
          // saves. A doubled quote, and a closing quote followed by a delimiter and the next
          // opening quote (a file that quotes every value), are taken in stride.
          const { quote, escape, term, doubled, delim1 } = this;
          let j = i;
          for (; j < end; j++) {
            const b = buf[j]!;
            if (b === quote) {
              if (j + 2 >= end) break;
              const next = buf[j + 1];
              if (next === quote && doubled) j++;
              else if (next === delim1 && buf[j + 2] === quote) j += 2;
              else break;
            } else if (b === escape) {
              break;
            } else if (b === term) {
              this.line++;
              this.everyLineStartsRecord = false;
            }
          }
          if (j < end) this.state = buf[j] === quote ? CLOSED : QUOTED_ESCAPE;
          i = j + 1;
          break;
        }
        case QUOTED_ESCAPE: {
          if (buf[i] === this.term) {
            this.line++;
            this.everyLineStartsRecord = false;
          }
          this.state = QUOTED;
          i++;
          break;
        }
        case CLOSED: {
          const b = buf[i]!;
          if (b === this.quote && this.doubled) {
            this.state = QUOTED;
            i++;
          } else if (b === this.term || (b === CR && this.crlf && buf[i + 1] === LF)) {
            this.line++;
            this.state = START;
            i += b === this.term ? 1 : 2;
          } else if (b === this.comment) {
            this.state = COMMENT;
            i++;
          } else {
            // A delimiter, or text after the closing quote (DuckDB rejects the record; it ends at the line break).
            this.enterField(i);
          }
          break;
        }
        case COMMENT: {
          nextTerm = find(this.term, i);
          if (nextTerm < end) {
            this.line++;
            this.state = START;
          }
          i = nextTerm + 1;
          break;
        }
      }
    }
    this.tail = Buffer.from(end >= 4 ? buf.subarray(end - 4) : Buffer.concat([this.tail, buf]).subarray(-4));
  }

  private enterField(at: number): void {
    this.state = FIELD;
    this.fieldFrom = at;
    this.fieldStartAtFrom = false;
  }

  /**
   * Whether a quote at `at` (in FIELD since fieldFrom) would open a quoted value: it follows a
   * delimiter, with only spaces between. At a record's very start START decides instead.
   */
  private opensAt(buf: Buffer, at: number): boolean {
    let j = at - 1;
    if (this.skipSpaces) while (j >= this.fieldFrom && buf[j] === SPACE) j--;
    if (j < this.fieldFrom) return this.fieldStartAtFrom;
    const d = this.delim;
    for (let k = 0; k < d.length; k++) {
      const pos = j - d.length + 1 + k;
      const byte = pos >= 0 ? buf[pos] : this.tail[this.tail.length + pos];
      if (byte !== d[k]) return false;
    }
    return true;
  }

  /** The first byte of a record (not a blank or comment line). */
  private begin(): void {
    if (this.toSkip > 0) {
      this.toSkip--;
      return;
    }
    this.push(this.line);
  }

  private blankLine(): void {
    if (this.toSkip > 0) this.toSkip--;
    else if (this.blankIsRow) this.push(this.line);
    else this.everyLineStartsRecord = false;
  }

  private push(line: number): void {
    if (this.count === this.lines.length) {
      const grown = new Int32Array(this.lines.length * 2);
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[this.count++] = line;
  }
}

/**
 * Where the accepted rows came from, compactly: run k says that accepted row `rows[k]`
 * (0-based, in file order) and the rows after it, up to the next run, sit on consecutive
 * lines from `lines[k]`. One run for a file whose records are one line each; a new run after
 * every rejected record, blank line, record spanning lines or (XLSX) empty row skipped.
 */
export interface LineRuns {
  rows: number[];
  lines: number[];
  /** Accepted rows the runs describe; differs from DuckDB's count only if the scan misread the text. */
  accepted: number;
}

/**
 * The runs of the accepted rows: every record (`records`, from recordLines) except those on a
 * rejected line (`rejected`: physical lines where DuckDB's rejected records start, ascending),
 * each mapped through `lineOf` (the sheet row a line of a written-out sheet came from; the
 * line itself without one).
 */
export function lineRuns(records: Int32Array, rejected: readonly number[], lineOf: (line: number) => number = (line) => line): LineRuns {
  const runs: LineRuns = { rows: [], lines: [], accepted: 0 };
  let r = 0;
  let prev = Number.NaN;
  for (const physical of records) {
    while (r < rejected.length && rejected[r]! < physical) r++;
    if (r < rejected.length && rejected[r] === physical) {
      r++;
      continue;
    }
    const line = lineOf(physical);
    if (line !== prev + 1) {
      runs.rows.push(runs.accepted);
      runs.lines.push(line);
    }
    prev = line;
    runs.accepted++;
  }
  return runs;
}

/** lineRuns of records on lines first, first + 1, … (one a line): from the rejected lines alone. */
export function consecutiveRuns(first: number, count: number, rejected: readonly number[]): LineRuns {
  const runs: LineRuns = { rows: [], lines: [], accepted: 0 };
  const end = first + count;
  let line = first;
  const run = (to: number) => {
    runs.rows.push(runs.accepted);
    runs.lines.push(line);
    runs.accepted += to - line;
  };
  for (const r of rejected) {
    if (r < line || r >= end) continue;
    if (r > line) run(r);
    line = r + 1;
  }
  if (line < end) run(end);
  return runs;
}
