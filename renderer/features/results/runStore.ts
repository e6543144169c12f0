import type { Api, ParamValue, QueryResult } from '../../../electron/contract/index.js';
import { describeError, isCancelled, type ShownError } from '../../ui/errors.js';

export type RunState =
  | { phase: 'running'; runId: string; percent: number | null; cancelling: boolean; startedAt: number }
  | { phase: 'done'; result: QueryResult }
  | { phase: 'cancelled'; runId: string }
  | { phase: 'failed'; error: ShownError };

export type RunClient = Pick<Api, 'query.run' | 'query.progress' | 'query.cancel'>;

export interface RunStore {
  get(queryId: string): RunState | undefined;
  /** Starts a run (unless one is already going for this query) and polls its progress. */
  start(queryId: string, params: Record<string, ParamValue>): void;
  cancel(queryId: string): Promise<void>;
  subscribe(listener: () => void): () => void;
  /** Query ids with a run in progress. */
  running(): ReadonlySet<string>;
}

export function newRunId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface RunStoreOptions {
  pollMs?: number;
  makeRunId?: () => string;
}

/**
 * Runs live outside any one screen, keyed by query id, so the analyst can look at a table
 * while a long query runs and come back to its progress or its result.
 */
export function createRunStore(client: RunClient, options: RunStoreOptions = {}): RunStore {
  const pollMs = options.pollMs ?? 250;
  const makeRunId = options.makeRunId ?? newRunId;
  const states = new Map<string, RunState>();
  const listeners = new Set<() => void>();
  let runningIds: ReadonlySet<string> = new Set();

  const set = (queryId: string, state: RunState) => {
    states.set(queryId, state);
    runningIds = new Set([...states].filter(([, s]) => s.phase === 'running').map(([id]) => id));
    for (const l of listeners) l();
  };
  const currentRun = (queryId: string, runId: string) => {
    const s = states.get(queryId);
    return s?.phase === 'running' && s.runId === runId ? s : undefined;
  };

  return {
    get: (queryId) => states.get(queryId),
    running: () => runningIds,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    start(queryId, params) {
      if (states.get(queryId)?.phase === 'running') return;
      const runId = makeRunId();
      set(queryId, { phase: 'running', runId, percent: null, cancelling: false, startedAt: Date.now() });

      let polling = false;
      const timer = setInterval(() => {
        if (polling) return; // a slow answer must not pile up requests
        polling = true;
        client['query.progress']({ runId })
          .then((p) => {
            const s = currentRun(queryId, runId);
            if (s && p.state === 'running' && p.percent !== s.percent) set(queryId, { ...s, percent: p.percent });
          })
          // Progress is a nicety; the run's own answer decides the outcome.
          .catch(() => undefined)
          .finally(() => {
            polling = false;
          });
      }, pollMs);

      client['query.run']({ queryId, params, runId }).then(
        (result) => {
          clearInterval(timer);
          if (currentRun(queryId, runId)) set(queryId, { phase: 'done', result });
        },
        (err: unknown) => {
          clearInterval(timer);
          const s = currentRun(queryId, runId);
          if (!s) return;
          // After a cancel, DuckDB's "interrupted" error is the cancel itself, whatever its code.
          const cancelled = isCancelled(err) || s.cancelling;
          set(queryId, cancelled ? { phase: 'cancelled', runId } : { phase: 'failed', error: describeError(err) });
        },
      );
    },

    async cancel(queryId) {
      const s = states.get(queryId);
      if (s?.phase !== 'running' || s.cancelling) return;
      set(queryId, { ...s, cancelling: true });
      try {
        await client['query.cancel']({ runId: s.runId });
      } catch (err) {
        // The run may still finish on its own; report the failed cancel without ending the run.
        const now = currentRun(queryId, s.runId);
        if (now) set(queryId, { ...now, cancelling: false });
        throw err;
      }
    },
  };
}
