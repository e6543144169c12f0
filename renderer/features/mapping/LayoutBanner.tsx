import type { LayoutCheck, MappingProfile } from '../../../electron/contract/index.js';
import { layoutLines, layoutSummary } from './problems.js';

/** How a saved profile fits this extract, column by column: reported, never guessed. */
export function LayoutBanner({ name, layout, profile }: { name: string; layout: LayoutCheck; profile: MappingProfile }) {
  const summary = layoutSummary(layout);
  if (summary === null) {
    return (
      <div className="banner banner-ok" role="status" data-testid="layout-banner">
        <div className="banner-body">
          <strong>Profile “{name}” applied.</strong> This extract has the layout the profile was made for.
        </div>
      </div>
    );
  }
  const lines = layoutLines(layout, profile);
  return (
    <div className="banner banner-warn" role="status" data-testid="layout-banner">
      <div className="banner-body">
        <strong>Profile “{name}” applied, but this extract’s layout differs.</strong>{' '}
        <span data-testid="layout-summary">{summary}</span> Choose below which column now fills each canonical
        column, or leave it out; nothing is matched by position.
        {lines.length > 0 && (
          <ul className={`layout-lines${lines.length > 6 ? ' many' : ''}`}>
            {lines.map((l) => (
              <li key={`${l.status}:${l.source}`} data-testid={`layout-${l.status}-${l.source}`}>
                <span className="mono">{l.source}</span>{' '}
                {l.status === 'missing'
                  ? l.feeds.length > 0
                    ? `is missing (it filled ${l.feeds.join(', ')})`
                    : 'is missing (the profile did not use it)'
                  : 'is new (the profile does not use it)'}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
