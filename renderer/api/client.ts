import {
  channels,
  EngineError,
  FileRef,
  parseResult,
  type Api,
  type Channel,
  type Envelope,
} from '../../electron/contract/index.js';
import { bridgeTransport, type Transport } from './transport.js';

declare global {
  interface Window {
    svApi?: Transport;
  }
}

function unwrap(env: Envelope): unknown {
  if (env.ok) return env.value;
  throw new EngineError(env.error.code, env.error.message);
}

export interface Client extends Api {
  registerDroppedFile(file: File): Promise<FileRef>;
}

/** Builds the typed API over a transport; every result is checked against the contract. */
export function createClient(transport: Transport): Client {
  const api = {} as Record<Channel, (args: unknown) => Promise<unknown>>;
  for (const channel of channels) {
    api[channel] = async (args: unknown) => parseResult(channel, unwrap(await transport.invoke(channel, args)));
  }
  return {
    ...(api as unknown as Api),
    registerDroppedFile: async (file: File) => FileRef.parse(unwrap(await transport.registerDroppedFile(file))),
  };
}

function pickTransport(): Transport {
  if (window.svApi) return window.svApi;
  // The bridge exists only in builds made for dev:web and the end-to-end tests (mode "bridge");
  // the app's build compiles this branch away. The per-run token arrives in the page URL.
  if (import.meta.env.VITE_SV_BRIDGE === '1') {
    const token = new URLSearchParams(window.location.search).get('token');
    if (token) return bridgeTransport(token);
  }
  throw new Error('SV Workbench: no engine connection (window.svApi missing)');
}

let client: Client | undefined;
export function api(): Client {
  client ??= createClient(pickTransport());
  return client;
}
