import { MessageChannelMain, utilityProcess } from 'electron';
import type { HostInit, HostOptions } from '../host/protocol.js';
import type { HostHandle } from './engine-client.js';

/**
 * Forks the engine host (dist/electron/host.cjs) as a utilityProcess and hands it one end
 * of a MessageChannel. Messages posted before the host listens are queued by the port.
 */
export function spawnHost(hostPath: string, options: HostOptions): HostHandle {
  const child = utilityProcess.fork(hostPath, [], { serviceName: 'SV Workbench engine', stdio: 'inherit' });
  const { port1, port2 } = new MessageChannelMain();
  child.postMessage({ type: 'init', options } satisfies HostInit, [port2]);
  port1.start();
  return {
    post: (message) => port1.postMessage(message),
    onMessage: (listener) => port1.on('message', (event) => listener(event.data)),
    onExit: (listener) =>
      child.once('exit', (code) => {
        port1.close();
        listener(code);
      }),
    kill: () => void child.kill(),
  };
}
