import { z } from 'zod';
import {
  FileRef,
  GridPage,
  GridRequest,
  ImportCommitArgs,
  ImportOptions,
  ImportPreview,
  ImportResult,
  QueryResult,
  QuerySummary,
  RunArgs,
  RunProgress,
  WorkspaceInfo,
} from './schemas.js';
import { WireError } from './errors.js';

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
    args: z.object({ file: z.string().min(1), options: ImportOptions.default({}) }).strict(),
    result: ImportPreview,
  },
  'import.commit': { args: ImportCommitArgs.strict(), result: ImportResult },
  'import.discard': { args: z.object({ previewId: z.string() }).strict(), result: z.object({}) },

  'grid.rows': { args: GridRequest.strict(), result: GridPage },

  'library.list': { args: NoArgs, result: z.array(QuerySummary) },
  'query.run': { args: RunArgs.strict(), result: QueryResult },
  'query.progress': { args: z.object({ runId: z.string() }).strict(), result: RunProgress },
  'query.cancel': {
    args: z.object({ runId: z.string() }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const channels = Object.keys(contract) as Channel[];

export type ArgsIn<C extends Channel> = z.input<Contract[C]['args']>;
export type Args<C extends Channel> = z.output<Contract[C]['args']>;
export type Result<C extends Channel> = z.output<Contract[C]['result']>;

/** Channels answered by the process that owns windows and dialogs, not by the engine. */
export const shellChannels = ['files.pickImport'] as const satisfies readonly Channel[];
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
