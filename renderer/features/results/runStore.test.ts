import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineError, type QueryResult, type RunProgress } from '../../../electron/contract/index.js';
import { createRunStore, newRunId, type RunClient } from './runStore.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const result = (runId: string): QueryResult => ({
  runId,
  resultId: 'r1',
  queryId: 'trend',
  version: '1',
  params: { period_months: 12 },
  columns: [],
  rowCount: 0,
  rows: [],
  truncated: false,
  chart: { type: 'none', x: '', y: '' },
  provenance: { queryId: 'trend', version: '1', params: {}, tables: [], ranAt: '2025-01-01T00:00:00Z', durationMs: 5 },
});

function fakeClient() {
  const run = deferred<QueryResult>();
  let percent: number | null = null;
  const calls = { run: [] as unknown[], progress: 0, cancel: [] as string[] };
  const client: RunClient = {
    'query.run': async (args) => {
      calls.run.push(args);
      return run.promise;
    },
    'query.progress': async ({ runId }): Promise<RunProgress> => {
      calls.progress += 1;
      return { runId, state: 'running', percent };
    },
    'query.cancel': async ({ runId }) => {
      calls.cancel.push(runId);
      run.reject(new EngineError('cancelled', 'Cancelled by the analyst'));
      return { cancelled: true };
    },
  };
  return { client, run, calls, setPercent: (p: number | null) => (percent = p) };
}

describe('query runs', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('makes 32-hex-digit run ids that differ', () => {
    const a = newRunId();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newRunId()).not.toBe(a);
  });

  it('polls progress every 250 ms while running and stops when the result arrives', async () => {
    const { client, run, calls, setPercent } = fakeClient();
    const store = createRunStore(client, { makeRunId: () => 'run-1' });
    const seen: string[] = [];
    store.subscribe(() => {
      const s = store.get('trend');
      seen.push(s?.phase === 'running' ? `running:${s.percent}` : String(s?.phase));
    });

    store.start('trend', { period_months: 12 });
    expect(calls.run).toEqual([{ queryId: 'trend', params: { period_months: 12 }, runId: 'run-1' }]);
    expect(store.running().has('trend')).toBe(true);

    await vi.advanceTimersByTimeAsync(250);
    expect(calls.progress).toBe(1);
    setPercent(40);
    await vi.advanceTimersByTimeAsync(250);
    expect(calls.progress).toBe(2);
    expect(store.get('trend')).toMatchObject({ phase: 'running', percent: 40 });

    run.resolve(result('run-1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.get('trend')).toMatchObject({ phase: 'done', result: { resultId: 'r1' } });
    expect(store.running().size).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.progress).toBe(2);
    expect(seen).toEqual(['running:null', 'running:40', 'done']);
  });

  it('does not start a second run of a query that is running', () => {
    const { client, calls } = fakeClient();
    const store = createRunStore(client);
    store.start('trend', {});
    store.start('trend', {});
    expect(calls.run).toHaveLength(1);
  });

  it('cancels through query.cancel and ends in the cancelled state', async () => {
    const { client, calls } = fakeClient();
    const store = createRunStore(client, { makeRunId: () => 'run-9' });
    store.start('trend', {});
    const cancelling = store.cancel('trend');
    expect(store.get('trend')).toMatchObject({ phase: 'running', cancelling: true });
    await cancelling;
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.cancel).toEqual(['run-9']);
    expect(store.get('trend')).toEqual({ phase: 'cancelled', runId: 'run-9' });
  });

  it('reports an engine error with its code', async () => {
    const { client, run } = fakeClient();
    const store = createRunStore(client);
    store.start('trend', {});
    run.reject(new EngineError('missing_data', 'This query needs table offences (crime_id, offence_date)'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.get('trend')).toEqual({
      phase: 'failed',
      error: {
        code: 'missing_data',
        title: 'The workspace is missing data this query needs',
        message: 'This query needs table offences (crime_id, offence_date)',
      },
    });
  });
});
