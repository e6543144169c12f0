import type { RejectedRow } from '../../../electron/contract/index.js';
import { formatCount } from '../../ui/format.js';

/** The first rejected rows, so the analyst can see why before deciding to import. */
export function RejectsList({ rejects, total, keptIn }: { rejects: RejectedRow[]; total: number; keptIn: string | null }) {
  return (
    <div className="panel import-rejects" data-testid="import-rejects">
      <h2>
        Rejected rows{' '}
        <span className="muted">
          ({rejects.length < total ? `first ${formatCount(rejects.length)} of ${formatCount(total)}` : formatCount(total)}
          {keptIn ? `; all are kept in ${keptIn} after import` : ''})
        </span>
      </h2>
      <div className="rejects-scroll">
        <table className="plain-table rejects-table">
          <thead>
            <tr>
              <th className="num">Line</th>
              <th>Column</th>
              <th>Reason</th>
              <th>Raw line</th>
            </tr>
          </thead>
          <tbody>
            {rejects.map((r, i) => (
              <tr key={`${r.line}-${i}`}>
                <td className="num mono">{r.line}</td>
                <td className="mono">{r.column ?? '—'}</td>
                <td>{r.reason}</td>
                <td className="mono raw-line" title={r.raw ?? undefined}>
                  {r.raw ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
