import { useState } from 'react';
import type { QueryFile, QuerySummary } from '../../../electron/contract/index.js';
import type { Client } from '../../api/client.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { describeError, type ShownError } from '../../ui/errors.js';

type ImportState =
  | { phase: 'idle' }
  | { phase: 'confirm'; file: QueryFile; id: string; title: string }
  | { phase: 'done'; entry: QuerySummary }
  | { phase: 'error'; error: ShownError };

/**
 * A colleague's query file into the analyst's own library: the open dialog reads it, the
 * engine checks it (loader + guard) and copies it; an own entry with the same id is replaced
 * only when the analyst says so.
 */
export function useQueryImport(client: Client, onImported: (entry: QuerySummary) => void) {
  const [state, setState] = useState<ImportState>({ phase: 'idle' });

  const send = async (file: QueryFile, replace: boolean) => {
    const outcome = await client['library.import']({ ...file, replace });
    if (outcome.status === 'exists') {
      setState({ phase: 'confirm', file, id: outcome.id, title: outcome.title });
    } else {
      setState({ phase: 'done', entry: outcome.entry });
      onImported(outcome.entry);
    }
  };
  const fail = (err: unknown) => setState({ phase: 'error', error: describeError(err) });

  const start = () => {
    setState({ phase: 'idle' });
    client['files.importQuery']({})
      .then((file) => (file ? send(file, false) : undefined))
      .catch(fail);
  };
  const replace = () => {
    if (state.phase === 'confirm') send(state.file, true).catch(fail);
  };
  const dismiss = () => setState({ phase: 'idle' });
  return { state, start, replace, dismiss };
}

export function ImportQueryBanner({ importer, onOpen }: { importer: ReturnType<typeof useQueryImport>; onOpen: (id: string) => void }) {
  const { state } = importer;
  if (state.phase === 'error') return <ErrorBanner error={state.error} onDismiss={importer.dismiss} />;
  if (state.phase === 'confirm') {
    return (
      <div className="banner banner-warn" role="alert" data-testid="import-query-confirm">
        <div className="banner-body">
          <strong>{state.file.fileName} has the id {state.id}</strong>, like your query “{state.title}”. Replace yours with the file's
          version?
        </div>
        <button type="button" className="warn" data-testid="import-query-replace" onClick={importer.replace}>
          Replace mine
        </button>
        <button type="button" onClick={importer.dismiss}>
          Keep mine
        </button>
      </div>
    );
  }
  if (state.phase === 'done') {
    return (
      <div className="banner banner-ok" role="status" data-testid="import-query-done">
        <div className="banner-body">
          <strong>Imported “{state.entry.title}”</strong> into your library under {state.entry.theme}.{' '}
          <button type="button" className="link-button" onClick={() => onOpen(state.entry.id)}>
            Open it
          </button>
        </div>
        <button type="button" className="banner-close" aria-label="Dismiss" onClick={importer.dismiss}>
          ×
        </button>
      </div>
    );
  }
  return null;
}
