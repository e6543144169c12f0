import { useState } from 'react';
import { useApi } from '../../ui/apiContext.js';
import { describeError } from '../../ui/errors.js';
import { formatCount } from '../../ui/format.js';
import { usePack } from './packContext.js';
import { exportArgs, type PackItem, type PackRule } from './packState.js';
import type { PackStore } from './packStore.js';

const RULE_NAMES: Record<PackRule, string> = {
  threshold5: 'Threshold 5',
  threshold10: 'Threshold 10',
  round5: 'Round to base 5',
};

type Note = { kind: 'ok'; savedTo: string } | { kind: 'error'; text: string } | null;

interface ItemProps {
  item: PackItem;
  index: number;
  count: number;
  store: PackStore;
  disabled: boolean;
}

function PackEntry({ item, index, count, store, disabled }: ItemProps) {
  return (
    <li className="pack-item" data-testid="pack-item">
      <div className="pack-item-head">
        <span className="pack-number">{index + 1}</span>
        <div className="pack-item-titles">
          <strong data-testid="pack-item-heading">{item.heading}</strong>
          {item.subtitle && <span className="muted">{item.subtitle}</span>}
          <span className="muted pack-meta">
            {item.queryId} · {item.personalData ? 'row-level list (personal data, confirmed)' : RULE_NAMES[item.rule]} · ran{' '}
            {item.ranAt.slice(0, 16).replace('T', ' ')}
          </span>
        </div>
        <div className="pack-item-buttons">
          <button type="button" data-testid="pack-up" disabled={disabled || index === 0} onClick={() => store.move(item.resultId, -1)} aria-label={`Move ${item.heading} up`}>
            ↑ Up
          </button>
          <button type="button" data-testid="pack-down" disabled={disabled || index === count - 1} onClick={() => store.move(item.resultId, 1)} aria-label={`Move ${item.heading} down`}>
            ↓ Down
          </button>
          <button type="button" data-testid="pack-remove" disabled={disabled} onClick={() => store.remove(item.resultId)}>
            Remove
          </button>
        </div>
      </div>
      <div className="pack-item-body">
        {item.chartPng ? (
          <figure className="pack-chart">
            <img src={`data:image/png;base64,${item.chartPng}`} alt={`Chart: ${item.heading}`} data-testid="pack-chart" />
            {item.chartSize && (
              <figcaption className="muted">
                {formatCount(item.chartSize.width)} × {formatCount(item.chartSize.height)} px at 300 dpi
              </figcaption>
            )}
          </figure>
        ) : (
          <p className="muted pack-chart pack-no-chart">No chart: the table only.</p>
        )}
        <label className="pack-note">
          <span className="label">Analyst’s note</span>
          <textarea
            data-testid="pack-note"
            rows={6}
            value={item.note}
            disabled={disabled}
            placeholder="What the board should take from this result. A blank line starts a new paragraph."
            onChange={(e) => store.note(item.resultId, e.target.value)}
          />
        </label>
      </div>
    </li>
  );
}

/**
 * The board pack: its title, the results picked from their Export panels in order (each with
 * its chart and the analyst's note), and the export to one Word document.
 */
export function BoardPackScreen({ store }: { store: PackStore }) {
  const client = useApi();
  const pack = usePack(store);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note>(null);

  const save = async () => {
    setBusy(true);
    setNote(null);
    try {
      const saved = await client['files.exportBoardPack'](exportArgs(pack));
      if (saved.saved) setNote({ kind: 'ok', savedTo: saved.savedTo ?? 'the chosen file' });
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="screen board-pack" data-testid="board-pack">
      <header className="screen-header">
        <div>
          <h1>Board pack</h1>
          <div className="muted pack-about" data-testid="pack-about">
            Several results in one Word document: each with its chart, its table under the disclosure rule chosen on its
            Export panel, and your note, then an appendix with every result’s provenance. Add results from their Export
            panel (“Add to board pack”). The pack is kept in this window until the app closes, and its results stay in the
            engine until the workspace closes: export it before you close the app.
          </div>
        </div>
      </header>
      <label className="save-field wide pack-title">
        <span className="label">Pack title</span>
        <input type="text" data-testid="pack-title" value={pack.title} maxLength={200} disabled={busy} onChange={(e) => store.title(e.target.value)} />
      </label>
      {pack.items.length === 0 ? (
        <p className="muted pack-empty" data-testid="pack-empty">
          No results yet. Run a query, open its Export panel and choose “Add to board pack”.
        </p>
      ) : (
        <ol className="pack-items">
          {pack.items.map((item, i) => (
            <PackEntry key={item.resultId} item={item} index={i} count={pack.items.length} store={store} disabled={busy} />
          ))}
        </ol>
      )}
      <div className="export-actions">
        <div className="entry-buttons">
          <button type="button" className="primary" data-testid="pack-export" disabled={busy || pack.items.length === 0} onClick={() => void save()}>
            {busy ? 'Exporting…' : 'Export board pack (.docx)…'}
          </button>
          <span className="muted">
            {pack.items.length} {pack.items.length === 1 ? 'result' : 'results'}
          </span>
        </div>
        {note?.kind === 'ok' && (
          <p className="entry-note" role="status" data-testid="pack-saved">
            Saved to{' '}
            <span className="mono" data-testid="pack-saved-to">
              {note.savedTo}
            </span>
          </p>
        )}
        {note?.kind === 'error' && (
          <p className="field-error" role="alert" data-testid="pack-error">
            {note.text}
          </p>
        )}
      </div>
    </section>
  );
}
