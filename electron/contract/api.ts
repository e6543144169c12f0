import { z } from 'zod';
import {
  ImportCommitArgs,
  JobProgress,
  MappingPreview,
  MappingProfile,
  ProfileSummary,
  ReferenceSource,
  SourceRecord,
} from './mapping.js';
import {
  EntryDraft,
  FileRef,
  GridPage,
  GridRequest,
  ImportOptions,
  JobId,
  ImportPreview,
  ImportResult,
  QueryFile,
  QueryResult,
  QuerySummary,
  RunAdhocArgs,
  RunArgs,
  RunProgress,
  SaveOutcome,
  UserLibraryInfo,
  WorkspaceInfo,
} from './schemas.js';
import { WireError } from './errors.js';
import { ExportBoardPackArgs, ExportChartArgs, ExportPreview, ExportPreviewArgs, ExportTableArgs, SavedFile } from './export.js';

const NoArgs = z.object({}).strict();

/**
 * The whole renderer ↔ engine API. Main, preload, renderer, the loopback bridge and the
 * tests all derive their channels and types from this one map; arguments are validated
 * where they enter a more trusted process, results where they come back to the renderer.
 */
export const contract = {
  'workspace.info': { args: NoArgs, result: WorkspaceInfo },

  /** Native "open file" dialog (main process / bridge); null when the analyst cancels. */
  'files.pickImport': { args: NoArgs, result: FileRef.nullable() },

  'import.preview': {
    args: z.object({ file: z.string().min(1), options: ImportOptions.default({}), jobId: JobId.optional() }).strict(),
    result: ImportPreview,
  },
  'import.commit': { args: ImportCommitArgs.strict(), result: ImportResult },
  'import.discard': { args: z.object({ previewId: z.string() }).strict(), result: z.object({}) },
  /** Progress of a preview or commit started with a jobId; cancel stops it and changes nothing. */
  'import.progress': { args: z.object({ jobId: JobId }).strict(), result: JobProgress },
  'import.cancel': { args: z.object({ jobId: JobId }).strict(), result: z.object({ cancelled: z.boolean() }) },
  /** Every import recorded in the workspace, newest first (file, SHA-256, counts, decisions). */
  'import.sources': { args: NoArgs, result: z.array(SourceRecord) },

  /** A first mapping of a previewed extract onto a canonical table, from column names and sample values. */
  'mapping.propose': {
    args: z.object({ previewId: z.string(), table: z.string() }).strict(),
    result: MappingProfile,
  },
  /** The extract as the profile would load it: per-column conversion, validation problems, layout check. */
  'mapping.preview': {
    args: z.object({ previewId: z.string(), profile: MappingProfile }).strict(),
    result: MappingPreview,
  },

  /** Profiles saved in this workspace (profiles/ folder). */
  'profiles.list': { args: NoArgs, result: z.array(ProfileSummary) },
  'profiles.get': { args: z.object({ name: z.string() }).strict(), result: MappingProfile },
  'profiles.save': { args: z.object({ profile: MappingProfile }).strict(), result: ProfileSummary },
  /** Native save dialog: write the profile as a JSON file to share. */
  'files.exportProfile': {
    args: z.object({ profile: MappingProfile }).strict(),
    /** savedTo: the file written, to show the analyst (the browser build has no dialog and picks it). */
    result: z.object({ saved: z.boolean(), savedTo: z.string().optional() }),
  },
  /** Native open dialog: read a colleague's profile file; null when cancelled. */
  'files.importProfile': { args: NoArgs, result: MappingProfile.nullable() },

  /** Reference tables with their sources and licences. */
  'reference.list': { args: NoArgs, result: z.array(ReferenceSource) },

  'grid.rows': { args: GridRequest.strict(), result: GridPage },

  'library.list': { args: NoArgs, result: z.array(QuerySummary) },
  'query.run': { args: RunArgs.strict(), result: QueryResult },
  'query.progress': { args: z.object({ runId: z.string() }).strict(), result: RunProgress },
  'query.cancel': {
    args: z.object({ runId: z.string() }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },

  /**
   * The SQL editor's SELECT: the same guard, run path, progress/cancel and results catalogue
   * as a library entry; provenance names it `ad-hoc` and carries the SQL and its SHA-256.
   */
  'query.runAdhoc': { args: RunAdhocArgs.strict(), result: QueryResult },
  /** Whether this host has a user library folder, and own files it could not load. */
  'library.userInfo': { args: NoArgs, result: UserLibraryInfo },
  /** Writes `<id>.sql` into the user library; an own entry with that id is replaced only with overwrite. */
  'library.save': { args: z.object({ entry: EntryDraft, overwrite: z.boolean().default(false) }).strict(), result: SaveOutcome },
  /** Deletes an own entry's file (app entries are read-only). */
  'library.delete': { args: z.object({ id: z.string() }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** A colleague's query file, checked like the library's own before it is copied into the user library. */
  'library.import': { args: QueryFile.extend({ replace: z.boolean().default(false) }).strict(), result: SaveOutcome },
  /** An own entry's file as it is on disk (for sharing). */
  'library.entryFile': { args: z.object({ id: z.string() }).strict(), result: QueryFile },
  /** Native save dialog: write an own entry's file (`<id>.sql`) to share. */
  'files.exportQuery': {
    args: z.object({ id: z.string() }).strict(),
    /** savedTo: the file written, to show the analyst. */
    result: z.object({ saved: z.boolean(), savedTo: z.string().optional() }),
  },
  /** Native open dialog: read a colleague's query file (checked by library.import); null when cancelled. */
  'files.importQuery': { args: NoArgs, result: QueryFile.nullable() },
  /**
   * A result as it would be exported under a disclosure rule (default threshold 5): hidden cells
   * read [c], the rule in words; a row-level result is flagged personalData and not suppressed.
   */
  'export.preview': { args: ExportPreviewArgs.strict(), result: ExportPreview },
  /**
   * Native save dialog: write a chart the renderer drew (PNG as base64, SVG as text). Main checks
   * the bytes are a PNG / an SVG document before any dialog opens.
   */
  'files.exportChart': { args: ExportChartArgs.strict(), result: SavedFile },
  /**
   * Native save dialog, then the engine writes the result as CSV or XLSX under the disclosure
   * rule (XLSX with a provenance sheet). The renderer never names the path. Refused before any
   * dialog: a row-level result without confirmPersonalData, more rows than an Excel sheet holds.
   */
  'files.exportTable': { args: ExportTableArgs.strict(), result: SavedFile },
  /**
   * Native save dialog, then the engine writes several results (each under its rule, with its
   * chart and the analyst's note) as one Word document with a provenance appendix. Refused before
   * any dialog: an unknown result, a row-level result without confirmPersonalData, a chart that is not a PNG.
   */
  'files.exportBoardPack': { args: ExportBoardPackArgs.strict(), result: SavedFile },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const channels = Object.keys(contract) as Channel[];

export type ArgsIn<C extends Channel> = z.input<Contract[C]['args']>;
export type Args<C extends Channel> = z.output<Contract[C]['args']>;
export type Result<C extends Channel> = z.output<Contract[C]['result']>;

/** Channels answered by the process that owns windows and dialogs, not by the engine. */
export const shellChannels = [
  'files.pickImport',
  'files.exportProfile',
  'files.importProfile',
  'files.exportQuery',
  'files.importQuery',
  'files.exportChart',
  'files.exportTable',
  'files.exportBoardPack',
] as const satisfies readonly Channel[];
export type ShellChannel = (typeof shellChannels)[number];
export type EngineChannel = Exclude<Channel, ShellChannel>;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

/** IPC channel names are prefixed so nothing else on ipcMain can be reached. */
export const ipcName = (channel: Channel): string => `sv:${channel}`;

/** What travels back over every transport (IPC, MessagePort, HTTP). */
export const Envelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireError }),
]);
export type Envelope = z.infer<typeof Envelope>;

/** The typed API the renderer sees: one async function per channel. */
export type Api = { [C in Channel]: (args: ArgsIn<C>) => Promise<Result<C>> };
