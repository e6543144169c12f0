import type {
  LayoutCheck,
  MappingProfile,
  ProblemKind,
  Resolution,
  ValidationProblem,
} from '../../../electron/contract/index.js';

export const PROBLEM_WORDS: Record<ProblemKind, string> = {
  missing_required_column: 'Required column not mapped',
  required_blank: 'Required value blank',
  conversion_failed: 'Values that could not be converted',
  duplicate_key: 'Duplicate key',
  orphan_crime: 'Crime not in offences',
  age_out_of_range: 'Age outside 0–110',
  date_in_future: 'Date in the future',
  date_before_1990: 'Date before 1990',
};

export const RESOLUTION_WORDS: Record<Resolution, string> = {
  keep_flagged: 'Keep rows, flagged',
  leave_out: 'Leave rows out',
};

export type Decisions = Partial<Record<ProblemKind, Resolution>>;

export interface ProblemGroup {
  kind: ProblemKind;
  resolvable: boolean;
  /** Rows affected, summed over the group's columns (a row may be counted under two columns). */
  count: number;
  problems: ValidationProblem[];
}

/** One group per kind, in the order the engine reported them: decisions are made per kind. */
export function groupProblems(problems: readonly ValidationProblem[]): ProblemGroup[] {
  const groups = new Map<ProblemKind, ProblemGroup>();
  for (const p of problems) {
    const g = groups.get(p.kind);
    if (g) {
      g.problems.push(p);
      g.count += p.count;
      g.resolvable &&= p.resolvable;
    } else {
      groups.set(p.kind, { kind: p.kind, resolvable: p.resolvable, count: p.count, problems: [p] });
    }
  }
  return [...groups.values()];
}

export type CommitMode = 'create' | 'replace' | 'append';

export interface CommitGate {
  ready: boolean;
  /** Unresolvable problems: the mapping must change before anything can be committed. */
  blocking: ProblemGroup[];
  /** Resolvable kinds still waiting for a choice. */
  undecided: ProblemKind[];
  /** Why the button is disabled, in words (empty when ready). */
  reasons: string[];
}

/**
 * The commit waits for an up-to-date check, a target mode, no unresolvable problem and a
 * choice for every resolvable kind: nothing found is dropped or kept without the analyst saying so.
 */
export function commitGate(args: {
  problems: readonly ValidationProblem[];
  decisions: Decisions;
  mode: CommitMode | null;
  checking: boolean;
}): CommitGate {
  const groups = groupProblems(args.problems);
  const blocking = groups.filter((g) => !g.resolvable);
  const undecided = groups.filter((g) => g.resolvable && !args.decisions[g.kind]).map((g) => g.kind);
  const reasons: string[] = [];
  if (args.checking) reasons.push('Checking the mapping…');
  if (blocking.length > 0) {
    reasons.push(`Fix the mapping first: ${blocking.map((g) => PROBLEM_WORDS[g.kind].toLowerCase()).join(', ')}.`);
  }
  if (undecided.length > 0) {
    const n = undecided.length;
    reasons.push(`Choose what to do with ${n} ${n === 1 ? 'problem' : 'problems'}: ${undecided.map((k) => PROBLEM_WORDS[k].toLowerCase()).join(', ')}.`);
  }
  if (args.mode === null) reasons.push('Choose whether to replace the table or append to it.');
  return { ready: reasons.length === 0, blocking, undecided, reasons };
}

/** The decisions to send: one per resolvable kind found, nothing for kinds no longer present. */
export function decisionsToSend(problems: readonly ValidationProblem[], decisions: Decisions): Decisions {
  const out: Decisions = {};
  for (const g of groupProblems(problems)) {
    const choice = decisions[g.kind];
    if (g.resolvable && choice) out[g.kind] = choice;
  }
  return out;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const quoted = (names: readonly string[]) => names.map((n) => `“${n}”`).join(', ');

/** "3 columns the profile expects are missing: …; 1 new column: …" — null when the layout matches. */
export function layoutSummary(layout: LayoutCheck): string | null {
  const parts: string[] = [];
  if (layout.missing.length > 0) {
    const n = layout.missing.length;
    parts.push(`${plural(n, 'column', 'columns')} the profile expects ${n === 1 ? 'is' : 'are'} missing: ${quoted(layout.missing)}`);
  }
  if (layout.added.length > 0) {
    parts.push(`${plural(layout.added.length, 'new column', 'new columns')}: ${quoted(layout.added)}`);
  }
  if (layout.reordered) parts.push('the columns are in a different order');
  if (parts.length === 0) return layout.matches ? null : 'The layout differs from the profile’s.';
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export interface LayoutLine {
  source: string;
  status: 'missing' | 'added';
  /** Canonical columns the profile fills from this source column. */
  feeds: string[];
}

/** Column by column: what each missing column fed, and each new column, so nothing is guessed. */
export function layoutLines(layout: LayoutCheck, profile: MappingProfile): LayoutLine[] {
  const feeds = (source: string) =>
    Object.entries(profile.columns)
      .filter(([, m]) => m.source === source)
      .map(([column]) => column);
  return [
    ...layout.missing.map((source) => ({ source, status: 'missing' as const, feeds: feeds(source) })),
    ...layout.added.map((source) => ({ source, status: 'added' as const, feeds: [] })),
  ];
}
