import type { ImportResult } from '../../electron/contract/index.js';
import { formatCount } from '../ui/format.js';

export function ImportNotice({ result, onOpenTable, onDismiss }: {
  result: ImportResult;
  onOpenTable: (name: string) => void;
  onDismiss: () => void;
}) {
  const rejected = result.rowsRejected > 0 && result.rejectsTable !== null;
  return (
    <div className={`banner ${rejected ? 'banner-warn' : 'banner-ok'}`} role="status" data-testid="import-notice">
      <div className="banner-body">
        <strong>Imported {formatCount(result.rowsLoaded)} rows into {result.table}.</strong>{' '}
        {rejected && result.rejectsTable && (
          <>
            {formatCount(result.rowsRejected)} {result.rowsRejected === 1 ? 'row was' : 'rows were'} rejected and kept in{' '}
            <button type="button" className="link-button" data-testid="import-notice-rejects" onClick={() => onOpenTable(result.rejectsTable ?? '')}>
              {result.rejectsTable}
            </button>
            .
          </>
        )}
      </div>
      <button type="button" className="banner-close" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
