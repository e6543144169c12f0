import { useState } from 'react';
import type { ProfileSummary } from '../../../electron/contract/index.js';

export interface ProfileBarProps {
  table: string;
  profiles: readonly ProfileSummary[] | null;
  /** Name the mapping would be saved under (the applied or proposed profile's). */
  currentName: string;
  applied: string | null;
  busy: boolean;
  /** What the last profile action did, e.g. "Saved as …". */
  message: string | null;
  onChoose: (name: string) => void;
  onSave: (name: string) => void;
  onExport: () => void;
  onImport: () => void;
}

/** Saved mappings: reuse one, save this one, or pass one to a colleague as a JSON file. */
export function ProfileBar(props: ProfileBarProps) {
  const [naming, setNaming] = useState<string | null>(null);
  const profiles = props.profiles ?? [];
  const forTable = profiles.filter((p) => p.table === props.table);
  const others = profiles.filter((p) => p.table !== props.table);
  const trimmed = naming?.trim() ?? '';
  const save = () => {
    if (trimmed.length === 0) return;
    props.onSave(trimmed);
    setNaming(null);
  };
  return (
    <div className="profile-bar" data-testid="profile-bar">
      <label className="field-inline">
        <span className="label">Mapping profile</span>
        <select
          data-testid="profile-select"
          value={props.applied ?? ''}
          disabled={props.busy || props.profiles === null}
          onChange={(e) => e.target.value && props.onChoose(e.target.value)}
        >
          <option value="">
            {props.profiles === null
              ? 'Loading…'
              : profiles.length === 0
                ? 'No saved profiles yet'
                : props.applied
                  ? '— proposed from column names —'
                  : `Proposed from column names (${profiles.length} saved)`}
          </option>
          {props.applied && !profiles.some((p) => p.name === props.applied) && (
            <option value={props.applied}>{props.applied} (from a file)</option>
          )}
          {forTable.length > 0 && (
            <optgroup label={`For ${props.table}`}>
              {forTable.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          )}
          {others.length > 0 && (
            <optgroup label="For other tables">
              {others.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name} ({p.table})
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      {naming === null ? (
        <button type="button" className="small" data-testid="profile-save" disabled={props.busy} onClick={() => setNaming(props.currentName)}>
          Save profile…
        </button>
      ) : (
        <form
          className="field-inline"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <input
            data-testid="profile-name"
            aria-label="Profile name"
            value={naming}
            maxLength={120}
            autoFocus
            onChange={(e) => setNaming(e.target.value)}
          />
          <button type="submit" className="small primary" data-testid="profile-save-confirm" disabled={trimmed.length === 0 || props.busy}>
            Save
          </button>
          <button type="button" className="small" onClick={() => setNaming(null)}>
            Cancel
          </button>
        </form>
      )}
      <button type="button" className="small" data-testid="profile-export" disabled={props.busy} onClick={props.onExport}>
        Export…
      </button>
      <button type="button" className="small" data-testid="profile-import" disabled={props.busy} onClick={props.onImport}>
        Import profile…
      </button>
      {props.message && (
        <span className="muted profile-message" data-testid="profile-message">
          {props.message}
        </span>
      )}
    </div>
  );
}
