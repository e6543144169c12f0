import type { DuckDBConnection } from '@duckdb/node-api';
import { EngineError, type JobProgress } from '../../contract/index.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * Long import steps (preview of a large file, a commit) that the renderer watches and may
 * cancel. A job names the DuckDB connection it is running on, so cancel interrupts exactly
 * that statement; the step itself must then leave the workspace as it was (roll back, delete
 * its staging) and throw EngineError('cancelled').
 */
export interface Job {
  readonly id: string;
  /** Label for the progress bar, e.g. "Reading rows". */
  stage(label: string, percent?: number | null): void;
  /** Connection whose `progress` drives the percentage until the next stage(); interrupted on cancel. */
  attach(conn: DuckDBConnection | null): void;
  /** Throws EngineError('cancelled') once cancel was asked; call between steps. */
  checkCancelled(): void;
  readonly cancelled: boolean;
}

interface JobState {
  id: string;
  state: JobProgress['state'];
  stage: string | null;
  percent: number | null;
  conn: DuckDBConnection | null;
  cancelled: boolean;
}

const registries = new WeakMap<Workspace, Map<string, JobState>>();
const jobsOf = (ws: Workspace) => {
  let jobs = registries.get(ws);
  if (!jobs) registries.set(ws, (jobs = new Map()));
  return jobs;
};

/** Finished jobs are kept briefly so a last progress poll still sees how they ended. */
const KEEP_FINISHED = 50;

/**
 * Runs `work` as a job. Without a jobId the work still gets a Job (nobody can watch or
 * cancel it), so steps are written once.
 */
export async function runJob<T>(ws: Workspace, jobId: string | undefined, work: (job: Job) => Promise<T>): Promise<T> {
  const jobs = jobsOf(ws);
  const id = jobId ?? `anon-${Math.random().toString(36).slice(2)}`;
  if (jobs.get(id)?.state === 'running') throw new EngineError('invalid_args', `job ${id} is already running`);
  const s: JobState = { id, state: 'running', stage: null, percent: null, conn: null, cancelled: false };
  jobs.set(id, s);
  const job: Job = {
    id,
    stage(label, percent = null) {
      s.stage = label;
      s.percent = percent;
    },
    attach(conn) {
      s.conn = conn;
      if (conn && s.cancelled) interrupt(conn);
    },
    checkCancelled() {
      if (s.cancelled) throw new EngineError('cancelled', 'the import was cancelled; nothing was changed');
    },
    get cancelled() {
      return s.cancelled;
    },
  };
  try {
    // No cancel check after the work: once it has returned, what it did is done (a commit
    // has committed) and must not be reported as "cancelled; nothing was changed". Work
    // checks for itself before its point of no return.
    const value = await work(job);
    s.state = 'done';
    s.percent = 100;
    return value;
  } catch (err) {
    s.state = s.cancelled ? 'cancelled' : 'failed';
    if (s.cancelled && !(err instanceof EngineError && err.code === 'cancelled')) {
      throw new EngineError('cancelled', 'the import was cancelled; nothing was changed');
    }
    throw err;
  } finally {
    s.conn = null;
    if (!jobId) jobs.delete(id);
    while (jobs.size > KEEP_FINISHED) {
      const oldest = [...jobs.values()].find((j) => j.state !== 'running');
      if (!oldest) break;
      jobs.delete(oldest.id);
    }
  }
}

export function jobProgress(ws: Workspace, jobId: string): JobProgress {
  const s = jobsOf(ws).get(jobId);
  if (!s) return { jobId, state: 'unknown', percent: null, stage: null };
  let percent = s.percent;
  if (s.state === 'running' && s.conn) {
    const p = readPercentage(s.conn);
    if (p !== null) percent = p;
  }
  return { jobId, state: s.state, percent, stage: s.stage };
}

export function cancelJob(ws: Workspace, jobId: string): boolean {
  const s = jobsOf(ws).get(jobId);
  if (!s || s.state !== 'running') return false;
  s.cancelled = true;
  if (s.conn) interrupt(s.conn);
  return true;
}

/** DuckDB's progress of the running statement, null when it has none (-1) or cannot say. */
function readPercentage(conn: DuckDBConnection): number | null {
  try {
    const p = conn.progress.percentage;
    return Number.isFinite(p) && p >= 0 ? Math.min(100, p) : null;
  } catch {
    return null;
  }
}

/** A connection closed meanwhile has nothing left to interrupt. */
function interrupt(conn: DuckDBConnection): void {
  try {
    conn.interrupt();
  } catch {
    // nothing running
  }
}
