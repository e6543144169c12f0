import { useMemo, useState } from 'react';
import {
  DEFAULT_RULE,
  type ChartFormat,
  type DisclosureRule,
  type QueryResult,
  type SavedFile,
  type TableFormat,
} from '../../../electron/contract/index.js';
import { useApi } from '../../ui/apiContext.js';
import { describeError } from '../../ui/errors.js';
import { formatCount, numberStyleFor } from '../../ui/format.js';
import { usePackStore } from '../boardpack/packContext.js';
import { chartFigure } from '../results/chartFigure.js';
import { copyPicture } from './copyPicture.js';
import { toBase64 } from './png.js';
import { PreviewTable } from './PreviewTable.js';
import { footnoteText, subtitleText } from './printText.js';
import { hiddenInChart, hiddenLine, protectedRows } from './protectedRows.js';
import { packChart } from './packChart.js';
import { svgDataUrl, svgToPng } from './renderChart.js';
import { DEFAULT_SIZE, PACK_SIZE, pixelSize, PNG_DPI, PRINT_SIZES, printSize, SVG_DPI, type PrintSizeId } from './sizes.js';
import { useAreaName, useExportPreview } from './useExportPreview.js';
import { usePrintChart } from './usePrintChart.js';

/** The rules the analyst chooses from; "none" exists only headless (--no-suppress). */
const RULES: { rule: DisclosureRule; label: string }[] = [
  { rule: 'threshold5', label: 'Threshold 5' },
  { rule: 'threshold10', label: 'Threshold 10' },
  { rule: 'round5', label: 'Round to base 5' },
];

type Action = 'png' | 'svg' | 'copy' | 'xlsx' | 'csv' | 'pack';

/** The count before the colon stands out: it is what the analyst checks first. */
function HiddenLine({ text }: { text: string }) {
  const colon = text.indexOf(':');
  if (colon < 0) return <>{text}</>;
  return (
    <>
      <strong>{text.slice(0, colon)}</strong>
      {text.slice(colon)}
    </>
  );
}

type Note = { kind: 'ok' | 'error'; text: string; savedTo?: string } | null;

interface Props {
  result: QueryResult;
  /** The entry's title: the chart's title until the analyst edits it. */
  title: string;
  countColumns: readonly string[];
  rowLevel: boolean;
}

/**
 * Everything that leaves the app from a result goes through here: the table as it will be
 * exported under the chosen disclosure rule, the print chart drawn from that protected table,
 * and the buttons that save or copy them. Row-level results need the analyst's confirmation first.
 */
export function ExportPanel({ result, title: entryTitle, countColumns, rowLevel }: Props) {
  const client = useApi();
  const pack = usePackStore();
  const [rule, setRule] = useState<DisclosureRule>(DEFAULT_RULE);
  const [sizeId, setSizeId] = useState<PrintSizeId>(DEFAULT_SIZE);
  const [title, setTitle] = useState(entryTitle);
  const [subtitleEdit, setSubtitleEdit] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState<Action | null>(null);
  const [note, setNote] = useState<Note>(null);

  const state = useExportPreview(result.resultId, rule);
  const preview = state.phase === 'ready' ? state.preview : state.phase === 'loading' ? state.previous : null;
  const area = typeof result.params.area === 'string' ? result.params.area : null;
  const areaName = useAreaName(area);
  const subtitle = subtitleEdit ?? subtitleText(result.params, areaName);
  const size = printSize(sizeId);

  const figure = useMemo(() => {
    if (!preview) return null;
    const byName = new Map(result.columns.map((c) => [c.name, c]));
    return chartFigure(result.chart, result.columns, protectedRows(preview), (name) => {
      const column = byName.get(name);
      return column ? numberStyleFor(column, countColumns) : 'plain';
    });
  }, [preview, result.chart, result.columns, countColumns]);
  const gaps = preview ? hiddenInChart(preview.hidden, result.chart, result.columns) : 0;
  const heatmap = result.chart.type === 'heatmap';
  const footnote = preview ? footnoteText({ provenance: result.provenance, ruleText: preview.ruleText, hiddenInChart: gaps, heatmap }) : '';
  const texts = useMemo(() => ({ title, subtitle, footnote }), [title, subtitle, footnote]);
  const chart = usePrintChart(figure, texts, size);

  const personal = preview?.personalData ?? rowLevel;
  const locked = personal && !confirmed;
  const ready = state.phase === 'ready' && !busy && !locked;
  const chartReady = ready && chart.svg !== null && !chart.drawing;
  const fileName = `${result.queryId}-${result.provenance.ranAt.slice(0, 10)}`;

  const act = async (action: Action, work: () => Promise<SavedFile | string>) => {
    setBusy(action);
    setNote(null);
    try {
      const outcome = await work();
      if (typeof outcome === 'string') setNote({ kind: 'ok', text: outcome });
      else if (outcome.saved) setNote({ kind: 'ok', text: 'Saved to', savedTo: outcome.savedTo ?? 'the chosen file' });
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err).message });
    } finally {
      setBusy(null);
    }
  };
  const saveChart = (format: ChartFormat) => {
    const svg = chart.svg;
    if (!svg) return;
    void act(format, async () => {
      const data = format === 'svg' ? svg : toBase64(await svgToPng(svg, size));
      return client['files.exportChart']({ format, fileName, data });
    });
  };
  const copyChart = () => {
    const svg = chart.svg;
    if (!svg) return;
    // Started inside the click: the clipboard takes the picture as it is drawn.
    const png = svgToPng(svg, size).then((bytes) => new Blob([bytes.slice().buffer], { type: 'image/png' }));
    void act('copy', async () => {
      await copyPicture(png);
      const px = pixelSize(size, PNG_DPI);
      return `Chart copied (${px.width} × ${px.height} px): paste it into Word or PowerPoint.`;
    });
  };
  const addToPack = () => {
    if (!pack) return;
    void act('pack', async () => {
      // The pack's chart is always drawn at A4 text width, whatever size is chosen for saving here.
      const drawn = figure ? await packChart(figure, texts, sizeId === PACK_SIZE ? chart.svg : null) : null;
      pack.add({
        resultId: result.resultId,
        queryId: result.queryId,
        // The panel offers only the three rules; "none" is headless only.
        rule: rule === 'none' ? 'threshold5' : rule,
        heading: title.trim() || entryTitle,
        subtitle,
        note: '',
        chartPng: drawn?.base64 ?? null,
        chartSize: drawn?.size ?? null,
        personalData: personal,
        ranAt: result.provenance.ranAt,
      });
      const n = pack.get().items.length;
      return `In the board pack (${n} ${n === 1 ? 'result' : 'results'}): write its note on the Board pack screen.`;
    });
  };
  const saveTable = (format: TableFormat) =>
    void act(format, () => client['files.exportTable']({ resultId: result.resultId, format, rule, confirmPersonalData: confirmed }));

  const svgPx = pixelSize(size, SVG_DPI);
  const pngPx = pixelSize(size, PNG_DPI);

  return (
    <section className="panel export-panel" data-testid="export-panel" aria-label="Export">
      <header className="export-head">
        <h2>Export</h2>
        {personal ? (
          // A cohort list is exported whole (the engine suppresses nothing in it): no rule to choose.
          <span className="muted export-rule-note">Row-level list: no disclosure rule applies.</span>
        ) : (
          <fieldset className="radio-group export-rules" disabled={busy !== null}>
            <legend className="label">Disclosure control</legend>
            {RULES.map((r) => (
              <label key={r.rule}>
                <input type="radio" name={`rule-${result.resultId}`} value={r.rule} checked={rule === r.rule} data-testid={`export-rule-${r.rule}`} onChange={() => setRule(r.rule)} />
                {r.label}
                {r.rule === DEFAULT_RULE && <span className="muted"> (default)</span>}
              </label>
            ))}
          </fieldset>
        )}
      </header>

      {personal && (
        <div className="banner banner-warn export-personal" role="note" data-testid="export-personal">
          <div className="banner-body">
            <strong>Personal data.</strong> This result has one row per person. Export it only where your data-sharing
            agreement allows, and keep the file as securely as the data it came from.
            <label className="check export-confirm">
              <input type="checkbox" data-testid="export-confirm-personal" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
              I confirm I may export this personal data
            </label>
          </div>
        </div>
      )}

      {state.phase === 'failed' && (
        <div className="banner banner-error" role="alert" data-testid="export-preview-error">
          <div className="banner-body">
            <strong>{state.error.title}.</strong> {state.error.message}
          </div>
        </div>
      )}

      {preview && (
        <div className={`export-body${state.phase === 'loading' ? ' stale' : ''}`}>
          <div className="export-table">
            <h3>Table as exported</h3>
            <p className="export-hidden" data-testid="export-hidden-line">
              <HiddenLine text={hiddenLine(preview.hidden)} />
            </p>
            <p className="export-rule muted" data-testid="export-rule-text">
              {preview.ruleText}
            </p>
            <PreviewTable preview={preview} columns={result.columns} countColumns={countColumns} />
          </div>

          <div className="export-chart">
            <h3>Chart as exported</h3>
            {figure === null ? (
              <p className="muted" data-testid="export-no-chart">
                This result has no chart to export.
              </p>
            ) : (
              <>
                <div className="export-fields">
                  <label className="save-field">
                    <span className="label">Title</span>
                    <input type="text" data-testid="export-title" value={title} onChange={(e) => setTitle(e.target.value)} />
                  </label>
                  <label className="save-field">
                    <span className="label">Size</span>
                    <select data-testid="export-size" value={sizeId} onChange={(e) => setSizeId(e.target.value as PrintSizeId)}>
                      {PRINT_SIZES.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.label}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="save-field wide">
                    <span className="label">Subtitle</span>
                    <input type="text" data-testid="export-subtitle" value={subtitle} onChange={(e) => setSubtitleEdit(e.target.value)} />
                  </label>
                </div>
                <div className="export-figure" style={{ aspectRatio: `${svgPx.width} / ${svgPx.height}` }}>
                  {chart.svg && <img src={svgDataUrl(chart.svg)} alt={`Chart as exported: ${title}`} data-testid="export-chart-preview" />}
                  {chart.drawing && <span className="export-drawing muted">Drawing…</span>}
                </div>
                {chart.error && <p className="field-error">The chart could not be drawn: {chart.error}</p>}
                <p className="muted chart-note" data-testid="export-chart-size">
                  PNG {formatCount(pngPx.width)} × {formatCount(pngPx.height)} px at {PNG_DPI} dpi · SVG {svgPx.width} × {svgPx.height} px
                  {gaps > 0 && ` · ${gaps} hidden ${gaps === 1 ? 'value' : 'values'} ${heatmap ? 'shown grey' : 'left out of the chart'}`}
                  {result.truncated && ` · first ${formatCount(result.rows.length)} of ${formatCount(result.rowCount)} rows`}
                </p>
              </>
            )}
          </div>
        </div>
      )}

      <div className="export-actions">
        <div className="entry-buttons">
          <button type="button" data-testid="export-chart-png" disabled={!chartReady} onClick={() => saveChart('png')}>
            {busy === 'png' ? 'Saving…' : 'Save chart PNG…'}
          </button>
          <button type="button" data-testid="export-chart-svg" disabled={!chartReady} onClick={() => saveChart('svg')}>
            {busy === 'svg' ? 'Saving…' : 'Save chart SVG…'}
          </button>
          <button type="button" data-testid="export-chart-copy" disabled={!chartReady} onClick={copyChart}>
            {busy === 'copy' ? 'Copying…' : 'Copy chart'}
          </button>
          <span className="export-sep" />
          <button type="button" data-testid="export-table-xlsx" disabled={!ready} onClick={() => saveTable('xlsx')}>
            {busy === 'xlsx' ? 'Saving…' : 'Save table XLSX…'}
          </button>
          <button type="button" data-testid="export-table-csv" disabled={!ready} onClick={() => saveTable('csv')}>
            {busy === 'csv' ? 'Saving…' : 'Save table CSV…'}
          </button>
          {pack && (
            <>
              <span className="export-sep" />
              <button type="button" data-testid="export-add-to-pack" disabled={!ready || (figure !== null && chart.drawing)} onClick={addToPack}>
                {busy === 'pack' ? 'Adding…' : 'Add to board pack'}
              </button>
            </>
          )}
          {locked && <span className="muted">Confirm the personal-data export above first.</span>}
        </div>
        {note && (
          <p className={note.kind === 'ok' ? 'entry-note' : 'field-error'} role="status" data-testid={note.kind === 'ok' ? 'export-saved' : 'export-error'}>
            {note.text}
            {note.savedTo && (
              <>
                {' '}
                <span className="mono" data-testid="export-saved-to">
                  {note.savedTo}
                </span>
              </>
            )}
          </p>
        )}
      </div>
    </section>
  );
}
