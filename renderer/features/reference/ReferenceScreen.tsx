import { useEffect, useState } from 'react';
import type { ReferenceSource, SourceRecord } from '../../../electron/contract/index.js';
import { useApi } from '../../ui/apiContext.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { describeError, type ShownError } from '../../ui/errors.js';
import { formatCount } from '../../ui/format.js';
import { SourcesTable } from '../browse/TableSources.js';

function ReferenceCard({ source, onReplace, onOpenTable }: {
  source: ReferenceSource;
  onReplace: (table: string) => void;
  onOpenTable: (table: string) => void;
}) {
  return (
    <div className="panel reference-card" data-testid={`reference-${source.table}`}>
      <div className="reference-head">
        <div>
          <h2>{source.title}</h2>
          <button type="button" className="link-button mono" onClick={() => onOpenTable(source.table)}>
            {source.table}
          </button>
          <span className="muted"> · {formatCount(source.rowCount)} rows</span>
        </div>
        <span className="spacer" />
        <span className={`origin ${source.origin}`} data-testid={`reference-origin-${source.table}`}>
          {source.origin === 'shipped' ? 'Shipped with the app' : `Replaced by ${source.fileName ?? 'your file'}`}
        </span>
        <button type="button" className="small" data-testid={`reference-replace-${source.table}`} onClick={() => onReplace(source.table)}>
          Replace with my own file…
        </button>
      </div>
      <table className="plain-table kv">
        <tbody>
          <tr>
            <th>Publisher</th>
            <td>
              {source.publisher} ({source.year})
            </td>
          </tr>
          <tr>
            <th>Licence</th>
            <td>{source.licence}</td>
          </tr>
          <tr>
            <th>Attribution</th>
            <td>{source.attribution}</td>
          </tr>
          {source.fileName && (
            <tr>
              <th>File</th>
              <td className="mono">{source.fileName}</td>
            </tr>
          )}
          <tr>
            <th>SHA-256</th>
            <td className="mono sha">{source.sha256 ?? '—'}</td>
          </tr>
        </tbody>
      </table>
      {source.caveats.length > 0 && (
        <details className="collapsible" open>
          <summary>Caveats ({source.caveats.length})</summary>
          <ul className="caveats">
            {source.caveats.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** About the data: where each reference table comes from and under what licence, and every import. */
export function ReferenceScreen({ version, onReplace, onOpenTable }: {
  /** Bumped after an import, so a replacement shows at once. */
  version: number;
  onReplace: (table: string) => void;
  onOpenTable: (table: string) => void;
}) {
  const client = useApi();
  const [refs, setRefs] = useState<ReferenceSource[] | null>(null);
  const [sources, setSources] = useState<SourceRecord[]>([]);
  const [error, setError] = useState<ShownError | null>(null);
  useEffect(() => {
    let stale = false;
    client['reference.list']({}).then(
      (r) => !stale && setRefs(r),
      (err: unknown) => {
        if (stale) return;
        setRefs([]);
        setError(describeError(err));
      },
    );
    client['import.sources']({}).then(
      (s) => !stale && setSources(s),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [client, version]);

  return (
    <section className="screen reference-screen" data-testid="reference-screen">
      <header className="screen-header">
        <div>
          <h1>About the data</h1>
          <div className="muted">
            Reference tables shipped with the app, their sources and licences. Replace one with your own file when you
            have a better source; every import is recorded below.
          </div>
        </div>
      </header>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {refs === null && <p className="muted">Loading…</p>}
      {refs?.length === 0 && !error && <p className="muted">This workspace has no reference tables.</p>}
      <div className="reference-list">
        {refs?.map((r) => (
          <ReferenceCard key={r.table} source={r} onReplace={onReplace} onOpenTable={onOpenTable} />
        ))}
      </div>
      <div className="panel" data-testid="reference-imports">
        <h2>
          Imported extracts <span className="muted">({sources.length})</span>
        </h2>
        {sources.length === 0 ? (
          <p className="muted">No imports recorded in this workspace yet.</p>
        ) : (
          <SourcesTable sources={sources} showTable />
        )}
      </div>
    </section>
  );
}
