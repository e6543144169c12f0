import { useEffect, useState } from 'react';
import type { DisclosureRule, ExportPreview } from '../../../electron/contract/index.js';
import { useApi } from '../../ui/apiContext.js';
import { describeError, type ShownError } from '../../ui/errors.js';

export type PreviewState =
  | { phase: 'loading'; previous: ExportPreview | null }
  | { phase: 'ready'; preview: ExportPreview }
  | { phase: 'failed'; error: ShownError };

/** The result as it would be exported under `rule`, asked of the engine again whenever the rule changes. */
export function useExportPreview(resultId: string, rule: DisclosureRule): PreviewState {
  const client = useApi();
  const [state, setState] = useState<PreviewState>({ phase: 'loading', previous: null });

  useEffect(() => {
    let current = true;
    setState((s) => ({ phase: 'loading', previous: s.phase === 'ready' && s.preview.resultId === resultId ? s.preview : null }));
    client['export.preview']({ resultId, rule }).then(
      (preview) => current && setState({ phase: 'ready', preview }),
      (err: unknown) => current && setState({ phase: 'failed', error: describeError(err) }),
    );
    return () => {
      current = false;
    };
  }, [client, resultId, rule]);

  return state;
}

/**
 * The name of an LA code from the shipped lookup (`area_lookup`), for a chart's subtitle; null
 * while asking, or when the workspace has no lookup or no such code (the code alone is shown).
 */
export function useAreaName(code: string | null): string | null {
  const client = useApi();
  const [name, setName] = useState<{ code: string; name: string | null } | null>(null);

  useEffect(() => {
    if (!code) return;
    let current = true;
    client['grid.rows']({
      source: { kind: 'table', table: 'area_lookup' },
      startRow: 0,
      endRow: 1,
      filterModel: { lad_code: { filterType: 'text', type: 'equals', filter: code } },
    }).then(
      (page) => {
        const found = page.rows[0]?.lad_name;
        if (current) setName({ code, name: typeof found === 'string' && found ? found : null });
      },
      () => current && setName({ code, name: null }),
    );
    return () => {
      current = false;
    };
  }, [client, code]);

  return code && name?.code === code ? name.name : null;
}
