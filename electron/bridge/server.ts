import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  EngineError,
  isChannel,
  parseArgs,
  QueryFile,
  shellChannels,
  toWireError,
  type Args,
  type Envelope,
  type FileRef,
  type Result,
  type ShellChannel,
} from '../contract/index.js';
import type { Engine } from '../engine/types.js';
import { chartBytes, chartFileName, writeChartFile } from '../main/chart-files.js';
import { profileFileName, readProfileFile, writeProfileFile } from '../main/profile-files.js';
import { readQueryFile, writeQueryFile } from '../main/query-files.js';
import { BoardPackPlan } from '../main/boardpack-files.js';
import { TablePlan } from '../main/table-files.js';

/**
 * Dev/test-only loopback bridge: the same typed API as the preload, over HTTP on 127.0.0.1
 * with a random port and a random token. It is never part of the packaged app (the build
 * does not bundle this folder). Native dialogs do not exist here: tests queue the path each
 * "dialog" returns (POST /__test/dialog {path, channel}); people use drag and drop, which
 * uploads the bytes into uploadDir, and find exported profiles in exportDir.
 */
export interface BridgeOptions {
  engine: Engine;
  uploadDir: string;
  /** Where files.exportProfile, files.exportQuery and the other exports write when no answer is queued. Default: `exports/` beside uploadDir (the workspace). */
  exportDir?: string;
  /** Allow POST /__test/dialog to queue dialog answers (end-to-end tests). */
  testControls?: boolean;
  maxUploadBytes?: number;
}

export interface Bridge {
  url: string;
  token: string;
  close(): Promise<void>;
}

const MAX_JSON_BYTES = 1 << 20;
/** A chart drawn for print (a full A4 page at 300 dpi, base64) can exceed the usual cap. */
const MAX_CHART_JSON_BYTES = 64 << 20;
/** A board pack carries up to 20 such charts (4 MB of base64 each, contract/export.ts) and notes. */
const MAX_BOARD_PACK_JSON_BYTES = 96 << 20;
const JSON_LIMITS: Partial<Record<string, number>> = {
  'files.exportChart': MAX_CHART_JSON_BYTES,
  'files.exportBoardPack': MAX_BOARD_PACK_JSON_BYTES,
};

async function readJson(req: IncomingMessage, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new EngineError('invalid_args', 'request too large');
    chunks.push(chunk as Buffer);
  }
  if (!size) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new EngineError('invalid_args', 'request body is not JSON');
  }
}

function send(res: ServerResponse, status: number, body: Envelope): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const isShellChannel = (channel: string): channel is ShellChannel => (shellChannels as readonly string[]).includes(channel);

function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(24).toString('hex');
  // One queue per dialog, so a test's answer for the save dialog is never taken by an open dialog.
  const dialogQueues = new Map<ShellChannel, (string | null)[]>(shellChannels.map((c) => [c, []]));
  const maxUpload = opts.maxUploadBytes ?? 4 * 1024 ** 3;
  const exportDir = opts.exportDir ?? join(dirname(opts.uploadDir), 'exports');
  mkdirSync(opts.uploadDir, { recursive: true });

  /** The next queued answer: a path, null (cancelled), or undefined when nothing is queued. */
  const queued = (channel: ShellChannel): string | null | undefined => dialogQueues.get(channel)?.shift();

  /** A file name in exportDir that does not overwrite an earlier export: "name.json", "name (2).json", … */
  function freshExportPath(fileName: string): string {
    mkdirSync(exportDir, { recursive: true });
    const ext = /\.[a-z]+$/i.exec(fileName)?.[0] ?? '';
    const stem = fileName.slice(0, fileName.length - ext.length);
    for (let n = 1; ; n++) {
      const path = join(exportDir, n === 1 ? fileName : `${stem} (${n})${ext}`);
      if (!existsSync(path)) return path;
    }
  }

  const shell: { [C in ShellChannel]: (args: Args<C>) => Promise<Result<C>> } = {
    async 'files.pickImport'() {
      const next = queued('files.pickImport');
      if (next === undefined) {
        throw new EngineError(
          'not_found',
          'There is no file dialog in the browser build: drag a CSV or XLSX file onto the window instead.',
        );
      }
      return next === null ? null : opts.engine.registerFile(next);
    },
    async 'files.exportProfile'({ profile }) {
      const next = queued('files.exportProfile');
      if (next === null) return { saved: false };
      const path = next ?? freshExportPath(profileFileName(profile));
      await writeProfileFile(path, profile);
      return { saved: true, savedTo: path };
    },
    async 'files.importProfile'() {
      const next = queued('files.importProfile');
      if (next === undefined) {
        throw new EngineError(
          'not_found',
          "There is no file dialog in the browser build: copy the profile file into the workspace's profiles/ folder instead.",
        );
      }
      return next === null ? null : readProfileFile(next);
    },
    async 'files.exportQuery'({ id }) {
      // As main does: the engine's copy of the file first, so an unknown id takes no queued answer.
      const file = QueryFile.parse(await opts.engine.handle('library.entryFile', { id }));
      const next = queued('files.exportQuery');
      if (next === null) return { saved: false };
      const path = next ?? freshExportPath(file.fileName);
      await writeQueryFile(path, file);
      return { saved: true, savedTo: path };
    },
    async 'files.importQuery'() {
      const next = queued('files.importQuery');
      if (next === undefined) {
        throw new EngineError(
          'not_found',
          'There is no file dialog in the browser build: copy the .sql file into the folder of your own queries and restart instead.',
        );
      }
      return next === null ? null : readQueryFile(next);
    },
    async 'files.exportTable'(args) {
      // As main does: the engine refuses first, so a refused export takes no queued answer.
      const { fileName } = TablePlan.parse(await opts.engine.planTableExport(args));
      const next = queued('files.exportTable');
      if (next === null) return { saved: false };
      const path = next ?? freshExportPath(fileName);
      await opts.engine.exportTable(args, path);
      return { saved: true, savedTo: path };
    },
    async 'files.exportBoardPack'(args) {
      // As main does: the engine refuses first, so a refused pack takes no queued answer.
      const { fileName } = BoardPackPlan.parse(await opts.engine.planBoardPack(args));
      const next = queued('files.exportBoardPack');
      if (next === null) return { saved: false };
      const path = next ?? freshExportPath(fileName);
      await opts.engine.exportBoardPack(args, path);
      return { saved: true, savedTo: path };
    },
    async 'files.exportChart'(args) {
      // As main does: the bytes are checked before a queued answer is taken.
      const bytes = chartBytes(args);
      const next = queued('files.exportChart');
      if (next === null) return { saved: false };
      const path = next ?? freshExportPath(chartFileName(args.fileName, args.format));
      await writeChartFile(path, bytes);
      return { saved: true, savedTo: path };
    },
  };

  function queueDialog(body: unknown): void {
    const { path, channel = 'files.pickImport' } = (body ?? {}) as { path?: unknown; channel?: unknown };
    const queue = dialogQueues.get(channel as ShellChannel);
    if (!queue) throw new EngineError('invalid_args', `__test/dialog: no dialog answers ${String(channel)}`);
    queue.push(typeof path === 'string' ? path : null);
  }

  async function upload(req: IncomingMessage, url: URL): Promise<FileRef> {
    // Only the base name survives, with no leading dots: the upload stays inside its own folder.
    const name =
      (url.searchParams.get('name') ?? '').replace(/[^\w.\- ]/g, '_').replace(/^[.\s]+/, '').slice(0, 120) || 'upload.csv';
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxUpload) throw new EngineError('invalid_args', `${name} is larger than the bridge accepts`);
    const dir = join(opts.uploadDir, randomUUID());
    mkdirSync(dir);
    const path = join(dir, name);
    await pipeline(req, createWriteStream(path));
    return opts.engine.registerFile(path);
  }

  async function route(req: IncomingMessage, url: URL): Promise<unknown> {
    const path = url.pathname;
    if (path === '/upload') return upload(req, url);
    if (path === '/__test/dialog' && opts.testControls) {
      queueDialog(await readJson(req));
      return {};
    }
    const m = /^\/api\/([\w.]+)$/.exec(path);
    const channel = m?.[1];
    if (!isChannel(channel)) throw new EngineError('not_found', `no such call ${path}`);
    const args = await readJson(req, JSON_LIMITS[channel] ?? MAX_JSON_BYTES);
    if (isShellChannel(channel)) {
      // Answered here, like main does: checked against the contract, never sent to the engine.
      return (shell[channel] as (a: unknown) => Promise<unknown>)(parseArgs(channel, args));
    }
    return opts.engine.handle(channel, args);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'invalid_args', message: 'POST only' } });
    if (!tokenMatches(req.headers['x-sv-token'], token)) {
      req.resume();
      return send(res, 403, { ok: false, error: { code: 'invalid_args', message: 'bad token' } });
    }
    route(req, url).then(
      (value) => send(res, 200, { ok: true, value }),
      (err: unknown) => send(res, 200, { ok: false, error: toWireError(err) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
