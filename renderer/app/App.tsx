import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { FileRef, ImportResult, QuerySummary, UserLibraryInfo, WorkspaceInfo } from '../../electron/contract/index.js';
import { BoardPackLink } from '../features/boardpack/BoardPackLink.js';
import { BoardPackScreen } from '../features/boardpack/BoardPackScreen.js';
import { PackProvider } from '../features/boardpack/packContext.js';
import { createPackStore } from '../features/boardpack/packStore.js';
import { BrowseTable } from '../features/browse/BrowseTable.js';
import { REJECTS_SUFFIX } from '../features/browse/tableGroups.js';
import { TableList } from '../features/browse/TableList.js';
import { ImportPreview, type ImportTarget } from '../features/import/ImportPreview.js';
import { ImportQueryBanner, useQueryImport } from '../features/library/ImportQuery.js';
import { LibraryList } from '../features/library/LibraryList.js';
import { QueryView } from '../features/library/QueryView.js';
import { ReferenceScreen } from '../features/reference/ReferenceScreen.js';
import { createRunStore } from '../features/results/runStore.js';
import { createAdhocRuns } from '../features/sql/adhocRuns.js';
import type { SaveBasis } from '../features/sql/saveForm.js';
import { SqlScreen } from '../features/sql/SqlScreen.js';
import type { EditorDraft } from '../features/sql/sqlDraft.js';
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
  | { kind: 'sql' }
  | { kind: 'reference' }
  | { kind: 'boardpack' };

export function App() {
  const client = useApi();
  const runs = useMemo(() => createRunStore(client), [client]);
  const running = useSyncExternalStore(runs.subscribe, runs.running);
  const adhocRuns = useMemo(() => createAdhocRuns(client), [client]);
  // The board pack lasts as long as this window, like the results it names in the engine.
  const pack = useMemo(() => createPackStore(), []);
  const [info, setInfo] = useState<WorkspaceInfo | null>(null);
  const [library, setLibrary] = useState<QuerySummary[] | null>(null);
  const [own, setOwn] = useState<UserLibraryInfo | null>(null);
  // The editor's draft lives here so it survives other screens and "Open in SQL editor" can fill it.
  const [draft, setDraft] = useState<EditorDraft>({ sql: '', params: [] });
  const [basis, setBasis] = useState<SaveBasis | null>(null);
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

  const refreshLibrary = useCallback(async () => {
    try {
      const [list, userInfo] = await Promise.all([client['library.list']({}), client['library.userInfo']({})]);
      setLibrary(list);
      setOwn(userInfo);
    } catch (err) {
      setLibrary((l) => l ?? []);
      setError(describeError(err));
    }
  }, [client]);

  useEffect(() => {
    void refreshInfo();
    void refreshLibrary();
  }, [refreshInfo, refreshLibrary]);

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
  const openBoardPack = () => {
    setImported(null);
    setView({ kind: 'boardpack' });
  };
  const openEditor = () => {
    setImported(null);
    setView({ kind: 'sql' });
  };
  const openInEditor = (next: EditorDraft, from: SaveBasis) => {
    setDraft(next);
    setBasis(from);
    openEditor();
  };
  const onSaved = async (entry: QuerySummary) => {
    await refreshLibrary();
    setView({ kind: 'query', id: entry.id });
  };
  const onDeleted = async () => {
    await refreshLibrary();
    setView({ kind: 'home' });
  };
  const importer = useQueryImport(client, () => void refreshLibrary());

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
    main = query ? (
      <QueryView
        key={`${query.origin}:${query.id}:${query.version}:${query.sql}`}
        query={query}
        runs={runs}
        onOpenInEditor={openInEditor}
        onDeleted={() => void onDeleted()}
      />
    ) : null;
  } else if (view.kind === 'sql') {
    main = (
      <SqlScreen
        tables={tables}
        draft={draft}
        onDraft={setDraft}
        basis={basis}
        runs={adhocRuns}
        canSave={own?.available ?? false}
        onSaved={(entry) => void onSaved(entry)}
      />
    );
  } else if (view.kind === 'reference') {
    main = (
      <ReferenceScreen
        version={dataVersion}
        onOpenTable={openTable}
        onReplace={(table) => void pickFile({ table, mode: 'replace' })}
      />
    );
  } else if (view.kind === 'boardpack') {
    main = <BoardPackScreen store={pack} />;
  } else {
    main = <Home info={info} library={library} onOpenFile={() => void pickFile()} onOpenReference={openReference} />;
  }

  return (
    <PackProvider store={pack}>
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
            <LibraryList
              entries={library}
              selected={view.kind === 'query' ? view.id : null}
              running={running}
              onOpen={openQuery}
              editorSelected={view.kind === 'sql'}
              onOpenEditor={openEditor}
              own={own}
              onImport={importer.start}
            />
            <BoardPackLink store={pack} selected={view.kind === 'boardpack'} onOpen={openBoardPack} />
          </nav>
          <main className="main">
            {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
            <ImportQueryBanner
              importer={importer}
              onOpen={(id) => {
                importer.dismiss();
                openQuery(id);
              }}
            />
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
    </PackProvider>
  );
}
