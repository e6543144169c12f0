import { useState } from 'react';
import type { QuerySummary } from '../../../electron/contract/index.js';
import { useApi } from '../../ui/apiContext.js';
import { describeError } from '../../ui/errors.js';
import { copyText } from './clipboard.js';
import { forgetInputs } from './QueryView.js';

interface Props {
  query: QuerySummary;
  onOpenInEditor: () => void;
  /** An own entry was deleted (the list should drop it). */
  onDeleted: (id: string) => void;
}

type Note = { kind: 'ok' | 'error'; text: string } | null;

/**
 * What can be done with an entry besides running it: take its SQL to the editor or the
 * clipboard; for the analyst's own entries also share the file and delete it (app entries are
 * read-only).
 */
export function EntryActions({ query, onOpenInEditor, onDeleted }: Props) {
  const client = useApi();
  const [note, setNote] = useState<Note>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const own = query.origin === 'user';

  const copy = () => {
    copyText(query.sql).then(
      () => setNote({ kind: 'ok', text: 'SQL copied to the clipboard.' }),
      (err: unknown) => setNote({ kind: 'error', text: `Could not copy: ${err instanceof Error ? err.message : String(err)}` }),
    );
  };
  const exportFile = async () => {
    setBusy(true);
    setNote(null);
    try {
      const r = await client['files.exportQuery']({ id: query.id });
      if (r.saved) setNote({ kind: 'ok', text: `Saved to ${r.savedTo ?? 'the chosen file'}: share it; a colleague imports it into their library.` });
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err).message });
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await client['library.delete']({ id: query.id });
      forgetInputs(query.id);
      onDeleted(query.id);
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err).message });
      setConfirmDelete(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="entry-actions" data-testid="entry-actions">
      <div className="entry-buttons">
        <button type="button" data-testid="open-in-editor" onClick={onOpenInEditor} title="Copy this SQL, its parameters and their values into the SQL editor">
          Open in SQL editor
        </button>
        <button type="button" data-testid="copy-sql" onClick={copy}>
          Copy SQL
        </button>
        {own && (
          <>
            <button type="button" data-testid="export-query" disabled={busy} onClick={() => void exportFile()} title={`Save ${query.id}.sql to share`}>
              Export file…
            </button>
            <button type="button" className="warn" data-testid="delete-query" disabled={busy} onClick={() => setConfirmDelete(true)}>
              Delete…
            </button>
          </>
        )}
        {note && (
          <span className={note.kind === 'ok' ? 'entry-note' : 'field-error'} data-testid="entry-note" role="status">
            {note.text}
          </span>
        )}
      </div>
      {confirmDelete && (
        <div className="banner banner-warn" role="alert" data-testid="delete-confirm">
          <div className="banner-body">
            <strong>Delete “{query.title}”?</strong> Its file <span className="mono">{query.id}.sql</span> is removed from your own
            queries folder. Export it first to keep a copy.
          </div>
          <button type="button" className="warn" data-testid="delete-confirm-yes" disabled={busy} onClick={() => void remove()}>
            Delete it
          </button>
          <button type="button" onClick={() => setConfirmDelete(false)}>
            Keep it
          </button>
        </div>
      )}
    </div>
  );
}
