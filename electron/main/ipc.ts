import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import {
  channels,
  ipcName,
  parseArgs,
  QueryFile,
  shellChannels,
  toWireError,
  type Args,
  type Channel,
  type ChartFormat,
  type Envelope,
  type ShellChannel,
  type TableFormat,
} from '../contract/index.js';
import { BoardPackPlan } from './boardpack-files.js';
import { chartBytes, chartFileName, writeChartFile } from './chart-files.js';
import type { EngineClient } from './engine-client.js';
import { checkDroppedPath } from './import-files.js';
import { readProfileFile, writeProfileFile } from './profile-files.js';
import { readQueryFile, writeQueryFile } from './query-files.js';
import { TablePlan } from './table-files.js';
import { isAppUrl } from './security.js';
import { DROPPED_FILE_IPC } from './shell-ipc.js';

/** Who sent an IPC message: the frame's URL and the webContents it lives in. */
export interface SenderInfo {
  frameUrl: string | null;
  webContentsId: number;
}

export interface IpcDeps {
  engine: Pick<EngineClient, 'call' | 'registerFile' | 'planTableExport' | 'exportTable' | 'planBoardPack' | 'exportBoardPack'>;
  /** The main window's webContents id, or null while there is no window. */
  mainWebContentsId(): number | null;
  /** Shows the native open dialog; null when the analyst cancels. */
  pickImportPath(): Promise<string | null>;
  /** Shows the native save dialog for a profile (suggesting `<profile name>.json`); null when cancelled. */
  saveProfilePath(profile: Args<'files.exportProfile'>['profile']): Promise<string | null>;
  /** Shows the native open dialog for a profile file; null when cancelled. */
  openProfilePath(): Promise<string | null>;
  /** Shows the native save dialog for an own query, suggesting `fileName` (`<id>.sql`); null when cancelled. */
  saveQueryPath(fileName: string): Promise<string | null>;
  /** Shows the native open dialog for a query file; null when cancelled. */
  openQueryPath(): Promise<string | null>;
  /** Shows the native save dialog for a chart, suggesting `fileName` (`<name>.png|svg`); null when cancelled. */
  saveChartPath(fileName: string, format: ChartFormat): Promise<string | null>;
  /** Shows the native save dialog for a table, suggesting `fileName` (`<query>-<period end>.xlsx|csv`); null when cancelled. */
  saveTablePath(fileName: string, format: TableFormat): Promise<string | null>;
  /** Shows the native save dialog for a board pack, suggesting `fileName` (`board-pack-<date>.docx`); null when cancelled. */
  saveBoardPackPath(fileName: string): Promise<string | null>;
  log?: (message: string) => void;
}

export interface IpcRouter {
  invoke(channel: Channel, sender: SenderInfo, raw: unknown): Promise<Envelope>;
  registerDropped(sender: SenderInfo, raw: unknown): Promise<Envelope>;
}

/** Only our page, in our window, may call: a frame from elsewhere (or another webContents) is refused. */
export function isTrustedSender(sender: SenderInfo, mainWebContentsId: number | null): boolean {
  return (
    mainWebContentsId !== null &&
    sender.webContentsId === mainWebContentsId &&
    sender.frameUrl !== null &&
    isAppUrl(sender.frameUrl)
  );
}

const isShellChannel = (channel: Channel): channel is ShellChannel => (shellChannels as readonly Channel[]).includes(channel);

const DroppedArgs = z.object({ path: z.string() }).strict();

async function settle(work: () => Promise<Envelope>): Promise<Envelope> {
  try {
    return await work();
  } catch (err) {
    return { ok: false, error: toWireError(err) };
  }
}

/**
 * The IPC guard. An untrusted sender gets a rejected promise and nothing else (it is not
 * our renderer, so it gets no envelope); our renderer always gets an envelope: arguments
 * that fail the contract become `invalid_args` without reaching the engine. Shell channels
 * (dialogs) are answered here and never forwarded to the engine.
 */
export function createIpcRouter(deps: IpcDeps): IpcRouter {
  // One entry per shell channel: a new one in the contract is a type error here until answered.
  const shell: { [C in ShellChannel]: (args: Args<C>) => Promise<Envelope> } = {
    'files.pickImport': async () => {
      const path = await deps.pickImportPath();
      return path === null ? { ok: true, value: null } : deps.engine.registerFile(path);
    },
    'files.exportProfile': async ({ profile }) => {
      const path = await deps.saveProfilePath(profile);
      if (path === null) return { ok: true, value: { saved: false } };
      await writeProfileFile(path, profile);
      return { ok: true, value: { saved: true, savedTo: path } };
    },
    'files.importProfile': async () => {
      const path = await deps.openProfilePath();
      return { ok: true, value: path === null ? null : await readProfileFile(path) };
    },
    'files.exportQuery': async ({ id }) => {
      // The file as the engine holds it, before any dialog: an unknown id never opens one.
      const held = await deps.engine.call('library.entryFile', { id });
      if (!held.ok) return held;
      const file = QueryFile.parse(held.value);
      const path = await deps.saveQueryPath(file.fileName);
      if (path === null) return { ok: true, value: { saved: false } };
      await writeQueryFile(path, file);
      return { ok: true, value: { saved: true, savedTo: path } };
    },
    // Only read here; the engine checks it (library.import) when the renderer sends it on.
    'files.importQuery': async () => {
      const path = await deps.openQueryPath();
      return { ok: true, value: path === null ? null : await readQueryFile(path) };
    },
    'files.exportTable': async (args) => {
      // The engine refuses first (unknown result, personal data unconfirmed, too many rows): no dialog for a file that cannot be made.
      const plan = await deps.engine.planTableExport(args);
      if (!plan.ok) return plan;
      const path = await deps.saveTablePath(TablePlan.parse(plan.value).fileName, args.format);
      if (path === null) return { ok: true, value: { saved: false } };
      const written = await deps.engine.exportTable(args, path);
      return written.ok ? { ok: true, value: { saved: true, savedTo: path } } : written;
    },
    'files.exportBoardPack': async (args) => {
      // As for tables: the engine refuses first (unknown result, personal data unconfirmed, a chart not a PNG).
      const plan = await deps.engine.planBoardPack(args);
      if (!plan.ok) return plan;
      const path = await deps.saveBoardPackPath(BoardPackPlan.parse(plan.value).fileName);
      if (path === null) return { ok: true, value: { saved: false } };
      const written = await deps.engine.exportBoardPack(args, path);
      return written.ok ? { ok: true, value: { saved: true, savedTo: path } } : written;
    },
    'files.exportChart': async (args) => {
      // Checked before the dialog: bytes that are not the picture they claim to be never get a path.
      const bytes = chartBytes(args);
      const path = await deps.saveChartPath(chartFileName(args.fileName, args.format), args.format);
      if (path === null) return { ok: true, value: { saved: false } };
      await writeChartFile(path, bytes);
      return { ok: true, value: { saved: true, savedTo: path } };
    },
  };
  const log = deps.log ?? ((m: string) => console.error(m));
  function guard(sender: SenderInfo, name: string): void {
    if (isTrustedSender(sender, deps.mainWebContentsId())) return;
    log(`sv-main: refused ${name} from ${sender.frameUrl ?? 'an unknown frame'} (webContents ${sender.webContentsId})`);
    throw new Error(`${name}: refused a call from an untrusted frame`);
  }
  return {
    async invoke(channel, sender, raw) {
      guard(sender, ipcName(channel));
      return settle(async () => {
        const args = parseArgs(channel, raw);
        if (isShellChannel(channel)) return (shell[channel] as (a: typeof args) => Promise<Envelope>)(args);
        return deps.engine.call(channel, args);
      });
    },
    async registerDropped(sender, raw) {
      guard(sender, DROPPED_FILE_IPC);
      return settle(async () => {
        const parsed = DroppedArgs.safeParse(raw);
        const path = await checkDroppedPath(parsed.success ? parsed.data.path : undefined);
        return deps.engine.registerFile(path);
      });
    },
  };
}

function senderOf(event: IpcMainInvokeEvent): SenderInfo {
  return { frameUrl: event.senderFrame?.url ?? null, webContentsId: event.sender.id };
}

/** One handler per contract channel (`sv:<channel>`) plus the dropped-file channel; nothing else. */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, router: IpcRouter): void {
  for (const channel of channels) {
    ipcMain.handle(ipcName(channel), (event, args: unknown) => router.invoke(channel, senderOf(event), args));
  }
  ipcMain.handle(DROPPED_FILE_IPC, (event, args: unknown) => router.registerDropped(senderOf(event), args));
}
