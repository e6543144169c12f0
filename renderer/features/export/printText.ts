import type { ParamValue, Provenance } from '../../../electron/contract/index.js';

/**
 * The words around an exported chart: subtitle (period and area) and the source footnote. Dates
 * are written out ("1 Jan 2024") so a board paper never has to say which way round 01/02 is.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Day {
  y: number;
  /** 1–12 */
  m: number;
  d: number;
}

function parseDay(value: ParamValue | undefined): Day | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** N months before, clamped to the month's end, as DuckDB's `date - INTERVAL n MONTH` (the spec's rule). */
function minusMonths(day: Day, n: number): Day {
  const index = day.y * 12 + (day.m - 1) - n;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return { y, m, d: Math.min(day.d, daysIn(y, m)) };
}

function nextDay(day: Day): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + 1));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const showDay = (day: Day) => `${day.d} ${MONTHS[day.m - 1]} ${day.y}`;
const showMonth = (day: Day) => `${MONTHS[day.m - 1]} ${day.y}`;

/** "1 Jan 2024" for an ISO date (or date-time: the date part as written). */
export function formatDay(iso: string): string {
  const day = parseDay(iso);
  return day ? showDay(day) : iso;
}

/** The local calendar day of an instant (a run's time), e.g. "14 May 2025". */
export function formatLocalDay(instant: string): string {
  const t = new Date(instant);
  if (Number.isNaN(t.getTime())) return instant;
  return showDay({ y: t.getFullYear(), m: t.getMonth() + 1, d: t.getDate() });
}

const count = (value: ParamValue | undefined) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null);

/**
 * The period the parameters define, in words: P = (period_end − period_months, period_end] for
 * most entries; calendar months ending with period_end's month for `months`; a closure window;
 * a snapshot. Null when the parameters name no period.
 */
export function periodText(params: Readonly<Record<string, ParamValue>>): string | null {
  const end = parseDay(params.period_end);
  const periodMonths = count(params.period_months);
  if (end && periodMonths) return `${showDay(nextDay(minusMonths(end, periodMonths)))} – ${showDay(end)}`;
  const months = count(params.months);
  if (end && months) return `${showMonth(minusMonths({ ...end, d: 1 }, months - 1))} – ${showMonth(end)}`;
  const from = parseDay(params.closed_from);
  const to = parseDay(params.closed_to);
  if (from && to) return `Closed ${showDay(from)} – ${showDay(to)}`;
  const snapshot = parseDay(params.snapshot_date);
  if (snapshot) return `Snapshot ${showDay(snapshot)}`;
  if (end) return `Period ending ${showDay(end)}`;
  return null;
}

/** The `area` parameter as "Name (code)", or the code alone when its name is not known. */
export function areaText(params: Readonly<Record<string, ParamValue>>, areaName: string | null): string | null {
  const code = params.area;
  if (typeof code !== 'string' || code === '') return null;
  return areaName ? `${areaName} (${code})` : code;
}

export function subtitleText(params: Readonly<Record<string, ParamValue>>, areaName: string | null): string {
  return [periodText(params), areaText(params, areaName)].filter((s): s is string => s !== null).join(' · ');
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const sentence = (text: string) => {
  const t = text.trim();
  return t === '' || /[.!?]$/.test(t) ? t : `${t}.`;
};

export interface FootnoteFacts {
  provenance: Provenance;
  /** The disclosure rule in words (ExportPreview.ruleText). */
  ruleText: string;
  /** Charted values the rule hid: drawn as gaps, and said so. */
  hiddenInChart: number;
  /** A heatmap shows its gaps as grey cells rather than leaving them out. */
  heatmap?: boolean;
}

/**
 * "Source: <tables and their files>; SV Workbench <query> v<version>, run <date>; <rule>." — what
 * a reader of the board paper needs to trace the figure back, and the rule that protected it.
 */
export function footnoteText({ provenance, ruleText, hiddenInChart, heatmap = false }: FootnoteFacts): string {
  const tables = provenance.tables.map((t) => `${t.name} (${t.sourceFile ? t.sourceFile.name : 'reference data'})`);
  const query =
    provenance.queryId === 'ad-hoc'
      ? `SV Workbench SQL editor${provenance.sqlSha256 ? ` (SQL SHA-256 ${provenance.sqlSha256.slice(0, 12)})` : ''}`
      : `SV Workbench ${provenance.queryId} v${provenance.version}`;
  const source = tables.length ? `Source: ${listInWords(tables)}; ${query}` : `Source: ${query}`;
  const parts = [sentence(`${source}, run ${formatLocalDay(provenance.ranAt)}; ${ruleText.trim()}`)];
  if (hiddenInChart > 0) {
    const values = hiddenInChart === 1 ? 'One value hidden by this rule is' : `${hiddenInChart} values hidden by this rule are`;
    parts.push(heatmap ? `${values} shown as grey cells.` : `${values} left out of the chart.`);
  }
  return parts.join(' ');
}
