import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineError, type JobProgress } from '../../../electron/contract/index.js';
import { fakeEngine, samplePreview } from '../../testing/fakeTransport.js';
import { startImportJob, type JobStatus } from './importJob.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(opts: { cancelFails?: boolean; cancelEndsRead?: boolean } = {}) {
  const read = deferred<ReturnType<typeof samplePreview>>();
  let progress: Omit<JobProgress, 'jobId'> = { state: 'running', percent: null, stage: 'Reading file' };
  const engine = fakeEngine({
    'import.preview': () => read.promise,
    'import.progress': ({ jobId }) => ({ jobId, ...progress }),
    'import.cancel': () => {
      if (opts.cancelFails) throw new EngineError('not_found', 'no such job');
      if (opts.cancelEndsRead ?? true) read.reject(new EngineError('cancelled', 'the import was cancelled; nothing was changed'));
      return { cancelled: true };
    },
  });
  const seen: JobStatus[] = [];
  const job = startImportJob(
    engine.client,
    (jobId) => engine.client['import.preview']({ file: 'tok', options: {}, jobId }),
    (s) => seen.push(s),
    { makeJobId: () => 'job-1' },
  );
  return { engine, read, job, seen, setProgress: (p: typeof progress) => (progress = p) };
}

describe('import jobs: progress and cancel', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts the step with its jobId and polls progress every 250 ms until it ends', async () => {
    const { engine, read, job, seen, setProgress } = setup();
    expect(engine.callsTo('import.preview')).toEqual([{ file: 'tok', options: {}, jobId: 'job-1' }]);
    expect(seen).toEqual([{ jobId: 'job-1', stage: null, percent: null, cancelling: false }]);

    await vi.advanceTimersByTimeAsync(250);
    expect(engine.callsTo('import.progress')).toEqual([{ jobId: 'job-1' }]);
    expect(seen.at(-1)).toMatchObject({ stage: 'Reading file', percent: null });
    setProgress({ state: 'running', percent: 42, stage: 'Parsing rows' });
    await vi.advanceTimersByTimeAsync(250);
    expect(seen.at(-1)).toMatchObject({ stage: 'Parsing rows', percent: 42 });
    // Unchanged progress is not reported again.
    await vi.advanceTimersByTimeAsync(250);
    expect(seen).toHaveLength(3);

    read.resolve(samplePreview());
    await expect(job.outcome).resolves.toMatchObject({ kind: 'done', value: { previewId: 'p1' } });
    const polls = engine.callsTo('import.progress').length;
    await vi.advanceTimersByTimeAsync(2000);
    expect(engine.callsTo('import.progress')).toHaveLength(polls);
  });

  it('cancels through import.cancel and ends as cancelled', async () => {
    const { engine, job, seen } = setup();
    await vi.advanceTimersByTimeAsync(250);
    const cancelling = job.cancel();
    expect(seen.at(-1)).toMatchObject({ cancelling: true });
    await cancelling;
    expect(engine.callsTo('import.cancel')).toEqual([{ jobId: 'job-1' }]);
    await expect(job.outcome).resolves.toEqual({ kind: 'cancelled' });
    // A second cancel after the end asks nothing more.
    await job.cancel();
    expect(engine.callsTo('import.cancel')).toHaveLength(1);
  });

  it('treats any failure after a cancel as the cancel itself', async () => {
    const { read, job } = setup({ cancelEndsRead: false });
    await job.cancel();
    read.reject(new EngineError('import_failed', 'INTERRUPT Error: Interrupted!'));
    await expect(job.outcome).resolves.toEqual({ kind: 'cancelled' });
  });

  it('reports a real failure as an error, and a failed cancel without ending the step', async () => {
    const { read, job, seen } = setup({ cancelFails: true });
    await expect(job.cancel()).rejects.toThrow('no such job');
    expect(seen.at(-1)).toMatchObject({ cancelling: false });
    read.reject(new EngineError('import_failed', 'police.xlsx: not a workbook'));
    await expect(job.outcome).rejects.toThrow('police.xlsx: not a workbook');
  });
});
