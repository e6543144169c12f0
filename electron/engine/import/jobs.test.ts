import type { DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../contract/index.js';
import type { Workspace } from '../workspace/workspace.js';
import { cancelJob, jobProgress, runJob, type Job } from './jobs.js';

/** Jobs are kept per workspace object; nothing else of it is touched. */
const workspace = () => ({}) as Workspace;

/** A promise the test resolves when it wants the job to go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Enough of a DuckDB connection for progress and interrupt. */
function fakeConn(percentage: number | (() => number)) {
  const conn = {
    interrupts: 0,
    interrupt() {
      conn.interrupts++;
    },
    get progress() {
      return { percentage: typeof percentage === 'function' ? percentage() : percentage, rows_processed: 0n, total_rows_to_process: 0n };
    },
  };
  return conn;
}
const asConn = (c: ReturnType<typeof fakeConn>) => c as unknown as DuckDBConnection;

describe('runJob and jobProgress', () => {
  it('shows the stage and percent while running, then done at 100, and returns the value', async () => {
    const ws = workspace();
    const g = gate();
    const run = runJob(ws, 'j1', async (job) => {
      job.stage('Reading file', 40);
      await g.opened;
      return 'value';
    });
    expect(jobProgress(ws, 'j1')).toEqual({ jobId: 'j1', state: 'running', percent: 40, stage: 'Reading file' });
    g.open();
    expect(await run).toBe('value');
    expect(jobProgress(ws, 'j1')).toEqual({ jobId: 'j1', state: 'done', percent: 100, stage: 'Reading file' });
  });

  it('takes the percent from the attached connection while it reports one', async () => {
    const ws = workspace();
    const g = gate();
    let p = -1;
    const conn = fakeConn(() => p);
    const run = runJob(ws, 'j2', async (job) => {
      job.stage('Parsing rows', 5);
      job.attach(asConn(conn));
      await g.opened;
    });
    expect(jobProgress(ws, 'j2').percent).toBe(5); // -1: DuckDB has no progress yet
    p = 62.5;
    expect(jobProgress(ws, 'j2')).toEqual({ jobId: 'j2', state: 'running', percent: 62.5, stage: 'Parsing rows' });
    g.open();
    await run;
  });

  it('falls back to the stage percent when the connection cannot say', async () => {
    const ws = workspace();
    const g = gate();
    const run = runJob(ws, 'j3', async (job) => {
      job.stage('Parsing rows', 10);
      job.attach(asConn(fakeConn(() => {
        throw new Error('connection closed');
      })));
      await g.opened;
    });
    expect(jobProgress(ws, 'j3').percent).toBe(10);
    g.open();
    await run;
  });

  it('marks a failure failed and passes the error on unchanged', async () => {
    const ws = workspace();
    const boom = new EngineError('import_failed', 'x.csv: broken');
    await expect(runJob(ws, 'j4', async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(jobProgress(ws, 'j4').state).toBe('failed');
  });

  it('knows nothing of unknown ids, and forgets jobs nobody can watch', async () => {
    const ws = workspace();
    expect(jobProgress(ws, 'nope')).toEqual({ jobId: 'nope', state: 'unknown', percent: null, stage: null });
    let seen: Job | undefined;
    await runJob(ws, undefined, async (job) => {
      seen = job;
    });
    expect(jobProgress(ws, seen!.id).state).toBe('unknown');
  });

  it('refuses a second job under an id that is still running', async () => {
    const ws = workspace();
    const g = gate();
    const first = runJob(ws, 'same', () => g.opened);
    await expect(runJob(ws, 'same', async () => undefined)).rejects.toMatchObject({ code: 'invalid_args' });
    g.open();
    await first;
    await runJob(ws, 'same', async () => undefined); // finished: the id is free again
  });
});

describe('cancelJob', () => {
  it('interrupts the attached connection; the step ends cancelled', async () => {
    const ws = workspace();
    const g = gate();
    const conn = fakeConn(-1);
    const run = runJob(ws, 'c1', async (job) => {
      job.attach(asConn(conn));
      await g.opened;
      job.checkCancelled();
    });
    expect(cancelJob(ws, 'c1')).toBe(true);
    expect(conn.interrupts).toBe(1);
    g.open();
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(jobProgress(ws, 'c1').state).toBe('cancelled');
    expect(cancelJob(ws, 'c1')).toBe(false);
    expect(cancelJob(ws, 'never')).toBe(false);
  });

  it('interrupts a connection attached after the cancel, and reports whatever the interrupt threw as cancelled', async () => {
    const ws = workspace();
    const g = gate();
    const conn = fakeConn(-1);
    const run = runJob(ws, 'c2', async (job) => {
      await g.opened;
      job.attach(asConn(conn));
      throw new Error('INTERRUPT Error: Interrupted!');
    });
    cancelJob(ws, 'c2');
    g.open();
    const err = await run.catch((e: unknown) => e);
    expect(conn.interrupts).toBe(1);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('cancelled');
  });

  it('does not call finished work cancelled: a step past its point of no return is done', async () => {
    const ws = workspace();
    const g = gate();
    const run = runJob(ws, 'c3', async () => {
      await g.opened;
      return 'committed';
    });
    cancelJob(ws, 'c3');
    g.open();
    expect(await run).toBe('committed');
    expect(jobProgress(ws, 'c3').state).toBe('done');
  });
});
