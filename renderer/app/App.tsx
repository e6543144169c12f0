import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { FileRef, ImportResult, QuerySummary, WorkspaceInfo } from '../../electron/contract/index.js';
import { BrowseTable } from '../features/browse/BrowseTable.js';
import { REJECTS_SUFFIX } from '../features/browse/tableGroups.js';
import { TableList } from '../features/browse/TableList.js';
import { ImportPreview, type ImportTarget } from '../features/import/ImportPreview.js';
import { LibraryList } from '../features/library/LibraryList.js';
import { QueryView } from '../features/library/QueryView.js';
import { ReferenceScreen } from '../features/reference/ReferenceScreen.js';
import { createRunStore } from '../features/results/runStore.js';
import { useApi } from '../ui/apiContext.js';
import { ErrorBanner } from '../ui/ErrorBanner.js';
import { describeError, type ShownError } from '../ui/errors.js';
import { Home } from './Home.js';
import { ImportNotice } from './ImportNotice.js';
import { useDropFile } from './useDropFile.js';

export type View =
  | { kind: 'home' }
  | { kind: 'table'; name: string }
  | { kind: 'import'; file: FileRef; target: ImportTarget | null }
  | { kind: 'query'; id: string }
  | { kind: 'reference' };

export function App() {
  const client = useApi();
  const runs = useMemo(() => createRunStore(client), [client]);
  const running = useSyncExternalStore(runs.subscribe, runs.running);
  const [info, setInfo] = useState<WorkspaceInfo | null>(null);
  const [library, setLibrary] = useState<QuerySummary[] | null>(null);
  const [view, setView] = useState<View>({ kind: 'home' });
  const [error, setError] = useState<ShownError | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  // Bumped after an import so an open grid of a replaced table re-reads it.
  const [dataVersion, setDataVersion] = useState(0);

  const refreshInfo = useCallback(async () => {
    try {
      const next = await client['workspace.info']({});
      setInfo(next);
      return next;
    } catch (err) {
      setError(describeError(err));
      return null;
    }
  }, [client]);

  useEffect(() => {
    void refreshInfo();
    client['library.list']({}).then(setLibrary, (err: unknown) => {
      setLibrary([]);
      setError(describeError(err));
    });
  }, [client, refreshInfo]);

  const openImport = (file: FileRef, target: ImportTarget | null = null) => {
    setError(null);
    setImported(null);
    setView({ kind: 'import', file, target });
  };

  const pickFile = async (target: ImportTarget | null = null) => {
    try {
      const file = await client['files.pickImport']({});
      if (file) openImport(file, target);
    } catch (err) {
      setError(describeError(err));
    }
  };

  const dragging = useDropFile((file) => {
    client.registerDroppedFile(file).then((ref) => openImport(ref), (err: unknown) => setError(describeError(err)));
  });

  const onImported = async (result: ImportResult) => {
    setImported(result);
    setDataVersion((v) => v + 1);
    await refreshInfo();
    setView({ kind: 'table', name: result.table });
  };

  const openTable = (name: string) => {
    setImported((notice) => (notice && (name === notice.table || name === notice.rejectsTable) ? notice : null));
    setView({ kind: 'table', name });
  };
  const openQuery = (id: string) => {
    setImported(null);
    setView({ kind: 'query', id });
  };
  const openReference = () => {
    setImported(null);
    setView({ kind: 'reference' });
  };

  const tables = info?.tables ?? [];
  const selectedTable = view.kind === 'table' ? view.name : null;

  let main: ReactNode;
  if (view.kind === 'import') {
    main = (
      <ImportPreview
        key={view.file.token}
        file={view.file}
        target={view.target}
        existingTables={tables}
        onImported={onImported}
        onClose={() => setView({ kind: 'home' })}
      />
    );
  } else if (view.kind === 'table') {
    const table = tables.find((t) => t.name === view.name);
    const rejects = tables.find((t) => t.name === `${view.name}${REJECTS_SUFFIX}`) ?? null;
    main = table ? (
      <BrowseTable key={`${table.name}:${dataVersion}`} table={table} rejects={rejects} onOpenTable={openTable} />
    ) : info ? (
      <p className="screen muted">The table {view.name} is no longer in this workspace.</p>
    ) : null;
  } else if (view.kind === 'query') {
    const query = library?.find((q) => q.id === view.id);
    main = query ? <QueryView key={query.id} query={query} runs={runs} /> : null;
  } else if (view.kind === 'reference') {
    main = (
      <ReferenceScreen
        version={dataVersion}
        onOpenTable={openTable}
        onReplace={(table) => void pickFile({ table, mode: 'replace' })}
      />
    );
  } else {
    main = <Home info={info} library={library} onOpenFile={() => void pickFile()} onOpenReference={openReference} />;
  }

  return (
    <div className="app">
      <header className="topbar">
        <span className="app-name">SV Workbench</span>
        <span className="workspace-name" data-testid="workspace-name" title="Workspace">
          {info?.name ?? ''}
        </span>
        <span className="spacer" />
        <button type="button" className="primary" data-testid="open-csv" onClick={() => void pickFile()}>
          Open CSV or Excel…
        </button>
      </header>
      <div className="body">
        <nav className="sidebar" aria-label="Workspace">
          <TableList
            tables={tables}
            selected={selectedTable}
            referenceSelected={view.kind === 'reference'}
            onOpen={openTable}
            onOpenReference={openReference}
          />
          <LibraryList entries={library} selected={view.kind === 'query' ? view.id : null} running={running} onOpen={openQuery} />
        </nav>
        <main className="main">
          {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
          {imported && view.kind === 'table' && (
            <ImportNotice result={imported} onOpenTable={openTable} onDismiss={() => setImported(null)} />
          )}
          {main}
        </main>
      </div>
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <div className="drop-card">Drop the CSV or Excel file to preview its import</div>
        </div>
      )}
    </div>
  );
}
