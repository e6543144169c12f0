import type { QuerySummary, WorkspaceInfo } from '../../electron/contract/index.js';
import { formatCount } from '../ui/format.js';

/** The starting screen: what the workspace holds and the two ways in. */
export function Home({ info, library, onOpenFile, onOpenReference }: {
  info: WorkspaceInfo | null;
  library: QuerySummary[] | null;
  onOpenFile: () => void;
  onOpenReference: () => void;
}) {
  const data = info?.tables.filter((t) => t.kind === 'data') ?? [];
  const rows = data.reduce((sum, t) => sum + t.rowCount, 0);
  return (
    <section className="screen home" data-testid="home">
      <h1>{info?.name ?? 'Workspace'}</h1>
      <p className="muted">
        {info === null
          ? 'Opening workspace…'
          : `${data.length} data ${data.length === 1 ? 'table' : 'tables'} · ${formatCount(rows)} rows · ${library?.length ?? 0} saved queries`}
      </p>
      <div className="home-cards">
        <div className="panel home-card">
          <h2>Import an extract</h2>
          <p>
            Choose a CSV or Excel extract, or drop one anywhere on this window. You will see how it will be read —
            sheet, header row, encoding, delimiter, dates and any rejected rows — then map its columns onto a canonical
            table and check it before anything is written to the workspace.
          </p>
          {/* Worded unlike the top bar's "Open CSV or Excel…" so each button has one accessible name. */}
          <button type="button" onClick={onOpenFile}>
            Choose an extract…
          </button>
        </div>
        <div className="panel home-card">
          <h2>Browse or analyse</h2>
          <p>
            Pick a table on the left to browse, sort and filter it, or a saved query to run it with your own period and
            parameters. Everything stays on this laptop.
          </p>
          <button type="button" className="link-button" data-testid="about-data" onClick={onOpenReference}>
            About the data: reference sources, licences and imports
          </button>
        </div>
      </div>
    </section>
  );
}
