import { useState } from 'react';
import type { QuerySummary } from '../../../electron/contract/index.js';
import { groupByTheme } from './librarySearch.js';

interface Props {
  entries: readonly QuerySummary[] | null;
  selected: string | null;
  /** Query ids with a run in progress, marked in the list. */
  running: ReadonlySet<string>;
  onOpen: (id: string) => void;
}

export function LibraryList({ entries, selected, running, onOpen }: Props) {
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
