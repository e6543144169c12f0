import { useEffect, useState } from 'react';
import type { SourceRecord } from '../../../electron/contract/index.js';
import { useApi } from '../../ui/apiContext.js';
import { formatCount, formatTimestamp } from '../../ui/format.js';
import { PROBLEM_WORDS, RESOLUTION_WORDS } from '../mapping/problems.js';

export const shortHash = (sha256: string) => `${sha256.slice(0, 8)}…`;

function counts(s: SourceRecord): string {
  const parts = [`${formatCount(s.rowsLoaded)} loaded`];
  if (s.rowsFlagged > 0) parts.push(`${formatCount(s.rowsFlagged)} flagged`);
  if (s.rowsLeftOut > 0) parts.push(`${formatCount(s.rowsLeftOut)} left out`);
  if (s.rowsRejected > 0) parts.push(`${formatCount(s.rowsRejected)} rejected`);
  return parts.join(' · ');
}

function Decisions({ source }: { source: SourceRecord }) {
  if (source.decisions.length === 0) return <>—</>;
  return (
    <>
      {source.decisions.map((d) => (
        <div key={d.kind}>
          {PROBLEM_WORDS[d.kind]} ({formatCount(d.count)}): {RESOLUTION_WORDS[d.resolution].toLowerCase()}
        </div>
      ))}
    </>
  );
}

/** Every recorded import, newest first: which file each row came from and what was decided. */
export function SourcesTable({ sources, showTable = false }: { sources: readonly SourceRecord[]; showTable?: boolean }) {
  return (
    <div className="sources-scroll">
      <table className="plain-table sources-table">
        <thead>
          <tr>
            {showTable && <th>Table</th>}
            <th>File</th>
            <th>Imported</th>
            <th>Mode</th>
            <th>SHA-256</th>
            <th className="num">Loaded</th>
            <th className="num">Rejected</th>
            <th className="num">Flagged</th>
            <th className="num">Left out</th>
            <th>Profile</th>
            <th>Decisions</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.sourceId} data-testid={`source-${s.sourceId}`}>
              {showTable && <td className="mono">{s.table}</td>}
              <td className="mono">{s.fileName}</td>
              <td className="nowrap">{formatTimestamp(s.importedAt)}</td>
              <td>{s.mode}</td>
              <td className="mono" title={s.sha256}>
                {shortHash(s.sha256)}
              </td>
              <td className="num">{formatCount(s.rowsLoaded)}</td>
              <td className="num">{formatCount(s.rowsRejected)}</td>
              <td className="num">{formatCount(s.rowsFlagged)}</td>
              <td className="num">{formatCount(s.rowsLeftOut)}</td>
              <td className="source-profile">{s.profileName ?? '—'}</td>
              <td className="source-decisions">
                <Decisions source={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The table's header line: where its rows came from, with every import behind a disclosure. */
export function TableSourcesView({ sources }: { sources: readonly SourceRecord[] }) {
  const latest = sources[0];
  if (!latest) return null;
  return (
    <details className="table-sources" data-testid="table-sources">
      <summary>
        From <span className="mono">{latest.fileName}</span> · imported {formatTimestamp(latest.importedAt)} · SHA-256{' '}
        <span className="mono" title={latest.sha256}>
          {shortHash(latest.sha256)}
        </span>{' '}
        · {counts(latest)}
        {sources.length > 1 && ` · ${sources.length - 1} earlier ${sources.length === 2 ? 'import' : 'imports'}`}
      </summary>
      <SourcesTable sources={sources} />
    </details>
  );
}

export function TableSources({ table }: { table: string }) {
  const client = useApi();
  const [sources, setSources] = useState<SourceRecord[]>([]);
  useEffect(() => {
    let stale = false;
    client['import.sources']({}).then(
      (all) => {
        if (!stale) setSources(all.filter((s) => s.table === table));
      },
      // Provenance is shown when known; its absence must not stop browsing the table.
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [client, table]);
  return <TableSourcesView sources={sources} />;
}
