/**
 * Date formats an import may apply. Order matters: when two formats read a column equally
 * well (03/04/2024 parses both ways) the earlier one wins, so day-first UK forms come before
 * their US month-first twins.
 */
export const DATE_FORMATS: readonly string[] = [
  '%d/%m/%Y',
  '%m/%d/%Y',
  '%Y-%m-%d',
  '%d-%m-%Y',
  '%d.%m.%Y',
  '%d/%m/%y',
  '%m/%d/%y',
  '%d-%b-%Y',
  '%d %b %Y',
];

/** Time parts tried after the date part when a column holds date-times. */
export const TIME_SUFFIXES: readonly string[] = [' %H:%M:%S', ' %H:%M', 'T%H:%M:%S'];

/** Years outside this range are misreadings (e.g. %Y reading "24" as year 24). */
export const PLAUSIBLE_YEARS = { min: 1900, max: 2100 } as const;

/** The chosen format first, then the rest, for the analyst to switch between. */
export function dateFormatChoices(chosen: string | null): string[] {
  if (!chosen) return [...DATE_FORMATS];
  return [chosen, ...DATE_FORMATS.filter((f) => f !== chosen)];
}

const PARTS: Record<string, string> = {
  '%d': 'dd',
  '%m': 'mm',
  '%Y': 'yyyy',
  '%y': 'yy',
  '%b': 'Mon',
  '%H': 'hh',
  '%M': 'mm',
  '%S': 'ss',
};

/** '%d/%m/%Y' → 'dd/mm/yyyy': how analysts write formats. */
export function describeFormat(format: string): string {
  return format.replace(/%[a-zA-Z]/g, (p) => PARTS[p] ?? p);
}
