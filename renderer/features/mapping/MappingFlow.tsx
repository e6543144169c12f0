import { useCallback, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type {
  ImportOptions,
  ImportPreview,
  ImportResult,
  MappingProfile,
  ProfileSummary,
  TableInfo,
} from '../../../electron/contract/index.js';
import { useApi } from '../../ui/apiContext.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { describeError, type ShownError } from '../../ui/errors.js';
import { readOfPreview, rereadFor } from '../import/readOptions.js';
import { useImportJob } from '../import/useImportJob.js';
import { profileForSaving, type MappingSession } from './mappingSession.js';
import { MappingStep } from './MappingStep.js';
import { decisionsToSend, type CommitMode } from './problems.js';
import { ValidationStep } from './ValidationStep.js';

export interface MappingFlowProps {
  preview: ImportPreview;
  /** Kept by the import screen, so going back to the preview and on again keeps the analyst's edits. */
  session: MappingSession;
  initialTable: string;
  /** Preset when the flow replaces a reference table; otherwise chosen on the validation step. */
  fixedMode: CommitMode | null;
  existingTables: readonly TableInfo[];
  /** How the extract is being read now, so a profile's own read settings can be merged in. */
  readOptions: ImportOptions;
  /** Shown while the extract is read again. */
  rereading: ReactNode;
  onReread: (options: ImportOptions) => void;
  /** The analyst chose another canonical table here (or a profile for one). */
  onTable: (table: string) => void;
  onBack: () => void;
  onImported: (result: ImportResult) => void;
}

const defaultMode = (table: string, tables: readonly TableInfo[], fixed: CommitMode | null): CommitMode | null =>
  fixed ?? (tables.some((t) => t.name === table) ? null : 'create');

/**
 * Map → check → commit for one previewed extract. The preview stays held by the import screen;
 * this flow only reads it, and a successful commit consumes it.
 */
export function MappingFlow(props: MappingFlowProps) {
  const client = useApi();
  const { session } = props;
  const state = useSyncExternalStore(session.subscribe, session.get);
  const [table, setTable] = useState(props.initialTable);
  const [step, setStep] = useState<'map' | 'validate'>('map');
  const [mode, setMode] = useState<CommitMode | null>(() => defaultMode(props.initialTable, props.existingTables, props.fixedMode));
  const [profiles, setProfiles] = useState<ProfileSummary[] | null>(null);
  const [profileMessage, setProfileMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const job = useImportJob(client);
  const { preview, readOptions, onReread } = props;

  const refreshProfiles = useCallback(() => {
    client['profiles.list']({}).then(setProfiles, (err: unknown) => {
      setProfiles([]);
      setError(describeError(err));
    });
  }, [client]);

  useEffect(() => refreshProfiles(), [refreshProfiles]);

  useEffect(() => session.setPreviewId(preview.previewId), [session, preview.previewId]);

  const chooseTable = (next: string) => {
    setTable(next);
    props.onTable(next);
    setMode(defaultMode(next, props.existingTables, props.fixedMode));
    setProfileMessage(null);
    void session.propose(next);
  };

  const apply = (profile: MappingProfile) => {
    if (profile.table !== table) {
      setTable(profile.table);
      props.onTable(profile.table);
      setMode(defaultMode(profile.table, props.existingTables, props.fixedMode));
    }
    session.apply(profile);
    const reread = rereadFor(profile.read, preview, readOptions);
    if (reread) onReread(reread);
  };

  // Profile actions share one busy flag and one error banner.
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setProfileMessage(null);
    try {
      await work();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const forSaving = (name: string) => {
    if (!state.profile) throw new Error('No mapping to save yet.');
    return profileForSaving(state.profile, name, { columns: preview.columns, read: readOfPreview(preview) });
  };

  const commit = async () => {
    const profile = state.profile;
    if (!profile || !mode) return;
    setError(null);
    setCancelled(false);
    try {
      const outcome = await job.run((jobId) =>
        client['import.commit']({
          previewId: state.previewId,
          table,
          mode,
          mapping: { profile, decisions: decisionsToSend(state.result?.problems ?? [], state.decisions) },
          jobId,
        }),
      );
      if (outcome.kind === 'done') props.onImported(outcome.value);
      else setCancelled(true);
    } catch (err) {
      setError(describeError(err));
    }
  };

  if (step === 'validate') {
    return (
      <>
        {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
        {cancelled && <CancelledNotice />}
        <ValidationStep
          table={table}
          result={state.result}
          checking={state.checking}
          decisions={state.decisions}
          mode={mode}
          tableExists={props.existingTables.some((t) => t.name === table)}
          modeFixed={props.fixedMode !== null}
          job={job.status}
          onDecide={(kind, r) => session.decide(kind, r)}
          onMode={setMode}
          onBack={() => setStep('map')}
          onCommit={() => void commit()}
          onCancelJob={() => void job.cancel().catch((err: unknown) => setError(describeError(err)))}
        />
      </>
    );
  }

  return (
    <MappingStep
      preview={preview}
      table={table}
      state={state}
      profiles={profiles}
      profileMessage={profileMessage}
      busy={busy}
      error={error}
      rereading={props.rereading}
      onDismissError={() => setError(null)}
      onTable={chooseTable}
      onSource={session.setSource}
      onCode={session.setCode}
      onDateFormat={session.setDateFormat}
      onBlankAs={session.setBlankAs}
      onChooseProfile={(name) =>
        void act(async () => {
          apply(await client['profiles.get']({ name }));
        })
      }
      onSaveProfile={(name) =>
        void act(async () => {
          const saved = await client['profiles.save']({ profile: forSaving(name) });
          setProfileMessage(`Saved as “${saved.name}”.`);
          refreshProfiles();
        })
      }
      onExportProfile={() =>
        void act(async () => {
          const { saved, savedTo } = await client['files.exportProfile']({ profile: forSaving(state.profile?.name ?? table) });
          if (saved) setProfileMessage(savedTo ? `Exported to ${savedTo}` : 'Profile exported.');
        })
      }
      onImportProfile={() =>
        void act(async () => {
          const profile = await client['files.importProfile']({});
          if (profile) apply(profile);
        })
      }
      onBack={props.onBack}
      onNext={() => {
        session.flush();
        setStep('validate');
      }}
    />
  );
}

function CancelledNotice() {
  return (
    <div className="banner banner-muted" role="status" data-testid="import-cancelled">
      <div className="banner-body">
        <strong>Import cancelled.</strong> Nothing was changed in the workspace.
      </div>
    </div>
  );
}
