import { describe, expect, it } from 'vitest';
import { EngineError, type QueryResult } from '../../../electron/contract/index.js';
import { fakeEngine } from '../../testing/fakeTransport.js';
import { createAdhocRuns } from './adhocRuns.js';
import { adhocParams, draftProblems, guessType, normaliseSql, sqlParamNames, syncParams } from './sqlDraft.js';

describe('the $params of a draft', () => {
  it('are found in order of first use, once each, not in comments or strings', () => {
    const sql = `-- $not_this
SELECT '$nor_this', person_id /* $nor_that */
FROM suspects WHERE n >= $min_offences AND d <= $until AND m >= $min_offences
AND x = 'it''s $still_text' /* open comment $ignored`;
    expect(sqlParamNames(sql)).toEqual(['min_offences', 'until']);
    expect(sqlParamNames('SELECT 1')).toEqual([]);
  });

  it('keep their type and value while the SQL changes, and new ones get a guessed type', () => {
    const first = syncParams('SELECT $min_offences, $period_end', []);
    expect(first).toEqual([
      { name: 'min_offences', type: 'int', value: '' },
      { name: 'period_end', type: 'date', value: '' },
    ]);
    const typed = [{ ...first[0]!, type: 'number' as const, value: '2.5' }, first[1]!];
    expect(syncParams('SELECT $area, $min_offences', typed)).toEqual([
      { name: 'area', type: 'text', value: '' },
      { name: 'min_offences', type: 'number', value: '2.5' },
    ]);
    expect([guessType('since'), guessType('top'), guessType('lookback_months'), guessType('level')]).toEqual(['date', 'int', 'int', 'text']);
  });

  it('are checked with the library form\'s wording and sent typed', () => {
    const params = [
      { name: 'n', type: 'int' as const, value: '2.5' },
      { name: 'd', type: 'date' as const, value: '2024-02-30' },
      { name: 'r', type: 'list' as const, value: ' a, b ' },
      { name: 'x', type: 'number' as const, value: '' },
    ];
    expect(draftProblems(params)).toEqual({ n: 'Enter a whole number.', d: 'Enter a date.', x: 'Required.' });
    expect(adhocParams([{ name: 'n', type: 'int', value: ' 12 ' }, params[2]!, params[3]!])).toEqual([
      { name: 'n', type: 'int', value: 12 },
      { name: 'r', type: 'list', value: 'a, b' },
      { name: 'x', type: 'number', value: null },
    ]);
  });

  it('normalise the SQL as the engine stores it', () => {
    expect(normaliseSql('\r\n  SELECT 1 ;  \r\n')).toBe('SELECT 1');
  });
});

describe('ad-hoc runs', () => {
  const result: QueryResult = {
    runId: 'x',
    resultId: 'r_9',
    queryId: 'ad-hoc',
    version: 'draft',
    params: { n: 2 },
    columns: [],
    rowCount: 0,
    rows: [],
    truncated: false,
    chart: { type: 'none', x: '', y: '' },
    provenance: { queryId: 'ad-hoc', version: 'draft', params: { n: 2 }, tables: [], ranAt: '2025-01-01T00:00:00Z', durationMs: 1, sql: 'SELECT $n' },
  };

  it('send the draft through query.runAdhoc with the run id the store chose', async () => {
    const fake = fakeEngine({ 'query.runAdhoc': () => result, 'query.progress': ({ runId }) => ({ runId, state: 'running', percent: null }) });
    const runs = createAdhocRuns(fake.client, { makeRunId: () => 'run-1' });
    runs.start({ sql: 'SELECT $n', params: [{ name: 'n', type: 'int', value: '2' }] });
    expect(runs.get()).toMatchObject({ phase: 'running', runId: 'run-1' });
    await expect.poll(() => runs.get()?.phase).toBe('done');
    expect(fake.callsTo('query.runAdhoc')).toEqual([{ sql: 'SELECT $n', params: [{ name: 'n', type: 'int', value: 2 }], runId: 'run-1' }]);
    expect(runs.get()).toEqual({ phase: 'done', result });
  });

  it('show the guard\'s refusal as the run\'s failure', async () => {
    const fake = fakeEngine({
      'query.runAdhoc': () => {
        throw new EngineError('query_refused', 'ad-hoc: only a read-only SELECT may run (this is COPY)');
      },
    });
    const runs = createAdhocRuns(fake.client, { makeRunId: () => 'run-2', pollMs: 10_000 });
    runs.start({ sql: "COPY offences TO 'x.csv'", params: [] });
    await expect.poll(() => runs.get()?.phase).toBe('failed');
    expect(runs.get()).toEqual({
      phase: 'failed',
      error: { code: 'query_refused', title: 'The query was refused', message: 'ad-hoc: only a read-only SELECT may run (this is COPY)' },
    });
  });
});
