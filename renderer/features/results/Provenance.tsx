import type { ParamValue, QueryResult } from '../../../electron/contract/index.js';
import { formatCount, formatDuration, formatTimestamp } from '../../ui/format.js';

function showValue(v: ParamValue): string {
  if (v === null) return '—';
  return String(v);
}

/** What was run, on what data, and when: the analyst needs this to cite a figure. */
export function Provenance({ result }: { result: QueryResult }) {
  const { provenance } = result;
  const params = Object.entries(result.params);
  return (
    <div className="provenance" data-testid="result-provenance">
      <div className="prov-block">
        <h3>Parameters as run</h3>
        {params.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <table className="plain-table kv">
            <tbody>
              {params.map(([name, value]) => (
                <tr key={name}>
                  <th className="mono">{name}</th>
                  <td className="mono" data-testid={`resolved-param-${name}`}>
                    {showValue(value)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="prov-block">
        <h3>Tables read</h3>
        <table className="plain-table kv">
          <tbody>
            {provenance.tables.map((t) => (
              <tr key={t.name}>
                <th className="mono">{t.name}</th>
                <td className="num nowrap">{formatCount(t.rowCount)} rows</td>
                <td className="muted" title={t.sourceFile ? `SHA-256 ${t.sourceFile.sha256}` : undefined}>
                  {t.sourceFile ? `${t.sourceFile.name} · ${t.sourceFile.sha256.slice(0, 12)}` : 'shipped reference data'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="prov-block">
        <h3>Run</h3>
        <table className="plain-table kv">
          <tbody>
            <tr>
              <th>Query</th>
              <td className="mono">
                {provenance.queryId} v{provenance.version}
              </td>
            </tr>
            <tr>
              <th>Ran at</th>
              <td title={provenance.ranAt}>{formatTimestamp(provenance.ranAt)}</td>
            </tr>
            <tr>
              <th>Run time</th>
              <td data-testid="result-duration">{formatDuration(provenance.durationMs)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
