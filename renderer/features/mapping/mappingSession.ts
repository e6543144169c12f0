import type {
  Api,
  ColumnMapping,
  MappingPreview,
  MappingProfile,
  ProblemKind,
  Resolution,
} from '../../../electron/contract/index.js';
import { describeError, type ShownError } from '../../ui/errors.js';
import type { Decisions } from './problems.js';

export type MappingClient = Pick<Api, 'mapping.propose' | 'mapping.preview'>;

export interface MappingState {
  previewId: string;
  /** The mapping being edited; null until the engine's first proposal arrives. */
  profile: MappingProfile | null;
  /** The engine's answer for the latest profile sent (may lag the profile while `checking`). */
  result: MappingPreview | null;
  /** A preview is waiting for the debounce or for the engine. */
  checking: boolean;
  error: ShownError | null;
  /** Name of the saved or imported profile applied, whose layout check the screen reports. */
  applied: string | null;
  decisions: Decisions;
}

export interface MappingSession {
  get(): MappingState;
  subscribe(listener: () => void): () => void;
  /** Asks the engine for a first mapping onto `table` (from column names and sample values). */
  propose(table: string): Promise<void>;
  /** Uses a saved or a colleague's profile as it is; the layout check then says how the extract differs. */
  apply(profile: MappingProfile): void;
  setSource(column: string, source: string | null): void;
  /** `canonical` undefined removes the code (the value passes through as read). */
  setCode(column: string, value: string, canonical: string | null | undefined): void;
  setDateFormat(column: string, format: string | undefined): void;
  setBlankAs(column: string, value: string | undefined): void;
  /** The extract was read again (another sheet, header row…): check the same mapping against it. */
  setPreviewId(previewId: string): void;
  decide(kind: ProblemKind, resolution: Resolution | undefined): void;
  /** Sends a waiting change now (before moving on to validation). */
  flush(): void;
  /** Drops a waiting change and ignores answers in flight; the session can be used again. */
  dispose(): void;
}

export interface MappingSessionOptions {
  /** Quiet time after the last edit before the engine re-checks the mapping. */
  debounceMs?: number;
}

/**
 * The mapping being built for one previewed extract. Plain state outside React so the
 * screen stays a view, and edits coalesce: every change re-runs mapping.preview after a short
 * pause, and an answer for an older profile is never shown over a newer one.
 */
export function createMappingSession(
  client: MappingClient,
  previewId: string,
  options: MappingSessionOptions = {},
): MappingSession {
  const debounceMs = options.debounceMs ?? 300;
  let state: MappingState = {
    previewId,
    profile: null,
    result: null,
    checking: false,
    error: null,
    applied: null,
    decisions: {},
  };
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let sequence = 0;

  const set = (next: Partial<MappingState>) => {
    state = { ...state, ...next };
    for (const l of listeners) l();
  };

  const send = () => {
    timer = null;
    const { profile, previewId: id } = state;
    if (!profile) return;
    const mine = ++sequence;
    client['mapping.preview']({ previewId: id, profile }).then(
      (result) => {
        if (mine === sequence) set({ result, checking: false, error: null });
      },
      (err: unknown) => {
        if (mine === sequence) set({ checking: false, error: describeError(err) });
      },
    );
  };

  const schedule = (delay: number) => {
    if (timer) clearTimeout(timer);
    set({ checking: true });
    if (delay <= 0) send();
    else timer = setTimeout(send, delay);
  };

  const editColumn = (column: string, edit: (m: ColumnMapping) => ColumnMapping) => {
    const { profile } = state;
    if (!profile) return;
    const current = profile.columns[column] ?? { source: null };
    set({ profile: { ...profile, columns: { ...profile.columns, [column]: edit(current) } } });
    schedule(debounceMs);
  };

  const without = <K extends keyof ColumnMapping>(m: ColumnMapping, key: K): ColumnMapping => {
    const copy = { ...m };
    delete copy[key];
    return copy;
  };

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async propose(table) {
      const mine = ++sequence;
      set({ checking: true, error: null });
      try {
        const profile = await client['mapping.propose']({ previewId: state.previewId, table });
        if (mine !== sequence) return;
        set({ profile, applied: null, result: null });
        schedule(0);
      } catch (err) {
        if (mine === sequence) set({ checking: false, error: describeError(err) });
      }
    },

    apply(profile) {
      set({ profile, applied: profile.name, result: null, error: null });
      schedule(0);
    },

    setSource: (column, source) => editColumn(column, (m) => ({ ...m, source })),

    setCode(column, value, canonical) {
      editColumn(column, (m) => {
        const codes = { ...(m.codes ?? {}) };
        if (canonical === undefined) delete codes[value];
        else codes[value] = canonical;
        return Object.keys(codes).length > 0 ? { ...m, codes } : without(m, 'codes');
      });
    },

    setDateFormat: (column, format) =>
      editColumn(column, (m) => (format ? { ...m, dateFormat: format } : without(m, 'dateFormat'))),

    setBlankAs: (column, value) =>
      editColumn(column, (m) => (value === undefined ? without(m, 'blankAs') : { ...m, blankAs: value })),

    setPreviewId(id) {
      if (id === state.previewId) return;
      set({ previewId: id });
      if (state.profile) schedule(0);
    },

    decide(kind, resolution) {
      const decisions = { ...state.decisions };
      if (resolution) decisions[kind] = resolution;
      else delete decisions[kind];
      set({ decisions });
    },

    flush() {
      if (timer) {
        clearTimeout(timer);
        send();
      }
    },

    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      // Answers still on their way are for a screen that is gone (or remounting): ignore them.
      sequence += 1;
    },
  };
}

/** The profile as it will be saved: made for this extract's layout and read the same way. */
export function profileForSaving(
  profile: MappingProfile,
  name: string,
  extract: { columns: readonly { name: string }[]; read: MappingProfile['read'] },
  now: Date = new Date(),
): MappingProfile {
  return {
    ...profile,
    name,
    sourceColumns: extract.columns.map((c) => c.name),
    read: { ...profile.read, ...extract.read },
    createdAt: now.toISOString(),
  };
}
