import { useState } from 'react';
import type { QuerySummary, UserLibraryInfo } from '../../../electron/contract/index.js';
import { groupByTheme } from './librarySearch.js';

interface Props {
  entries: readonly QuerySummary[] | null;
  selected: string | null;
  /** Query ids with a run in progress, marked in the list. */
  running: ReadonlySet<string>;
  onOpen: (id: string) => void;
  editorSelected: boolean;
  onOpenEditor: () => void;
  /** The analyst's own library: whether there is one (import needs it) and files left out. */
  own: UserLibraryInfo | null;
  onImport: () => void;
}

export function LibraryList({ entries, selected, running, onOpen, editorSelected, onOpenEditor, own, onImport }: Props) {
  const [search, setSearch] = useState('');
  const groups = entries ? groupByTheme(entries, search) : [];
  return (
    <div className="nav-section" data-testid="library-list">
      <h3 className="nav-heading">Query library</h3>
      <input
        type="search"
        className="nav-search"
        placeholder="Search queries"
        aria-label="Search queries"
        data-testid="library-search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <ul className="nav-list nav-tools">
        <li>
          <button
            type="button"
            className={`nav-entry${editorSelected ? ' selected' : ''}`}
            data-testid="open-sql-editor"
            onClick={onOpenEditor}
            title="Write an ad-hoc SELECT, run it, save it as your own entry"
          >
            <span className="nav-name">SQL editor</span>
          </button>
        </li>
        {own?.available && (
          <li>
            <button type="button" className="nav-entry" data-testid="import-query" onClick={onImport} title="Add a colleague's query file to your own library">
              <span className="nav-name">Import a query file…</span>
            </button>
          </li>
        )}
      </ul>
      {own && own.problems.length > 0 && (
        <details className="nav-problems" data-testid="library-problems">
          <summary>
            {own.problems.length === 1 ? '1 of your query files was' : `${own.problems.length} of your query files were`} left out
          </summary>
          <ul>
            {own.problems.map((p) => (
              <li key={p.file}>
                <span className="mono">{p.file}</span>: {p.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {entries === null && <p className="nav-empty">Loading…</p>}
      {entries !== null && groups.length === 0 && (
        <p className="nav-empty">{search ? 'No query matches.' : 'The library is empty.'}</p>
      )}
      {groups.map((g) => (
        <div key={g.theme}>
          <h4 className="nav-subheading">{g.theme}</h4>
          <ul className="nav-list">
            {g.entries.map((q) => (
              <li key={q.id}>
                <button
                  type="button"
                  className={`nav-entry${selected === q.id ? ' selected' : ''}`}
                  data-testid={`library-entry-${q.id}`}
                  onClick={() => onOpen(q.id)}
                  title={q.description}
                >
                  <span className="nav-name">{q.title}</span>
                  {running.has(q.id) && <span className="nav-running" aria-label="running" />}
                  {q.origin === 'user' && (
                    <span className="nav-tag nav-tag-own" data-testid={`library-own-${q.id}`} title="Your own entry">
                      My query
                    </span>
                  )}
                  {q.rowLevel && (
                    <span className="nav-tag" title="Row-level result: personal data">
                      rows
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
