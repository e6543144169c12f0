import { describe, expect, it } from 'vitest';
import type { ValidationProblem } from '../../../electron/contract/index.js';
import { sampleProfile } from '../../testing/fakeTransport.js';
import { commitGate, decisionsToSend, groupProblems, layoutLines, layoutSummary } from './problems.js';

const problem = (kind: ValidationProblem['kind'], column: string | null, count: number, resolvable = true): ValidationProblem => ({
  kind,
  column,
  count,
  message: `${count} rows`,
  examples: [],
  resolvable,
});

describe('layout check banner', () => {
  it('lists missing and new columns column by column, in words', () => {
    expect(
      layoutSummary({ matches: false, missing: ['Crime Ref', 'Gender', 'Ethnicity'], added: ['Sex'], reordered: false }),
    ).toBe('3 columns the profile expects are missing: “Crime Ref”, “Gender”, “Ethnicity”; 1 new column: “Sex”.');
    expect(layoutSummary({ matches: false, missing: ['Gender'], added: ['Sex', 'Ethnic group'], reordered: true })).toBe(
      '1 column the profile expects is missing: “Gender”; 2 new columns: “Sex”, “Ethnic group”; the columns are in a different order.',
    );
    expect(layoutSummary({ matches: false, missing: [], added: [], reordered: true })).toBe('The columns are in a different order.');
  });

  it('says nothing when the extract has the profile’s layout', () => {
    expect(layoutSummary({ matches: true, missing: [], added: [], reordered: false })).toBeNull();
  });

  it('names the canonical columns a missing column used to fill', () => {
    const lines = layoutLines({ matches: false, missing: ['Gender', 'Old notes'], added: ['Sex'], reordered: false }, sampleProfile());
    expect(lines).toEqual([
      { source: 'Gender', status: 'missing', feeds: ['sex'] },
      { source: 'Old notes', status: 'missing', feeds: [] },
      { source: 'Sex', status: 'added', feeds: [] },
    ]);
  });
});

describe('decisions gate the commit', () => {
  const problems = [
    problem('conversion_failed', 'sex', 4),
    problem('conversion_failed', 'ethnicity', 2),
    problem('age_out_of_range', 'age', 1),
  ];

  it('groups problems by kind, because the choice is made per kind', () => {
    const groups = groupProblems(problems);
    expect(groups.map((g) => [g.kind, g.count, g.problems.length, g.resolvable])).toEqual([
      ['conversion_failed', 6, 2, true],
      ['age_out_of_range', 1, 1, true],
    ]);
  });

  it('stays closed until every kind is decided and a mode is chosen', () => {
    let gate = commitGate({ problems, decisions: {}, mode: null, checking: false });
    expect(gate.ready).toBe(false);
    expect(gate.undecided).toEqual(['conversion_failed', 'age_out_of_range']);
    expect(gate.reasons).toEqual([
      'Choose what to do with 2 problems: values that could not be converted, age outside 0–110.',
      'Choose whether to replace the table or append to it.',
    ]);

    gate = commitGate({ problems, decisions: { conversion_failed: 'keep_flagged' }, mode: 'append', checking: false });
    expect(gate.ready).toBe(false);
    expect(gate.undecided).toEqual(['age_out_of_range']);

    gate = commitGate({ problems, decisions: { conversion_failed: 'keep_flagged', age_out_of_range: 'leave_out' }, mode: 'append', checking: false });
    expect(gate).toEqual({ ready: true, blocking: [], undecided: [], reasons: [] });
  });

  it('stays closed while the mapping is being checked', () => {
    const gate = commitGate({ problems: [], decisions: {}, mode: 'create', checking: true });
    expect(gate.ready).toBe(false);
    expect(gate.reasons).toEqual(['Checking the mapping…']);
  });

  it('cannot be opened by a decision when a problem needs the mapping fixed', () => {
    const blocking = [...problems, problem('missing_required_column', 'crime_id', 120, false)];
    const gate = commitGate({
      problems: blocking,
      decisions: { conversion_failed: 'keep_flagged', age_out_of_range: 'leave_out', missing_required_column: 'keep_flagged' },
      mode: 'create',
      checking: false,
    });
    expect(gate.ready).toBe(false);
    expect(gate.blocking.map((g) => g.kind)).toEqual(['missing_required_column']);
    expect(gate.reasons).toEqual(['Fix the mapping first: required column not mapped.']);
  });

  it('sends one decision per resolvable kind still found, and nothing for kinds gone since', () => {
    expect(
      decisionsToSend(problems, { conversion_failed: 'keep_flagged', age_out_of_range: 'leave_out', duplicate_key: 'leave_out' }),
    ).toEqual({ conversion_failed: 'keep_flagged', age_out_of_range: 'leave_out' });
    expect(decisionsToSend([problem('missing_required_column', 'crime_id', 3, false)], { missing_required_column: 'leave_out' })).toEqual({});
  });
});
