import { toWireError } from '../contract/index.js';
import { createDispatcher, servePort, type HostedEngine, type HostPort } from './dispatcher.js';
import { HostInit, type HostEvent, type HostOptions } from './protocol.js';

/** Electron's `process.parentPort` in a utilityProcess, reduced to what the host uses. */
export interface ParentPortLike {
  once(event: 'message', listener: (event: { data: unknown; ports: HostPort[] }) => void): unknown;
}

export interface HostDeps {
  createEngine(options: HostOptions): Promise<HostedEngine>;
  exit(code: number): void;
  log?: (message: string) => void;
  /** How long shutdown waits for calls in flight before closing the engine anyway. */
  drainTimeoutMs?: number;
}

/**
 * Waits for main's `init` (options + MessagePort), opens the engine and serves the port.
 * The port is served before the engine is ready: early calls queue behind the engine
 * promise instead of being lost.
 */
export function startHost(parentPort: ParentPortLike, deps: HostDeps): void {
  const log = deps.log ?? ((m: string) => console.error(m));
  parentPort.once('message', (event) => {
    const init = HostInit.safeParse(event.data);
    const port = event.ports[0];
    if (!init.success || !port) {
      log('sv-host: expected an init message with a MessagePort; exiting');
      deps.exit(1);
      return;
    }
    const engine = deps.createEngine(init.data.options);
    servePort(port, createDispatcher(engine), (inFlight) => {
      const waited = new Promise<void>((r) => setTimeout(r, deps.drainTimeoutMs ?? 1500));
      void Promise.race([inFlight, waited])
        .then(() => engine.then((e) => e.close(), () => undefined))
        .catch((err: unknown) => log(`sv-host: closing the engine failed: ${toWireError(err).message}`))
        .finally(() => deps.exit(0));
    });
    engine.then(
      (e) => port.postMessage({ type: 'ready', workspaceName: e.workspaceName } satisfies HostEvent),
      (err: unknown) => {
        const error = toWireError(err);
        log(`sv-host: the engine could not start: ${error.message}`);
        port.postMessage({ type: 'fatal', error } satisfies HostEvent);
      },
    );
  });
}
