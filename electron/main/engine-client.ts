import type { EngineChannel, Envelope, WireError } from '../contract/index.js';
import { errorEnvelope, parseHostEvent, type HostRequest } from '../host/protocol.js';

/** One running engine host as main sees it (see host-process.ts; fakes in tests). */
export interface HostHandle {
  post(message: HostRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface EngineClientOptions {
  /** Starts a host on the workspace; called again after every crash. */
  spawn(): HostHandle;
  /** Crashes tolerated within `crashWindowMs` before giving up on restarting. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** How long `close` waits for a clean exit before killing the host. */
  shutdownTimeoutMs?: number;
  now?: () => number;
  onReady?: (workspaceName: string) => void;
  onFatal?: (error: WireError) => void;
  log?: (message: string) => void;
}

export interface EngineClient {
  call(channel: EngineChannel, args: unknown): Promise<Envelope>;
  /** Only for paths main has vetted (dialog result, checked drop). */
  registerFile(path: string): Promise<Envelope>;
  /** Before a table export's save dialog: refuses what cannot be exported; the value is `{ fileName }` to suggest. */
  planTableExport(args: unknown): Promise<Envelope>;
  /** After the dialog: the engine writes the table export at `path` (only a path from main's own dialog). */
  exportTable(args: unknown, path: string): Promise<Envelope>;
  /** Before a board pack's save dialog: refuses what cannot be exported; the value is `{ fileName }` to suggest. */
  planBoardPack(args: unknown): Promise<Envelope>;
  /** After the dialog: the engine writes the board pack at `path` (only a path from main's own dialog). */
  exportBoardPack(args: unknown, path: string): Promise<Envelope>;
  /** Asks the host to close the workspace and exit; no restart afterwards. */
  close(): Promise<void>;
  /** Calls sent and not yet answered (for tests and diagnostics). */
  readonly pending: number;
}

interface Generation {
  handle: HostHandle;
  pending: Map<number, (envelope: Envelope) => void>;
  exited: Promise<void>;
}

const crashed = (message: string): Envelope => errorEnvelope({ code: 'engine_crashed', message });

/** Pure policy: restart unless the host has already died `max` times inside the window. */
export function shouldRestart(crashTimes: readonly number[], now: number, max: number, windowMs: number): boolean {
  return crashTimes.filter((t) => now - t < windowMs).length < max;
}

/**
 * Main's side of the host protocol: numbers calls, matches replies, and supervises the
 * host. When the host exits unexpectedly every call it still owed resolves with
 * `engine_crashed` and a new host is started on the same workspace, so the window survives.
 */
export function createEngineClient(opts: EngineClientOptions): EngineClient {
  const maxCrashes = opts.maxCrashes ?? 3;
  const crashWindowMs = opts.crashWindowMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((m: string) => console.error(m));
  const crashTimes: number[] = [];
  let nextId = 1;
  let closing = false;
  let gaveUp = false;
  let current: Generation | null = null;

  function start(): void {
    const handle = opts.spawn();
    let markExited = (): void => undefined;
    const gen: Generation = { handle, pending: new Map(), exited: new Promise<void>((r) => (markExited = r)) };
    current = gen;
    handle.onMessage((raw) => {
      const event = parseHostEvent(raw);
      if (!event) {
        log('sv-main: ignored a malformed message from the engine host');
        return;
      }
      if (event.type === 'reply') {
        const resolve = gen.pending.get(event.id);
        gen.pending.delete(event.id);
        resolve?.(event.envelope);
      } else if (event.type === 'ready') {
        opts.onReady?.(event.workspaceName);
      } else {
        opts.onFatal?.(event.error);
      }
    });
    handle.onExit((code) => {
      markExited();
      const owed = [...gen.pending.values()];
      gen.pending.clear();
      if (current === gen) current = null;
      if (closing) {
        for (const resolve of owed) resolve(crashed('The engine was shut down.'));
        return;
      }
      for (const resolve of owed) {
        resolve(crashed(`The engine stopped unexpectedly (exit code ${code ?? 'none'}) and is restarting; try again.`));
      }
      const at = now();
      if (shouldRestart(crashTimes, at, maxCrashes, crashWindowMs)) {
        crashTimes.push(at);
        log(`sv-main: engine host exited (code ${code ?? 'none'}); restarting`);
        start();
      } else {
        gaveUp = true;
        log(`sv-main: engine host exited ${maxCrashes} times within ${crashWindowMs} ms; not restarting`);
      }
    });
  }

  function send(build: (id: number) => HostRequest): Promise<Envelope> {
    if (closing) return Promise.resolve(crashed('The engine is shutting down.'));
    if (gaveUp || !current) {
      return Promise.resolve(crashed('The engine keeps stopping; close and reopen SV Workbench.'));
    }
    const gen = current;
    const id = nextId++;
    return new Promise<Envelope>((resolve) => {
      gen.pending.set(id, resolve);
      try {
        gen.handle.post(build(id));
      } catch (err) {
        gen.pending.delete(id);
        resolve(crashed(`The engine could not be reached: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  }

  start();

  return {
    call: (channel, args) => send((id) => ({ type: 'call', id, channel, args })),
    registerFile: (path) => send((id) => ({ type: 'registerFile', id, path })),
    planTableExport: (args) => send((id) => ({ type: 'planTableExport', id, args })),
    exportTable: (args, path) => send((id) => ({ type: 'exportTable', id, args, path })),
    planBoardPack: (args) => send((id) => ({ type: 'planBoardPack', id, args })),
    exportBoardPack: (args, path) => send((id) => ({ type: 'exportBoardPack', id, args, path })),
    get pending() {
      return current?.pending.size ?? 0;
    },
    async close() {
      if (closing) return;
      closing = true;
      const gen = current;
      if (!gen) return;
      try {
        gen.handle.post({ type: 'shutdown' });
      } catch {
        // The port is already gone; the kill below still ends the process.
      }
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), opts.shutdownTimeoutMs ?? 3000);
      });
      const outcome = await Promise.race([gen.exited.then(() => 'exited' as const), timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') gen.handle.kill();
    },
  };
}
