import { createContext, useContext, type ReactNode } from 'react';
import type { Client } from '../api/client.js';

// Components take the client from context rather than calling api() directly, so the same
// screens run over the app's IPC, the loopback bridge, or a fake engine.
const ApiContext = createContext<Client | null>(null);

export function ApiProvider({ client, children }: { client: Client; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): Client {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi() outside <ApiProvider>');
  return client;
}
