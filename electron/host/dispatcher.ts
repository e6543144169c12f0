import { toWireError, type EngineChannel, type Envelope, type FileRef } from '../contract/index.js';
import { HostRequest, isEngineChannel, type HostEvent } from './protocol.js';

/** What the host needs of electron/engine/types.ts Engine (kept structural so tests can fake it). */
export interface HostedEngine {
  readonly workspaceName: string;
  handle(channel: EngineChannel, args: unknown): Promise<unknown>;
  registerFile(path: string): FileRef;
  planTableExport(args: unknown): Promise<unknown>;
  exportTable(args: unknown, path: string): Promise<unknown>;
  planBoardPack(args: unknown): Promise<unknown>;
  exportBoardPack(args: unknown, path: string): Promise<unknown>;
  close(): Promise<void> | void;
}

/** The host side of a MessagePort: Electron's MessagePortMain, or a fake in tests. */
export interface HostPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
}

async function settle(work: () => Promise<unknown> | unknown): Promise<Envelope> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    return { ok: false, error: toWireError(err) };
  }
}

/**
 * Answers one request. Requests are independent promises, so a `query.progress` or
 * `query.cancel` is answered while a `query.run` is still in flight. Calls that arrive while
 * the engine is still opening its workspace wait for it; if it failed to open, they get its
 * error. Returns null for a shutdown or for anything that is not a request with an id.
 */
export function createDispatcher(engine: Promise<HostedEngine>): (raw: unknown) => Promise<HostEvent | null> {
  // A rejected engine promise that no call has awaited yet must not crash the process.
  engine.catch(() => undefined);
  return async (raw) => {
    const parsed = HostRequest.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id !== 'number') return null;
      return { type: 'reply', id, envelope: { ok: false, error: { code: 'internal', message: 'malformed host request' } } };
    }
    const req = parsed.data;
    switch (req.type) {
      case 'shutdown':
        return null;
      case 'registerFile':
        return { type: 'reply', id: req.id, envelope: await settle(async () => (await engine).registerFile(req.path)) };
      // Main-only: the renderer cannot send these (they are not contract channels), so no path it names is ever written.
      case 'planTableExport':
        return { type: 'reply', id: req.id, envelope: await settle(async () => (await engine).planTableExport(req.args)) };
      case 'exportTable':
        return { type: 'reply', id: req.id, envelope: await settle(async () => (await engine).exportTable(req.args, req.path)) };
      case 'planBoardPack':
        return { type: 'reply', id: req.id, envelope: await settle(async () => (await engine).planBoardPack(req.args)) };
      case 'exportBoardPack':
        return { type: 'reply', id: req.id, envelope: await settle(async () => (await engine).exportBoardPack(req.args, req.path)) };
      case 'call': {
        const { channel } = req;
        if (!isEngineChannel(channel)) {
          return {
            type: 'reply',
            id: req.id,
            envelope: { ok: false, error: { code: 'invalid_args', message: `unknown engine channel ${channel}` } },
          };
        }
        return { type: 'reply', id: req.id, envelope: await settle(async () => (await engine).handle(channel, req.args)) };
      }
    }
  };
}

/**
 * Wires a dispatcher to a port. A reply that cannot be cloned (an engine bug) is replaced
 * by an error reply, so main's promise still settles. On `shutdown`, `onShutdown` gets a
 * promise of the calls still in flight settling: closing DuckDB under a running query can
 * crash the process, so the host waits for them (briefly) first. Calls after that are refused.
 */
export function servePort(
  port: HostPort,
  dispatch: (raw: unknown) => Promise<HostEvent | null>,
  onShutdown: (inFlight: Promise<void>) => void,
): void {
  const inFlight = new Set<Promise<unknown>>();
  let shuttingDown = false;
  const send = (reply: HostEvent): void => {
    try {
      port.postMessage(reply);
    } catch (err) {
      if (reply.type !== 'reply') throw err;
      port.postMessage({
        type: 'reply',
        id: reply.id,
        envelope: { ok: false, error: { code: 'internal', message: `reply could not be sent: ${toWireError(err).message}` } },
      } satisfies HostEvent);
    }
  };
  port.on('message', (event) => {
    const data = event.data as { type?: unknown; id?: unknown } | null;
    if (data?.type === 'shutdown') {
      if (shuttingDown) return;
      shuttingDown = true;
      onShutdown(Promise.allSettled([...inFlight]).then(() => undefined));
      return;
    }
    if (shuttingDown) {
      if (typeof data?.id === 'number') {
        send({ type: 'reply', id: data.id, envelope: { ok: false, error: { code: 'engine_crashed', message: 'The engine is shutting down.' } } });
      }
      return;
    }
    const work = dispatch(event.data).then((reply) => {
      if (reply) send(reply);
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  port.start();
}
