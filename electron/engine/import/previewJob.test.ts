import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, type JobProgress } from '../../contract/index.js';
import type { RegisteredFile } from '../workspace/workspace.js';
import { cancelJob, jobProgress } from './jobs.js';
import { previewImport } from './preview.js';
import { previewsOf } from './previews.js';
import { makeSandbox, type Sandbox } from './testSupport.js';

const ROWS = 2_000_000;
let sb: Sandbox;
let big: RegisteredFile;

beforeAll(async () => {
  sb = await makeSandbox();
  const lines: string[] = ['id,name,seen,n'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},name${i % 1000},${(i % 28) + 1}/0${(i % 9) + 1}/2023,${i % 97}`);
  big = sb.file('big.csv', `${lines.join('\n')}\n`);
});
afterAll(() => sb.cleanup());

/** Polls the job until `stop` says so or it ends; returns every reading. */
function watch(jobId: string, stop: (p: JobProgress) => boolean): Promise<JobProgress[]> {
  const seen: JobProgress[] = [];
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const p = jobProgress(sb.ws, jobId);
      seen.push(p);
      if (stop(p) || (p.state !== 'running' && p.state !== 'unknown')) {
        clearInterval(timer);
        resolve(seen);
      }
    }, 5);
  });
}

describe('previewImport as a job', () => {
  it('reports progress with a stage, and a cancel while DuckDB parses leaves staging and tables as they were', async () => {
    const before = await sb.snapshot();
    const run = previewImport(sb.ws, big, {}, 'big-1').catch((e: unknown) => e);
    const seen = await watch('big-1', (p) => {
      if (p.stage !== 'Parsing rows') return false;
      expect(cancelJob(sb.ws, 'big-1')).toBe(true);
      return true;
    });
    const err = await run;
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('cancelled');
    expect((err as EngineError).message).toBe('the import was cancelled; nothing was changed');

    const reading = seen.filter((p) => p.state === 'running' && p.stage === 'Reading file');
    expect(reading.length).toBeGreaterThan(0);
    expect(reading.every((p) => p.percent !== null && p.percent >= 0 && p.percent <= 100)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ state: 'running', stage: 'Parsing rows' });
    expect(jobProgress(sb.ws, 'big-1').state).toBe('cancelled');
    expect(sb.stagingEntries()).toEqual([]);
    expect(previewsOf(sb.ws).size).toBe(0);
    expect(await sb.snapshot()).toEqual(before);
  });

  it('stops reading the file in Node when cancelled at once', async () => {
    const run = previewImport(sb.ws, big, { encoding: 'windows-1252' }, 'big-2').catch((e: unknown) => e);
    expect(cancelJob(sb.ws, 'big-2')).toBe(true);
    const err = await run;
    expect((err as EngineError).code).toBe('cancelled');
    expect(jobProgress(sb.ws, 'big-2')).toMatchObject({ state: 'cancelled', stage: 'Reading file' });
    expect(sb.stagingEntries()).toEqual([]);
  });

  it('ends done at 100% for a preview that completes', async () => {
    const p = await previewImport(sb.ws, sb.file('small.csv', 'a,b\n1,2\n'), {}, 'small');
    expect(p.rowsAccepted).toBe(1);
    expect(jobProgress(sb.ws, 'small')).toEqual({ jobId: 'small', state: 'done', percent: 100, stage: 'Parsing rows' });
  });
});
