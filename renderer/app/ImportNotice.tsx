import type { ImportResult } from '../../electron/contract/index.js';
import { formatCount } from '../ui/format.js';

const rows = (n: number) => `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`;

/** What an import did: loaded, flagged, replaced, and where the rows not loaded were kept. */
export function ImportNotice({ result, onOpenTable, onDismiss }: {
  result: ImportResult;
  onOpenTable: (name: string) => void;
  onDismiss: () => void;
}) {
  const notLoaded = result.rowsRejected + result.rowsLeftOut;
  const warn = notLoaded > 0 || result.rowsFlagged > 0;
  const kept: string[] = [];
  if (result.rowsLeftOut > 0) kept.push(`${rows(result.rowsLeftOut)} left out by your choice`);
  if (result.rowsRejected > 0) kept.push(`${rows(result.rowsRejected)} rejected as unreadable`);
  return (
    <div className={`banner ${warn ? 'banner-warn' : 'banner-ok'}`} role="status" data-testid="import-notice">
      <div className="banner-body">
        <strong>
          Imported {rows(result.rowsLoaded)} into {result.table}.
        </strong>
        {result.rowsReplaced > 0 && (
          <span data-testid="import-notice-replaced">
            {' '}
            {rows(result.rowsReplaced)} already in the table {result.rowsReplaced === 1 ? 'was' : 'were'} replaced by
            this extract’s (same key).
          </span>
        )}
        {result.rowsFlagged > 0 && (
          <span data-testid="import-notice-flagged">
            {' '}
            {rows(result.rowsFlagged)} {result.rowsFlagged === 1 ? 'is' : 'are'} flagged: the <span className="mono">_flags</span>{' '}
            column says why.
          </span>
        )}
        {notLoaded > 0 && (
          <span data-testid="import-notice-left-out">
            {' '}
            {kept.join(' and ')}
            {result.rejectsTable ? (
              <>
                {notLoaded === 1 ? ' is' : ' are'} kept in{' '}
                <button
                  type="button"
                  className="link-button"
                  data-testid="import-notice-rejects"
                  onClick={() => onOpenTable(result.rejectsTable ?? '')}
                >
                  {result.rejectsTable}
                </button>
                .
              </>
            ) : (
              '.'
            )}
          </span>
        )}
      </div>
      <button type="button" className="banner-close" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
