import type { Api, ChartSpec } from '../../../electron/contract/index.js';
import { createRunStore, type RunClient, type RunState, type RunStoreOptions } from '../results/runStore.js';
import { adhocParams, type EditorDraft } from './sqlDraft.js';

/** The key the editor's one run lives under (no library entry can have this id: ids are lower-case-hyphen words). */
export const ADHOC_KEY = 'ad-hoc';

export interface AdhocRuns {
  get(): RunState | undefined;
  start(draft: EditorDraft, chart?: ChartSpec): void;
  cancel(): Promise<void>;
  subscribe(listener: () => void): () => void;
}

/**
 * The editor's runs through the library's run store (progress polling, cancel, outcome), with
 * query.run swapped for query.runAdhoc: the store starts the call synchronously, so the draft
 * handed to start() is the one sent.
 */
export function createAdhocRuns(client: Pick<Api, 'query.runAdhoc' | 'query.progress' | 'query.cancel'>, options: RunStoreOptions = {}): AdhocRuns {
  let next: { draft: EditorDraft; chart: ChartSpec | undefined } | null = null;
  const adapter: RunClient = {
    'query.run': ({ runId }) => {
      const pending = next;
      next = null;
      if (!pending) return Promise.reject(new Error('SQL editor: no draft to run'));
      return client['query.runAdhoc']({
        sql: pending.draft.sql,
        params: adhocParams(pending.draft.params),
        runId,
        ...(pending.chart ? { chart: pending.chart } : {}),
      });
    },
    'query.progress': (args) => client['query.progress'](args),
    'query.cancel': (args) => client['query.cancel'](args),
  };
  const store = createRunStore(adapter, options);
  return {
    get: () => store.get(ADHOC_KEY),
    start(draft, chart) {
      if (store.get(ADHOC_KEY)?.phase === 'running') return;
      next = { draft, chart };
      store.start(ADHOC_KEY, {});
    },
    cancel: () => store.cancel(ADHOC_KEY),
    subscribe: (listener) => store.subscribe(listener),
  };
}
