/** strftime codes as an analyst would write them; anything unknown is shown as written. */
const CODES: Record<string, string> = {
  d: 'dd',
  '-d': 'd',
  e: 'd',
  m: 'mm',
  '-m': 'm',
  Y: 'yyyy',
  y: 'yy',
  b: 'mon',
  B: 'month',
  H: 'hh',
  '-H': 'h',
  I: 'hh',
  M: 'mm',
  S: 'ss',
  f: 'ffffff',
  p: 'am/pm',
  z: '±hhmm',
  j: 'ddd',
  a: 'day',
  A: 'weekday',
  '%': '%',
};

/** "%d/%m/%Y" → "dd/mm/yyyy", "%Y-%m-%d %H:%M" → "yyyy-mm-dd hh:mm". */
export function humanDateFormat(format: string): string {
  return format.replace(/%(-?[A-Za-z%])/g, (whole, code: string) => CODES[code] ?? whole);
}

const DELIMITERS: Record<string, string> = {
  ',': 'comma (,)',
  ';': 'semicolon (;)',
  '\t': 'tab',
  '|': 'pipe (|)',
  ' ': 'space',
};

export function describeDelimiter(delimiter: string): string {
  return DELIMITERS[delimiter] ?? `“${delimiter}”`;
}
